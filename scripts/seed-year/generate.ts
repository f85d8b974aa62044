import { Client } from 'pg';
import { CityModel, readCity } from './city';
import { connect } from './database';
import { DAY_HOURS, NIGHT, NIGHT_HOURS, categoryWeight, dayWeight, placeWeights, springFestival, thresholds, unitQuality } from './profile';
import { DAY_SQL } from './year-sql';

export interface YearPlan {
  year: number;
  orders: number;
  previous: boolean;
}

export interface LoadResult {
  years: { year: number; orders: number; seconds: number }[];
  seconds: Record<'generate' | 'indexes' | 'analyze' | 'total', number>;
  counts: Record<string, number>;
}

/** Two cores: two loader connections keep both busy. */
const LOADERS = 2;
const BIG_TABLES = ['ticket', 'ticket_flow', 'callback_task'];

const days = (year: number): Date[] => {
  const out: Date[] = [];
  for (let d = new Date(Date.UTC(year, 0, 1)); d.getUTCFullYear() === year; d = new Date(d.getTime() + 86_400_000)) out.push(d);
  return out;
};
const iso = (d: Date) => d.toISOString().slice(0, 10);

/** Orders per day: N spread by day weight × the month's seasonal mass, rounded so that they add up to N exactly. */
export function ordersByDay(city: Pick<CityModel, 'categories'>, plan: YearPlan): { day: string; month: number; n: number }[] {
  const festival = springFestival(plan.year);
  const mass = Array.from({ length: 12 }, (_, m) => city.categories.reduce((s, c) => s + categoryWeight(c, m, plan.previous), 0));
  const ds = days(plan.year);
  const w = ds.map((d) => dayWeight(d, festival) * mass[d.getUTCMonth()]);
  const total = w.reduce((a, b) => a + b, 0);
  let acc = 0;
  let given = 0;
  return ds.map((d, i) => {
    acc += (w[i] / total) * plan.orders;
    const n = Math.round(acc) - given;
    given += n;
    return { day: iso(d), month: d.getUTCMonth(), n };
  });
}

/** Year Y-1's size: Y's orders with each category's trend undone, so that the year-on-year changes come out as planned. */
export function previousYearOrders(city: Pick<CityModel, 'categories'>, orders: number): number {
  let now = 0;
  let before = 0;
  for (let m = 0; m < 12; m++) {
    for (const c of city.categories) {
      now += categoryWeight(c, m, false);
      before += categoryWeight(c, m, true);
    }
  }
  return Math.round((orders * before) / now);
}

function staticParams(city: CityModel): unknown[] {
  const c = city.categories;
  const p = city.places;
  const maxUnit = Math.max(...city.unitIds);
  const byUnit = <T>(f: (id: number) => T) => Array.from({ length: maxUnit }, (_, i) => f(i + 1));
  return [
    c.map((x) => x.id),
    c.map((x) => (x.unit === 'D' ? 0 : x.unit === 'S' ? -1 : x.unit)),
    c.map((x) => (x.kind === 'transferred' ? 1 : x.kind === 'not_accepted' ? 2 : 0)),
    c.map((x) => (NIGHT.test(x.path) ? 1 : 0)),
    c.map((x) => x.hotlineId ?? 0),
    c.map((x) => x.name),
    p.map((x) => x.districtRegion),
    p.map((x) => x.streetRegion),
    p.map((x) => x.communityRegion),
    p.map((x) => x.districtUnit),
    p.map((x) => x.streetUnit),
    p.map((x) => x.name),
    byUnit((id) => unitQuality(id).late),
    byUnit((id) => unitQuality(id).unsatisfied),
    city.primaryHotline,
    city.agentId,
    city.dispatcherId,
    byUnit((id) => city.handlerOf.get(id) ?? 0),
    city.centreUnit,
  ];
}

/**
 * Secondary indexes of the big tables, saved and dropped: one build after the load is several times
 * faster than maintaining them row by row. Indexes behind constraints (keys, unique) stay.
 */
async function dropSecondaryIndexes(db: Client): Promise<{ name: string; def: string }[]> {
  const { rows } = await db.query(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
     FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
     WHERE c.relname = ANY($1) AND c.relnamespace = 'public'::regnamespace
       AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)`,
    [BIG_TABLES],
  );
  for (const r of rows) await db.query(`DROP INDEX ${r.name}`);
  return rows.sort((a, b) => Number(/gin/.test(b.def)) - Number(/gin/.test(a.def)));
}

async function tuneLoader(db: Client, log: (s: string) => void): Promise<void> {
  await db.query(
    `SET synchronous_commit = off; SET work_mem = '128MB'; SET maintenance_work_mem = '1GB'; SET max_parallel_maintenance_workers = 0`,
  );
  try {
    // Foreign-key triggers off: the rows reference the city and each other by construction.
    await db.query('SET session_replication_role = replica');
  } catch {
    log('not a superuser: foreign keys are checked during the load (slower)');
  }
}

/** Runs jobs on the connections, one at a time each. After a failure no new job starts; the first error is thrown once all have stopped. */
async function runPool<T>(workers: Client[], jobs: ((c: Client) => Promise<T>)[]): Promise<void> {
  let next = 0;
  let failed = false;
  const results = await Promise.allSettled(
    workers.map(async (w) => {
      while (!failed && next < jobs.length) {
        try {
          await jobs[next++](w);
        } catch (e) {
          failed = true;
          throw e;
        }
      }
    }),
  );
  const error = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (error) throw error.reason;
}

/**
 * Generates the planned years into the database: bulk SQL, one statement per day, on two connections.
 * The city must exist. The KPI rollup is not touched: rebuild it afterwards (see README in this folder).
 */
export async function generateYears(url: string, plans: YearPlan[], log: (s: string) => void): Promise<LoadResult> {
  const t0 = Date.now();
  const db = await connect(url);
  const loaders = await Promise.all(Array.from({ length: LOADERS }, () => connect(url)));
  try {
    const city = await readCity(db);
    log(
      `city: ${city.categories.length} categories, ${city.places.length} communities in ${city.districts} districts, ${city.unitIds.length} units`,
    );
    const fixed = staticParams(city);
    const placeBounds = thresholds(placeWeights(city.places));
    const dayHours = thresholds(DAY_HOURS);
    const nightHours = thresholds(NIGHT_HOURS);
    const indexes = await dropSecondaryIndexes(db);
    for (const l of loaders) await tuneLoader(l, log);
    const years: LoadResult['years'] = [];
    // The data set's "now": the end of the last year generated. An earlier year is seen from there, so its
    // orders are finished except the few on hold, as they would be a year later.
    const snapshot = new Date(`${Math.max(...plans.map((p) => p.year)) + 1}-01-01T00:00:00+08:00`);
    const tg = Date.now();
    try {
      for (const plan of plans) {
        const ty = Date.now();
        const catBounds = Array.from({ length: 12 }, (_, m) => thresholds(city.categories.map((c) => categoryWeight(c, m, plan.previous))));
        const { rows } = await db.query(
          `SELECT greatest((SELECT coalesce(max(id), 0) FROM ticket), (SELECT last_value FROM ticket_no_seq))::bigint AS base`,
        );
        let base = Number(rows[0].base);
        const perDay = ordersByDay(city, plan);
        let done = 0;
        const jobs = perDay.map((d) => {
          const first = base;
          base += d.n;
          return async (l: Client) => {
            if (d.n === 0) return;
            await l.query(DAY_SQL, [first, d.n, d.day, snapshot, catBounds[d.month], placeBounds, dayHours, nightHours, ...fixed]);
            done += d.n;
            if (d.day.endsWith('-01') || done === plan.orders) {
              const s = (Date.now() - ty) / 1000;
              log(`${plan.year}: ${d.day} … ${done.toLocaleString('en')} orders, ${Math.round(done / s).toLocaleString('en')} orders/s`);
            }
          };
        });
        await runPool(loaders, jobs);
        const seconds = (Date.now() - ty) / 1000;
        years.push({ year: plan.year, orders: plan.orders, seconds });
        log(
          `${plan.year}: ${plan.orders.toLocaleString('en')} orders in ${seconds.toFixed(1)} s (${Math.round(plan.orders / seconds).toLocaleString('en')} orders/s)`,
        );
      }
    } catch (e) {
      // Put the indexes back, so that a failed load leaves a usable database.
      for (const ix of indexes) await db.query(ix.def.replace(/^CREATE (UNIQUE )?INDEX /, 'CREATE $1INDEX IF NOT EXISTS '));
      throw e;
    }
    const generate = (Date.now() - tg) / 1000;
    const ti = Date.now();
    await runPool(
      loaders,
      indexes.map((ix) => async (l: Client) => {
        const s = Date.now();
        await l.query(ix.def);
        log(`index ${ix.name} rebuilt in ${((Date.now() - s) / 1000).toFixed(1)} s`);
      }),
    );
    const indexSeconds = (Date.now() - ti) / 1000;
    await db.query(`SELECT setval(pg_get_serial_sequence('ticket', 'id'), (SELECT max(id) FROM ticket))`);
    await db.query(`SELECT setval('ticket_no_seq', greatest((SELECT last_value FROM ticket_no_seq), (SELECT max(id) FROM ticket)) + 1)`);
    const ta = Date.now();
    await runPool(
      loaders,
      BIG_TABLES.map((t) => (l: Client) => l.query(`VACUUM (ANALYZE) ${t}`)),
    );
    const counts: Record<string, number> = {};
    for (const t of BIG_TABLES) counts[t] = Number((await db.query(`SELECT count(*)::bigint AS n FROM ${t}`)).rows[0].n);
    return {
      years,
      seconds: { generate, indexes: indexSeconds, analyze: (Date.now() - ta) / 1000, total: (Date.now() - t0) / 1000 },
      counts,
    };
  } finally {
    await Promise.all([db, ...loaders].map((c) => c.end()));
  }
}
