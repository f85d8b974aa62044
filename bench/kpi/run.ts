/**
 * `npm run bench:kpi [-- --orders N] [--runs N] [--rebuild]`: KPI tables over a year of orders.
 * Reuses bench/core's database (hotline_bench; loaded by its loader when missing), adds callback tasks
 * and a year of call records, builds the KPI rollup with the reconcile (--fix) the first time, then
 * times KpiService.table (the service behind GET /kpi, without HTTP) for several cuts, and the
 * reconcile itself. A benchmark, not a test: it prints numbers; only a broken run exits 1.
 */
import 'reflect-metadata';
import { ConfigModule, DatabaseModule } from '@app/common';
import { AuthUser } from '@app/identity';
import { KpiEvents, KpiModule, KpiQuery, KpiReconciler, KpiService, addDays } from '@app/kpi';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { cpus, totalmem } from 'os';
import { Client } from 'pg';
import { connect } from '../core/db';
import { CENTRE_UNIT_ID } from '../core/org';
import { fmt, log, percentile, printTable, timed } from '../core/util';
import { ensureActivity } from './activity';
import { ensureBenchData } from './data';

@Module({ imports: [ConfigModule, DatabaseModule, KpiModule] })
class BenchKpiModule {}

function parseArgs(argv: string[]) {
  const o = { orders: 1_000_000, runs: 30, rebuild: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--rebuild') o.rebuild = true;
    else if (a === '--orders' || a === '--runs') {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 1) throw new Error(`${a} needs a positive integer`);
      o[a === '--orders' ? 'orders' : 'runs'] = v;
    } else throw new Error(`unknown option ${a} (use --orders N, --runs N, --rebuild)`);
  }
  return o;
}

const centre: AuthUser = { userId: 0, username: 'bench_manager', role: 'manager', unitId: CENTRE_UNIT_ID };

async function time(name: string, runs: number, fn: () => Promise<{ rows: unknown[]; grain: number | null }>) {
  for (let i = 0; i < 3; i++) await fn();
  const ms: number[] = [];
  let last = { rows: [] as unknown[], grain: null as number | null };
  for (let i = 0; i < runs; i++) {
    const [r, s] = await timed(fn);
    ms.push(s * 1000);
    last = r;
  }
  ms.sort((a, b) => a - b);
  return { name, rows: last.rows.length, grain: last.grain, p50: percentile(ms, 50), p95: percentile(ms, 95), max: ms[ms.length - 1] };
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const url = await ensureBenchData(adminUrl, o.orders);
  const db: Client = await connect(url);
  const now = new Date();
  // The app's configuration, pointed at the bench database; the bench signs no tokens.
  Object.assign(process.env, {
    DATABASE_URL: url,
    JWT_SECRET: process.env.JWT_SECRET ?? 'bench-kpi-does-not-sign-tokens-000000',
    LOG_LEVEL: 'warn',
  });
  const app = await NestFactory.createApplicationContext(BenchKpiModule, { logger: ['error', 'warn'] });
  try {
    const loadedAt = (await db.query('SELECT max(received_at) AS at FROM ticket')).rows[0].at as Date;
    await ensureActivity(db, loadedAt);
    const counts = async (t: string) => Number((await db.query(`SELECT count(*)::bigint AS n FROM ${t}`)).rows[0].n);
    const reconciler = app.get(KpiReconciler);
    if (o.rebuild || (await counts('kpi_order_contribution')) === 0) {
      log('building the KPI rollup from the raw tables (reconcile --fix)');
      const r = await reconciler.run({ fix: true, limit: 5, log });
      await db.query('VACUUM (ANALYZE) kpi_daily, kpi_order_contribution');
      log(`rollup built in ${r.seconds.toFixed(1)} s from ${fmt(r.orders)} orders`);
    }
    const rows = (await db.query(`SELECT grain, count(*)::int AS n FROM kpi_daily GROUP BY 1 ORDER BY 1`)).rows;
    printTable('kpi_daily rows by grain', [['grain', 'rows'], ...rows.map((r) => [String(r.grain), r.n])]);
    const sizes = (
      await db.query(
        `SELECT t AS relname, pg_size_pretty(coalesce((SELECT sum(pg_total_relation_size(relid)) FROM pg_partition_tree(t::regclass)), pg_total_relation_size(t::regclass))) AS size
         FROM unnest(ARRAY['ticket', 'kpi_daily', 'kpi_order_contribution', 'kpi_call_daily']) AS t`,
      )
    ).rows;
    printTable('Sizes (with indexes)', [['table', 'size'], ...sizes.map((r) => [r.relname, r.size])]);

    const kpi = app.get(KpiService);
    const city = kpi.cal;
    const today = city.today(now);
    const year: KpiQuery = { period: 'custom', from: addDays(today, -365), to: addDays(today, 1) };
    const [district] = (
      await db.query(
        `SELECT u.id, count(*) AS n FROM unit u JOIN ticket t ON t.lead_unit_id = u.id WHERE u.type = 'district' GROUP BY 1 ORDER BY 2 DESC LIMIT 1`,
      )
    ).rows;
    const handler: AuthUser = { userId: 0, username: 'bench_handler', role: 'handler', unitId: district.id };
    const table =
      (q: KpiQuery, user = centre) =>
      () =>
        kpi.table(user, q);
    const cases = [
      ['year by unit, all KPIs', table({ ...year, groupBy: 'unit' })],
      ['year by unit, with sub-units', table({ ...year, groupBy: 'unit', includeSubUnits: true })],
      ['year by district', table({ ...year, groupBy: 'district' })],
      ['year by street', table({ ...year, groupBy: 'street' })],
      ['year by category level 1', table({ ...year, groupBy: 'category1' })],
      ['year by channel', table({ ...year, groupBy: 'channel' })],
      ['year by hotline (with call KPIs)', table({ ...year, groupBy: 'hotline' })],
      ['year by month', table({ ...year, groupBy: 'period', period: 'month', from: addDays(today, -330), to: addDays(today, 1) })],
      [
        'year, one district + sub-units, by category 1',
        table({ ...year, groupBy: 'category1', unitId: district.id, includeSubUnits: true }),
      ],
      ['year, district handler, by unit', table({ ...year, groupBy: 'unit', includeSubUnits: true }, handler)],
      [
        'league: year, units by on-time completion',
        async () => {
          const l = await kpi.league(centre, { ...year, kpi: 'onTimeCompletionRate' });
          return { rows: l.rows, grain: 1 };
        },
      ],
    ] as const;
    // The phone KPIs count settled days of call_record once, when a table first needs them: time that first request.
    await db.query('TRUNCATE kpi_call_daily');
    const [, coldCalls] = await timed(() => kpi.table(centre, { ...year, groupBy: 'hotline', kpis: 'connectionRate,answer15Rate' }));
    log(`first year of phone KPIs (counts ${fmt(await counts('kpi_call_daily'))} day × line rows): ${(coldCalls * 1000).toFixed(0)} ms`);
    const results = [];
    for (const [name, fn] of cases) {
      const r = await time(name, o.runs, fn);
      results.push(r);
      log(`${name}: p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms`);
    }
    printTable(`KPI tables over ${year.from}..${year.to} (${fmt(o.orders)} orders; KpiService.table, ${o.runs} runs after 3 warm-up)`, [
      ['table', 'grain', 'rows', 'p50 ms', 'p95 ms', 'max ms'],
      ...results.map((r) => [r.name, String(r.grain ?? '-'), r.rows, r.p50.toFixed(1), r.p95.toFixed(1), r.max.toFixed(1)]),
    ]);

    // Rollup maintenance: one order event (the order unchanged, so this is the read-and-compare cost).
    const ids = (await db.query(`SELECT id FROM ticket ORDER BY random() LIMIT 200`)).rows.map((r) => String(r.id));
    const events = app.get(KpiEvents);
    const ev: number[] = [];
    for (const id of ids) ev.push((await timed(() => events.onOrderEvent(id)))[1] * 1000);
    ev.sort((a, b) => a - b);
    log(`onOrderEvent (200 random orders): p50 ${percentile(ev, 50).toFixed(1)} ms, p95 ${percentile(ev, 95).toFixed(1)} ms`);

    const [check, seconds] = await timed(() => reconciler.run({ limit: 10 }));
    log(
      `reconcile (report only): ${fmt(check.orders)} orders in ${seconds.toFixed(1)} s; ` +
        `${check.ordersDiffering} orders and ${check.rollupDifferences} rollup cells differ`,
    );
    const goal = results[0];
    console.log(
      `\nmachine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; ` +
        `PostgreSQL ${(await db.query('SHOW server_version')).rows[0].server_version}; ${now.toISOString().slice(0, 10)}`,
    );
    console.log(`goal: a year cut by unit < 200 ms: p95 ${goal.p95.toFixed(1)} ms ${goal.p95 < 200 ? 'MET' : 'NOT MET'}`);
  } finally {
    await app.close();
    await db.end();
  }
}

main().catch((e) => {
  console.error(`\nBENCHMARK BROKEN: ${e instanceof Error ? (e.stack ?? e.message) : e}`);
  process.exitCode = 1;
});
