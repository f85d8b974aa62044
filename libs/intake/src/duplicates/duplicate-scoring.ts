import { maskPhone } from '@app/tickets';

/** How far apart two orders from one caller may be received and still be one matter. */
export const CALLER_WINDOW_DAYS = 30;
/** How far apart two callers' orders about one place and one thing may be received. */
export const PLACE_WINDOW_DAYS = 7;
/** The least text similarity (cosine of the two term sets) that counts as "the same matter, worded differently". */
export const TEXT_THRESHOLD = 0.3;
/** Two addresses in one street are one place when this share of the shorter one's words is in the other. */
export const ADDRESS_THRESHOLD = 0.6;

const DAY_MS = 86_400_000;

/** Points per reason. The caller alone outweighs the best place-and-text match, so it ranks first. */
export const POINTS = {
  sameCaller: 55,
  sameCommunity: 15,
  sameStreetAddress: 12,
  sameCategory: 10,
  sameFamily: 6,
  /** Times the text similarity (0–1). */
  text: 20,
} as const;

export type ReasonCode = 'same_caller' | 'same_place' | 'same_category' | 'similar_text';

export const REASON_LABELS: Record<ReasonCode, string> = {
  same_caller: '同一来电人',
  same_place: '同一地点',
  same_category: '同类事项',
  similar_text: '内容相似',
};

export interface Reason {
  code: ReasonCode;
  label: string;
  detail: string;
}

/** What is compared of an order (or of a draft being registered). */
export interface OrderFeatures {
  phone: string | null;
  communityId: number | null;
  streetId: number | null;
  address: string | null;
  /** normaliseAddress(address) */
  addressKey: string;
  addressTokens: string[];
  categoryId: number | null;
  /** The level-2 category the category belongs to (市容环境 for 占道经营); null for a level-1 category. */
  familyId: number | null;
  terms: string[];
  receivedAt: Date;
}

/** Names of the draft's place and category, for the reasons' details. */
export interface DraftNames {
  community?: string;
  street?: string;
  category?: string;
  family?: string;
}

export interface Verdict {
  score: number;
  reasons: Reason[];
}

/** Cosine similarity of two term sets (|A∩B| / √(|A|·|B|)) and the shared terms, in A's order. */
export function textSimilarity(a: readonly string[], b: readonly string[]): { similarity: number; shared: string[] } {
  if (!a.length || !b.length) return { similarity: 0, shared: [] };
  const inB = new Set(b);
  const shared = [...new Set(a)].filter((t) => inB.has(t));
  return { similarity: shared.length / Math.sqrt(new Set(a).size * inB.size), shared };
}

/** One address contains the other, or most of the shorter one's words (with at least two) are in the other. */
export function addressesMatch(
  a: Pick<OrderFeatures, 'addressKey' | 'addressTokens'>,
  b: Pick<OrderFeatures, 'addressKey' | 'addressTokens'>,
) {
  const [short, long] = a.addressKey.length <= b.addressKey.length ? [a, b] : [b, a];
  if ([...short.addressKey].length >= 4 && long.addressKey.includes(short.addressKey)) return true;
  const shortTokens = new Set(short.addressTokens);
  const longTokens = new Set(long.addressTokens);
  const common = [...shortTokens].filter((t) => longTokens.has(t)).length;
  return common >= 2 && common / Math.min(shortTokens.size, longTokens.size) >= ADDRESS_THRESHOLD;
}

/**
 * Whether a candidate is a likely duplicate of the draft, how likely, and why. A duplicate is the same
 * caller within CALLER_WINDOW_DAYS; or the same place, the same category (or level-2 family) and similar
 * text within PLACE_WINDOW_DAYS. Every reason that holds is listed, so the agent sees the whole picture.
 */
export function judge(draft: OrderFeatures, cand: OrderFeatures, names: DraftNames = {}): Verdict | null {
  const apartDays = Math.abs(cand.receivedAt.getTime() - draft.receivedAt.getTime()) / DAY_MS;
  const reasons: Reason[] = [];
  let score = 0;
  const add = (code: ReasonCode, points: number, detail: string) => {
    reasons.push({ code, label: REASON_LABELS[code], detail });
    score += points;
  };

  const sameCaller = !!draft.phone && draft.phone === cand.phone && apartDays <= CALLER_WINDOW_DAYS;
  if (sameCaller) add('same_caller', POINTS.sameCaller, `来电号码 ${maskPhone(draft.phone)} 相同`);

  const sameCommunity = draft.communityId !== null && draft.communityId === cand.communityId;
  const sameStreet = draft.streetId !== null && draft.streetId === cand.streetId;
  if (sameCommunity) {
    add('same_place', POINTS.sameCommunity, `同一社区：${names.community ?? draft.communityId}`);
  } else if (sameStreet && addressesMatch(draft, cand)) {
    add('same_place', POINTS.sameStreetAddress, `同一街道（${names.street ?? draft.streetId}），地址相近：${cand.address}`);
  }
  const samePlace = reasons.some((r) => r.code === 'same_place');

  if (draft.categoryId !== null && draft.categoryId === cand.categoryId) {
    add('same_category', POINTS.sameCategory, `同一分类：${names.category ?? draft.categoryId}`);
  } else if (draft.familyId !== null && draft.familyId === cand.familyId) {
    add('same_category', POINTS.sameFamily, `同属「${names.family ?? draft.familyId}」`);
  }
  const sameCategory = reasons.some((r) => r.code === 'same_category');

  const { similarity, shared } = textSimilarity(draft.terms, cand.terms);
  const similarText = similarity >= TEXT_THRESHOLD;
  if (similarText) {
    add('similar_text', POINTS.text * similarity, `相似度 ${similarity.toFixed(2)}，共同词语：${shared.slice(0, 8).join('、')}`);
  }

  const sameMatter = samePlace && sameCategory && similarText && apartDays <= PLACE_WINDOW_DAYS;
  if (!sameCaller && !sameMatter) return null;
  return { score: Math.round(score), reasons };
}

/** Best first; equal scores by the more recent order, then the later id: the same input always gives the same list. */
export function rank<T extends Verdict & { id: string; receivedAt: Date }>(items: T[], limit: number): T[] {
  const byId = (a: string, b: string) => (a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0);
  return [...items]
    .sort((a, b) => b.score - a.score || b.receivedAt.getTime() - a.receivedAt.getTime() || byId(b.id, a.id))
    .slice(0, limit);
}
