import { Client } from 'pg';

export const BENCH_DB = 'hotline_bench';

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function connect(url: string): Promise<Client> {
  const c = new Client({ connectionString: url, application_name: 'hotline_bench' });
  await c.connect();
  return c;
}

/**
 * How many orders a previous load left in the bench database, or null when there is none to reuse.
 * bench_meta is written only when a load completes, so a half-finished load is never reused.
 */
export async function loadedOrders(adminUrl: string): Promise<number | null> {
  const admin = await connect(withDatabase(adminUrl, 'postgres'));
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [BENCH_DB]);
    if (!rowCount) return null;
  } finally {
    await admin.end();
  }
  const db = await connect(withDatabase(adminUrl, BENCH_DB));
  try {
    const { rows } = await db.query(`SELECT to_regclass('bench_meta') IS NOT NULL AS ok`);
    if (!rows[0].ok) return null;
    const meta = await db.query('SELECT orders FROM bench_meta ORDER BY loaded_at DESC LIMIT 1');
    return meta.rows.length ? Number(meta.rows[0].orders) : null;
  } finally {
    await db.end();
  }
}

/** Drops and recreates the bench database. Its name is fixed, so nothing else can be dropped by mistake. */
export async function recreateDatabase(adminUrl: string): Promise<string> {
  const admin = await connect(withDatabase(adminUrl, 'postgres'));
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${BENCH_DB}`);
  } finally {
    await admin.end();
  }
  return withDatabase(adminUrl, BENCH_DB);
}
