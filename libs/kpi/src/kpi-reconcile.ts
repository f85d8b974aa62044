import { AppConfig } from '@app/common';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CityCalendar } from './city-calendar';
import { callDaysSelect, countCallDays } from './kpi-calls';
import { COUNTERS, Facts, decodeFacts, encodeFacts, orderFacts, sameFacts } from './kpi-facts';
import { DIMENSION_COLUMNS, ROLLUP_KEY, factsSource, rollupSelect } from './kpi-rollup';
import { loadOrders } from './kpi-source';

export interface RollupDifference {
  grain: number;
  day: string;
  unitId: number;
  districtId: number;
  streetId: number;
  categoryId: number;
  channel: string;
  hotlineId: number;
  cannotDo: boolean;
  counter: string;
  stored: number;
  recount: number;
}

export interface ReconcileReport {
  orders: number;
  /** Orders whose stored contribution differs from the recount. */
  ordersDiffering: number;
  /** Their ids (up to `limit`); `lagging` when the order changed after its contribution was computed (an event still queued). */
  orderSamples: { ticketId: string; lagging: boolean }[];
  /** Every rollup cell (row × counter) that differs, up to `limit`; `rollupDifferences` counts them all. */
  rollupDifferences: number;
  differences: RollupDifference[];
  /** Settled days of phone figures (kpi_call_daily) whose counts differ from call_record now (a late CTI event). */
  callDifferences: { day: string; hotlineId: number; counter: string; stored: number; recount: number }[];
  fixed: boolean;
  seconds: number;
}

export interface ReconcileOptions {
  /** Rewrite the rollup and the contributions from the recount (the KPI tables are locked against events meanwhile). */
  fix?: boolean;
  batch?: number;
  /** How many differences to list (0: all). */
  limit?: number;
  log?: (line: string) => void;
}

const FACT_COLUMNS = ['day', ...DIMENSION_COLUMNS, 'cannot_do', ...COUNTERS];

/**
 * Recounts the KPI rollup from the raw tables (ticket, ticket_flow, callback_task) with the same
 * orderFacts the events use, in one consistent snapshot, and reports every difference: per order
 * (stored contribution vs recount) and per rollup cell. With `fix`, replaces both with the recount.
 */
@Injectable()
export class KpiReconciler {
  private readonly cal: CityCalendar;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {
    this.cal = new CityCalendar(config.CITY_TIMEZONE);
  }

  async run(opts: ReconcileOptions = {}): Promise<ReconcileReport> {
    const report = await this.runOrders(opts);
    const t0 = Date.now();
    report.callDifferences = await this.compareCallDays();
    if (opts.fix && report.callDifferences.length) {
      const days = [...new Set(report.callDifferences.map((d) => d.day))];
      await countCallDays(this.dataSource, days, this.cal, this.config.CTI_ANSWER_WITHIN_SECONDS);
      report.fixed = true;
    }
    report.seconds += (Date.now() - t0) / 1000;
    return report;
  }

  private runOrders(opts: ReconcileOptions): Promise<ReconcileReport> {
    const t0 = Date.now();
    const limit = opts.limit ?? 1000;
    const batch = opts.batch ?? 10_000;
    const log = opts.log ?? (() => undefined);
    return this.dataSource.transaction('REPEATABLE READ', async (m) => {
      if (opts.fix) await m.query('LOCK TABLE kpi_daily, kpi_order_contribution IN EXCLUSIVE MODE');
      await m.query(`CREATE TEMP TABLE kpi_recount_fact ON COMMIT DROP AS SELECT ${FACT_COLUMNS.join(', ')} FROM kpi_daily WITH NO DATA`);
      const [{ lo, hi }] = (await m.query(`SELECT min(id)::text AS lo, max(id)::text AS hi FROM ticket`)) as { lo: string; hi: string }[];
      const report: ReconcileReport = {
        orders: 0,
        ordersDiffering: 0,
        orderSamples: [],
        rollupDifferences: 0,
        differences: [],
        callDifferences: [],
        fixed: false,
        seconds: 0,
      };
      for (let start = lo === null ? 1n : BigInt(lo); lo !== null && start <= BigInt(hi); start += BigInt(batch)) {
        const end = start + BigInt(batch) - 1n;
        await this.recountRange(m, String(start), String(end), report, limit, opts.fix === true);
        if ((start / BigInt(batch)) % 20n === 0n) log(`recounted orders up to id ${end} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
      }
      await m.query(`CREATE TEMP TABLE kpi_recount_daily ON COMMIT DROP AS ${rollupSelect('kpi_recount_fact')}`);
      await this.compareRollup(m, report, limit);
      if (opts.fix && (report.rollupDifferences > 0 || report.ordersDiffering > 0)) {
        // Only the rows that differ are touched; a first fill inserts in key order, so each grain's
        // partition reads a range of days from neighbouring pages.
        const key = ROLLUP_KEY.map((k) => `a.${k} = b.${k}`).join(' AND ');
        await m.query(`DELETE FROM kpi_daily a WHERE NOT EXISTS (SELECT 1 FROM kpi_recount_daily b WHERE ${key})`);
        await m.query(
          `INSERT INTO kpi_daily (${ROLLUP_KEY.join(', ')}, ${COUNTERS.join(', ')})
           SELECT * FROM kpi_recount_daily ORDER BY ${ROLLUP_KEY.join(', ')}
           ON CONFLICT ON CONSTRAINT kpi_daily_pkey DO UPDATE SET ${COUNTERS.map((c) => `${c} = excluded.${c}`).join(', ')}
           WHERE (${COUNTERS.map((c) => `kpi_daily.${c}`).join(', ')}) IS DISTINCT FROM (${COUNTERS.map((c) => `excluded.${c}`).join(', ')})`,
        );
        // Contributions of orders deleted behind the platform's back (a benchmark's trim) go too.
        await m.query(`DELETE FROM kpi_order_contribution c WHERE NOT EXISTS (SELECT 1 FROM ticket t WHERE t.id = c.ticket_id)`);
        report.fixed = true;
      }
      report.seconds = (Date.now() - t0) / 1000;
      return report;
    });
  }

  private async recountRange(m: EntityManager, from: string, to: string, report: ReconcileReport, limit: number, fix: boolean) {
    const orders = await loadOrders(m, { fromId: from, toId: to });
    const stored = new Map<string, { facts: Facts; lagging: boolean }>();
    for (const r of (await m.query(
      `SELECT c.ticket_id::text AS id, c.facts, c.computed_at < t.updated_at AS lagging
       FROM kpi_order_contribution c JOIN ticket t ON t.id = c.ticket_id WHERE c.ticket_id BETWEEN $1 AND $2`,
      [from, to],
    )) as { id: string; facts: Record<string, string>; lagging: boolean }[]) {
      stored.set(r.id, { facts: decodeFacts(r.facts), lagging: r.lagging });
    }
    const all: Facts = new Map();
    const rewrite: { id: string; facts: Record<string, string> }[] = [];
    for (const o of orders) {
      report.orders++;
      const facts = orderFacts(o, this.cal);
      for (const [key, row] of facts) {
        const sum = all.get(key);
        if (sum) row.forEach((n, i) => (sum[i] += n));
        else all.set(key, [...row]);
      }
      const s = stored.get(o.id);
      if (sameFacts(s?.facts ?? new Map(), facts)) continue;
      report.ordersDiffering++;
      if (limit === 0 || report.orderSamples.length < limit) report.orderSamples.push({ ticketId: o.id, lagging: s?.lagging ?? false });
      // Child orders keep no contribution row.
      if (fix && o.parentId === null) rewrite.push({ id: o.id, facts: encodeFacts(facts) });
      if (fix && o.parentId !== null) await m.query(`DELETE FROM kpi_order_contribution WHERE ticket_id = $1`, [o.id]);
    }
    if (all.size) {
      const src = factsSource(all);
      await m.query(`INSERT INTO kpi_recount_fact SELECT * FROM ${src.sql}`, src.params);
    }
    if (rewrite.length) {
      await m.query(
        `INSERT INTO kpi_order_contribution (ticket_id, facts, computed_at)
         SELECT id, facts, now() FROM unnest($1::bigint[], $2::jsonb[]) AS x(id, facts)
         ON CONFLICT (ticket_id) DO UPDATE SET facts = excluded.facts, computed_at = excluded.computed_at`,
        [rewrite.map((r) => r.id), rewrite.map((r) => JSON.stringify(r.facts))],
      );
    }
  }

  private async compareRollup(m: EntityManager, report: ReconcileReport, limit: number) {
    const stored = `(SELECT * FROM kpi_daily WHERE ${COUNTERS.map((c) => `${c} <> 0`).join(' OR ')})`;
    const diff = (await m.query(
      `WITH j AS (
         SELECT ${ROLLUP_KEY.map((k) => `coalesce(a.${k}, b.${k}) AS ${k}`).join(', ')},
           ${COUNTERS.map((c) => `coalesce(a.${c}, 0) AS s_${c}, coalesce(b.${c}, 0) AS r_${c}`).join(', ')}
         FROM ${stored} a FULL JOIN kpi_recount_daily b USING (${ROLLUP_KEY.join(', ')}))
       SELECT j.grain, j.day::text AS day, j.unit_id, j.district_id, j.street_id, j.category_id, j.channel, j.hotline_id, j.cannot_do,
         d.counter, d.stored, d.recount, count(*) OVER () AS total
       FROM j CROSS JOIN LATERAL (VALUES ${COUNTERS.map((c) => `('${c}', j.s_${c}, j.r_${c})`).join(', ')}) AS d(counter, stored, recount)
       WHERE d.stored <> d.recount
       ORDER BY j.grain, j.day, j.unit_id, j.district_id, j.street_id, j.category_id, j.channel, j.hotline_id, j.cannot_do, d.counter
       ${limit ? `LIMIT ${Number(limit)}` : ''}`,
    )) as Record<string, any>[];
    report.rollupDifferences = diff.length ? Number(diff[0].total) : 0;
    report.differences = diff.map((r) => ({
      grain: r.grain,
      day: r.day,
      unitId: r.unit_id,
      districtId: r.district_id,
      streetId: r.street_id,
      categoryId: r.category_id,
      channel: r.channel,
      hotlineId: r.hotline_id,
      cannotDo: r.cannot_do,
      counter: r.counter,
      stored: r.stored,
      recount: r.recount,
    }));
  }

  /** The counted days of kpi_call_daily against call_record counted now by callKpiSelect. */
  private async compareCallDays(): Promise<ReconcileReport['callDifferences']> {
    const counters = ['offered', 'answered', 'abandoned', 'answered_within'];
    const [span] = (await this.dataSource.query(`SELECT min(day)::text AS lo, (max(day) + 1)::text AS hi FROM kpi_call_daily`)) as {
      lo: string | null;
      hi: string | null;
    }[];
    if (!span.lo || !span.hi) return [];
    const rows = (await this.dataSource.query(
      `WITH recount AS (
         SELECT k.* FROM (${callDaysSelect(span.lo, span.hi)}) k WHERE k.day IN (SELECT day FROM kpi_call_daily)),
       j AS (
         SELECT coalesce(s.day, r.day) AS day, coalesce(s.hotline_id, r.hotline_id) AS hotline_id,
           ${counters.map((c) => `coalesce(s.${c}, 0) AS s_${c}, coalesce(r.${c}, 0) AS r_${c}`).join(', ')}
         FROM (SELECT * FROM kpi_call_daily WHERE hotline_id <> 0) s FULL JOIN recount r USING (day, hotline_id))
       SELECT j.day::text AS day, j.hotline_id, d.counter, d.stored, d.recount
       FROM j CROSS JOIN LATERAL (VALUES ${counters.map((c) => `('${c}', j.s_${c}, j.r_${c})`).join(', ')}) AS d(counter, stored, recount)
       WHERE d.stored <> d.recount ORDER BY 1, 2, 3`,
      [this.config.CTI_ANSWER_WITHIN_SECONDS, this.cal.timeZone],
    )) as Record<string, any>[];
    return rows.map((r) => ({ day: r.day, hotlineId: r.hotline_id, counter: r.counter, stored: r.stored, recount: r.recount }));
  }
}
