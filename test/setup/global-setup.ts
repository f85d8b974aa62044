// Global setup runs outside jest's module mapper; the migrations load entities that import @app/*.
import 'tsconfig-paths/register';
import { randomBytes } from 'crypto';
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { runMigrations } from '../../libs/common/src/database/migrate';
import { createDatabase, withDatabase } from '../../scripts/test-database';
import { ensurePostgres, ensureRedis } from '../../scripts/services';

/**
 * One fresh database per test run, built from the migrations, and one Redis key prefix, so runs never
 * see each other's data. Services: DATABASE_URL / REDIS_URL when set, else the ones on 127.0.0.1 when
 * they answer, else an embedded PostgreSQL and a redis-server child.
 */
export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const pg = await ensurePostgres({ dataDir: join(process.cwd(), '.data', 'pg-test'), preferLocal: true, log: () => undefined });
  const redis = await ensureRedis({ preferLocal: true, log: () => undefined });
  const runId = `${Date.now().toString(36)}_${process.pid}`;
  const dbName = `hotline_test_${runId}`;
  const url = await createDatabase(withDatabase(pg.url, 'postgres'), dbName);
  await runMigrations(url);
  Object.assign(process.env, {
    NODE_ENV: 'test',
    DATABASE_URL: url,
    REDIS_URL: redis.url,
    REDIS_PREFIX: `hotline_test_${runId}`,
    JWT_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'silent',
    ATTACHMENT_DIR: mkdtempSync(join(tmpdir(), 'hotline-attachments-')),
    OUTBOX_POLL_MS: '50',
    // Channel secrets, made up per run (nothing secret lives in the repo).
    WECHAT_TOKEN: randomBytes(8).toString('hex'),
    WECHAT_ENCODING_AES_KEY: randomBytes(40)
      .toString('base64')
      .replace(/[^A-Za-z0-9]/g, '')
      .padEnd(43, 'a')
      .slice(0, 43),
    WECHAT_APP_ID: `wx${randomBytes(8).toString('hex')}`,
    OPEN311_API_KEYS: randomBytes(12).toString('hex'),
    CTI_WEBHOOK_SECRET: randomBytes(16).toString('hex'),
    SMS_WEBHOOK_SECRET: randomBytes(16).toString('hex'),
  });
  (globalThis as Record<string, unknown>).__HOTLINE_TEST__ = {
    pg,
    redis,
    adminUrl: withDatabase(pg.url, 'postgres'),
    dbName,
    prefix: process.env.REDIS_PREFIX,
  };
  console.log(
    `\n[test] database ${dbName} (${pg.embedded ? 'embedded' : 'server'}), redis ${redis.url}, ready in ${Date.now() - started} ms`,
  );
}
