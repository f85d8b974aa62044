/**
 * `npm start`: one command from a fresh clone to a running platform. Starts (or reuses) PostgreSQL and
 * Redis, migrates, seeds demo data, then runs the api and the worker as child processes.
 * Uses DATABASE_URL / REDIS_URL when set; otherwise an embedded PostgreSQL in .data/pg and a private
 * redis-server, never the machine's own servers (their data is not ours to touch).
 */
import { ChildProcess, spawn } from 'child_process';
import { randomBytes } from 'crypto';
import { existsSync } from 'fs';
import { mkdir, readFile, writeFile } from 'fs/promises';
import { basename, join } from 'path';
import { createInterface } from 'readline';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, runMigrations } from '@app/common';
import { canConnectPostgres, canConnectRedis, ensurePostgres, ensureRedis, isPortFree, PgHandle, RedisHandle } from './services';
import { seedDemo } from './seed';
import { readCity } from './seed-year/city';
import { connect } from './seed-year/database';
import { generateYears, previousYearOrders } from './seed-year/generate';

/** Compiled: dist/scripts → repo root is two levels up; from source (ts-node): scripts → one level. */
const DIST_OR_SRC = join(__dirname, '..');
const ROOT = basename(DIST_OR_SRC) === 'dist' ? join(DIST_OR_SRC, '..') : DIST_OR_SRC;
const DATA = join(ROOT, '.data');
const DEMO_USERS_FILE = join(DATA, 'demo-users.txt');

const log = (s: string) => console.log(`[start] ${s}`);
/** Orders of each of the two synthetic years before the demo's live year: enough for a report with year-on-year changes. */
const DEMO_HISTORY_ORDERS = 12_000;

let pg: PgHandle | undefined;
let redis: RedisHandle | undefined;
const children: ChildProcess[] = [];
let stopping = false;

async function main(): Promise<void> {
  await mkdir(DATA, { recursive: true });
  const secrets = await secretsFromEnvOrFile();
  const port = Number(process.env.PORT || 3000);
  if (!(await isPortFree(port))) {
    throw new Error(`port ${port} is already in use (another \`npm start\`?). Stop it or set PORT=<another port>.`);
  }

  pg = await ensurePostgres({ dataDir: join(DATA, 'pg'), log, preferLocal: false });
  redis = await ensureRedis({ log, preferLocal: false });
  const databaseUrl = pg.embedded ? await ensureDatabase(pg.url, 'hotline') : pg.url;
  // A configured server that does not answer is the commonest first-run problem: say which one.
  if (!pg.embedded && !(await canConnectPostgres(databaseUrl, 5000))) {
    throw new Error(`cannot connect to DATABASE_URL (${new URL(databaseUrl).host}): is the server up and the database created?`);
  }
  if (!redis.spawned && !(await canConnectRedis(redis.url, 5000))) {
    throw new Error(`cannot connect to REDIS_URL (${new URL(redis.url).host}): is Redis running?`);
  }

  log('running migrations…');
  const applied = await runMigrations(databaseUrl, (line) => log(line));
  log(applied.length ? `${applied.length} migration(s) applied` : 'schema is up to date');
  const demoUsers = await seed(databaseUrl);

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    ...secrets,
    PORT: String(port),
    ATTACHMENT_DIR: process.env.ATTACHMENT_DIR ?? join(DATA, 'attachments'),
    NODE_ENV: process.env.NODE_ENV ?? 'development',
  };
  // Orders written by the seed (or before the KPI tables existed) have no rollup yet: fill it once.
  if (await rollupMissing(databaseUrl, 'kpi_order_contribution')) {
    log('filling the KPI rollup from the orders (npm run kpi:reconcile -- --fix)…');
    await runOnce(join(DIST_OR_SRC, 'scripts', 'kpi-reconcile'), ['--fix', '--limit', '3'], env);
  }
  if (await rollupMissing(databaseUrl, 'report_order_fact')) {
    log('filling the report rollups from the orders (npm run report:rebuild)…');
    await runOnce(join(DIST_OR_SRC, 'scripts', 'report-rebuild'), [], env);
  }
  startChild('api', join(DIST_OR_SRC, 'apps', 'api', 'src', 'main'), env);
  startChild('worker', join(DIST_OR_SRC, 'apps', 'worker', 'src', 'main'), env);

  if (await waitForHealth(port, 60_000)) {
    if (demoUsers.length) printUsers(demoUsers);
    const base = `http://localhost:${port}`;
    console.log(
      [
        '',
        '  12345 热线平台已启动 / hotline platform is up',
        `  API              ${base}`,
        `  OpenAPI docs     ${base}/api/docs`,
        `  Health           ${base}/health`,
        `  Metrics          ${base}/metrics`,
        `  Bull dashboard   ${base}/admin/queues`,
        `  Socket.IO        ${base}  (path /socket.io)`,
        '  Ctrl+C 停止 / to stop',
        '',
      ].join('\n'),
    );
  } else if (!stopping) {
    log(`warning: http://127.0.0.1:${port}/health did not answer 200 within 60 s; see the [api] output above`);
  }
}

/** Secrets a fresh demo needs, each made up on first start unless the environment sets it. */
const DEMO_SECRETS: Record<string, () => string> = {
  JWT_SECRET: () => randomBytes(48).toString('base64url'),
  CTI_WEBHOOK_SECRET: () => randomBytes(24).toString('hex'),
  SMS_WEBHOOK_SECRET: () => randomBytes(24).toString('hex'),
  WECHAT_TOKEN: () => randomBytes(12).toString('hex'),
  WECHAT_ENCODING_AES_KEY: () =>
    randomBytes(40)
      .toString('base64')
      .replace(/[^A-Za-z0-9]/g, '')
      .padEnd(43, 'x')
      .slice(0, 43),
  WECHAT_APP_ID: () => `wx${randomBytes(8).toString('hex')}`,
  OPEN311_API_KEYS: () => `demo_${randomBytes(16).toString('hex')}`,
};

/**
 * The JWT secret and the channels' secrets: from the environment, else generated on first start and kept
 * in .data/secrets.json (never in the repo), so the CTI simulator and test clients can sign with them.
 */
async function secretsFromEnvOrFile(): Promise<Record<string, string>> {
  if (process.env.JWT_SECRET && process.env.JWT_SECRET.length < 32) throw new Error('JWT_SECRET must be at least 32 characters');
  const file = join(DATA, 'secrets.json');
  const saved = JSON.parse(await readFile(file, 'utf8').catch(() => '{}')) as Record<string, string>;
  let changed = false;
  for (const [key, make] of Object.entries(DEMO_SECRETS)) {
    if (!saved[key]) {
      saved[key] = make();
      changed = true;
    }
  }
  if (changed) {
    await writeFile(file, JSON.stringify(saved, null, 2) + '\n', { mode: 0o600 });
    log(`generated secrets in ${file}`);
  }
  const out: Record<string, string> = {};
  for (const key of Object.keys(DEMO_SECRETS)) out[key] = process.env[key] || saved[key];
  return out;
}

/** Creates `name` next to the admin url's database if missing; returns the url pointing at it. */
async function ensureDatabase(adminUrl: string, name: string): Promise<string> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
      log(`created database "${name}"`);
    }
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

type DemoUser = { username: string; password: string; role: string; unit: string };

async function seed(url: string): Promise<DemoUser[]> {
  const ds = new DataSource(dataSourceOptions(url, { extra: { max: 2 } }));
  await ds.initialize();
  try {
    const { users, orders } = await seedDemo(ds);
    if (!users.length) {
      const hint = existsSync(DEMO_USERS_FILE) ? `; demo accounts from the first start are in ${DEMO_USERS_FILE}` : '';
      log(`database already has data, demo seeding skipped${hint}`);
      return [];
    }
    log(`seeded demo data: ${users.length} users, ${orders} orders`);
    await seedHistory(url);
    const table = formatUsers(users);
    console.log(`\n演示账号 / demo accounts (also saved to ${DEMO_USERS_FILE}):\n${table}\n`);
    // Passwords are shown only when they are created: keep them for later starts (.data is gitignored).
    await writeFile(DEMO_USERS_FILE, table + '\n', { mode: 0o600 });
    return users;
  } finally {
    await ds.destroy();
  }
}

/**
 * Two calendar years before the current one, generated in bulk (npm run seed:year), so that the hotspot
 * report of last year has a year before it to compare with, as a city importing its legacy orders would.
 */
async function seedHistory(url: string): Promise<void> {
  const year = new Date().getFullYear() - 1;
  const db = await connect(url);
  const city = await readCity(db).finally(() => db.end());
  log(`generating ${year - 1} and ${year} as history (seed:year, ${DEMO_HISTORY_ORDERS.toLocaleString('en')} orders a year)…`);
  await generateYears(
    url,
    [
      { year: year - 1, orders: previousYearOrders(city, DEMO_HISTORY_ORDERS), previous: true },
      { year, orders: DEMO_HISTORY_ORDERS, previous: false },
    ],
    () => undefined,
  );
}

function formatUsers(users: DemoUser[]): string {
  const rows = [['username', 'role', 'unit', 'password'], ...users.map((u) => [u.username, u.role, u.unit, u.password])];
  // CJK characters take two terminal columns.
  const width = (s: string) => [...s].reduce((n, ch) => n + (/[\u1100-\uffff]/.test(ch) ? 2 : 1), 0);
  const cols = rows[0].map((_, i) => Math.max(...rows.map((r) => width(r[i]))));
  const line = (r: string[]) => '  ' + r.map((c, i) => c + ' '.repeat(cols[i] - width(c))).join('  ');
  return [line(rows[0]), '  ' + cols.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/** After start-up, a reminder that fits on a screen: one account per role, the rest in the file. */
function printUsers(users: DemoUser[]): void {
  const perRole = users.filter((u, i) => users.findIndex((v) => v.role === u.role) === i);
  console.log(`\n演示账号 / demo accounts (one per role; all ${users.length} in ${DEMO_USERS_FILE}):\n${formatUsers(perRole)}`);
}

/** True when there are orders but no rows in `table` (a rollup's per-order contributions): a fresh seed, or orders from before the table. */
async function rollupMissing(databaseUrl: string, table: 'kpi_order_contribution' | 'report_order_fact'): Promise<boolean> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT EXISTS (SELECT 1 FROM ticket) AND NOT EXISTS (SELECT 1 FROM ${table}) AS missing`);
    return rows[0].missing === true;
  } finally {
    await client.end();
  }
}

/** Runs a script to its end (dist .js, or .ts through ts-node from source), its output prefixed; fails on a non-zero exit. */
function runOnce(entry: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const start = existsSync(`${entry}.js`)
    ? [`${entry}.js`]
    : ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', `${entry}.ts`];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...start, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    createInterface({ input: child.stdout! }).on('line', (l) => process.stdout.write(`${l}\n`));
    createInterface({ input: child.stderr! }).on('line', (l) => process.stderr.write(`${l}\n`));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${basename(entry)} exited with code ${code}`))));
  });
}

/** Runs dist/…/main.js; from source (no .js next to this file) runs main.ts through ts-node instead. */
function startChild(name: string, entry: string, env: NodeJS.ProcessEnv): void {
  const args = existsSync(`${entry}.js`)
    ? [`${entry}.js`]
    : ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', `${entry}.ts`];
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  createInterface({ input: child.stdout! }).on('line', (l) => process.stdout.write(`[${name}] ${l}\n`));
  createInterface({ input: child.stderr! }).on('line', (l) => process.stderr.write(`[${name}] ${l}\n`));
  child.on('exit', (code, signal) => {
    if (stopping) return;
    log(`${name} exited (${signal ?? `code ${code}`}); stopping everything`);
    void shutdown(code === 0 ? 0 : 1);
  });
}

async function waitForHealth(port: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !stopping) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

/** Children first (they drain their work and close connections), then Redis and PostgreSQL. */
async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  const running = children.filter((c) => c.exitCode === null && c.signalCode === null);
  if (running.length) log('stopping api and worker…');
  await Promise.all(
    running.map(
      (c) =>
        new Promise<void>((done) => {
          const timer = setTimeout(() => c.kill('SIGKILL'), 10_000);
          c.once('exit', () => (clearTimeout(timer), done()));
          c.kill('SIGTERM');
        }),
    ),
  );
  await redis?.stop().catch((e) => log(`redis stop: ${e}`));
  await pg?.stop().catch((e) => log(`postgres stop: ${e}`));
  if (redis?.spawned || pg?.embedded) log('stopped');
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(0));
// Last resort if the launcher dies on an exception: do not leave the apps running without it.
process.on('exit', () => children.forEach((c) => c.kill('SIGTERM')));

main().catch((e: unknown) => {
  // The message alone explains most failures; LOG_LEVEL=debug adds where it came from.
  console.error(`[start] failed: ${e instanceof Error ? e.message : String(e)}`);
  if (/debug|trace/.test(process.env.LOG_LEVEL ?? '') && e instanceof Error) console.error(e.stack);
  void shutdown(1);
});
