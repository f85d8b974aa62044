import { Segmenter } from '@app/knowledge';

/**
 * How much of an order's content is compared. The gist of a matter comes first; the rest is detail
 * that costs segmentation time while the agent has the caller on the line.
 */
export const CONTENT_CHARS = 600;

const NUMBER = /^\p{N}+$/u;

/**
 * Words every order's text is full of (the registration formula 市民来电反映…要求尽快处理, and generic
 * degree and impact words): shared by unrelated matters, they would make any two orders look alike.
 */
const FILLER = new Set(
  (
    '市民 来电 反映 反应 咨询 投诉 举报 诉求 要求 希望 请求 建议 相关 相关部门 有关 部门 单位 工作人员 处理 解决 尽快 及时 ' +
    '落实 协调 核实 答复 回复 联系 问题 情况 表示 目前 多次 一直 经常 总是 影响 严重 很大 非常 特别 十分 比较 导致 造成 ' +
    '存在 进行 出现 发生 居民 群众 大家 本人 自己 谢谢 帮助 无人 没人 管理 不管'
  ).split(/\s+/),
);

/** Callers' everyday words for one thing, said one way, so that differently worded complaints meet. */
const SAME_MEANING = new Map<string, string>([
  ...['噪声', '太吵', '很吵', '吵闹', '吵人', '吵得', '噪音扰民'].map((w) => [w, '噪音'] as [string, string]),
  ...['夜里', '半夜', '深夜', '晚上', '夜晚', '凌晨'].map((w) => [w, '夜间'] as [string, string]),
  ...['异味', '臭味', '气味'].map((w) => [w, '异味'] as [string, string]),
  ...['大门口', '门前', '大门'].map((w) => [w, '门口'] as [string, string]),
  ...['停水', '断水'].map((w) => [w, '停水'] as [string, string]),
  ...['停电', '断电'].map((w) => [w, '停电'] as [string, string]),
]);
const PUNCTUATION = /[\s\p{P}\p{S}]/gu;

/**
 * The words of a matter (title and the start of its content), once each, in the order written: jieba's
 * precise cut minus stopwords and filler, each longer word also by its parts (每天晚上 → 每天, 晚上) and
 * every word said one way (夜里 → 夜间). Single characters and bare numbers say too little.
 */
export function matterTerms(seg: Segmenter, title: string, content: string): string[] {
  const out = new Set<string>();
  const add = (w: string) => {
    if ([...w].length < 2 || NUMBER.test(w) || FILLER.has(w)) return;
    out.add(SAME_MEANING.get(w) ?? w);
  };
  for (const w of seg.terms(`${title}\n${content.slice(0, CONTENT_CHARS)}`)) {
    add(w);
    for (const p of seg.parts(w)) add(p);
  }
  return [...out];
}

/** An address's words: names (two characters or more) and numbers, which tell one building from the next. */
export function addressTokens(seg: Segmenter, address: string | null): string[] {
  if (!address) return [];
  return seg.terms(address).filter((w) => [...w].length >= 2 || NUMBER.test(w));
}

/** An address without spaces and punctuation, for a plain containment test (东华路18号 in 东华路18号菜市场门口). */
export function normaliseAddress(address: string | null): string {
  return (address ?? '').replace(PUNCTUATION, '').toLowerCase();
}
