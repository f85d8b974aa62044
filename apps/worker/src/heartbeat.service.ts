import { AppConfig } from '@app/common';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';

const BEAT_MS = 5_000;
const TTL_MS = 30_000;

/** Tells the api's /health that a worker is alive: a timestamp in Redis, refreshed every few seconds. */
@Injectable()
export class Heartbeat implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Heartbeat');
  private readonly redis: Redis;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly config: AppConfig) {
    this.redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true });
    this.redis.on('error', () => undefined);
  }

  onApplicationBootstrap(): void {
    const beat = () =>
      this.redis
        .set(`${this.config.REDIS_PREFIX}:worker:heartbeat`, String(Date.now()), 'PX', TTL_MS)
        .catch((e) => this.logger.debug(e.message));
    void beat();
    this.timer = setInterval(beat, BEAT_MS);
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    this.redis.disconnect();
  }
}
