import { EntryKind } from '@app/knowledge';
import {
  CITY,
  DEPARTMENTS,
  DISTRICTS,
  DUTY_TITLES,
  GENERAL,
  GUIDE_TITLES,
  ITEM_SENTENCES,
  POLICY_TITLES,
  QA_LEADS,
  QA_QUESTIONS,
  QA_TITLES,
  TOPICS,
  Topic,
} from './topics';

/** A deterministic PRNG (mulberry32): the same seed gives the same knowledge base on every machine. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GenEntry {
  kind: EntryKind;
  title: string;
  question: string | null;
  body: string;
  docNumber: string | null;
  issuingUnit: string | null;
  dept: Topic['dept'];
  /** Index into DISTRICTS, or null for a city-wide entry. */
  district: number | null;
  cat: number;
  tags: string[];
  effectiveFrom: string;
  expiresOn: string | null;
  usageCount: number;
}

const KINDS: [EntryKind, number][] = [
  ['qa', 0.6],
  ['guide', 0.2],
  ['policy', 0.1],
  ['duty', 0.1],
];
const AMOUNTS = [100, 200, 300, 500, 600, 800, 1000, 1200, 1500, 2000, 3000, 5000];
const DAYS = [3, 5, 7, 10, 15, 20, 30];
const DAY_MS = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

/** Generates entries one at a time; topics by popularity, matters skewed to the first ones, text from templates. */
export class EntryGenerator {
  private readonly r: () => number;
  private readonly cumulative: number[];
  private readonly total: number;
  private docSeq = 0;

  constructor(
    seed: number,
    private readonly today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()),
  ) {
    this.r = rng(seed);
    let sum = 0;
    this.cumulative = TOPICS.map((t) => (sum += t.w));
    this.total = sum;
  }

  private pick<T>(xs: readonly T[], skew = 1): T {
    return xs[Math.floor(xs.length * this.r() ** skew)];
  }

  private shuffled<T>(xs: readonly T[]): T[] {
    const out = [...xs];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.r() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }

  private topic(): Topic {
    const x = this.r() * this.total;
    return TOPICS[this.cumulative.findIndex((c) => x < c)];
  }

  next(): GenEntry {
    const t = this.topic();
    const kind = this.kind();
    const item = this.pick(t.items, 1.6);
    const who = this.pick(t.who, 1.3);
    const district = this.r() < 0.5 ? null : Math.floor(this.r() * DISTRICTS.length);
    const place = district === null ? CITY : DISTRICTS[district];
    const dept = DEPARTMENTS[t.dept];
    const daysAgo = 30 + Math.floor(2500 * this.r() ** 1.5);
    const effective = this.today - daysAgo * DAY_MS;
    const year = new Date(effective).getUTCFullYear();
    const issuer = `${place}${dept.name}`;
    const slots: Record<string, () => string> = {
      k: () => t.k,
      f: () => t.f,
      item: () => item,
      who: () => who,
      place: () => place,
      dept: () => dept.name,
      issuer: () => issuer,
      mat: () => this.pick(t.mats),
      year: () => String(year),
      pct: () => String(50 + 5 * Math.floor(this.r() * 9)),
      amt: () => String(this.pick(AMOUNTS)),
      wan: () => String(10 * (1 + Math.floor(this.r() * 12))),
      yuan: () => (0.5 + Math.floor(this.r() * 36) / 10).toFixed(1),
      days: () => String(this.pick(DAYS)),
      n: () => String(1 + Math.floor(this.r() * 12)),
    };
    const fill = (tpl: string) => tpl.replace(/\{(\w+)\}/g, (_, key: string) => slots[key]());
    const roll = this.r();
    const expiresOn =
      roll < 0.1
        ? iso(effective + Math.floor(this.r() * (daysAgo - 1)) * DAY_MS)
        : roll < 0.3
          ? iso(this.today + (30 + Math.floor(this.r() * 1000)) * DAY_MS)
          : null;
    const e: GenEntry = {
      kind,
      title: '',
      question: null,
      body: '',
      docNumber: null,
      issuingUnit: null,
      dept: t.dept,
      district,
      cat: t.cat,
      tags: [...new Set([t.k, t.f, item])],
      effectiveFrom: iso(effective),
      expiresOn,
      usageCount: this.r() < 0.6 ? 0 : Math.floor(Math.exp(this.r() * 6)),
    };
    const facts = this.shuffled(t.facts).map(fill);
    const own = () =>
      this.shuffled(ITEM_SENTENCES)
        .slice(0, 1 + Math.floor(this.r() * 3))
        .map(fill);
    const general = () => this.shuffled(GENERAL).map(fill);
    if (kind === 'qa') {
      e.title = fill(this.pick(QA_TITLES));
      e.question = fill(this.pick(QA_QUESTIONS));
      e.body = this.compose([fill(this.pick(QA_LEADS)), ...facts.slice(0, 1 + Math.floor(this.r() * 3)), ...own()], general, false);
    } else if (kind === 'guide') {
      e.title = fill(this.pick(GUIDE_TITLES));
      const mats = this.shuffled(t.mats).slice(0, 3);
      e.body = this.compose(
        [
          `一、适用对象：${who}。`,
          `二、办理条件：${facts[0]}`,
          `三、申请材料：${mats.map((m, i) => `${i + 1}.${m}`).join('；')}。`,
          `四、办理流程：申请—受理—审核—办结。五、办理时限：${slots.days()}个工作日。`,
          `六、办理地点：${place}政务服务中心${dept.name}窗口。`,
          ...own(),
        ],
        general,
        true,
      );
    } else if (kind === 'policy') {
      e.title = fill(this.pick(POLICY_TITLES));
      e.docNumber = `${place.slice(0, 2)}${dept.abbr}发〔${year}〕${++this.docSeq}号`;
      e.issuingUnit = issuer;
      const articles = facts.map((f, i) => `第${'一二三四五六七八九十'[i + 1]}条 ${f}`);
      e.body = this.compose(
        [`第一条 为做好${t.f}${item}工作，根据有关法律法规，结合${place}实际，制定本规定。`, ...articles],
        general,
        true,
        `本规定自${year}年${1 + Math.floor(this.r() * 12)}月1日起施行。`,
      );
    } else {
      e.title = fill(this.pick(DUTY_TITLES));
      e.body = this.compose(
        [
          `${issuer}主要职责：（一）负责${place}${t.f}${item}相关工作的组织实施；（二）负责受理${who}有关${item}的申请和咨询；（三）负责${t.k}政策宣传和业务指导。`,
          ...facts.slice(0, 2),
          ...own(),
        ],
        general,
        false,
      );
    }
    return e;
  }

  private kind(): EntryKind {
    let x = this.r();
    for (const [k, p] of KINDS) if ((x -= p) < 0) return k;
    return 'qa';
  }

  /** Sentences until a target length of 200–800 characters; guides and policies as <p> paragraphs. */
  private compose(head: string[], general: () => string[], html: boolean, tail?: string): string {
    const target = 200 + Math.floor(this.r() * 600);
    const parts = [...head];
    let len = parts.join('').length + (tail?.length ?? 0);
    let pool = general();
    while (len < target) {
      if (!pool.length) pool = general();
      const s = pool.pop()!;
      if (len + s.length > 800 && len >= 200) break;
      parts.push(s);
      len += s.length;
    }
    if (tail) parts.push(tail);
    return html ? parts.map((p) => `<p>${p}</p>`).join('') : parts.join('');
  }
}
