import { EntityManager } from 'typeorm';
import { COUNTERS, Facts, parseFactKey } from './kpi-facts';

/**
 * kpi_daily holds the orders' facts summed by city date at several grains: the full cut, and smaller
 * projections that answer the common tables (a year by unit, by place, by category, by channel) from
 * a few tens of thousands of rows instead of one row per order. Dimensions a grain does not keep are
 * 0 (or ''). Every grain is the sum of the same facts, written by the same statement.
 */
export const DIMENSION_COLUMNS = ['unit_id', 'district_id', 'street_id', 'category_id', 'channel', 'hotline_id'] as const;
export type DimensionColumn = (typeof DIMENSION_COLUMNS)[number];

export interface Grain {
  id: number;
  name: string;
  dims: readonly DimensionColumn[];
}

/** From smallest to largest: a query takes the first grain that keeps every column it groups or filters by. */
export const GRAINS: readonly Grain[] = [
  { id: 4, name: 'channel', dims: ['channel', 'hotline_id'] },
  { id: 3, name: 'category', dims: ['category_id'] },
  { id: 2, name: 'place', dims: ['district_id', 'street_id'] },
  { id: 1, name: 'unit', dims: ['unit_id'] },
  { id: 0, name: 'full', dims: DIMENSION_COLUMNS },
];

export function grainFor(columns: Iterable<DimensionColumn>): Grain {
  const need = [...columns];
  return GRAINS.find((g) => need.every((c) => g.dims.includes(c)))!;
}

const SENTINEL: Record<DimensionColumn, string> = {
  unit_id: '0',
  district_id: '0',
  street_id: '0',
  category_id: '0',
  channel: "''",
  hotline_id: '0',
};

/**
 * Sums rows of `source` (columns: day, the dimension columns, cannot_do, the counters) into every
 * grain. The GROUPING() bit mask of the dimension columns tells the grain apart.
 */
export function rollupSelect(source: string): string {
  const mask = (g: Grain) =>
    DIMENSION_COLUMNS.reduce((m, c, i) => (g.dims.includes(c) ? m : m | (1 << (DIMENSION_COLUMNS.length - 1 - i))), 0);
  const grain = `CASE GROUPING(${DIMENSION_COLUMNS.join(', ')}) ${GRAINS.map((g) => `WHEN ${mask(g)} THEN ${g.id}`).join(' ')} END`;
  const sets = GRAINS.map((g) => `(day, cannot_do, ${g.dims.join(', ')})`).join(', ');
  return `SELECT ${grain} AS grain, day, ${DIMENSION_COLUMNS.map((c) => `coalesce(${c}, ${SENTINEL[c]}) AS ${c}`).join(', ')}, cannot_do,
      ${COUNTERS.map((c) => `sum(${c})::int AS ${c}`).join(', ')}
    FROM ${source}
    GROUP BY GROUPING SETS (${sets})
    HAVING ${COUNTERS.map((c) => `sum(${c}) <> 0`).join(' OR ')}`;
}

export const ROLLUP_KEY = ['grain', 'day', ...DIMENSION_COLUMNS, 'cannot_do'];

/** Facts as a row source (unnest of one array per column), with the parameters to bind. */
export function factsSource(facts: Facts): { sql: string; params: unknown[] } {
  const keys = [...facts.keys()].map(parseFactKey);
  const rows = [...facts.values()];
  const params: unknown[] = [
    keys.map((k) => k.day),
    keys.map((k) => k.unitId),
    keys.map((k) => k.districtId),
    keys.map((k) => k.streetId),
    keys.map((k) => k.categoryId),
    keys.map((k) => k.channel),
    keys.map((k) => k.hotlineId),
    keys.map((k) => k.cannotDo),
    ...COUNTERS.map((_, i) => rows.map((r) => r[i])),
  ];
  const types = ['date[]', 'int[]', 'int[]', 'int[]', 'int[]', 'text[]', 'int[]', 'boolean[]', ...COUNTERS.map(() => 'int[]')];
  const cols = ['day', ...DIMENSION_COLUMNS, 'cannot_do', ...COUNTERS];
  return {
    sql: `unnest(${types.map((t, i) => `$${i + 1}::${t}`).join(', ')}) AS f(${cols.join(', ')})`,
    params,
  };
}

/**
 * Adds facts (an order's change: new minus previous contribution) to every grain, in one statement.
 * Rows are written in key order, so two events touching the same rows lock them in the same order.
 */
export async function addToRollup(m: EntityManager, delta: Facts): Promise<void> {
  if (delta.size === 0) return;
  const src = factsSource(delta);
  await m.query(
    `INSERT INTO kpi_daily (${ROLLUP_KEY.join(', ')}, ${COUNTERS.join(', ')})
     SELECT * FROM (${rollupSelect(src.sql)}) r ORDER BY ${ROLLUP_KEY.join(', ')}
     ON CONFLICT ON CONSTRAINT kpi_daily_pkey DO UPDATE SET ${COUNTERS.map((c) => `${c} = kpi_daily.${c} + excluded.${c}`).join(', ')}`,
    src.params,
  );
}
