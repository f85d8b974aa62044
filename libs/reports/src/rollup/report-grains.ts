/**
 * The report rollup (report_daily). Grain 0 is the full cut the issue asks for: day × unit × district ×
 * street × category × channel × hotline × appeal type × state. At 20 million orders it is nearly as long
 * as the order table, so the report reads smaller projections instead: the same counters summed by
 * month (day = the month's first day; every report period is whole months) over the few dimensions one
 * section needs, each with the scope column (district or unit) it is filtered by. Every grain is the sum
 * of the same per-order facts, written by the same statement.
 */
export const REPORT_COUNTERS = ['received', 'accepted', 'merged', 'first_contact', 'closed', 'supervised', 'urged', 'reopened'] as const;
export type ReportCounter = (typeof REPORT_COUNTERS)[number];

export const REPORT_DIMENSIONS = [
  'unit_id',
  'district_id',
  'street_id',
  'category_id',
  'channel',
  'hotline_id',
  'appeal_type',
  'state',
] as const;
export type ReportDimension = (typeof REPORT_DIMENSIONS)[number];

export interface ReportGrain {
  id: number;
  /** Monthly projection (day = first of the month) or the full daily cut. */
  monthly: boolean;
  dims: readonly ReportDimension[];
}

const SMALL: ReportDimension[] = ['channel', 'hotline_id', 'appeal_type', 'state'];

/** From smallest to largest: a query takes the first grain that keeps every column it groups or filters by. */
export const REPORT_GRAINS: readonly ReportGrain[] = [
  { id: 1, monthly: true, dims: ['category_id'] },
  { id: 2, monthly: true, dims: SMALL },
  { id: 3, monthly: true, dims: ['district_id', 'category_id'] },
  { id: 4, monthly: true, dims: ['district_id', 'street_id', 'unit_id'] },
  { id: 5, monthly: true, dims: ['unit_id', 'category_id'] },
  { id: 6, monthly: true, dims: ['district_id', ...SMALL] },
  { id: 7, monthly: true, dims: ['unit_id', ...SMALL] },
  { id: 0, monthly: false, dims: REPORT_DIMENSIONS },
];

export function reportGrainFor(columns: Iterable<ReportDimension>): ReportGrain {
  const need = [...columns];
  return REPORT_GRAINS.find((g) => need.every((c) => g.dims.includes(c)))!;
}

export const TEXT_DIMENSIONS: ReadonlySet<ReportDimension> = new Set(['channel', 'appeal_type', 'state']);

const sentinel = (c: ReportDimension) => (TEXT_DIMENSIONS.has(c) ? "''" : '0');

/**
 * Sums rows of `source` (columns: day, the dimension columns, the counters) into every grain, by
 * GROUPING SETS; the GROUPING() mask tells the grain apart. Rows whose counters sum to zero are left
 * out, so re-applying an unchanged order writes nothing.
 */
export function reportRollupSelect(source: string, grains: readonly ReportGrain[] = REPORT_GRAINS): string {
  const daily = grains.some((g) => !g.monthly);
  const monthly = grains.some((g) => g.monthly);
  const dims = REPORT_DIMENSIONS.filter((c) => grains.some((g) => g.dims.includes(c)));
  // GROUPING() may only name columns some set groups by.
  const cols = [...(daily ? ['day'] : []), ...(monthly ? ['month'] : []), ...dims];
  const mask = (g: ReportGrain) => {
    const kept = new Set<string>([g.monthly ? 'month' : 'day', ...g.dims]);
    return cols.reduce((m, c, i) => (kept.has(c) ? m : m | (1 << (cols.length - 1 - i))), 0);
  };
  const grain = `CASE GROUPING(${cols.join(', ')}) ${grains.map((g) => `WHEN ${mask(g)} THEN ${g.id}`).join(' ')} END`;
  const sets = grains.map((g) => `(${[g.monthly ? 'month' : 'day', ...g.dims].join(', ')})`).join(', ');
  const day = daily && monthly ? 'coalesce(day, month)' : daily ? 'day' : 'month';
  return `SELECT ${grain} AS grain, ${day} AS day,
      ${REPORT_DIMENSIONS.map((c) => (dims.includes(c) ? `coalesce(${c}, ${sentinel(c)}) AS ${c}` : `${sentinel(c)} AS ${c}`)).join(', ')},
      ${REPORT_COUNTERS.map((c) => `sum(${c})::int AS ${c}`).join(', ')}
    FROM (SELECT s.*, date_trunc('month', s.day)::date AS month FROM ${source} s) src
    GROUP BY GROUPING SETS (${sets})
    HAVING ${REPORT_COUNTERS.map((c) => `sum(${c}) <> 0`).join(' OR ')}`;
}

export const REPORT_ROLLUP_KEY = ['grain', 'day', ...REPORT_DIMENSIONS];

/** Adds the rows of `select` (grain, day, dimensions, counters) to report_daily, in key order so that concurrent writers lock rows in the same order. */
export function reportUpsert(select: string): string {
  return `INSERT INTO report_daily (${REPORT_ROLLUP_KEY.join(', ')}, ${REPORT_COUNTERS.join(', ')})
    SELECT * FROM (${select}) r ORDER BY ${REPORT_ROLLUP_KEY.join(', ')}
    ON CONFLICT ON CONSTRAINT report_daily_pkey DO UPDATE SET ${REPORT_COUNTERS.map((c) => `${c} = report_daily.${c} + excluded.${c}`).join(', ')}`;
}

/**
 * What one order contributes: a single row, dated by the city date it was received, attributed to its
 * lead unit (a merged duplicate to the unit of the order it joined, as in the KPIs), with the order's
 * state now and its flags. Sub-dispatched child orders contribute nothing: the top order is counted.
 * `$1` is the city's time zone; `where` filters `t` (the ticket).
 */
export function orderFactSelect(where: string): string {
  const accepted = `(t.merged_into_id IS NULL AND coalesce(t.closure_kind, '') NOT IN ('not_accepted', 'transferred'))`;
  return `SELECT t.id AS ticket_id, (t.received_at AT TIME ZONE $1)::date AS day,
      coalesce(t.lead_unit_id, p.lead_unit_id, 0) AS unit_id, coalesce(t.district_id, 0) AS district_id,
      coalesce(t.street_id, 0) AS street_id, coalesce(t.category_id, 0) AS category_id, t.channel,
      coalesce(t.hotline_id, 0) AS hotline_id, t.appeal_type, t.state,
      1 AS received, ${accepted}::int AS accepted, (t.merged_into_id IS NOT NULL)::int AS merged,
      (${accepted} AND coalesce(t.closure_kind, '') = 'first_contact')::int AS first_contact,
      (${accepted} AND t.state IN ('closed', 'archived'))::int AS closed,
      (${accepted} AND coalesce(t.supervised, false))::int AS supervised,
      (coalesce(t.urge_count, 0) > 0)::int AS urged, (coalesce(t.reopen_round, 0) > 0)::int AS reopened
    FROM ticket t LEFT JOIN ticket p ON p.id = t.merged_into_id
    WHERE t.parent_id IS NULL AND ${where}`;
}
