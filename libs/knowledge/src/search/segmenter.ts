import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';
import { USER_WORDS } from './user-dict';

/** Words that carry no meaning for a search (and the filler callers use). */
const STOPWORDS = new Set(
  (
    '的 了 是 吗 呢 啊 吧 呀 哦 嗯 我 你 他 她 它 我们 你们 他们 请问 请 问 想 想问 问下 问一下 一下 怎么 怎么样 怎样 如何 什么 哪里 哪儿 ' +
    '哪个 多少 能 能不能 可以 可不可以 要 需要 有 没有 在 和 与 及 或 或者 这 那 这个 那个 个 一个 就 都 也 还 又 被 把 给 让 对 从 到 ' +
    '吗 呢 么 啦 嘛 得 地 着 过 会 该 应该 现在 今天 已经 还是 但是 因为 所以 如果 然后 帮 帮忙 一些 有没有 是不是 谢谢 您好 你好'
  )
    .split(/\s+/)
    .filter(Boolean),
);
const MEANINGFUL = /[\p{L}\p{N}]/u;

/**
 * Chinese word segmentation for the knowledge base (jieba), with a user dictionary of local place
 * names and policy terms so that they stay whole. Indexing uses search mode (whole words and their
 * parts); queries use precise mode, minus stopwords.
 */
export class Segmenter {
  private readonly jieba: Jieba;

  constructor(extraWords: string[] = []) {
    this.jieba = Jieba.withDict(dict);
    const words = [...USER_WORDS, ...extraWords].filter((w) => w && !/\s/.test(w));
    this.jieba.loadDict(Buffer.from(words.map((w) => `${w} 20 n`).join('\n') + '\n'));
  }

  private keep(w: string): boolean {
    return MEANINGFUL.test(w) && !STOPWORDS.has(w);
  }

  /** Text as space-separated words, for to_tsvector('simple', …). */
  forIndex(text: string): string {
    return this.jieba
      .cutForSearch(text, true)
      .map((w) => w.trim().toLowerCase())
      .filter((w) => this.keep(w))
      .join(' ');
  }

  /** The parts of a longer word (低保户 → 低保, 社保卡 → 社保), which documents often use alone. */
  parts(word: string): string[] {
    if ([...word].length < 3) return [];
    return this.jieba.cutForSearch(word, true).filter((w) => w !== word && [...w].length >= 2 && this.keep(w));
  }

  /** The meaningful words of a question, once each, in order. */
  terms(text: string): string[] {
    const out: string[] = [];
    for (const w of this.jieba.cut(text, true)) {
      const t = w.trim().toLowerCase();
      if (this.keep(t) && !out.includes(t)) out.push(t);
    }
    return out;
  }
}
