import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApiApp } from '../../apps/api/src/create-app';
import { OutboxRelay } from '../../apps/worker/src/outbox/outbox-relay.service';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { runMigrations } from '../../libs/common/src/database/migrate';
import { createDatabase, dropDatabase } from '../../scripts/test-database';

export interface System {
  api: NestFastifyApplication;
  worker: INestApplicationContext | null;
  baseUrl: string;
  relay: OutboxRelay | null;
  close(): Promise<void>;
}

/**
 * The real api (listening on a free port) and, unless asked not to, the real worker, in this process.
 * `env` overrides configuration for this system only (for example another REDIS_URL).
 */
export async function startSystem(opts: { worker?: boolean; env?: Record<string, string>; ownDatabase?: boolean } = {}): Promise<System> {
  const saved = { ...process.env };
  Object.assign(process.env, opts.env ?? {});
  // A worker relays every outbox event in its database: files that run one get a database of their own,
  // or two workers would take each other's events to their own Redis.
  let ownDb: { admin: string; name: string } | null = null;
  if (opts.ownDatabase ?? opts.worker !== false) {
    const base = new URL(process.env.DATABASE_URL!);
    ownDb = { admin: process.env.DATABASE_URL!, name: `${base.pathname.slice(1)}_${Math.random().toString(36).slice(2, 8)}` };
    process.env.DATABASE_URL = await createDatabase(ownDb.admin, ownDb.name);
    // Its own Redis keys too: its worker's heartbeat and queues must not be seen by the other files' systems.
    if (!opts.env?.REDIS_PREFIX) process.env.REDIS_PREFIX = `${process.env.REDIS_PREFIX}_${ownDb.name.slice(-6)}`;
    await runMigrations(process.env.DATABASE_URL);
  }
  try {
    const api = await createApiApp('fastify');
    await api.listen(0, '127.0.0.1');
    const address = api.getHttpServer().address() as { port: number };
    const worker = opts.worker === false ? null : await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    if (worker) worker.enableShutdownHooks();
    const relay = worker ? worker.get(OutboxRelay) : null;
    let closed = false;
    return {
      api,
      worker,
      relay,
      baseUrl: `http://127.0.0.1:${address.port}`,
      async close() {
        // Idempotent: a file may close its system itself to order the teardown (e.g. before its Redis stops).
        if (closed) return;
        closed = true;
        await worker?.close();
        await api.close();
        if (ownDb) await dropDatabase(ownDb.admin, ownDb.name);
      },
    };
  } finally {
    process.env = saved;
  }
}
