import { hash } from '@node-rs/argon2';
import type { DataSource } from 'typeorm';
import { insertCallbackTasks, insertDemoCalls } from './insert-activity';
import { insertDispatchRules } from './insert-dispatch-rules';
import { importDemoKnowledge } from './knowledge/import-demo';
import { insertOrders, insertReference } from './insert-seed';
import { OrderGenerator } from './orders';
import { DEFAULT_SEED, Rng, mulberry32 } from './random';
import { buildWorld } from './reference';
import { nextIds, syncIdentity } from './sql';
import { DEMO_PASSWORD } from './units.data';

export interface SeedSummary {
  users: { username: string; password: string; role: string; unit: string }[];
  orders: number;
}

export interface SeedOptions {
  /** How many work orders (sub-dispatched children included). Default 2000. */
  orders?: number;
  /** The demo's "today": orders spread over the year before it. Default: the current time. */
  now?: Date;
  /** A source of uniform numbers in [0, 1); default a PRNG with a fixed seed, so runs are repeatable. */
  random?: () => number;
}

/** Any fixed number: two seeds started at once take turns, and the second finds the work done. */
const SEED_LOCK_KEY = 1_234_500_002;

const IDENTITY_TABLES = ['category', 'region', 'unit', 'app_user', 'hotline', 'ticket', 'ticket_flow'] as const;

/**
 * Seeds the demo city 滨江市: taxonomy, regions, units, users, hotlines, the dispatch catalogue and a year of
 * work orders with their flow. One transaction; does nothing when units already exist.
 */
export async function seedDemo(dataSource: DataSource, opts: SeedOptions = {}): Promise<SeedSummary> {
  const summary = await seedCity(dataSource, opts);
  // The knowledge corpus goes in through the same import an administrator uses (idempotent, so a
  // second start finds it unchanged).
  if (summary.orders > 0) await importDemoKnowledge(dataSource);
  return summary;
}

async function seedCity(dataSource: DataSource, opts: SeedOptions): Promise<SeedSummary> {
  const count = opts.orders ?? 2000;
  const now = opts.now ?? new Date();
  const rng = new Rng(opts.random ?? mulberry32(DEFAULT_SEED));
  return dataSource.transaction(async (m) => {
    await m.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK_KEY]);
    const [{ seeded }] = await m.query('SELECT EXISTS (SELECT 1 FROM unit) AS seeded');
    if (seeded) return { users: [], orders: 0 };

    const ids = await nextIds(m, IDENTITY_TABLES);
    const world = buildWorld(rng, ids, await hash(DEMO_PASSWORD));
    await insertReference(m, world);
    await insertDispatchRules(m, world);

    const seqs: string[] = (await m.query(`SELECT nextval('ticket_no_seq')::text AS n FROM generate_series(1, $1)`, [count])).map(
      (r: { n: string }) => r.n,
    );
    const orders = new OrderGenerator(world, rng, now, ids.ticket, seqs).generate(count);
    await insertOrders(m, orders, ids.ticket_flow);
    await syncIdentity(m, IDENTITY_TABLES);
    await insertCallbackTasks(m);
    const agentIds = world.users.filter((u) => u.role === 'agent').map((u) => u.id);
    await insertDemoCalls(m, now, agentIds);

    const unitName = new Map(world.units.map((u) => [u.id, u.name]));
    return {
      users: world.users.map((u) => ({ username: u.username, password: DEMO_PASSWORD, role: u.role, unit: unitName.get(u.unit_id)! })),
      orders: orders.tickets.length,
    };
  });
}
