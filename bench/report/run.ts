/**
 * `npm run bench:report [-- --database URL] [--year Y] [--runs N] [--rebuild] [--skip-terms]`: the annual hotspot report
 * over a megacity year. Expects a database filled by `npm run seed:year -- --orders 20000000 --year Y
 * --previous` (default: the `hotline_year` database seed:year makes). Rebuilds the report rollups when
 * they are empty (or with --rebuild), then times:
 *   1. all figures of the city's annual report from the rollups (ReportFiguresService.compute), and a
 *      district's and a unit's;
 *   2. the whole job as the worker runs it (figures, model, charts, HTML, PDF, XLSX, CSV, store);
 *   3. the naive path on the same data: the same order figures aggregated from the raw ticket table.
 * A benchmark, not a test: it prints numbers; only a broken run exits 1.
 */
import 'reflect-metadata';
import { ConfigModule, DatabaseModule, QueueModule } from '@app/common';
import { AuthUser } from '@app/identity';
import {
  ReportFiguresService,
  ReportGenerator,
  ReportsModule,
  rebuildReportRollup,
  rebuildTermRollup,
  resolveReportPeriod,
} from '@app/reports';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { cpus, totalmem } from 'os';
import { DataSource } from 'typeorm';
import { percentile, timed } from '../core/util';
import { sumNaive } from './naive';

@Module({ imports: [ConfigModule, DatabaseModule, QueueModule, ReportsModule] })
class BenchReportModule {}

const log = (s: string) => console.log(`[bench:report] ${s}`);

function parseArgs(argv: string[]) {
  const o = { database: undefined as string | undefined, year: 2025, runs: 5, rebuild: false, skipTerms: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--rebuild') o.rebuild = true;
    else if (a === '--skip-terms') o.skipTerms = true;
    else if (a === '--database') o.database = argv[++i];
    else if (a === '--year' || a === '--runs') {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 1) throw new Error(`${a} needs a positive integer`);
      o[a === '--year' ? 'year' : 'runs'] = v;
    } else throw new Error(`unknown option ${a} (use --database URL, --year Y, --runs N, --rebuild, --skip-terms)`);
  }
  return o;
}

const median = (xs: number[]) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const url = o.database ?? process.env.REPORT_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hotline_year';
  Object.assign(process.env, {
    DATABASE_URL: url,
    JWT_SECRET: process.env.JWT_SECRET ?? 'bench-report-does-not-sign-tokens-0000',
    LOG_LEVEL: 'warn',
  });
  const app = await NestFactory.createApplicationContext(BenchReportModule, { logger: ['error', 'warn'] });
  // Peak memory of this process (the worker's role) while the job runs.
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  try {
    const ds = app.get<DataSource>(getDataSourceToken());
    const timezone = 'Asia/Shanghai';
    const n = async (sql: string) => Number((await ds.query(sql))[0].n);
    const orders = await n(`SELECT count(*)::bigint AS n FROM ticket`);
    const inYear = await n(
      `SELECT count(*)::bigint AS n FROM ticket WHERE received_at >= '${o.year}-01-01 00:00+08' AND received_at < '${o.year + 1}-01-01 00:00+08'`,
    );
    log(
      `machine: ${cpus().length} × ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB; database ${new URL(url).pathname.slice(1)}`,
    );
    log(`orders: ${orders.toLocaleString('en')} in all, ${inYear.toLocaleString('en')} received in ${o.year}`);

    if (o.rebuild || (await n(`SELECT count(*)::bigint AS n FROM (SELECT 1 FROM report_order_fact LIMIT 1) x`)) === 0) {
      const [r, s] = await timed(() => rebuildReportRollup(ds, { timezone, log }));
      log(
        `report rollup rebuilt in ${s.toFixed(1)} s (${Math.round(r.orders / s).toLocaleString('en')} orders/s): ${JSON.stringify(r.rows)}`,
      );
      if (o.skipTerms) log('term rollup NOT rebuilt (--skip-terms): the keyword figures read whatever it holds');
      else {
        const [t, ts] = await timed(() => rebuildTermRollup(ds, { timezone, log }));
        log(`term rollup rebuilt in ${ts.toFixed(1)} s: ${t.orders.toLocaleString('en')} orders, ${t.terms.toLocaleString('en')} rows`);
      }
    }
    const rows = (await ds.query(`SELECT grain, count(*)::int AS n FROM report_daily GROUP BY 1 ORDER BY 1`)) as {
      grain: number;
      n: number;
    }[];
    log(`report_daily rows by grain: ${rows.map((r) => `${r.grain}: ${r.n.toLocaleString('en')}`).join(', ')}`);

    const [manager] = (await ds.query(
      `SELECT u.id, u.username, u.unit_id FROM app_user u JOIN unit c ON c.id = u.unit_id
       WHERE u.role = 'manager' AND c.parent_id IS NULL ORDER BY u.id LIMIT 1`,
    )) as { id: number; username: string; unit_id: number }[];
    if (!manager) throw new Error('no manager at the centre: seed the city first (npm run seed:year)');
    const user: AuthUser = { userId: manager.id, username: manager.username, role: 'manager', unitId: manager.unit_id };
    const figures = app.get(ReportFiguresService);
    const period = resolveReportPeriod({ kind: 'year', year: o.year }, '9999-12-31');
    const [district] = (await ds.query(
      `SELECT t.district_id AS id FROM report_daily t WHERE grain = 4 AND district_id <> 0 GROUP BY 1 ORDER BY sum(received) DESC LIMIT 1`,
    )) as { id: number }[];
    const [unit] = (await ds.query(
      `SELECT unit_id AS id FROM report_daily WHERE grain = 4 AND unit_id <> 0 GROUP BY 1 ORDER BY sum(received) DESC LIMIT 1`,
    )) as { id: number }[];

    const results: string[][] = [['report', 'figures from rollups (median of runs)', 'max']];
    for (const [name, scopeReq] of [
      ['city, year', { level: 'city' as const }],
      ['largest district, year', { level: 'district' as const, id: district.id }],
      ['busiest unit, year', { level: 'unit' as const, id: unit.id }],
    ] as const) {
      const scope = await figures.resolveScope(user, scopeReq);
      const ms: number[] = [];
      for (let i = 0; i < o.runs + 1; i++) {
        const [, s] = await timed(() => figures.compute(user, scope, period));
        if (i > 0) ms.push(s); // the first run warms the caches
      }
      results.push([name, `${median(ms).toFixed(2)} s`, `${Math.max(...ms).toFixed(2)} s`]);
      log(`${name}: figures in ${median(ms).toFixed(2)} s (median of ${o.runs}), max ${Math.max(...ms).toFixed(2)} s`);
    }

    // The whole job, as the worker runs it.
    const [job] = (await ds.query(
      `INSERT INTO report_job (scope_level, scope_id, period_kind, period_from, period_to, requested_by)
       VALUES ('city', 0, 'year', $1, $2, $3) RETURNING id`,
      [period.from, period.to, user.userId],
    )) as { id: string }[];
    peakRss = process.memoryUsage().rss;
    const rssBefore = peakRss;
    const [done, jobSeconds] = await timed(() => app.get(ReportGenerator).run(String(job.id)));
    if (!done || done.state !== 'done') throw new Error(`the job ended ${done?.state}: ${JSON.stringify(done?.error)}`);
    const [engine] = (await ds.query(`SELECT pdf_engine FROM report_version WHERE report_id = $1 AND version = $2`, [
      done.report_id,
      done.report_version,
    ])) as {
      pdf_engine: string;
    }[];
    log(`whole job: ${jobSeconds.toFixed(1)} s (stages ${JSON.stringify(done.seconds)}), PDF by ${engine.pdf_engine}`);
    log(`memory: rss ${(rssBefore / 2 ** 20).toFixed(0)} MiB before the job, peak ${(peakRss / 2 ** 20).toFixed(0)} MiB during it`);

    // The naive path: the same order figures straight from the ticket table.
    const scope = await figures.resolveScope(user, { level: 'city' });
    const [, rollupOrders] = await timed(() => figures.orderFigures(scope, period));
    const [, naive] = await timed(() => sumNaive(ds, timezone, period));
    log(
      `order figures of the city's year: rollups ${rollupOrders.toFixed(2)} s, raw ticket table ${naive.toFixed(1)} s: ` +
        `the rollups are ${(naive / rollupOrders).toFixed(0)}× faster`,
    );
    console.log(
      [
        '',
        `| ${results[0].join(' | ')} |`,
        '|---|---|---|',
        ...results.slice(1).map((r) => `| ${r.join(' | ')} |`),
        `| whole job (city, year: figures, charts, HTML, PDF, XLSX, CSV, store) | ${jobSeconds.toFixed(1)} s | PDF by ${engine.pdf_engine} |`,
        `| order figures, rollups vs raw ticket table | ${rollupOrders.toFixed(2)} s vs ${naive.toFixed(1)} s | ${(naive / rollupOrders).toFixed(0)}× |`,
        `| peak memory of the process during the job | ${(peakRss / 2 ** 20).toFixed(0)} MiB | before: ${(rssBefore / 2 ** 20).toFixed(0)} MiB |`,
      ].join('\n'),
    );
  } finally {
    clearInterval(sampler);
    await app.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
