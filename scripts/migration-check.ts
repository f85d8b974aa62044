/**
 * Fails when the entities and the migrations disagree: builds a fresh database from the migrations,
 * asks TypeORM what it would change to match the entities, and lists it. Then runs every down() and
 * up() again, so that reverting works too.
 */
import { dataSourceOptions } from '@app/common';
import { DataSource } from 'typeorm';
import { createDatabase, dropDatabase } from './test-database';

async function main(): Promise<void> {
  const admin = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `hotline_migcheck_test_${process.pid}`;
  const url = await createDatabase(admin, name);
  const ds = new DataSource(dataSourceOptions(url, { extra: { max: 2 } }));
  let failed = false;
  try {
    await ds.initialize();
    const applied = await ds.runMigrations({ transaction: 'each' });
    const sql = await ds.driver.createSchemaBuilder().log();
    if (sql.upQueries.length > 0) {
      failed = true;
      console.error(`Entities and migrations disagree. A migration would need:\n`);
      for (const q of sql.upQueries) console.error(`  ${q.query};`);
    }
    for (let i = 0; i < applied.length; i++) await ds.undoLastMigration({ transaction: 'each' });
    await ds.runMigrations({ transaction: 'each' });
    if (!failed) console.log(`migration:check ok: ${applied.length} migration(s) match the entities; down() and up() both run.`);
  } finally {
    await ds.destroy().catch(() => undefined);
    await dropDatabase(admin, name);
  }
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
