import Redis from 'ioredis';
import { dropDatabase } from '../../scripts/test-database';

interface TestRun {
  pg: { stop(): Promise<void> };
  redis: { url: string; stop(): Promise<void> };
  adminUrl: string;
  dbName: string;
  prefix: string;
}

/** Drops the run's database and its Redis keys, and stops whatever the setup started. */
export default async function globalTeardown(): Promise<void> {
  const run = (globalThis as Record<string, unknown>).__HOTLINE_TEST__ as TestRun | undefined;
  if (!run) return;
  await dropDatabase(run.adminUrl, run.dbName);
  const r = new Redis(run.redis.url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${run.prefix}*`, 'COUNT', 1000);
      if (keys.length) await r.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    r.disconnect();
  }
  await run.redis.stop();
  await run.pg.stop();
}
