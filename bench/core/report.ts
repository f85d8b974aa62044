import { execFileSync } from 'child_process';
import { mkdir, writeFile } from 'fs/promises';
import { cpus, loadavg, release, totalmem, type } from 'os';
import { join } from 'path';
import { PlanSummary } from './explain';
import { LatencyFigures, RegistrationFigures } from './http';
import { LoadFigures } from './load';
import { PgbenchFigures } from './pgbench';
import { fmt, printTable } from './util';

/** The goals the figures are judged against. */
export const GOALS = { registerShareOfRawInsert: 0.5, registerP99Ms: 50, inboxP95Ms: 20 };

export interface Results {
  machine: { cpu: string; cores: number; memoryGiB: number; os: string; node: string; postgres?: string; loadAvgAtStart: number[] };
  date: string;
  /** The code measured: HEAD, and whether the working tree differs from it. */
  commit: string;
  options: { orders: number; reuse: boolean; duration: number };
  load?: LoadFigures & { reused: boolean };
  pgbench: { rawInsert?: PgbenchFigures; registerCte?: PgbenchFigures };
  registration: Partial<Record<'fastify' | 'express', RegistrationFigures>>;
  reads: {
    unit?: { id: number; name: string; handler: string; scopeUnits: number; counts: Record<string, number> };
    latencies: LatencyFigures[];
  };
  explain: PlanSummary[];
  goals?: { name: string; target: string; actual: string; met: boolean }[];
  notes: string[];
  /** Set when the run broke (non-2xx, a crash, a failed step). */
  error?: string;
}

export function newResults(options: Results['options']): Results {
  return {
    machine: {
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
      os: `${type()} ${release()}`,
      node: process.version,
      loadAvgAtStart: loadavg().map((x) => Math.round(x * 100) / 100),
    },
    date: new Date().toISOString(),
    commit: gitCommit(),
    options,
    pgbench: {},
    registration: {},
    reads: { latencies: [] },
    explain: [],
    notes: [],
  };
}

function gitCommit(): string {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: join(__dirname, '..', '..'), encoding: 'utf8' }).trim();
    return `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain', '--', 'apps', 'libs', 'migrations') ? ' (modified)' : ''}`;
  } catch {
    return 'unknown';
  }
}

export function evaluateGoals(r: Results): void {
  const fastify = r.registration.fastify;
  const raw = r.pgbench.rawInsert?.tps;
  const inbox = r.reads.latencies.find((l) => l.name === 'inbox in_progress');
  r.goals = [];
  if (fastify && raw) {
    const share = fastify.requestsPerSecond / raw;
    r.goals.push({
      name: 'registration (fastify) vs raw insert (3a)',
      target: `>= ${GOALS.registerShareOfRawInsert * 100}%`,
      actual: `${(share * 100).toFixed(1)}%`,
      met: share >= GOALS.registerShareOfRawInsert,
    });
    r.goals.push({
      name: 'registration (fastify) p99',
      target: `<= ${GOALS.registerP99Ms} ms`,
      actual: `${fastify.p99Ms} ms`,
      met: fastify.p99Ms <= GOALS.registerP99Ms,
    });
  }
  if (inbox) {
    r.goals.push({
      name: 'inbox page p95 (tab in_progress)',
      target: `<= ${GOALS.inboxP95Ms} ms`,
      actual: `${inbox.p95Ms.toFixed(1)} ms`,
      met: inbox.p95Ms <= GOALS.inboxP95Ms,
    });
  }
}

export function printSummary(r: Results): void {
  const m = r.machine;
  const rows: (string | number)[][] = [
    ['figure', 'value'],
    ['machine', `${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB`],
    ['os / node / postgres', `${m.os} / ${m.node} / ${m.postgres ?? '?'}`],
    ['load average at start', m.loadAvgAtStart.join(' ')],
    ['date / commit', `${r.date} / ${r.commit}`],
    ['orders in the database', `${fmt(r.load?.counts.ticket ?? r.options.orders)} (requested ${fmt(r.options.orders)})`],
  ];
  if (r.load) {
    rows.push(['load', r.load.reused ? 'reused (--reuse)' : `${r.load.seconds.total.toFixed(1)} s`]);
    rows.push(['flow records per order', r.load.flowPerOrder.toFixed(2)]);
  }
  const pg = r.pgbench;
  if (pg.rawInsert) rows.push(['pgbench (a) raw insert', `${fmt(pg.rawInsert.tps)} tps (avg ${pg.rawInsert.latencyAvgMs} ms)`]);
  if (pg.registerCte) rows.push(['pgbench (b) register CTE', `${fmt(pg.registerCte.tps)} tps (avg ${pg.registerCte.latencyAvgMs} ms)`]);
  for (const [adapter, f] of Object.entries(r.registration)) {
    rows.push([
      `POST /tickets (${adapter})`,
      `${fmt(f.requestsPerSecond)} orders/s, p50 ${f.p50Ms} ms, p99 ${f.p99Ms} ms, non-2xx ${f.non2xx}` +
        (pg.rawInsert ? `, ${((f.requestsPerSecond / pg.rawInsert.tps) * 100).toFixed(1)}% of (a)` : '') +
        (pg.registerCte ? `, ${((f.requestsPerSecond / pg.registerCte.tps) * 100).toFixed(1)}% of (b)` : ''),
    ]);
  }
  for (const l of r.reads.latencies) {
    rows.push([`GET ${l.name}`, `p50 ${l.p50Ms.toFixed(1)} ms, p95 ${l.p95Ms.toFixed(1)} ms, p99 ${l.p99Ms.toFixed(1)} ms`]);
  }
  for (const e of r.explain) rows.push([`EXPLAIN ${e.query}`, `${e.executionMs.toFixed(2)} ms, ${e.indexes.join(', ') || 'no index'}`]);
  for (const g of r.goals ?? []) rows.push([`goal: ${g.name}`, `${g.met ? 'MET' : 'NOT MET'} (${g.actual}, target ${g.target})`]);
  printTable('Summary', rows, true);
  for (const n of r.notes) console.log(`note: ${n}`);
}

export async function writeResults(r: Results): Promise<string> {
  const dir = join(__dirname, '..', 'results');
  await mkdir(dir, { recursive: true });
  const file = join(dir, `core-${r.date.replace(/[:.]/g, '-')}.json`);
  await writeFile(file, JSON.stringify(r, null, 2) + '\n');
  return file;
}
