import { runMigrations } from '@app/common';
import { BENCH_DB, loadedOrders, recreateDatabase, withDatabase } from '../core/db';
import { loadData } from '../core/load';
import { fmt, log } from '../core/util';

/**
 * The core benchmark's database (hotline_bench): reused when a completed load holds at least `orders`
 * orders, else loaded by the core benchmark's own loader. Migrated either way, so the KPI tables exist.
 */
export async function ensureBenchData(adminUrl: string, orders: number): Promise<string> {
  const url = withDatabase(adminUrl, BENCH_DB);
  const have = await loadedOrders(adminUrl);
  if (have !== null && have >= orders) {
    log(`reusing ${BENCH_DB} (${fmt(have)} orders loaded)`);
    await runMigrations(url);
    return url;
  }
  log(`creating ${BENCH_DB} and loading ${fmt(orders)} orders with bench/core's loader`);
  await recreateDatabase(adminUrl);
  await runMigrations(url);
  await loadData(url, orders);
  return url;
}

if (require.main === module) {
  const orders = Number(process.argv[2] ?? 1_000_000);
  ensureBenchData(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', orders)
    .then(() => log('bench data ready'))
    .catch((e) => {
      console.error(e);
      process.exitCode = 1;
    });
}
