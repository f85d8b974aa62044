import { AppConfig, DomainError } from '@app/common';
import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';

/**
 * Limits for the public doors (web and app submissions, progress lookups): per address and per phone
 * number, in Redis so every api instance counts together. If Redis is down the limit is not applied:
 * a citizen's appeal is worth more than a perfect count (and the refusal would lose it).
 */
@Injectable()
export class PublicRateLimiter implements OnModuleDestroy {
  private readonly logger = new Logger('PublicRateLimiter');
  private readonly redis: Redis;

  constructor(private readonly config: AppConfig) {
    this.redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false });
    this.redis.on('error', () => undefined);
  }

  async onModuleDestroy(): Promise<void> {
    this.redis.disconnect();
  }

  /** Counts one hit for each key; refuses with 429 when any is over its limit in the window. */
  async hit(keys: { key: string; limit: number; label: string }[]): Promise<void> {
    const window = this.config.PUBLIC_RATE_WINDOW_SECONDS;
    let counts: number[];
    try {
      const multi = this.redis.multi();
      for (const k of keys)
        multi.incr(`${this.config.REDIS_PREFIX}:rate:${k.key}`).expire(`${this.config.REDIS_PREFIX}:rate:${k.key}`, window, 'NX');
      const res = (await multi.exec()) ?? [];
      counts = keys.map((_, i) => Number(res[i * 2]?.[1] ?? 0));
    } catch (e) {
      this.logger.warn(`rate limit not applied: ${(e as Error).message}`);
      return;
    }
    const over = keys.find((k, i) => counts[i] > k.limit);
    if (over) {
      throw new DomainError('PUBLIC.RATE_LIMITED', `${over.label}提交过于频繁，请稍后再试`, 429, { retryAfterSeconds: window });
    }
  }
}
