import { AppConfig } from '@app/common';
import { orderWithMergedDuplicates } from '@app/tickets';
import { Segmenter } from '@app/knowledge';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { KeywordRow } from '../figures/report-figures';
import { TERM_CONTENT_CHARS, TermExtractor, termStopwords } from './term-extract';

type Db = DataSource | EntityManager;

/**
 * report_term_monthly's grains, one per report scope. An order adds 1 to each of its terms in each
 * grain (document frequency: a term said five times in one order counts once).
 */
export const TERM_GRAINS = { city: 1, district: 2, unit: 3 } as const;

/** Keyword hotspots need this many orders mentioning a term in the period… */
export const KEYWORD_MIN_ORDERS = 20;
/** …and at least this share of the period's orders (per 10,000), so that a one-off word never ranks. */
export const KEYWORD_MIN_PER10K = 1;

/** Segmentation for the term rollup: jieba with the city's place names in its dictionary, so that they stay whole and are dropped. */
export async function loadTermExtractor(db: Db, cacheSize?: number): Promise<TermExtractor> {
  const names = ((await db.query(`SELECT name FROM region ORDER BY id`)) as { name: string }[]).map((r) => r.name);
  return new TermExtractor(new Segmenter(names), termStopwords(names), cacheSize);
}

interface OrderRow {
  id: string;
  title: string;
  content: string;
  month: string;
  district_id: number;
  unit_id: number;
}

/**
 * What the terms of a top-level order are attributed to, as in the rest of the report: the city month
 * it was received in ($1 is the time zone), its district (0 when unknown) and its lead unit, or for a
 * merged duplicate the lead unit of the order it joined (0 when neither has one).
 */
const ORDER_COLUMNS = `t.id::text AS id, t.title, left(t.content, ${TERM_CONTENT_CHARS}) AS content,
  date_trunc('month', t.received_at AT TIME ZONE $1)::date::text AS month,
  coalesce(t.district_id, 0) AS district_id, coalesce(t.lead_unit_id, p.lead_unit_id, 0) AS unit_id`;
const ORDER_FROM = `ticket t LEFT JOIN ticket p ON p.id = t.merged_into_id`;
/** The row versions a contribution is computed from (the order's, and the order it was merged into): any change to either makes a new one. */
const ORDER_VERSION = `t.xmin::text || '/' || coalesce(p.xmin::text, '')`;

function orderSelect(where: string): string {
  return `SELECT ${ORDER_COLUMNS} FROM ${ORDER_FROM} WHERE t.parent_id IS NULL AND ${where}`;
}

/** What one order adds to the rollup: 1 for each of its terms at its month, district and unit. */
export interface TermContribution {
  month: string;
  districtId: number;
  unitId: number;
  terms: string[];
}

const contributionOf = (o: OrderRow, ex: TermExtractor): TermContribution => ({
  month: o.month,
  districtId: Number(o.district_id),
  unitId: Number(o.unit_id),
  terms: ex.terms(o.title, o.content),
});

const sameContribution = (a: TermContribution, b: TermContribution) =>
  a.month === b.month && a.districtId === b.districtId && a.unitId === b.unitId && a.terms.join(' ') === b.terms.join(' ');

interface DeltaRow {
  month: string;
  districtId: number;
  unitId: number;
  term: string;
  n: number;
}

/** New minus previous, per (month, district, unit, term); what both have cancels out. */
export function termDelta(prev: TermContribution | null, next: TermContribution | null): DeltaRow[] {
  const out = new Map<string, DeltaRow>();
  const add = (c: TermContribution | null, n: number) => {
    for (const term of c?.terms ?? []) {
      const key = `${c!.month}|${c!.districtId}|${c!.unitId}|${term}`;
      const row = out.get(key);
      if (row) row.n += n;
      else out.set(key, { month: c!.month, districtId: c!.districtId, unitId: c!.unitId, term, n });
    }
  };
  add(prev, -1);
  add(next, 1);
  return [...out.values()].filter((r) => r.n !== 0);
}

const ROLLUP_KEY = 'grain, district_id, unit_id, months, month, term';

/** The spans a month is summed into: itself, its quarter, its calendar year (`months`, first month). */
const SPANS = (month: string) =>
  `(VALUES (1, ${month}), (3, date_trunc('quarter', ${month})::date), (12, date_trunc('year', ${month})::date)) AS sp(months, start)`;

/**
 * Adds a delta to every grain and span in one statement, rows in key order (two events touching the
 * same rows lock them in the same order), then drops the rows it brought to zero.
 */
async function applyTermDelta(m: EntityManager, delta: DeltaRow[]): Promise<void> {
  if (!delta.length) return;
  const touched = (await m.query(
    `WITH d AS (
       SELECT d.district_id, d.unit_id, sp.months, sp.start AS month, d.term, d.n
       FROM unnest($1::date[], $2::int[], $3::int[], $4::text[], $5::int[]) AS d(month, district_id, unit_id, term, n)
         CROSS JOIN LATERAL ${SPANS('d.month')}),
     g AS (
       SELECT 1 AS grain, 0 AS district_id, 0 AS unit_id, months, month, term, sum(n) AS n FROM d GROUP BY months, month, term
       UNION ALL SELECT 2, district_id, 0, months, month, term, sum(n) FROM d GROUP BY district_id, months, month, term
       UNION ALL SELECT 3, 0, unit_id, months, month, term, sum(n) FROM d GROUP BY unit_id, months, month, term)
     INSERT INTO report_term_monthly AS r (${ROLLUP_KEY}, orders)
     SELECT grain, district_id, unit_id, months, month, term, n FROM g WHERE n <> 0 ORDER BY ${ROLLUP_KEY}
     ON CONFLICT ON CONSTRAINT report_term_monthly_pkey DO UPDATE SET orders = r.orders + excluded.orders
     RETURNING grain, district_id, unit_id, months, month::text AS month, term, orders`,
    [
      delta.map((d) => d.month),
      delta.map((d) => d.districtId),
      delta.map((d) => d.unitId),
      delta.map((d) => d.term),
      delta.map((d) => d.n),
    ],
  )) as { grain: number; district_id: number; unit_id: number; months: number; month: string; term: string; orders: number }[];
  const zero = touched.filter((r) => r.orders === 0);
  if (!zero.length) return;
  await m.query(
    `DELETE FROM report_term_monthly r
     USING unnest($1::smallint[], $2::int[], $3::int[], $4::smallint[], $5::date[], $6::text[]) AS k(grain, district_id, unit_id, months, month, term)
     WHERE (r.grain, r.district_id, r.unit_id, r.months, r.month, r.term) = (k.grain, k.district_id, k.unit_id, k.months, k.month, k.term)
       AND r.orders = 0`,
    [
      zero.map((r) => r.grain),
      zero.map((r) => r.district_id),
      zero.map((r) => r.unit_id),
      zero.map((r) => r.months),
      zero.map((r) => r.month),
      zero.map((r) => r.term),
    ],
  );
}

/**
 * Recomputes one order's contribution and moves the rollup by the difference, inside the caller's
 * transaction. The order's contribution row is the lock: created empty when missing, then held FOR
 * UPDATE, and the order is read only after that, so two events for one order serialize and the later
 * one always sees the newer state (the rebuild takes no lock ahead; it never overwrites a row written
 * after its own read: see writeBatch). A sub-dispatched child order contributes nothing (its top order
 * is counted) and keeps no row.
 */
export async function refreshTermContribution(m: EntityManager, ticketId: string, ex: TermExtractor, timezone: string): Promise<void> {
  const [head] = (await m.query(`SELECT parent_id IS NULL AS top FROM ticket WHERE id = $1`, [ticketId])) as { top: boolean }[];
  if (!head) return;
  if (head.top) {
    await m.query(
      `INSERT INTO report_term_order (ticket_id, month, district_id, unit_id) VALUES ($1, DATE '1970-01-01', 0, 0) ON CONFLICT (ticket_id) DO NOTHING`,
      [ticketId],
    );
  }
  const [row] = (await m.query(
    `SELECT month::text AS month, district_id, unit_id, terms FROM report_term_order WHERE ticket_id = $1 FOR UPDATE`,
    [ticketId],
  )) as { month: string; district_id: number; unit_id: number; terms: string[] }[];
  if (!row) return;
  const prev: TermContribution = { month: row.month, districtId: row.district_id, unitId: row.unit_id, terms: row.terms };
  const [order] = head.top ? ((await m.query(orderSelect('t.id = $2'), [timezone, ticketId])) as OrderRow[]) : [];
  const next = order ? contributionOf(order, ex) : null;
  await applyTermDelta(m, termDelta(prev, next));
  if (!next) {
    await m.query(`DELETE FROM report_term_order WHERE ticket_id = $1`, [ticketId]);
  } else if (!sameContribution(prev, next)) {
    await m.query(`UPDATE report_term_order SET month = $2, district_id = $3, unit_id = $4, terms = $5 WHERE ticket_id = $1`, [
      ticketId,
      next.month,
      next.districtId,
      next.unitId,
      next.terms,
    ]);
  }
}

/** Segmentations the event path remembers (an order's events repeat its texts). */
const EVENT_CACHE = 10_000;

/**
 * Keeps report_term_monthly current. The worker calls onOrderEvent for every order event; it is
 * idempotent (an unchanged order writes nothing) and safe against events handled twice, concurrently
 * or out of order. The segmenter is loaded once per process: renaming a region needs a rebuild.
 */
@Injectable()
export class TermRollup {
  private extractor: Promise<TermExtractor> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** The order and the duplicates merged into it, which take its unit. */
  async onOrderEvent(ticketId: string): Promise<void> {
    for (const id of await orderWithMergedDuplicates(this.dataSource, ticketId)) await this.refresh(id);
  }

  async refresh(ticketId: string): Promise<void> {
    const ex = await this.terms();
    await this.dataSource.transaction((m) => refreshTermContribution(m, ticketId, ex, this.config.CITY_TIMEZONE));
  }

  private terms(): Promise<TermExtractor> {
    this.extractor ??= loadTermExtractor(this.dataSource, EVENT_CACHE).catch((e) => {
      this.extractor = null;
      throw e;
    });
    return this.extractor;
  }
}

export interface TermRebuildOptions {
  timezone: string;
  log?: (s: string) => void;
  /** Orders per batch (one transaction each). */
  batchSize?: number;
  /** Texts the segmentation memo keeps (LRU). */
  cacheSize?: number;
}

export interface TermRebuildResult {
  /** Top-level orders whose terms were computed. */
  orders: number;
  /** Distinct terms in the rebuilt rollup. */
  terms: number;
  seconds: number;
}

interface BatchOrder {
  id: string;
  c: TermContribution;
  /** ORDER_VERSION when read. */
  version: string;
  /** xmin of its contribution row when read; null when it had none. */
  rowVersion: string | null;
}

interface Batch {
  last: string;
  /** Top-level orders of the batch, with the contributions computed from one snapshot. */
  orders: BatchOrder[];
  /** Sub-dispatched child orders that have a contribution row (stale: a child contributes nothing). */
  children: string[];
}

/**
 * Reads the next `size` orders by id after `after` (keyset), with their contribution rows' versions,
 * and computes their terms. One row lookup per order (a join here would be planned as a scan of the
 * whole contribution table), and no JIT: a batch's plan costs just enough to trip it, for nothing.
 */
async function readBatch(ds: DataSource, ex: TermExtractor, after: string, size: number, timezone: string): Promise<Batch | null> {
  const rows = await ds.transaction(async (m) => {
    await m.query(`SET LOCAL jit = off`);
    return (await m.query(
      `WITH k AS (SELECT max(id) AS last FROM (SELECT id FROM ticket WHERE id > $2 ORDER BY id LIMIT $3) s)
       SELECT k.last::text AS last, o.* FROM k LEFT JOIN LATERAL (
         SELECT ${ORDER_COLUMNS}, t.parent_id IS NULL AS top, ${ORDER_VERSION} AS version,
           (SELECT c.xmin::text FROM report_term_order c WHERE c.ticket_id = t.id) AS row_version
         FROM ${ORDER_FROM} WHERE t.id > $2 AND t.id <= k.last ORDER BY t.id) AS o ON true`,
      [timezone, after, size],
    )) as (OrderRow & { last: string | null; top: boolean | null; version: string; row_version: string | null })[];
  });
  if (!rows.length || rows[0].last === null) return null;
  return {
    last: rows[0].last,
    orders: rows
      .filter((o) => o.top === true)
      .map((o) => ({ id: o.id, c: contributionOf(o, ex), version: o.version, rowVersion: o.row_version })),
    children: rows.filter((o) => o.top === false && o.row_version !== null).map((o) => o.id),
  };
}

const BATCH_SOURCE = `unnest($1::bigint[], $2::date[], $3::int[], $4::int[], $5::text[], $6::text[], $7::text[])
  AS x(id, month, district_id, unit_id, terms, version, row_version)`;

/**
 * Writes a batch's contributions, without taking locks ahead. An existing row is replaced only if
 * neither it nor the order changed since the batch was read (else an event has written, or will write,
 * a newer one); a missing one is inserted unless an event inserted it meanwhile (its read was later).
 */
async function writeBatch(m: EntityManager, b: Batch): Promise<void> {
  if (b.children.length) await m.query(`DELETE FROM report_term_order WHERE ticket_id = ANY($1::bigint[])`, [b.children]);
  const write = async (rows: BatchOrder[], sql: string) => {
    if (!rows.length) return;
    await m.query(sql, [
      rows.map((r) => r.id),
      rows.map((r) => r.c.month),
      rows.map((r) => r.c.districtId),
      rows.map((r) => r.c.unitId),
      // Terms are letters only, so a space separates them safely.
      rows.map((r) => r.c.terms.join(' ')),
      rows.map((r) => r.version),
      rows.map((r) => r.rowVersion),
    ]);
  };
  await write(
    b.orders.filter((o) => o.rowVersion !== null),
    `UPDATE report_term_order c SET month = x.month, district_id = x.district_id, unit_id = x.unit_id, terms = string_to_array(x.terms, ' ')
     FROM ${BATCH_SOURCE}
     WHERE c.ticket_id = x.id AND c.xmin = x.row_version::xid
       AND (c.month, c.district_id, c.unit_id, c.terms) IS DISTINCT FROM (x.month, x.district_id, x.unit_id, string_to_array(x.terms, ' '))
       AND (SELECT ${ORDER_VERSION} FROM ${ORDER_FROM} WHERE t.id = x.id) = x.version`,
  );
  await write(
    b.orders.filter((o) => o.rowVersion === null),
    `INSERT INTO report_term_order (ticket_id, month, district_id, unit_id, terms)
     SELECT id, month, district_id, unit_id, string_to_array(terms, ' ') FROM ${BATCH_SOURCE} ORDER BY id
     ON CONFLICT (ticket_id) DO NOTHING`,
  );
}

/**
 * Recomputes the term rollup from the raw orders. First every order's contribution, walking ticket by
 * id in keyset batches, each written in its own short transaction so that events go on meanwhile (the
 * next batch is read and segmented while one is written); memory: two batches and the bounded
 * segmentation memo. Then the rollup from the contributions with one set-based statement, with the
 * contributions locked against events (they wait, then apply on top of the rebuilt rollup).
 */
export async function rebuildTermRollup(ds: DataSource, opts: TermRebuildOptions): Promise<TermRebuildResult> {
  const t0 = Date.now();
  const log = opts.log ?? (() => undefined);
  const size = opts.batchSize ?? 5000;
  const ex = await loadTermExtractor(ds, opts.cacheSize);
  let orders = 0;
  let logged = Date.now();
  let next = readBatch(ds, ex, '0', size, opts.timezone);
  try {
    for (let b = await next; b; b = await next) {
      next = readBatch(ds, ex, b.last, size, opts.timezone);
      const batch = b;
      await ds.transaction((m) => writeBatch(m, batch));
      orders += b.orders.length;
      if (Date.now() - logged > 10_000) {
        logged = Date.now();
        log(`terms: ${orders.toLocaleString('en')} orders (up to id ${b.last}) in ${((logged - t0) / 1000).toFixed(0)} s`);
      }
    }
  } catch (e) {
    // The read running ahead has nowhere to go.
    next.catch(() => undefined);
    throw e;
  }
  const t1 = Date.now();
  log(
    `terms: ${orders.toLocaleString('en')} orders in ${((t1 - t0) / 1000).toFixed(1)} s ` +
      `(${Math.round(orders / Math.max((t1 - t0) / 1000, 0.001)).toLocaleString('en')} orders/s, memo hits ${ex.hits.toLocaleString('en')}, misses ${ex.misses.toLocaleString('en')})`,
  );
  const terms = await ds.transaction(async (m) => {
    await m.query(`SET LOCAL work_mem = '256MB'`);
    // Events take report_term_order before report_term_monthly; so does this.
    await m.query(`LOCK TABLE report_term_order IN SHARE MODE`);
    await m.query(`LOCK TABLE report_term_monthly IN ACCESS EXCLUSIVE MODE`);
    await m.query(`TRUNCATE report_term_monthly`);
    await m.query(
      `INSERT INTO report_term_monthly (${ROLLUP_KEY}, orders)
       SELECT CASE GROUPING(district_id, unit_id) WHEN 3 THEN 1 WHEN 1 THEN 2 ELSE 3 END,
         coalesce(district_id, 0), coalesce(unit_id, 0), 1, month, term, count(*)
       FROM report_term_order c CROSS JOIN unnest(c.terms) AS term
       GROUP BY GROUPING SETS ((month, term), (district_id, month, term), (unit_id, month, term))
       ORDER BY 1, 2, 3, 5, 6`,
    );
    // Each order lies in one month: a quarter's or a year's orders are the sum of its months'.
    await m.query(
      `INSERT INTO report_term_monthly (${ROLLUP_KEY}, orders)
       SELECT r.grain, r.district_id, r.unit_id, sp.months, sp.start, r.term, sum(r.orders)
       FROM report_term_monthly r CROSS JOIN LATERAL ${SPANS('r.month')}
       WHERE r.months = 1 AND sp.months > 1
       GROUP BY r.grain, r.district_id, r.unit_id, sp.months, sp.start, r.term
       ORDER BY 1, 2, 3, 4, 5, 6`,
    );
    const [r] = (await m.query(
      `SELECT count(*)::int AS rows, count(DISTINCT term) FILTER (WHERE grain = ${TERM_GRAINS.city} AND months = 1)::int AS terms FROM report_term_monthly`,
    )) as { rows: number; terms: number }[];
    log(`rollup: ${r.rows.toLocaleString('en')} rows, ${r.terms.toLocaleString('en')} terms in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
    return r.terms;
  });
  await ds.query(`ANALYZE report_term_monthly, report_term_order`);
  return { orders, terms, seconds: (Date.now() - t0) / 1000 };
}

export interface KeywordQuery {
  /** For a unit: the unit and the units under it, as the report's totals count them. */
  scope: { level: 'city' | 'district' | 'unit'; id?: number };
  /** ISO dates, `from` inclusive, `to` exclusive: the months starting in [from, to). */
  current: { from: string; to: string };
  lastYear: { from: string; to: string };
  /** Orders received in the scope in each period: the denominators of the shares. */
  currentOrders: number;
  lastYearOrders: number;
  limit?: number;
  /** Support: at least this many orders mentioning the term this period (default KEYWORD_MIN_ORDERS). */
  minOrders?: number;
}

export interface TermSpan {
  months: 1 | 3 | 12;
  /** First day of its first month, 'YYYY-MM-DD'. */
  month: string;
}

/** The months starting in [from, to) as the fewest stored spans: calendar years, then quarters, then months. */
export function termSpans(from: string, to: string): TermSpan[] {
  const index = (iso: string) => {
    const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
    return y * 12 + (m - 1) + (d > 1 ? 1 : 0);
  };
  const iso = (i: number) => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01`;
  const out: TermSpan[] = [];
  const end = index(to);
  for (let i = index(from); i < end;) {
    const months = i % 12 === 0 && i + 12 <= end ? 12 : i % 3 === 0 && i + 3 <= end ? 3 : 1;
    out.push({ months, month: iso(i) });
    i += months;
  }
  return out;
}

/** Candidates are looked up one by one while that reads fewer index entries than summing every term would (a probe costs about this many). */
const PROBE_COST = 4;

/**
 * The terms whose share of the scope's orders rose most from the same period a year earlier: rise =
 * currentPer10k − lastYearPer10k, largest first (a term absent last year rises by its whole share).
 * Only terms with support (≥ minOrders orders and ≥ KEYWORD_MIN_PER10K per 10,000 this period) and
 * a positive rise; ties go to the term with more orders, then to code-point order.
 *
 * Reads only report_term_monthly, each period as its fewest stored spans (termSpans), each span one
 * index range at the scope's grain (one per unit of a unit's subtree). First the current spans: a term
 * with the support over k spans has at least 1/k of it in one of them, so only those are candidates,
 * which drops the vocabulary's long tail. Then the candidates' counts, by index lookups when they are
 * few, else by summing every term of the spans.
 */
export async function keywordHotspots(db: Db, q: KeywordQuery): Promise<KeywordRow[]> {
  const current = termSpans(q.current.from, q.current.to);
  const lastYear = termSpans(q.lastYear.from, q.lastYear.to);
  if (!(q.currentOrders > 0) || !current.length) return [];
  const support = Math.max(q.minOrders ?? KEYWORD_MIN_ORDERS, Math.ceil((q.currentOrders * KEYWORD_MIN_PER10K) / 10_000), 1);

  // Spans and ids are written into the SQL: termSpans builds dates from numbers, and the id is checked to be one.
  const id = Number(q.scope.id ?? 0);
  if (q.scope.level !== 'city' && !Number.isSafeInteger(id)) return [];
  let scope: string;
  if (q.scope.level === 'city') scope = `grain = ${TERM_GRAINS.city} AND district_id = 0 AND unit_id = 0`;
  else if (q.scope.level === 'district') scope = `grain = ${TERM_GRAINS.district} AND district_id = ${id} AND unit_id = 0`;
  else {
    scope = `grain = ${TERM_GRAINS.unit} AND district_id = 0
      AND unit_id = ANY(ARRAY(SELECT u.id FROM unit u JOIN unit s ON u.path LIKE s.path || '%' WHERE s.id = ${id}))`;
  }
  const spans = current.map((sp) => ({ sp, column: 'cur' })).concat(lastYear.map((sp) => ({ sp, column: 'ly' })));
  const where = spans.map(({ sp }) => `${scope} AND months = ${sp.months} AND month = DATE '${sp.month}'`);
  const currentRows = where.slice(0, current.length).map((w) => `SELECT term, orders FROM report_term_monthly WHERE ${w}`);

  const run = async (m: EntityManager | DataSource) => {
    const [first] = (await m.query(
      `SELECT coalesce(array_agg(DISTINCT term) FILTER (WHERE orders >= $1::int), '{}') AS candidates, count(*)::int AS rows
       FROM (${currentRows.join(' UNION ALL ')}) s`,
      [Math.ceil(support / current.length)],
    )) as { candidates: string[]; rows: number }[];
    if (!first.candidates.length) return [];
    const probe = first.candidates.length * spans.length * PROBE_COST < first.rows;
    const reads = spans.map(
      ({ column }, i) => `SELECT term, ${column === 'cur' ? 'orders AS cur, 0 AS ly' : '0 AS cur, orders AS ly'}
        FROM report_term_monthly WHERE ${where[i]}${probe ? ' AND term = ANY($5::text[])' : ''}`,
    );
    const lyShare = `CASE WHEN $2::float8 > 0 THEN ly / $2::float8 ELSE 0 END`;
    return (await m.query(
      `WITH t AS (SELECT term, sum(cur)::int AS cur, sum(ly)::int AS ly FROM (${reads.join(' UNION ALL ')}) s GROUP BY term)
       SELECT term, cur, ly FROM t
       WHERE cur >= $3::int AND cur / $1::float8 > ${lyShare}
       ORDER BY cur / $1::float8 - ${lyShare} DESC, cur DESC, term COLLATE "C"
       LIMIT $4::int`,
      [q.currentOrders, q.lastYearOrders, support, q.limit ?? 20, ...(probe ? [first.candidates] : [])],
    )) as { term: string; cur: number; ly: number }[];
  };
  // JIT and parallel workers only add their start-up to these plans, and a long vocabulary's sums
  // should not spill to disk: settings of a transaction of our own, never of the caller's.
  const rows =
    db instanceof DataSource
      ? await db.transaction(async (m) => {
          await m.query(`SET LOCAL jit = off`);
          await m.query(`SET LOCAL work_mem = '64MB'`);
          await m.query(`SET LOCAL max_parallel_workers_per_gather = 0`);
          return run(m);
        })
      : await run(db);
  return rows.map((r) => {
    const currentPer10k = (r.cur / q.currentOrders) * 10_000;
    const lastYearPer10k = q.lastYearOrders > 0 ? (r.ly / q.lastYearOrders) * 10_000 : 0;
    return {
      term: r.term,
      current: r.cur,
      lastYear: r.ly,
      currentPer10k,
      lastYearPer10k,
      change: r.ly > 0 && lastYearPer10k > 0 ? (currentPer10k - lastYearPer10k) / lastYearPer10k : null,
    };
  });
}
