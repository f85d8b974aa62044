import { AppConfig } from '@app/common';
import { orderWithMergedDuplicates } from '@app/tickets';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  REPORT_COUNTERS,
  REPORT_DIMENSIONS,
  REPORT_GRAINS,
  TEXT_DIMENSIONS,
  orderFactSelect,
  reportRollupSelect,
  reportUpsert,
} from './report-grains';

/** Advisory lock namespace for one order's report fact (the second key is the order id folded to an int). */
const LOCK_NAMESPACE = 7001;

const FACT_COLUMNS = ['ticket_id', 'day', ...REPORT_DIMENSIONS, ...REPORT_COUNTERS];

/**
 * Keeps report_daily current. The worker calls onOrderEvent for every order event: the order's fact
 * is computed afresh from the order as it is now, its previous fact is subtracted and the new one added,
 * in one statement under a per-order lock. Idempotent (an unchanged order writes nothing) and safe
 * against events handled twice or out of order, since each reads the order after taking the lock.
 */
@Injectable()
export class ReportRollup {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** The order and the duplicates merged into it, which follow its unit when it moves. */
  async onOrderEvent(ticketId: string): Promise<void> {
    for (const id of await orderWithMergedDuplicates(this.dataSource, ticketId)) await this.refresh(id);
  }

  async refresh(ticketId: string): Promise<void> {
    await this.dataSource.transaction((m) => refreshReportFact(m, ticketId, this.config.CITY_TIMEZONE));
  }

  /** For imports that wrote orders without events: refreshes each, in batches of one transaction. */
  async refreshMany(ticketIds: string[], batch = 500): Promise<void> {
    for (let i = 0; i < ticketIds.length; i += batch) {
      const ids = [...ticketIds.slice(i, i + batch)].sort((a, b) => Number(a) - Number(b));
      await this.dataSource.transaction(async (m) => {
        for (const id of ids) await refreshReportFact(m, id, this.config.CITY_TIMEZONE);
      });
    }
  }
}

/** The record type of a fact row, for jsonb_to_recordset. */
const FACT_RECORD = [
  'day date',
  ...REPORT_DIMENSIONS.map((d) => `${d} ${TEXT_DIMENSIONS.has(d) ? 'text' : 'int'}`),
  ...REPORT_COUNTERS.map((c) => `${c} int`),
].join(', ');

type FactRow = Record<string, string | number>;

/**
 * Replaces one order's fact and moves every grain by the difference, inside the caller's transaction.
 * The order is read once (one snapshot): the fact stored is exactly the one added to the rollup, even
 * when the order changes again meanwhile (that change's own event follows).
 */
export async function refreshReportFact(m: EntityManager, ticketId: string, timezone: string): Promise<void> {
  await m.query(`SELECT pg_advisory_xact_lock($1, ($2::bigint % 2147483647)::int)`, [LOCK_NAMESPACE, ticketId]);
  const cols = FACT_COLUMNS.slice(1);
  const select = cols.map((c) => (c === 'day' ? `day::text AS day` : c)).join(', ');
  const [old] = (await m.query(`SELECT ${select} FROM report_order_fact WHERE ticket_id = $1`, [ticketId])) as FactRow[];
  const [next] = (await m.query(`SELECT ${select} FROM (${orderFactSelect('t.id = $2')}) f`, [timezone, ticketId])) as FactRow[];
  if (old && next && cols.every((c) => String(old[c]) === String(next[c]))) return;
  const negate = (r: FactRow): FactRow => ({ ...r, ...Object.fromEntries(REPORT_COUNTERS.map((c) => [c, -Number(r[c])])) });
  const delta = [...(old ? [negate(old)] : []), ...(next ? [next] : [])];
  await m.query(reportUpsert(reportRollupSelect(`(SELECT * FROM jsonb_to_recordset($1::jsonb) AS d(${FACT_RECORD}))`)), [
    JSON.stringify(delta),
  ]);
  if (!next) {
    // A sub-dispatched child (or an order gone) keeps no fact.
    await m.query(`DELETE FROM report_order_fact WHERE ticket_id = $1`, [ticketId]);
    return;
  }
  await m.query(
    `INSERT INTO report_order_fact (${FACT_COLUMNS.join(', ')}) SELECT $1::bigint, * FROM jsonb_to_record($2::jsonb) AS d(${FACT_RECORD})
     ON CONFLICT (ticket_id) DO UPDATE SET ${cols.map((c) => `${c} = excluded.${c}`).join(', ')}`,
    [ticketId, JSON.stringify(next)],
  );
}

export interface RebuildResult {
  orders: number;
  rows: Record<string, number>;
  seconds: Record<'facts' | 'full' | 'projections' | 'analyze' | 'total', number>;
}

/**
 * Recomputes the report rollup from the raw orders with three set-based statements (facts, the full
 * daily grain from the facts, the monthly projections from the full grain), in one transaction that
 * holds the tables locked: events arriving meanwhile wait and then apply on top of the rebuilt state.
 * Memory stays in PostgreSQL (sorts spill to disk), whatever the number of orders.
 */
export async function rebuildReportRollup(ds: DataSource, opts: { timezone: string; log?: (s: string) => void }): Promise<RebuildResult> {
  const log = opts.log ?? (() => undefined);
  const t0 = Date.now();
  const seconds = { facts: 0, full: 0, projections: 0, analyze: 0, total: 0 };
  const lap = (since: number) => (Date.now() - since) / 1000;
  let orders = 0;
  await ds.transaction(async (m) => {
    await m.query(`SET LOCAL work_mem = '256MB'`);
    await m.query(`LOCK TABLE report_order_fact, report_daily IN ACCESS EXCLUSIVE MODE`);
    await m.query(`TRUNCATE report_order_fact, report_daily`);
    let t = Date.now();
    await m.query(`INSERT INTO report_order_fact (${FACT_COLUMNS.join(', ')}) ${orderFactSelect('true')}`, [opts.timezone]);
    orders = Number((await m.query(`SELECT count(*)::bigint AS n FROM report_order_fact`))[0].n);
    seconds.facts = lap(t);
    log(`facts: ${orders.toLocaleString('en')} orders in ${seconds.facts.toFixed(1)} s`);
    t = Date.now();
    const dims = REPORT_DIMENSIONS.join(', ');
    await m.query(
      `INSERT INTO report_daily (grain, day, ${dims}, ${REPORT_COUNTERS.join(', ')})
       SELECT 0, day, ${dims}, ${REPORT_COUNTERS.map((c) => `sum(${c})::int`).join(', ')} FROM report_order_fact GROUP BY day, ${dims}`,
    );
    seconds.full = lap(t);
    log(`full grain in ${seconds.full.toFixed(1)} s`);
    t = Date.now();
    const projections = REPORT_GRAINS.filter((g) => g.monthly);
    await m.query(
      `INSERT INTO report_daily (grain, day, ${dims}, ${REPORT_COUNTERS.join(', ')}) ${reportRollupSelect('(SELECT * FROM report_daily WHERE grain = 0)', projections)}`,
    );
    seconds.projections = lap(t);
    log(`monthly projections in ${seconds.projections.toFixed(1)} s`);
  });
  const t = Date.now();
  await ds.query(`ANALYZE report_daily_full, report_daily_months, report_order_fact`);
  seconds.analyze = lap(t);
  const counts = (await ds.query(`SELECT grain, count(*)::int AS n FROM report_daily GROUP BY grain ORDER BY grain`)) as {
    grain: number;
    n: number;
  }[];
  seconds.total = lap(t0);
  return { orders, rows: Object.fromEntries(counts.map((r) => [`grain${r.grain}`, r.n])), seconds };
}

export interface RollupDifference {
  grain: number;
  day: string;
  key: Record<string, string | number>;
  counter: string;
  stored: number;
  recount: number;
}

/**
 * Recounts every grain of report_daily straight from the orders (not from report_order_fact) and lists
 * the cells that differ: the check behind `report:rebuild -- --check` and the tests.
 */
export async function recountReportRollup(db: DataSource | EntityManager, timezone: string, limit = 1000): Promise<RollupDifference[]> {
  const dims = ['day', ...REPORT_DIMENSIONS];
  const rows = (await db.query(
    `WITH f AS (${orderFactSelect('true')}),
      recount AS (${reportRollupSelect('f')}),
      stored AS (SELECT * FROM report_daily WHERE ${REPORT_COUNTERS.map((c) => `${c} <> 0`).join(' OR ')})
     SELECT coalesce(r.grain, s.grain) AS grain, ${dims.map((d) => `coalesce(r.${d}, s.${d}) AS ${d}`).join(', ')},
       ${REPORT_COUNTERS.map((c) => `coalesce(s.${c}, 0) AS s_${c}, coalesce(r.${c}, 0) AS r_${c}`).join(', ')}
     FROM recount r FULL JOIN stored s USING (grain, ${dims.join(', ')})
     WHERE ${REPORT_COUNTERS.map((c) => `coalesce(s.${c}, 0) <> coalesce(r.${c}, 0)`).join(' OR ')}
     LIMIT ${Number(limit)}`,
    [timezone],
  )) as Record<string, any>[];
  const out: RollupDifference[] = [];
  for (const r of rows) {
    for (const c of REPORT_COUNTERS) {
      if (Number(r[`s_${c}`]) === Number(r[`r_${c}`])) continue;
      out.push({
        grain: Number(r.grain),
        day: r.day instanceof Date ? r.day.toISOString().slice(0, 10) : String(r.day),
        key: Object.fromEntries(REPORT_DIMENSIONS.map((d) => [d, r[d]])),
        counter: c,
        stored: Number(r[`s_${c}`]),
        recount: Number(r[`r_${c}`]),
      });
    }
  }
  return out;
}
