/**
 * A synthetic megacity year, in bulk SQL:
 *   npm run seed:year -- --orders 20000000 --year 2025 [--database URL] [--previous]
 * Into --database, else DATABASE_URL, else a `hotline_year` database (created and migrated). Seeds the
 * demo city first when the database has no units. With --previous, year Y-1 is generated too, with the
 * planned trends (profile.ts), so that the year-on-year figures have something to show.
 */
import { ensureCity, readCity } from './city';
import { connect, prepareDatabase } from './database';
import { YearPlan, generateYears, previousYearOrders } from './generate';

const log = (s: string) => console.log(`[seed:year] ${s}`);

export function parseArgs(argv: string[]): { orders: number; year: number; database?: string; previous: boolean } {
  const value = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const orders = Number(value('orders') ?? 1_000_000);
  const year = Number(value('year') ?? new Date().getFullYear() - 1);
  if (!Number.isInteger(orders) || orders < 1) throw new Error('--orders must be a positive integer');
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new Error('--year must be a year');
  return { orders, year, database: value('database'), previous: argv.includes('--previous') };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const url = await prepareDatabase(args.database, log);
  await ensureCity(url, log);
  const plans: YearPlan[] = [];
  if (args.previous) {
    const db = await connect(url);
    const city = await readCity(db).finally(() => db.end());
    plans.push({ year: args.year - 1, orders: previousYearOrders(city, args.orders), previous: true });
  }
  plans.push({ year: args.year, orders: args.orders, previous: false });
  const r = await generateYears(url, plans, log);
  const orders = plans.reduce((s, p) => s + p.orders, 0);
  log(
    `rows: ${Object.entries(r.counts)
      .map(([t, n]) => `${t} ${n.toLocaleString('en')}`)
      .join(', ')}`,
  );
  log(
    `${orders.toLocaleString('en')} orders: generated in ${r.seconds.generate.toFixed(1)} s (${Math.round(orders / r.seconds.generate).toLocaleString('en')} orders/s), ` +
      `indexes ${r.seconds.indexes.toFixed(1)} s, analyze ${r.seconds.analyze.toFixed(1)} s, total ${r.seconds.total.toFixed(1)} s`,
  );
  log('the KPI rollup (kpi_daily) was not rebuilt: run `npm run kpi:reconcile -- --fix` (about 2 min per 1M orders)');
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
