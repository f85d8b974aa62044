import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../libs/common/src/database/data-source';
import { runMigrations } from '../../libs/common/src/database/migrate';
import { CityCalendar } from '../../libs/kpi/src/city-calendar';
import { COUNTERS, orderFacts } from '../../libs/kpi/src/kpi-facts';
import { loadOrders } from '../../libs/kpi/src/kpi-source';
import { ensureCity, readCity } from '../../scripts/seed-year/city';
import { YearPlan, generateYears, ordersByDay, previousYearOrders } from '../../scripts/seed-year/generate';
import { createDatabase, dropDatabase } from '../../scripts/test-database';

/** A small synthetic pair of years on the demo city, in a database of its own (the load drops and rebuilds indexes). */
describe('seed:year', () => {
  const admin = process.env.DATABASE_URL!;
  const name = `${new URL(admin).pathname.slice(1)}_seedyear`;
  const N = 6000;
  let url: string;
  let db: Client;
  let plans: YearPlan[];

  beforeAll(async () => {
    url = await createDatabase(admin, name);
    await runMigrations(url);
    await ensureCity(url, () => undefined);
    db = new Client({ connectionString: url });
    await db.connect();
    const city = await readCity(db);
    plans = [
      { year: 2024, orders: previousYearOrders(city, N), previous: true },
      { year: 2025, orders: N, previous: false },
    ];
    await generateYears(url, plans, () => undefined);
  }, 120_000);

  afterAll(async () => {
    await db?.end();
    await dropDatabase(admin, name);
  });

  const one = async <T = number>(sql: string): Promise<T> => Object.values((await db.query(sql)).rows[0])[0] as T;

  it('spreads exactly N orders over the days of the year', async () => {
    const city = await readCity(db);
    const days = ordersByDay(city, { year: 2025, orders: 12345, previous: false });
    expect(days).toHaveLength(365);
    expect(days.reduce((s, d) => s + d.n, 0)).toBe(12345);
    expect(Number(await one(`SELECT count(*) FROM ticket WHERE received_at >= '2025-01-01+08' AND received_at < '2026-01-01+08'`))).toBe(N);
    expect(Number(await one(`SELECT count(*) FROM ticket`))).toBe(plans[0].orders + N);
  });

  it('leaves a finished year: mostly closed or archived, open orders only near the year end or on hold', async () => {
    const { rows } = await db.query(`SELECT state IN ('closed','archived','merged') AS final, count(*)::int AS n FROM ticket GROUP BY 1`);
    const final = rows.find((r) => r.final)?.n ?? 0;
    expect(final / (plans[0].orders + N)).toBeGreaterThan(0.97);
    expect(
      await one(`SELECT count(*)::int FROM ticket WHERE state NOT IN ('closed','archived','merged') AND received_at < '2025-10-01+08'
                        AND replied_at <= due_at + interval '60 days'`),
    ).toBe(0);
    expect(await one(`SELECT count(*)::int FROM ticket WHERE state IN ('dispatched','in_progress') AND due_at IS NULL`)).toBe(0);
    expect(await one(`SELECT count(*)::int FROM ticket WHERE greatest(closed_at, archived_at, replied_at) > '2026-01-01+08'`)).toBe(0);
  });

  it('gives every order a history that starts with its registration and agrees with its columns', async () => {
    expect(
      await one(
        `SELECT count(*)::int FROM ticket t WHERE NOT EXISTS (SELECT 1 FROM ticket_flow f WHERE f.ticket_id = t.id AND f.action = 'register')`,
      ),
    ).toBe(0);
    expect(
      await one(`SELECT count(*)::int FROM ticket t WHERE t.state = 'archived' AND NOT EXISTS
                   (SELECT 1 FROM ticket_flow f WHERE f.ticket_id = t.id AND f.action = 'archive' AND f.created_at = t.archived_at)`),
    ).toBe(0);
    expect(await one(`SELECT count(*)::int FROM ticket WHERE state = 'merged' AND merged_into_id IS NULL`)).toBe(0);
    // A callback task for every recorded callback, rated ones with a satisfaction unless refused.
    expect(
      await one(`SELECT count(*)::int FROM ticket_flow f WHERE f.action = 'record_callback'
                   AND NOT EXISTS (SELECT 1 FROM callback_task c WHERE c.ticket_id = f.ticket_id AND c.state IN ('done','unreached'))`),
    ).toBe(0);
    expect(
      await one(`SELECT count(*)::int FROM callback_task WHERE state = 'done' AND reached AND NOT refused AND satisfaction IS NULL`),
    ).toBe(0);
  });

  it('has seasons and the planned year-on-year trends', async () => {
    const heating = await db.query(`
      SELECT count(*) FILTER (WHERE extract(month FROM received_at AT TIME ZONE 'Asia/Shanghai') IN (12, 1, 2))::int AS winter,
             count(*) FILTER (WHERE extract(month FROM received_at AT TIME ZONE 'Asia/Shanghai') IN (6, 7, 8))::int AS summer
      FROM ticket t JOIN category c ON c.id = t.category_id JOIN category s ON s.id = c.parent_id WHERE s.name = '供暖'`);
    expect(heating.rows[0].winter).toBeGreaterThan(10 * Math.max(1, heating.rows[0].summer));
    const trend = await db.query(`
      SELECT count(*) FILTER (WHERE received_at < '2025-01-01+08')::int AS before, count(*) FILTER (WHERE received_at >= '2025-01-01+08')::int AS after
      FROM ticket t JOIN category c ON c.id = t.category_id JOIN category s ON s.id = c.parent_id
      WHERE s.name = '违法建设' OR c.name = '违法建设'`);
    const { before, after } = trend.rows[0];
    expect(after / before).toBeGreaterThan(0.15);
    expect(after / before).toBeLessThan(0.3);
    const night = await one<number>(`
      SELECT avg((extract(hour FROM received_at AT TIME ZONE 'Asia/Shanghai') NOT BETWEEN 6 AND 21)::int)::float
      FROM ticket t JOIN category c ON c.id = t.category_id WHERE c.name = '夜间施工噪声'`);
    expect(night).toBeGreaterThan(0.4);
  });

  it('feeds the KPI facts: intake, on-time rounds and ratings all count', async () => {
    const ds = new DataSource(dataSourceOptions(url, { extra: { max: 2 } }));
    await ds.initialize();
    try {
      const orders = await loadOrders(ds.manager, { fromId: '1', toId: '999999999' });
      const cal = new CityCalendar('Asia/Shanghai');
      const sum = new Array<number>(COUNTERS.length).fill(0);
      for (const o of orders) for (const row of orderFacts(o, cal).values()) row.forEach((n, i) => (sum[i] += n));
      const c = Object.fromEntries(COUNTERS.map((k, i) => [k, sum[i]]));
      expect(c.received).toBe(plans[0].orders + N);
      expect(c.first_contact / c.accepted).toBeGreaterThan(0.2);
      expect(c.due_ok / (c.due_ok + c.due_late)).toBeGreaterThan(0.9);
      expect(c.due_late).toBeGreaterThan(0);
      expect(c.sat_satisfied / c.sat_rated).toBeGreaterThan(0.93);
      expect(c.sat_satisfied / c.sat_rated).toBeLessThan(1);
      expect(c.urges).toBeGreaterThan(0);
    } finally {
      await ds.destroy();
    }
  });
});
