import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source';

/** An arbitrary, fixed key: every process that migrates this database takes the same lock. */
const MIGRATION_LOCK_KEY = 1_234_500_001;

/**
 * Runs pending migrations under a PostgreSQL advisory lock, so that several processes
 * starting at once (api, worker, a second api) migrate exactly once.
 */
export async function runMigrations(url: string, log: (line: string) => void = () => undefined): Promise<string[]> {
  const ds = new DataSource(dataSourceOptions(url, { extra: { max: 2 } }));
  await ds.initialize();
  const runner = ds.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const done = await ds.runMigrations({ transaction: 'each' });
      for (const m of done) log(`migrated: ${m.name}`);
      return done.map((m) => m.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
    await ds.destroy();
  }
}
