import type { CallCounts } from './kpi-calls';

/**
 * Every KPI the centre is judged by (DOMAIN.md "KPIs"), defined once. Everything else (tables,
 * league tables, exports, docs/KPI.md, the live board) reads these.
 *
 * Order KPIs are sums over kpi_daily rows `r` (the counters are defined in kpi-facts.ts, from the raw
 * orders). `:today` is the city's current date: an open deadline counts as missed once its date has
 * passed. Phone KPIs come from call_record through callKpiSelect (libs/intake, call-kpi.ts), the one
 * definition of 接通率 and 15秒应答率. The composite score is computed from three other KPIs.
 */
export type KpiKind = 'rate' | 'count' | 'score';
export type Attribution = 'received' | 'dispatched' | 'deadline' | 'urged' | 'callbackDue' | 'callStarted';

export const ATTRIBUTION_LABELS: Record<Attribution, string> = {
  received: '按受理时间',
  dispatched: '按派单时间',
  deadline: '按办理期限（含批准延期）',
  urged: '按催办时间',
  callbackDue: '按回访应完成时间',
  callStarted: '按来电时间',
};

export interface KpiExample {
  text: string;
  numerator?: number;
  denominator?: number;
  value: number;
}

export interface KpiDefinition {
  key: string;
  label: string;
  kind: KpiKind;
  source: 'orders' | 'calls' | 'derived';
  attributedBy: Attribution;
  /** Which way is better: league tables rank by it, targets flag the other side. */
  direction: 'higher' | 'lower';
  /** In words, as docs/KPI.md shows it. */
  formula: string;
  /** orders: SQL sums over kpi_daily `r`. */
  numerator?: string;
  denominator?: string;
  /** calls: which of callKpiSelect's counts (kpi-calls.ts CallCounts) make the rate. */
  calls?: { numerator: keyof CallCounts; denominator: keyof CallCounts };
  /** derived: the KPIs weighted by KPI_WEIGHTS, in order. */
  parts?: string[];
  example: KpiExample;
}

const sum = (c: string, filter?: string) => (filter ? `coalesce(sum(r.${c}) FILTER (WHERE ${filter}), 0)` : `coalesce(sum(r.${c}), 0)`);
const PAST = 'r.day < :today';
const CANNOT_DO = 'r.cannot_do';
const both = (a: string, b: string) => `${a} AND ${b}`;
/** Deadlines (or callbacks) due: finished ones, plus open ones whose date has passed. */
const due = (ok: string, late: string, open: string, filter?: string) =>
  `(${sum(ok, filter)} + ${sum(late, filter)} + ${sum(open, filter ? both(filter, PAST) : PAST)})`;

export const KPI_DEFINITIONS: readonly KpiDefinition[] = [
  {
    key: 'connectionRate',
    label: '接通率',
    kind: 'rate',
    source: 'calls',
    attributedBy: 'callStarted',
    direction: 'higher',
    formula: '坐席接听的来电 / 呼入坐席的来电（call_record；结果未到的来电算未接通）',
    calls: { numerator: 'answered', denominator: 'offered' },
    example: { text: '某日呼入 2,000 通，坐席接听 1,968 通', numerator: 1968, denominator: 2000, value: 0.984 },
  },
  {
    key: 'answer15Rate',
    label: '15秒应答率',
    kind: 'rate',
    source: 'calls',
    attributedBy: 'callStarted',
    direction: 'higher',
    formula: '等待不超过 CTI_ANSWER_WITHIN_SECONDS（默认 15）秒即接听的来电 / 接听的来电',
    calls: { numerator: 'answeredWithin', denominator: 'answered' },
    example: { text: '接听的 1,968 通中，1,640 通在 15 秒内接起', numerator: 1640, denominator: 1968, value: 0.8333 },
  },
  {
    key: 'received',
    label: '诉求量',
    kind: 'count',
    source: 'orders',
    attributedBy: 'received',
    direction: 'higher',
    formula: '受理时间在期内的工单（不含下派子工单，含并单的重复件）',
    numerator: sum('received'),
    example: { text: '3 月受理 12,480 件（其中并单 312 件）', numerator: 12480, value: 12480 },
  },
  {
    key: 'firstContactRate',
    label: '直接办结率',
    kind: 'rate',
    source: 'orders',
    attributedBy: 'received',
    direction: 'higher',
    formula: '首次接触即办结的工单 / 受理的工单（受理 = 未并单、未不予受理、未转110等）',
    numerator: sum('first_contact'),
    denominator: sum('accepted'),
    example: {
      text: '受理 12,480 件，并单 312 件、不予受理 90 件、转110 48 件，余 12,030 件；其中直接办结 6,617 件',
      numerator: 6617,
      denominator: 12030,
      value: 0.55,
    },
  },
  {
    key: 'closureRate',
    label: '办结率',
    kind: 'rate',
    source: 'orders',
    attributedBy: 'received',
    direction: 'higher',
    formula: '期内受理、现已办结（或归档）的工单 / 期内受理的工单',
    numerator: sum('closed'),
    denominator: sum('accepted'),
    example: { text: '3 月受理的 12,030 件中，至今办结 11,790 件', numerator: 11790, denominator: 12030, value: 0.98 },
  },
  {
    key: 'onTimeSignRate',
    label: '按时签收率',
    kind: 'rate',
    source: 'orders',
    attributedBy: 'dispatched',
    direction: 'higher',
    formula: '在签收期限内签收的工单 / 派出的工单（以现行派单为准；重办工单不计，见文档）',
    numerator: sum('signed_on_time'),
    denominator: sum('dispatched'),
    example: { text: '派给某区 400 件，392 件在期限内签收', numerator: 392, denominator: 400, value: 0.98 },
  },
  {
    key: 'onTimeCompletionRate',
    label: '按时办结率',
    kind: 'rate',
    source: 'orders',
    attributedBy: 'deadline',
    direction: 'higher',
    formula: '期限内答复的办理轮次 / 期限在期内的办理轮次（批准的延期按新期限；未答复的在期限日过后算超期；每次重办是新一轮）',
    numerator: sum('due_ok'),
    denominator: due('due_ok', 'due_late', 'due_open'),
    example: {
      text: '期限落在 3 月的 500 轮：按期答复 470（含延期后按新期限答复 12），超期答复 18，期限已过仍未答复 12',
      numerator: 470,
      denominator: 500,
      value: 0.94,
    },
  },
  {
    key: 'overdueCount',
    label: '超期件数',
    kind: 'count',
    source: 'orders',
    attributedBy: 'deadline',
    direction: 'lower',
    formula: '期限在期内、超期答复或期限已过仍未答复的办理轮次',
    numerator: `(${sum('due_late')} + ${sum('due_open', PAST)})`,
    example: { text: '上例中超期答复 18 + 期限已过未答复 12', numerator: 30, value: 30 },
  },
  {
    key: 'callbackRate',
    label: '回访率',
    kind: 'rate',
    source: 'orders',
    attributedBy: 'callbackDue',
    direction: 'higher',
    formula: '联系上诉求人的回访 / 应回访（回访任务到期日在期内；已取消的不计；待回访的到期日过后算未回访）',
    numerator: sum('cb_reached'),
    denominator: due('cb_reached', 'cb_unreached', 'cb_open'),
    example: { text: '应回访 1,000 件：联系上 930，联系不上 60，过期仍待回访 10', numerator: 930, denominator: 1000, value: 0.93 },
  },
  {
    key: 'resolutionRate',
    label: '解决率',
    kind: 'rate',
    source: 'orders',
    attributedBy: 'callbackDue',
    direction: 'higher',
    formula: '回访评价为“已解决”的 / 有效评价（联系上、未拒评、记录了解决情况）',
    numerator: sum('res_resolved'),
    denominator: sum('res_rated'),
    example: { text: '联系上 930，其中 30 人拒绝评价；900 个有效评价中 792 个已解决', numerator: 792, denominator: 900, value: 0.88 },
  },
  {
    key: 'satisfactionRate',
    label: '满意率',
    kind: 'rate',
    source: 'orders',
    attributedBy: 'callbackDue',
    direction: 'higher',
    formula: '（非常满意 + 满意 + 基本满意）/ 有效评价（未联系上和拒评的不计；复核后以现行评价为准）',
    numerator: sum('sat_satisfied'),
    denominator: sum('sat_rated'),
    example: {
      text: '900 个有效评价：非常满意 540，满意 250，基本满意 84，不满意 20，非常不满意 6',
      numerator: 874,
      denominator: 900,
      value: 0.9711,
    },
  },
  {
    key: 'responseRate',
    label: '响应率',
    kind: 'rate',
    source: 'orders',
    attributedBy: 'dispatched',
    direction: 'higher',
    formula: '按时签收且按时首次联系诉求人的工单 / 派出的工单（北京“三率”之一）',
    numerator: sum('responded_on_time'),
    denominator: sum('dispatched'),
    example: { text: '派出 400 件：392 件按时签收，其中 380 件也按时联系了诉求人', numerator: 380, denominator: 400, value: 0.95 },
  },
  {
    key: 'threeRateScore',
    label: '三率综合得分',
    kind: 'score',
    source: 'derived',
    attributedBy: 'callbackDue',
    direction: 'higher',
    formula: '响应率 × 权重1 + 解决率 × 权重2 + 满意率 × 权重3（KPI_WEIGHTS，默认 30,35,35；满分 100；任一率无数据则无得分）',
    parts: ['responseRate', 'resolutionRate', 'satisfactionRate'],
    example: { text: '响应率 95%、解决率 88%、满意率 97.11%，权重 30/35/35：28.5 + 30.8 + 33.99', value: 93.29 },
  },
  {
    key: 'repeatRate',
    label: '重复诉求率',
    kind: 'rate',
    source: 'orders',
    attributedBy: 'received',
    direction: 'lower',
    formula: '并入他单的重复诉求（并单）/ 受理的全部诉求（重复件归主单的承办单位）',
    numerator: sum('merged'),
    denominator: sum('received'),
    example: { text: '3 月受理 12,480 件，其中 312 件并入了在办的同一诉求', numerator: 312, denominator: 12480, value: 0.025 },
  },
  {
    key: 'urgedCount',
    label: '催办次数',
    kind: 'count',
    source: 'orders',
    attributedBy: 'urged',
    direction: 'lower',
    formula: '期内的催办次数，记在催办时承办的单位',
    numerator: sum('urges'),
    example: { text: '3 月对某区催办 14 次（其中一件被催办 3 次）', numerator: 14, value: 14 },
  },
  {
    key: 'supervisedCount',
    label: '督办件数',
    kind: 'count',
    source: 'orders',
    attributedBy: 'received',
    direction: 'lower',
    formula: '期内受理、已被督办的工单',
    numerator: sum('supervised'),
    example: { text: '3 月受理的工单中有 21 件被督办', numerator: 21, value: 21 },
  },
  {
    key: 'cannotDoCount',
    label: '办不成事件数',
    kind: 'count',
    source: 'orders',
    attributedBy: 'received',
    direction: 'lower',
    formula: '期内受理的“办不成事”诉求',
    numerator: sum('received', CANNOT_DO),
    example: { text: '3 月受理办不成事诉求 40 件', numerator: 40, value: 40 },
  },
  {
    key: 'cannotDoClosureRate',
    label: '办不成事办结率',
    kind: 'rate',
    source: 'orders',
    attributedBy: 'received',
    direction: 'higher',
    formula: '期内受理、现已办结的办不成事诉求 / 期内受理的办不成事诉求',
    numerator: sum('closed', CANNOT_DO),
    denominator: sum('accepted', CANNOT_DO),
    example: { text: '40 件中 36 件已办结', numerator: 36, denominator: 40, value: 0.9 },
  },
  {
    key: 'cannotDoOnTimeRate',
    label: '办不成事按时办结率',
    kind: 'rate',
    source: 'orders',
    attributedBy: 'deadline',
    direction: 'higher',
    formula: '同按时办结率，仅办不成事诉求',
    numerator: sum('due_ok', CANNOT_DO),
    denominator: due('due_ok', 'due_late', 'due_open', CANNOT_DO),
    example: { text: '期限在 3 月的 30 轮中 27 轮按期答复', numerator: 27, denominator: 30, value: 0.9 },
  },
  {
    key: 'cannotDoSatisfactionRate',
    label: '办不成事满意率',
    kind: 'rate',
    source: 'orders',
    attributedBy: 'callbackDue',
    direction: 'higher',
    formula: '同满意率，仅办不成事诉求',
    numerator: sum('sat_satisfied', CANNOT_DO),
    denominator: sum('sat_rated', CANNOT_DO),
    example: { text: '25 个有效评价中 23 个满意', numerator: 23, denominator: 25, value: 0.92 },
  },
  {
    key: 'cannotDoInspectedCount',
    label: '办不成事监督检查件数',
    kind: 'count',
    source: 'orders',
    attributedBy: 'received',
    direction: 'higher',
    formula: '期内受理、已完成监督检查的办不成事诉求',
    numerator: sum('inspected', CANNOT_DO),
    example: { text: '40 件中 34 件已监督检查', numerator: 34, value: 34 },
  },
];

export const KPI_BY_KEY = new Map(KPI_DEFINITIONS.map((k) => [k.key, k]));

/** The value of a rate as tables show it: 4 decimals, null without a denominator. */
export function rateOf(numerator: number, denominator: number): number | null {
  return denominator ? Math.round((numerator / denominator) * 10000) / 10000 : null;
}

/** The composite score: parts weighted in percent; null when any part has no value. */
export function scoreOf(parts: (number | null)[], weights: number[]): number | null {
  if (parts.some((p) => p === null)) return null;
  return Math.round(parts.reduce<number>((s, p, i) => s + p! * weights[i], 0) * 100) / 100;
}

/** KPI_WEIGHTS ('30,35,35') as numbers. */
export function parseWeights(s: string): number[] {
  return s.split(',').map(Number);
}

/** KPI_TARGETS ('connectionRate:0.98,…') as a map; an unknown KPI is a configuration error. */
export function parseTargets(s: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const pair of s.split(',').filter((p) => p.trim())) {
    const [key, value] = pair.split(':').map((x) => x.trim());
    if (!KPI_BY_KEY.has(key) || value === undefined || !Number.isFinite(Number(value))) {
      throw new Error(`KPI_TARGETS: "${pair}" is not <kpi>:<number> with a known KPI (${[...KPI_BY_KEY.keys()].join(', ')})`);
    }
    out.set(key, Number(value));
  }
  return out;
}

/** Whether a value misses its target (below it, or above it for KPIs where lower is better). */
export function missesTarget(def: KpiDefinition, value: number | null, target: number | undefined): boolean | undefined {
  if (target === undefined) return undefined;
  if (value === null) return false;
  return def.direction === 'higher' ? value < target : value > target;
}
