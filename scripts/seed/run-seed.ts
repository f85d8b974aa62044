/**
 * Seeds the demo city into DATABASE_URL (migrated already):
 *   DATABASE_URL=postgres://… node -r ts-node/register/transpile-only -r tsconfig-paths/register scripts/seed/run-seed.ts
 * SEED_ORDERS overrides the number of orders.
 */
import { dataSourceOptions } from '@app/common';
import { DataSource } from 'typeorm';
import { seedDemo } from './index';

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  const ds = new DataSource(dataSourceOptions(url, { extra: { max: 2 } }));
  await ds.initialize();
  try {
    const started = Date.now();
    const summary = await seedDemo(ds, { orders: process.env.SEED_ORDERS ? Number(process.env.SEED_ORDERS) : undefined });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (summary.users.length === 0) {
      console.log(`Already seeded (table unit has rows): nothing done (${seconds}s).`);
      return;
    }
    for (const u of summary.users) console.log(`${u.username.padEnd(20)} ${u.password.padEnd(12)} ${u.role.padEnd(11)} ${u.unit}`);
    console.log(`\n${summary.users.length} users, ${summary.orders} orders, in ${seconds}s.`);
  } finally {
    await ds.destroy();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
