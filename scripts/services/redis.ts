import { ChildProcess, spawn } from 'child_process';
import { accessSync, constants } from 'fs';
import { delimiter, join } from 'path';
import Redis from 'ioredis';
import { embeddedForced, freePort } from './postgres';

export interface RedisHandle {
  url: string;
  spawned: boolean;
  stop(): Promise<void>;
}

export const LOCAL_REDIS_URL = 'redis://127.0.0.1:6379';

export async function canConnectRedis(url: string, timeoutMs = 1500): Promise<boolean> {
  // No retries and no offline queue: a missing server must fail fast, not be waited for.
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((r) => (timer = setTimeout(() => r(false), timeoutMs)));
  const ping = client
    .connect()
    .then(() => client.ping())
    .then((pong) => pong === 'PONG')
    .catch(() => false);
  try {
    return await Promise.race([ping, timeout]);
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}

export async function ensureRedis(opts: { log?: (s: string) => void; preferLocal?: boolean }): Promise<RedisHandle> {
  const log = opts.log ?? (() => undefined);
  const noop = async () => undefined;
  if (process.env.REDIS_URL) {
    log('Redis: using REDIS_URL');
    return { url: process.env.REDIS_URL, spawned: false, stop: noop };
  }
  if (opts.preferLocal && !embeddedForced() && (await canConnectRedis(LOCAL_REDIS_URL))) {
    log(`Redis: using the local server at ${LOCAL_REDIS_URL}`);
    return { url: LOCAL_REDIS_URL, spawned: false, stop: noop };
  }
  const bin = findOnPath('redis-server');
  if (!bin) {
    throw new Error(
      'Redis is needed but `redis-server` is not on PATH. Install it (Debian/Ubuntu: `apt-get install redis-server`, ' +
        'macOS: `brew install redis`), or point REDIS_URL at a running Redis (e.g. REDIS_URL=redis://127.0.0.1:6379).',
    );
  }
  return spawnRedis(bin, log);
}

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // not here
    }
  }
  return undefined;
}

async function spawnRedis(bin: string, log: (s: string) => void): Promise<RedisHandle> {
  const port = await freePort(56379);
  // A throw-away cache for development: no snapshots, no append-only file, loopback only.
  const child = spawn(bin, ['--save', '', '--appendonly', 'no', '--bind', '127.0.0.1', '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (b: Buffer) => (output = (output + b.toString()).slice(-4000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  // If this process ends without calling stop(), do not leave redis-server behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));

  const url = `redis://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  while (!(await canConnectRedis(url, 500))) {
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      process.removeListener('exit', killOnExit);
      throw new Error(`redis-server did not start on port ${port}. Its output:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  log(`Redis: started redis-server on 127.0.0.1:${port} (no persistence)`);
  return { url, spawned: true, stop: () => stopChild(child, exited, killOnExit) };
}

async function stopChild(child: ChildProcess, exited: Promise<void>, killOnExit: () => void): Promise<void> {
  process.removeListener('exit', killOnExit);
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
