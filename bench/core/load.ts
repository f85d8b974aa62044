import { Client } from 'pg';
import { connect } from './db';
import { flowPlans } from './flow-plan';
import { FLOW_SQL, ORDERS_SQL } from './orders-sql';
import { CENTRE_UNIT_ID, Org, buildOrg, insertOrg } from './org';
import { fmt, log, runPool, timed } from './util';

/** Two cores: two loader connections keep both busy (one generates while the other writes). */
const LOADERS = 2;
const CHUNK = 125_000;

export interface LoadFigures {
  orders: number;
  seconds: Record<'org' | 'orders' | 'flow' | 'indexes' | 'vacuum' | 'total', number>;
  counts: Record<string, number>;
  flowPerOrder: number;
  stateShare: Record<string, number>;
}

/** Lookup tables the generator joins on; unlogged, and dropped once the load is done. */
async function createHelperTables(db: Client, org: Org): Promise<void> {
  const values = (rows: unknown[][]) => rows.map((r) => `(${r.map((v) => (typeof v === 'string' ? `'${v}'` : v)).join(', ')})`).join(', ');
  const arr = (xs: string[]) => `ARRAY[${xs.map((x) => `'${x}'`).join(',')}]::text[]`;
  await db.query(`
    DROP TABLE IF EXISTS bench_place, bench_cat, bench_dept, bench_handler, bench_flow_plan;
    CREATE UNLOGGED TABLE bench_place (d int, s int, c int, district_region int, street_region int, community_region int,
      district_unit int, street_unit int, community_unit int, place text, road text);
    CREATE UNLOGGED TABLE bench_cat (rank int, id int, name text);
    CREATE UNLOGGED TABLE bench_dept (rank int, unit_id int);
    CREATE UNLOGGED TABLE bench_handler (unit_id int, user_id int);
    CREATE UNLOGGED TABLE bench_flow_plan (plan text, actions text[], froms text[], tos text[], ats text[], actors text[]);`);
  const p = org.places.map((x) => [
    x.d,
    x.s,
    x.c,
    x.districtRegion,
    x.streetRegion,
    x.communityRegion,
    x.districtUnit,
    x.streetUnit,
    x.communityUnit,
    x.place,
    x.road,
  ]);
  await db.query(`INSERT INTO bench_place VALUES ${values(p)}`);
  await db.query(`INSERT INTO bench_cat VALUES ${values(org.leafRanking.map((c, i) => [i, c.id, c.name]))}`);
  await db.query(`INSERT INTO bench_dept VALUES ${values(org.handlingUnits.map((u, i) => [i, u]))}`);
  await db.query(`INSERT INTO bench_handler VALUES ${values([...org.handlerOf].map(([u, h]) => [u, h]))}`);
  const plans = [...flowPlans()].map(
    ([kind, steps]) =>
      `('${kind}', ${arr(steps.map((s) => s.action))}, ARRAY[${steps.map((s) => (s.from ? `'${s.from}'` : 'NULL')).join(',')}]::text[], ` +
      `${arr(steps.map((s) => s.to))}, ${arr(steps.map((s) => s.at))}, ${arr(steps.map((s) => s.actor))})`,
  );
  await db.query(`INSERT INTO bench_flow_plan VALUES ${plans.join(', ')}`);
  await db.query('ANALYZE bench_place, bench_cat, bench_dept, bench_handler, bench_flow_plan');
}

/**
 * Secondary indexes of the two big tables, saved and dropped: building them once after the load is
 * several times faster than maintaining them row by row (the trigram GIN index most of all).
 * Indexes behind constraints (primary keys, the unique order number) stay.
 */
async function dropSecondaryIndexes(db: Client): Promise<{ name: string; def: string }[]> {
  const { rows } = await db.query(`
    SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def, pg_relation_size(i.indrelid) AS size
    FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
    WHERE c.relname IN ('ticket', 'ticket_flow') AND c.relnamespace = 'public'::regnamespace
      AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)`);
  for (const r of rows) await db.query(`DROP INDEX ${r.name}`);
  // Biggest first (GIN, then the flow table), so the two builders finish at about the same time.
  return rows.sort((a, b) => Number(/gin/.test(b.def)) - Number(/gin/.test(a.def)) || Number(b.size) - Number(a.size));
}

/** Session settings for the loaders. Foreign-key triggers are skipped: the data is consistent by construction. */
async function tuneLoader(db: Client): Promise<void> {
  await db.query(`SET synchronous_commit = off; SET work_mem = '256MB'; SET maintenance_work_mem = '1GB'`);
  await db.query('SET max_parallel_maintenance_workers = 0'); // two builds at once already use both cores
  try {
    await db.query('SET session_replication_role = replica');
  } catch {
    log('not a superuser: foreign keys are checked during the load (slower)');
  }
}

function chunks(from: number, to: number): [number, number][] {
  const out: [number, number][] = [];
  for (let lo = from; lo <= to; lo += CHUNK) out.push([lo, Math.min(to, lo + CHUNK - 1)]);
  return out;
}

export async function loadData(url: string, orders: number): Promise<LoadFigures> {
  const db = await connect(url);
  const loaders = await Promise.all(Array.from({ length: LOADERS }, () => connect(url)));
  const seconds = {} as LoadFigures['seconds'];
  const t0 = Date.now();
  try {
    const org = buildOrg();
    [, seconds.org] = await timed(async () => {
      await insertOrg(db, org);
      await createHelperTables(db, org);
    });
    log(`org: ${org.units.length} units, ${org.users.length} users, ${org.categories.length} categories, ${org.regions.length} regions`);
    const indexes = await dropSecondaryIndexes(db);
    for (const l of loaders) await tuneLoader(l);
    const now = new Date();
    const users = new Map(org.users.map((u) => [u.username, u.id]));
    const parts = chunks(1, orders);

    [, seconds.orders] = await timed(() =>
      runPool(
        loaders,
        parts.map(([lo, hi]) => async (l: Client) => {
          await l.query(ORDERS_SQL, [lo, hi, now, orders, org.agentId]);
          log(`orders ${fmt(lo)}..${fmt(hi)} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
        }),
      ),
    );
    [, seconds.flow] = await timed(() =>
      runPool(
        loaders,
        parts.map(([lo, hi]) => async (l: Client) => {
          const args = [lo, hi, org.agentId, users.get('bench_dispatcher'), users.get('bench_supervisor'), CENTRE_UNIT_ID, now];
          await l.query(FLOW_SQL, args);
          log(`flow of orders ${fmt(lo)}..${fmt(hi)} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
        }),
      ),
    );
    [, seconds.indexes] = await timed(() =>
      runPool(
        loaders,
        indexes.map((ix) => async (l: Client) => {
          const [, s] = await timed(() => l.query(ix.def));
          log(`index ${ix.name} rebuilt in ${s.toFixed(1)} s`);
        }),
      ),
    );
    await db.query(`SELECT setval(pg_get_serial_sequence('ticket', 'id'), $1)`, [orders]);
    // The API numbers new orders from this sequence: start past every loaded number.
    await db.query(`SELECT setval('ticket_no_seq', $1)`, [orders + 1]);
    await db.query('DROP TABLE bench_place, bench_cat, bench_dept, bench_handler, bench_flow_plan');
    [, seconds.vacuum] = await timed(async () => {
      await runPool(
        loaders,
        ['ticket', 'ticket_flow'].map((t) => (l: Client) => l.query(`VACUUM (ANALYZE) ${t}`).then(() => undefined)),
      );
      await db.query('VACUUM (ANALYZE) unit, app_user, category, region, hotline, outbox_event');
    });
    // Flush the load's dirty pages now, not during the measurements that follow.
    await db.query('CHECKPOINT').catch(() => log('CHECKPOINT refused (not a superuser); the first measurements may pay for it'));
    seconds.total = (Date.now() - t0) / 1000;
    await db.query(`CREATE TABLE bench_meta (orders int NOT NULL, loaded_at timestamptz NOT NULL DEFAULT now(), seconds numeric)`);
    await db.query('INSERT INTO bench_meta (orders, seconds) VALUES ($1, $2)', [orders, seconds.total]);
    return { orders, seconds, ...(await describeData(db)) };
  } finally {
    await Promise.all([db, ...loaders].map((c) => c.end()));
  }
}

/**
 * With --reuse: removes what earlier runs registered (ids above the loaded range, their flow, events and
 * audit rows), so every run measures the same data. The flow's append-only trigger is bypassed with
 * session_replication_role: this is the benchmark's own database, and these rows are its own.
 */
export async function trimToLoaded(db: Client, orders: number): Promise<number> {
  // A database loaded before warn_at existed: give its open orders a yellow-card time, as a load would.
  await db.query(
    `UPDATE ticket SET warn_at = greatest(dispatched_at, due_at - interval '1 day')
      WHERE warn_at IS NULL AND due_at IS NOT NULL AND state IN ('dispatched','return_requested','in_progress','extension_requested','replied')`,
  );
  const { rows } = await db.query('SELECT count(*)::int AS n FROM ticket WHERE id > $1', [orders]);
  const extra: number = rows[0].n;
  if (extra === 0) return 0;
  await db.query('BEGIN');
  await db.query('SET LOCAL session_replication_role = replica');
  await db.query('DELETE FROM ticket_flow WHERE ticket_id > $1', [orders]);
  await db.query('DELETE FROM pii_access_log');
  await db.query('DELETE FROM outbox_event');
  await db.query('DELETE FROM ticket WHERE id > $1', [orders]);
  await db.query('COMMIT');
  await db.query('VACUUM (ANALYZE) ticket, ticket_flow, outbox_event, pii_access_log');
  return extra;
}

/** Row counts and the state mix, printed after a load and again when a database is reused. */
export async function describeData(db: Client): Promise<Pick<LoadFigures, 'counts' | 'flowPerOrder' | 'stateShare'>> {
  const counts: Record<string, number> = {};
  for (const t of ['ticket', 'ticket_flow', 'outbox_event', 'unit', 'app_user', 'category', 'region']) {
    counts[t] = Number((await db.query(`SELECT count(*)::bigint AS n FROM ${t}`)).rows[0].n);
  }
  const { rows } = await db.query(`
    SELECT CASE WHEN state IN ('dispatched','return_requested','in_progress','extension_requested') AND due_at < now()
      THEN state || ' (overdue)' ELSE state END AS s, count(*)::int AS n FROM ticket GROUP BY 1 ORDER BY 2 DESC`);
  const stateShare: Record<string, number> = {};
  for (const r of rows) stateShare[r.s] = r.n / counts.ticket;
  return { counts, flowPerOrder: counts.ticket_flow / Math.max(1, counts.ticket), stateShare };
}
