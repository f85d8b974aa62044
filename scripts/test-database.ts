import { Client } from 'pg';

/** Databases the tests and checks create must say so in their name; anything else is refused. */
export function assertTestDatabaseName(name: string): void {
  if (!/test/i.test(name)) throw new Error(`Refusing to use database "${name}": test databases must have "test" in their name`);
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Creates a fresh database next to the one `adminUrl` points at. */
export async function createDatabase(adminUrl: string, name: string): Promise<string> {
  assertTestDatabaseName(name);
  const client = new Client({ connectionString: withDatabase(adminUrl, 'postgres') });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  return withDatabase(adminUrl, name);
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  assertTestDatabaseName(name);
  const client = new Client({ connectionString: withDatabase(adminUrl, 'postgres') });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
