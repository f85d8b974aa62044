/**
 * `npm run bench:core [-- --orders N] [--reuse] [--duration S]`: the core benchmark.
 * Loads a year of orders into hotline_bench, measures PostgreSQL's own insert ceiling with pgbench,
 * then the API's registration path (Fastify and Express) and its read paths against that ceiling.
 * It is a benchmark, not a test: unmet goals still exit 0; broken runs (non-2xx, a crash) exit 1.
 */
import 'reflect-metadata';
import { runMigrations } from '@app/common';
import { Client } from 'pg';
import { ensureBuilt, startApi } from './api-process';
import { BENCH_DB, connect, loadedOrders, recreateDatabase, withDatabase } from './db';
import { explain, handlerInboxQueries } from './explain';
import { RegistrationFigures, httpRequest, login, loadRegistration, sequentialLatency } from './http';
import { describeData, loadData, trimToLoaded } from './load';
import { AGENT_USERNAME, BENCH_PASSWORD } from './org';
import { RAW_INSERT_SCRIPT, registerScript, runPgbench } from './pgbench';
import { Registration, registration } from './registration';
import { Results, evaluateGoals, newResults, printSummary, writeResults } from './report';
import { fmt, log, printTable } from './util';

const CONNECTIONS = 32;
const WARMUP_SECONDS = 3;
const READS = { warmup: 30, requests: 300 };

function parseArgs(argv: string[]): Results['options'] {
  const o = { orders: 1_000_000, reuse: false, duration: 15 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--reuse') o.reuse = true;
    else if (a === '--orders' || a === '--duration') {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 1) throw new Error(`${a} needs a positive integer`);
      o[a === '--orders' ? 'orders' : 'duration'] = v;
    } else throw new Error(`unknown option ${a} (use --orders N, --reuse, --duration S)`);
  }
  if (o.orders > 99_999_999) throw new Error('--orders: at most 99,999,999 (order numbers have 8 digits)');
  return o;
}

/** Each measurement starts without the previous one's dirty pages to flush. */
const checkpoint = (db: Client) => db.query('CHECKPOINT').catch(() => undefined);

async function prepareDatabase(adminUrl: string, r: Results): Promise<string> {
  const url = withDatabase(adminUrl, BENCH_DB);
  const have = r.options.reuse ? await loadedOrders(adminUrl) : null;
  if (have !== null && have >= r.options.orders) {
    log(`reusing ${BENCH_DB} (${fmt(have)} orders loaded)`);
    await runMigrations(url);
    const db = await connect(url);
    try {
      const trimmed = await trimToLoaded(db, have);
      if (trimmed) log(`removed ${fmt(trimmed)} orders registered by earlier runs`);
      r.load = {
        orders: have,
        seconds: { org: 0, orders: 0, flow: 0, indexes: 0, vacuum: 0, total: 0 },
        reused: true,
        ...(await describeData(db)),
      };
    } finally {
      await db.end();
    }
    return url;
  }
  log(`creating ${BENCH_DB} and loading ${fmt(r.options.orders)} orders`);
  await recreateDatabase(adminUrl);
  await runMigrations(url);
  r.load = { ...(await loadData(url, r.options.orders)), reused: false };
  const s = r.load.seconds;
  printTable('Load', [
    ['step', 'seconds'],
    ['organisation', s.org.toFixed(1)],
    ['orders (INSERT ... SELECT, 2 connections)', s.orders.toFixed(1)],
    ['flow records', s.flow.toFixed(1)],
    ['secondary indexes (dropped before, rebuilt after)', s.indexes.toFixed(1)],
    ['VACUUM ANALYZE', s.vacuum.toFixed(1)],
    ['total (with CHECKPOINT)', s.total.toFixed(1)],
  ]);
  return url;
}

function printData(r: Results): void {
  const l = r.load!;
  printTable('Rows', [['table', 'rows'], ...Object.entries(l.counts).map(([t, n]) => [t, n])]);
  printTable('Order states', [['state', 'share'], ...Object.entries(l.stateShare).map(([s, x]) => [s, `${(x * 100).toFixed(2)}%`])]);
}

async function measurePgbench(url: string, db: Client, reg: Registration, r: Results): Promise<void> {
  const opts = { clients: CONNECTIONS, threads: 2, seconds: Math.round((r.options.duration * 4) / 3) };
  await db.query('DROP TABLE IF EXISTS bench_insert');
  await db.query('CREATE TABLE bench_insert (id bigserial PRIMARY KEY, payload text, created_at timestamptz DEFAULT now())');
  await checkpoint(db);
  log(`pgbench (a) raw insert: ${opts.clients} clients, ${opts.seconds} s`);
  r.pgbench.rawInsert = await runPgbench(url, 'raw_insert', RAW_INSERT_SCRIPT, opts);
  await checkpoint(db);
  log(`pgbench (b) register CTE: ${opts.clients} clients, ${opts.seconds} s`);
  r.pgbench.registerCte = await runPgbench(url, 'register_cte', registerScript(reg), opts);
  printTable('PostgreSQL ceiling (pgbench -M prepared, -c 32 -j 2)', [
    ['script', 'tps', 'avg latency ms', 'transactions'],
    ...[r.pgbench.rawInsert, r.pgbench.registerCte].map((p) => [p.name, fmt(p.tps), p.latencyAvgMs.toFixed(2), p.transactions]),
  ]);
}

/** The handler unit (district or department) whose inbox holds the most open orders, and its subtree. */
async function biggestUnit(db: Client) {
  const { rows } = await db.query(`
    SELECT u.id, u.name, u.path, au.username, count(*)::int AS open
    FROM unit u JOIN app_user au ON au.unit_id = u.id AND au.role = 'handler'
    JOIN unit s ON s.path LIKE u.path || '%'
    JOIN ticket t ON t.lead_unit_id = s.id AND t.state IN ('dispatched','return_requested','in_progress','extension_requested','replied')
    GROUP BY 1, 2, 3, 4 ORDER BY open DESC LIMIT 1`);
  const u = rows[0];
  const scope = (await db.query(`SELECT id FROM unit WHERE path LIKE $1 || '%' ORDER BY id`, [u.path])).rows.map((x) => x.id as number);
  return { id: u.id as number, name: u.name as string, handler: u.username as string, scope };
}

async function measureReads(base: string, db: Client, r: Results): Promise<void> {
  const unit = await biggestUnit(db);
  const token = await login(base, unit.handler, BENCH_PASSWORD);
  const first = await httpRequest('GET', `${base}/tickets/inbox?tab=in_progress`, undefined, token);
  if (first.status !== 200) throw new Error(`inbox: ${first.status} ${JSON.stringify(first.body)}`);
  r.reads.unit = { id: unit.id, name: unit.name, handler: unit.handler, scopeUnits: unit.scope.length, counts: first.body.counts };
  log(`reads as ${unit.handler} (${unit.name}, ${unit.scope.length} units in scope): tab counts ${JSON.stringify(first.body.counts)}`);
  const n = READS.warmup + READS.requests;
  const ids = (await db.query('SELECT id FROM ticket WHERE lead_unit_id = ANY($1) ORDER BY random() LIMIT $2', [unit.scope, n])).rows.map(
    (x) => x.id as string,
  );
  for (const tab of ['to_sign', 'in_progress', 'due_soon', 'overdue', 'returned', 'awaiting_approval']) {
    r.reads.latencies.push(await sequentialLatency(`inbox ${tab}`, base, token, () => `/tickets/inbox?tab=${tab}`, READS));
  }
  r.reads.latencies.push(await sequentialLatency('detail /tickets/:id', base, token, (i) => `/tickets/${ids[i % ids.length]}`, READS));
  printTable(`Read latency (fastify, one request at a time, ${READS.requests} after ${READS.warmup} warm-up)`, [
    ['request', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'non-2xx'],
    ...r.reads.latencies.map((l) => [l.name, l.p50Ms.toFixed(1), l.p95Ms.toFixed(1), l.p99Ms.toFixed(1), l.maxMs.toFixed(1), l.non2xx]),
  ]);
  if (r.reads.latencies.some((l) => l.non2xx > 0)) throw new Error('read requests answered non-2xx (see above)');

  for (const [name, q] of Object.entries(handlerInboxQueries('in_progress', unit.id, unit.scope))) {
    r.explain.push(await explain(db, `inbox ${name} (${unit.name})`, q.sql, q.params));
  }
  for (const e of r.explain) {
    console.log(
      `\nEXPLAIN (ANALYZE, BUFFERS) ${e.query}: execution ${e.executionMs.toFixed(2)} ms, planning ${e.planningMs.toFixed(2)} ms,`,
    );
    console.log(`  buffers hit ${e.sharedHit}, read ${e.sharedRead}; indexes: ${e.indexes.join(', ') || 'none'}`);
    for (const line of e.nodes) console.log(`  ${line}`);
  }
}

async function measureApi(adapter: 'fastify' | 'express', url: string, redisUrl: string, reg: Registration, db: Client, r: Results) {
  await checkpoint(db);
  log(`starting the api (${adapter})`);
  const api = await startApi({ databaseUrl: url, redisUrl, adapter });
  try {
    const token = await login(api.base, AGENT_USERNAME, BENCH_PASSWORD);
    const probe = await httpRequest('POST', `${api.base}/tickets`, reg.body, token);
    if (probe.status !== 201) throw new Error(`POST /tickets (${adapter}): ${probe.status} ${JSON.stringify(probe.body)}`);
    log(`POST /tickets (${adapter}): ${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up, ${r.options.duration} s measured`);
    const f: RegistrationFigures = await loadRegistration(api.base, token, reg.body, {
      connections: CONNECTIONS,
      warmupSeconds: WARMUP_SECONDS,
      seconds: r.options.duration,
    });
    r.registration[adapter] = f;
    if (f.non2xx > 0 || f.errors > 0 || !api.alive()) {
      throw new Error(
        `POST /tickets (${adapter}): ${f.non2xx} non-2xx, ${f.errors} errors, statuses ${JSON.stringify(f.statusCodes)}\n${api.tail()}`,
      );
    }
    if (adapter === 'fastify') await measureReads(api.base, db, r);
    if (!api.alive()) throw new Error(`api (${adapter}) exited during the run:\n${api.tail()}`);
  } finally {
    await api.stop();
  }
}

function printRegistration(r: Results): void {
  const raw = r.pgbench.rawInsert?.tps ?? NaN;
  const cte = r.pgbench.registerCte?.tps ?? NaN;
  const entries = Object.entries(r.registration);
  printTable(`Registration POST /tickets (${CONNECTIONS} connections, ${r.options.duration} s after ${WARMUP_SECONDS} s warm-up)`, [
    ['', ...entries.map(([a]) => a)],
    ['orders/s', ...entries.map(([, f]) => fmt(f.requestsPerSecond))],
    ['requests', ...entries.map(([, f]) => fmt(f.requests))],
    ['p50 ms', ...entries.map(([, f]) => String(f.p50Ms))],
    ['p90 ms', ...entries.map(([, f]) => String(f.p90Ms))],
    ['p99 ms', ...entries.map(([, f]) => String(f.p99Ms))],
    ['max ms', ...entries.map(([, f]) => String(f.maxMs))],
    ['non-2xx', ...entries.map(([, f]) => String(f.non2xx))],
    ['vs pgbench (a) raw insert', ...entries.map(([, f]) => `${((f.requestsPerSecond / raw) * 100).toFixed(1)}%`)],
    ['vs pgbench (b) register CTE', ...entries.map(([, f]) => `${((f.requestsPerSecond / cte) * 100).toFixed(1)}%`)],
  ]);
}

async function main(): Promise<void> {
  const r = newResults(parseArgs(process.argv.slice(2)));
  const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  r.notes.push(
    'no worker runs: outbox rows accumulate during the runs (the relay is its own process in production)',
    'autocannon, the api and PostgreSQL share the same cores; pgbench likewise competes with the server it measures',
    'only /auth/login is throttled; the bench logs in once per user and api process',
  );
  let failed = false;
  let db: Client | undefined;
  try {
    const url = await prepareDatabase(adminUrl, r);
    printData(r);
    db = await connect(url);
    r.machine.postgres = (await db.query('SHOW server_version')).rows[0].server_version;
    const reg = await registration(db);
    await measurePgbench(url, db, reg, r);
    ensureBuilt();
    for (const adapter of ['fastify', 'express'] as const) await measureApi(adapter, url, redisUrl, reg, db, r);
    printRegistration(r);
    const [fa, ex] = [r.registration.fastify!.requestsPerSecond, r.registration.express!.requestsPerSecond];
    if (Math.abs(fa - ex) / Math.max(fa, ex) < 0.1) {
      r.notes.push('fastify and express are within 10% of each other: the adapter is not what limits registration on this machine');
    }
  } catch (e) {
    failed = true;
    r.error = e instanceof Error ? e.message : String(e);
    console.error(`\nBENCHMARK BROKEN: ${e instanceof Error ? e.message : e}`);
  } finally {
    await db?.end().catch(() => undefined);
  }
  evaluateGoals(r);
  printSummary(r);
  console.log(`\nresults written to ${await writeResults(r)}`);
  process.exitCode = failed ? 1 : 0;
}

void main();
