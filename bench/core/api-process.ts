import { ChildProcess, spawn, spawnSync } from 'child_process';
import { randomBytes } from 'crypto';
import { existsSync, readdirSync, statSync } from 'fs';
import { createServer } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { httpRequest } from './http';
import { log } from './util';

const ROOT = join(__dirname, '..', '..');
const MAIN = join(ROOT, 'dist', 'apps', 'api', 'src', 'main.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds the api when dist is missing or older than any source it is compiled from: never benchmark stale code. */
export function ensureBuilt(): void {
  const built = existsSync(MAIN) ? statSync(MAIN).mtimeMs : 0;
  const sources = Math.max(...['apps', 'libs', 'migrations'].map((d) => newestSource(join(ROOT, d))));
  if (built >= sources) return;
  log(built ? 'dist is older than the sources: npx nest build api' : 'no build yet: npx nest build api');
  const r = spawnSync('npx', ['nest', 'build', 'api'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`nest build api failed (exit ${r.status})`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface ApiProcess {
  base: string;
  /** False when the child has exited on its own: a crash during a measurement. */
  alive(): boolean;
  stop(): Promise<void>;
  /** The child's last output, for error messages. */
  tail(): string;
}

/**
 * Starts the api as a child process on a free port and waits until /health answers (503 is fine: no
 * worker runs, so its heartbeat is missing). Only the variables the api reads are passed, so the
 * caller's shell cannot change the figures.
 */
export async function startApi(opts: {
  databaseUrl: string;
  redisUrl: string;
  adapter: 'fastify' | 'express';
  /** Settings a benchmark needs besides the defaults (channel secrets, limits). */
  env?: Record<string, string>;
}): Promise<ApiProcess> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATABASE_URL: opts.databaseUrl,
    REDIS_URL: opts.redisUrl,
    REDIS_PREFIX: 'hotline_bench',
    JWT_SECRET: randomBytes(32).toString('hex'),
    PORT: String(port),
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    SWAGGER_ENABLED: 'false',
    HTTP_ADAPTER: opts.adapter,
    ATTACHMENT_DIR: join(tmpdir(), 'hotline-bench-attachments'),
    ...opts.env,
  };
  const child: ChildProcess = spawn(process.execPath, [MAIN], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (d: Buffer) => (output = (output + d.toString()).slice(-4000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let gone = false;
  void exited.then(() => (gone = true));

  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (gone) throw new Error(`api (${opts.adapter}) exited during start-up:\n${output}`);
    const up = await httpRequest('GET', `${base}/health`).then(
      () => true,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`api (${opts.adapter}) did not answer /health within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }

  return {
    base,
    alive: () => !gone,
    tail: () => output,
    async stop() {
      if (gone) return;
      child.kill('SIGTERM'); // enableShutdownHooks: Nest closes the pool and Redis before exiting
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
