import { runMigrations } from '@app/common';
import { Client } from 'pg';

export const YEAR_DB = 'hotline_year';

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function connect(url: string): Promise<Client> {
  const c = new Client({ connectionString: url, application_name: 'seed_year' });
  await c.connect();
  return c;
}

/**
 * The database to load into: the one given, else DATABASE_URL, else `hotline_year` on the local server.
 * Created when missing and migrated, so a fresh database works.
 */
export async function prepareDatabase(given: string | undefined, log: (s: string) => void): Promise<string> {
  const url = given ?? process.env.DATABASE_URL ?? withDatabase('postgres://postgres@127.0.0.1:5432/postgres', YEAR_DB);
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const admin = await connect(withDatabase(url, 'postgres'));
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) {
      await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
      log(`created database ${name}`);
    }
  } finally {
    await admin.end();
  }
  const migrated = await runMigrations(url);
  if (migrated.length) log(`migrated: ${migrated.length} migrations`);
  return url;
}
