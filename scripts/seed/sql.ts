import type { EntityManager } from 'typeorm';

/** [column, SQL type] pairs: the shape jsonb_to_recordset reads the rows with. */
export type ColumnSpec = readonly (readonly [string, string])[];

const quote = (name: string) => `"${name}"`;

/**
 * Inserts many rows in few statements: the rows travel as one JSON parameter and come back out as a
 * record set. Keys not in `columns` are ignored. Explicit ids need OVERRIDING SYSTEM VALUE.
 */
export async function bulkInsert(
  m: EntityManager,
  table: string,
  columns: ColumnSpec,
  rows: readonly object[],
  opts: { overriding?: boolean; chunk?: number } = {},
): Promise<void> {
  const chunk = opts.chunk ?? 5000;
  const names = columns.map(([n]) => quote(n)).join(', ');
  const shape = columns.map(([n, t]) => `${quote(n)} ${t}`).join(', ');
  const overriding = opts.overriding === false ? '' : 'OVERRIDING SYSTEM VALUE';
  for (let i = 0; i < rows.length; i += chunk) {
    await m.query(
      `INSERT INTO ${quote(table)} (${names}) ${overriding} SELECT ${names} FROM jsonb_to_recordset($1::jsonb) AS r(${shape})`,
      [JSON.stringify(rows.slice(i, i + chunk))],
    );
  }
}

/** After explicit ids, the identity sequence must move past them. */
export async function syncIdentity(m: EntityManager, tables: readonly string[]): Promise<void> {
  const sql = tables
    .map((t) => `SELECT setval(pg_get_serial_sequence('${quote(t)}', 'id'), (SELECT max(id) FROM ${quote(t)}))`)
    .join(' UNION ALL ');
  await m.query(sql);
}

/** The first id not yet used in each table (tables may already hold rows; only `unit` must be empty). */
export async function nextIds<T extends string>(m: EntityManager, tables: readonly T[]): Promise<Record<T, number>> {
  const sql = tables.map((t) => `(SELECT coalesce(max(id), 0) + 1 FROM ${quote(t)}) AS ${quote(t)}`).join(', ');
  const [row] = await m.query(`SELECT ${sql}`);
  return Object.fromEntries(tables.map((t) => [t, Number(row[t])])) as Record<T, number>;
}
