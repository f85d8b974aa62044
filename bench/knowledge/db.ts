import { connect, withDatabase } from '../core/db';

export const KB_DB = 'hotline_bench_kb';

/**
 * How many entries a previous complete load left in the knowledge bench database, or null when there
 * is none to reuse. bench_kb_meta is written only when a load completes.
 */
export async function loadedEntries(adminUrl: string): Promise<{ entries: number; fingerprint: string | null } | null> {
  const admin = await connect(withDatabase(adminUrl, 'postgres'));
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [KB_DB]);
    if (!rowCount) return null;
  } finally {
    await admin.end();
  }
  const db = await connect(withDatabase(adminUrl, KB_DB));
  try {
    const { rows } = await db.query(`SELECT to_regclass('bench_kb_meta') IS NOT NULL AS ok`);
    if (!rows[0].ok) return null;
    // to_jsonb: a table written before the fingerprint column existed reads as "no fingerprint".
    const meta = await db.query(
      `SELECT entries, to_jsonb(m)->>'fingerprint' AS fingerprint FROM bench_kb_meta m ORDER BY loaded_at DESC LIMIT 1`,
    );
    return meta.rows.length ? { entries: Number(meta.rows[0].entries), fingerprint: meta.rows[0].fingerprint } : null;
  } finally {
    await db.end();
  }
}

/** Drops and recreates the knowledge bench database; the name is fixed, so nothing else can be dropped by mistake. */
export async function recreateKbDatabase(adminUrl: string): Promise<string> {
  const admin = await connect(withDatabase(adminUrl, 'postgres'));
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${KB_DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${KB_DB}`);
  } finally {
    await admin.end();
  }
  return withDatabase(adminUrl, KB_DB);
}
