import { Segmenter } from '@app/knowledge';

/** The longest term kept (report_term_monthly.term is varchar(32)); longer "words" are jieba's HMM guesses at runs of text. */
export const TERM_MAX_CHARS = 32;

/** How much of an order's content is read: the matter is told at the start; long letters would cost time and add noise. */
export const TERM_CONTENT_CHARS = 2000;

/**
 * Words that say nothing about what a matter is: function words jieba keeps whole, and the formulas
 * every order is written in (市民来电反映…希望有关部门尽快核实处理并答复, the channel intros, the
 * templates' 附近/一带/长期未解决, the closing demands). Topic words stay, even the common ones
 * (噪声, 停车, 物业): their share is what the section compares.
 */
export const TERM_STOPWORDS: readonly string[] = // function and degree words
  (
    '我们 你们 他们 她们 自己 本人 这个 那个 这些 那些 这里 那里 这样 那样 一个 一些 一下 一起 一直 一定 一般 没有 不是 就是 还是 ' +
    '已经 正在 现在 目前 今天 昨天 最近 之前 此前 以前 以后 之后 时候 每天 经常 总是 多次 反复 再次 仍然 依然 还有 而且 并且 ' +
    '但是 可是 因为 所以 如果 然后 以及 或者 对于 关于 由于 为了 通过 其他 其中 什么 怎么 怎么样 如何 哪里 哪个 多少 是否 能否 ' +
    '可以 可能 需要 应该 应当 希望 要求 请求 恳请 非常 特别 十分 比较 严重 很多 很大 不能 无法 不要 不到 等等 ' +
    // the formulas of order texts
    '市民 诉求人 诉求 来电 来信 反映 反应 咨询 投诉 举报 求助 建议 表扬 尽快 及时 立即 马上 尽早 核实 处理 处置 解决 未解决 答复 ' +
    '回复 回电 联系 告知 协调 帮助 帮忙 督促 查处 依法 调查 落实 整改 加强 管理 日常 巡查 长效 源头 有关 有关部门 相关 相关部门 ' +
    '部门 单位 政府 工作人员 附近 周边 一带 长期 未果 无果 问题 情况 事情 事项 影响 导致 造成 存在 出现 发生 进行 表示 感谢 谢谢 ' +
    '特此 圆满 给予 居民 群众 大家 小区 安静 整洁 环境 办不成事 热线 交办 转来 非警务 网民 留言 网站 政府网站 公众号 微信公众号 ' +
    '微信 短信 信箱 市长 市长信箱 建言献策 舆情 监测 发现 发帖 询问 开放 接口 app 本市 我市 办理 申请 服务 设置'
  )
    .split(/\s+/)
    .filter(Boolean);

const ONLY_LETTERS = /^\p{L}+$/u;

/** Administrative suffixes, longest first: 解放路社区 is also called 解放路, 江城区 江城, 东港镇 东港. */
const PLACE_SUFFIXES = ['街道办事处', '办事处', '街道', '社区', '居委会', '村委会', '区', '县', '市', '镇', '乡', '村'];

/** The city's place names as stopwords: each name, and its stem without the administrative suffix when that leaves two characters or more. */
export function placeStopwords(names: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const raw of names) {
    const name = raw.trim().toLowerCase();
    if (!name) continue;
    out.add(name);
    const suffix = PLACE_SUFFIXES.find((s) => name.endsWith(s));
    const stem = suffix ? name.slice(0, -suffix.length) : '';
    if ([...stem].length >= 2) out.add(stem);
  }
  return [...out];
}

/** TERM_STOPWORDS and the place names. */
export function termStopwords(placeNames: Iterable<string>): ReadonlySet<string> {
  return new Set([...TERM_STOPWORDS, ...placeStopwords(placeNames)]);
}

/** Texts up to this long are memoized: with the default capacity the cache holds at most ~25 MB of text. */
const MEMO_MAX_CHARS = 256;

let plainSegmenter: Segmenter | null = null;

/**
 * The terms of a text: jieba's precise cut (the knowledge base's Segmenter, which also drops its own
 * function words), lower-cased, words of 2 to TERM_MAX_CHARS letters only (no digits, punctuation or
 * symbols), minus `stop`; unique and sorted. Pass the segmenter that knows the city's place names
 * (loadTermVocabulary) so that they stay whole and `stop` can drop them; the default one knows only
 * the shared user dictionary.
 */
export function extractTerms(text: string, stop: ReadonlySet<string>, seg?: Segmenter): string[] {
  const segmenter = seg ?? (plainSegmenter ??= new Segmenter());
  const out = new Set<string>();
  for (const w of segmenter.terms(text)) {
    const n = [...w].length;
    if (n >= 2 && n <= TERM_MAX_CHARS && ONLY_LETTERS.test(w) && !stop.has(w)) out.add(w);
  }
  return [...out].sort();
}

/**
 * extractTerms over an order's title and content, memoized in a bounded LRU per part: the synthetic
 * data (and real orders' titles) repeat the same texts many times. Title and content are cut apart,
 * which is what cutting them joined by a line break would give: jieba never joins words across it.
 */
export class TermExtractor {
  private readonly cache = new Map<string, readonly string[]>();
  hits = 0;
  misses = 0;

  constructor(
    readonly seg: Segmenter,
    readonly stop: ReadonlySet<string>,
    private readonly capacity = 50_000,
  ) {}

  terms(title: string, content: string): string[] {
    const a = this.part(title);
    const b = this.part(content.slice(0, TERM_CONTENT_CHARS));
    if (!b.length) return [...a];
    if (!a.length) return [...b];
    return [...new Set([...a, ...b])].sort();
  }

  get size(): number {
    return this.cache.size;
  }

  private part(text: string): readonly string[] {
    if (!text) return [];
    // Long texts (letters, detailed complaints) hardly ever repeat: not kept, which bounds the cache's memory.
    if (text.length > MEMO_MAX_CHARS) return extractTerms(text, this.stop, this.seg);
    const hit = this.cache.get(text);
    if (hit) {
      this.hits++;
      // Refresh its place: Map keeps insertion order, so the first key is the least recently used.
      this.cache.delete(text);
      this.cache.set(text, hit);
      return hit;
    }
    this.misses++;
    const terms = extractTerms(text, this.stop, this.seg);
    this.cache.set(text, terms);
    if (this.cache.size > this.capacity) this.cache.delete(this.cache.keys().next().value as string);
    return terms;
  }
}
