/**
 * `npm run bench:intake [-- --seconds S] [--clients N]`: intake throughput, end to end.
 *  - WeChat safe mode: a signed, AES-encrypted message in, the intake record and the order committed,
 *    the encrypted passive reply out and checked (bench/intake/wechat.ts);
 *  - web submissions: POST /public/appeals, each a new citizen and a new submission id, answered only
 *    once the order is durable.
 * The api runs as a child process (dist, production settings) on a fresh database built from the
 * migrations. It is a benchmark, not a test: it prints figures and exits 0 unless the run broke.
 */
import 'reflect-metadata';
import { runMigrations } from '@app/common';
import autocannon from 'autocannon';
import { randomBytes } from 'crypto';
import { ensureBuilt, startApi } from '../core/api-process';
import { connect, withDatabase } from '../core/db';
import { fmt, log, printTable } from '../core/util';
import { benchWechat } from './wechat';

const DB = 'hotline_bench_intake';

function parseArgs(argv: string[]) {
  const o = { seconds: 15, clients: 16 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = Number(argv[++i]);
    if (!Number.isInteger(v) || v < 1) throw new Error(`${a} needs a positive integer`);
    if (a === '--seconds') o.seconds = v;
    else if (a === '--clients') o.clients = v;
    else throw new Error(`unknown option ${a} (use --seconds S, --clients N)`);
  }
  return o;
}

async function freshDatabase(adminUrl: string): Promise<string> {
  const admin = await connect(withDatabase(adminUrl, 'postgres'));
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${DB}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(adminUrl, DB);
  await runMigrations(url);
  const db = await connect(url);
  await db.query(`INSERT INTO hotline (number, name, mode) VALUES ('12345', '政务服务便民热线', 'primary')`);
  await db.end();
  return url;
}

async function benchWeb(base: string, clients: number, seconds: number) {
  let n = 0;
  const body = (i: number) =>
    JSON.stringify({
      submissionId: `bench-${process.pid}-${i}`,
      channel: i % 3 === 0 ? 'app' : 'web',
      name: '市民',
      phone: `136${String(i % 1e8).padStart(8, '0')}`,
      title: '小区门口占道经营',
      content: '幸福路18号小区门口每天早上有流动摊贩占道经营，行人只能走机动车道，希望有关部门处理。',
      address: '幸福路18号',
      longitude: 120.15,
      latitude: 30.28,
    });
  const run = (duration: number) =>
    autocannon({
      url: base,
      connections: clients,
      duration,
      headers: { 'content-type': 'application/json' },
      requests: [{ method: 'POST', path: '/public/appeals', setupRequest: (req) => ({ ...req, body: body(n++) }) }],
    });
  await run(3);
  const r = await run(seconds);
  return { perSecond: r['2xx'] / r.duration, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx + r.errors };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  ensureBuilt();
  const databaseUrl = await freshDatabase(adminUrl);
  const wechat = {
    token: randomBytes(8).toString('hex'),
    encodingAesKey: randomBytes(40)
      .toString('base64')
      .replace(/[^A-Za-z0-9]/g, '')
      .padEnd(43, 'a')
      .slice(0, 43),
    appId: `wx${randomBytes(8).toString('hex')}`,
  };
  const api = await startApi({
    databaseUrl,
    redisUrl,
    adapter: 'fastify',
    env: {
      WECHAT_TOKEN: wechat.token,
      WECHAT_ENCODING_AES_KEY: wechat.encodingAesKey,
      WECHAT_APP_ID: wechat.appId,
      // Every benchmark request comes from one address: lift the per-address limit out of the way.
      PUBLIC_RATE_PER_IP: '100000000',
    },
  });
  try {
    log(`WeChat AES: ${opts.clients} clients, ${opts.seconds} s`);
    const w = await benchWechat(api.base, { ...wechat, clients: opts.clients, seconds: opts.seconds, warmupSeconds: 3 });
    log(`web submissions: ${opts.clients} clients, ${opts.seconds} s`);
    const web = await benchWeb(api.base, opts.clients, opts.seconds);
    const db = await connect(databaseUrl);
    const { rows } = await db.query(`SELECT channel, count(*)::int AS n FROM intake_record GROUP BY channel ORDER BY channel`);
    await db.end();
    printTable('intake, end to end (durable before the answer)', [
      ['path', 'per second', 'p50 ms', 'p99 ms', 'failures'],
      ['WeChat AES message → order → encrypted reply', fmt(w.perSecond, 1), fmt(w.p50, 1), fmt(w.p99, 1), fmt(w.failures)],
      ['web submission → order', fmt(web.perSecond, 1), fmt(web.p50, 1), fmt(web.p99, 1), fmt(web.non2xx)],
    ]);
    printTable('intake records written', [['channel', 'records'], ...rows.map((r) => [r.channel, fmt(r.n)])]);
    if (w.failures > 0 || web.non2xx > 0) {
      console.error(`failures: ${w.firstFailure ?? ''}`);
      process.exitCode = 1;
    }
  } finally {
    await api.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
