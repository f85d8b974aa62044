import { Bucket } from './city-calendar';
import { DIMENSIONS, Dimension } from './kpi-catalog';
import { KpiDefinition } from './kpi-definitions';
import { DateRange } from './kpi-period';
import { DimensionColumn, grainFor } from './kpi-rollup';

/** The cuts a table is restricted to, resolved to ids (a unit with its sub-units, a category with those below). */
export interface KpiFilters {
  unitIds: number[] | null;
  /** The unit the table is about (a unitId asked for, or a handler's own unit): rows with sub-units stay inside it. */
  baseUnitId: number | null;
  districtId: number | null;
  streetId: number | null;
  categoryIds: number[] | null;
  channel: string | null;
  hotlineId: number | null;
}

/** The SQL sums a set of order KPIs needs, each expression once; `slots` says where each KPI's parts are. */
export function orderExpressions(defs: KpiDefinition[]): { exprs: string[]; slots: Map<string, { n: number; d: number | null }> } {
  const exprs: string[] = [];
  const at = (e: string) => {
    const i = exprs.indexOf(e);
    return i >= 0 ? i : exprs.push(e) - 1;
  };
  const slots = new Map<string, { n: number; d: number | null }>();
  for (const def of defs) slots.set(def.key, { n: at(def.numerator!), d: def.denominator ? at(def.denominator) : null });
  return { exprs, slots };
}

const periodKey = (column: string, bucket: Bucket) =>
  bucket === 'day' ? `${column}::text` : `date_trunc('${bucket}', ${column}::timestamp)::date::text`;

/**
 * One query over kpi_daily: the smallest grain that keeps every column grouped or filtered by, the
 * days of the range, and the sums, grouped by the dimension's column (folded further by the caller:
 * sub-units, category levels).
 */
export function orderSumsQuery(
  exprs: string[],
  dim: Dimension | null,
  range: DateRange,
  f: KpiFilters,
  today: string,
): { sql: string; params: unknown[]; grain: number } {
  const params: unknown[] = [range.from, range.to];
  const where = ['r.day >= $1::date', 'r.day < $2::date'];
  const cols = new Set<DimensionColumn>();
  const add = (column: DimensionColumn, cond: (p: string) => string, value: unknown) => {
    cols.add(column);
    params.push(value);
    where.push(cond(`$${params.length}`));
  };
  if (f.unitIds)
    add('unit_id', (p) => (f.unitIds!.length === 1 ? `r.unit_id = (${p}::int[])[1]` : `r.unit_id = ANY(${p}::int[])`), f.unitIds);
  if (f.districtId !== null) add('district_id', (p) => `r.district_id = ${p}::int`, f.districtId);
  if (f.streetId !== null) add('street_id', (p) => `r.street_id = ${p}::int`, f.streetId);
  if (f.categoryIds) add('category_id', (p) => `r.category_id = ANY(${p}::int[])`, f.categoryIds);
  if (f.channel !== null) add('channel', (p) => `r.channel = ${p}::text`, f.channel);
  if (f.hotlineId !== null) add('hotline_id', (p) => `r.hotline_id = ${p}::int`, f.hotlineId);
  const column = dim ? DIMENSIONS[dim].column : null;
  if (column) cols.add(column);
  const grain = grainFor(cols);
  const key = dim === 'period' ? periodKey('r.day', range.bucket) : column ? `r.${column}` : 'NULL';
  let todayParam = '';
  const withToday = (e: string) => {
    if (!e.includes(':today')) return e;
    if (!todayParam) todayParam = `$${params.push(today)}::date`;
    return e.replace(/:today/g, todayParam);
  };
  const select = exprs.map((e, i) => `${withToday(e)} AS e${i}`).join(',\n  ');
  // The grain is a literal, so the planner can use the partial index of the full grain.
  const sql = `SELECT ${key} AS k,\n  ${select}\nFROM kpi_daily r\nWHERE r.grain = ${grain.id} AND ${where.join(' AND ')}${dim ? '\nGROUP BY 1' : ''}`;
  return { sql, params, grain: grain.id };
}

/** Phone KPIs apply to the centre's lines only: totals, by period, by hotline, with no unit, place or category cut. */
export function callsApply(dim: Dimension | null, f: KpiFilters): boolean {
  const cutFree =
    !f.unitIds && f.districtId === null && f.streetId === null && !f.categoryIds && (f.channel === null || f.channel === 'phone');
  return cutFree && (dim === null || dim === 'period' || dim === 'hotline');
}
