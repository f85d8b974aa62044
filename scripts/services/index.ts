/**
 * Local PostgreSQL and Redis for the launcher (scripts/start.ts) and the test setup: use what the
 * environment names (DATABASE_URL / REDIS_URL), else local servers when allowed, else start our own.
 * HOTLINE_EMBEDDED=1 skips the local servers.
 */
export { canConnectPostgres, embeddedForced, ensurePostgres, freePort, isPortFree } from './postgres';
export type { PgHandle } from './postgres';
export { canConnectRedis, ensureRedis } from './redis';
export type { RedisHandle } from './redis';
