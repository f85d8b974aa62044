import Redis, { RedisOptions } from 'ioredis';

/** Parses REDIS_URL into ioredis options (Bull wants options, not a URL, to create its three clients). */
export function redisOptions(url: string): RedisOptions {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    password: u.password ? decodeURIComponent(u.password) : undefined,
    username: u.username ? decodeURIComponent(u.username) : undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
  };
}

export function createRedis(url: string, extra: RedisOptions = {}): Redis {
  return new Redis({ ...redisOptions(url), ...extra });
}

/** The commands socket.io's Redis adapter and emitter send without ever looking at the answer. */
const UNAWAITED_COMMANDS = ['publish', 'psubscribe', 'subscribe'] as const;

/**
 * socket.io's adapter and emitter call `publish` (and subscribe) and drop the promise. When the client
 * closes under a command still in flight, that promise rejects with "Connection is closed" and, with
 * nobody to catch it, Node treats it as a crash (jest fails the whole file at teardown). This gives each
 * such call a catcher that reports the failure instead; the caller still gets the same promise.
 */
export function reportUnawaitedFailures(client: Redis, report: (command: string, e: Error) => void): Redis {
  for (const command of UNAWAITED_COMMANDS) {
    const send = (client[command] as (...args: unknown[]) => Promise<unknown>).bind(client);
    Object.defineProperty(client, command, {
      configurable: true,
      writable: true,
      value: (...args: unknown[]) => {
        const reply = send(...args);
        reply.catch((e: Error) => report(command, e));
        return reply;
      },
    });
  }
  return client;
}
