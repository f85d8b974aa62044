import { AppConfig } from '@app/common';
import { Controller, Get, Inject, OnModuleDestroy, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import Redis from 'ioredis';
import { Public } from '../auth/auth.decorators';
import { HEALTH_REDIS } from './health.tokens';

/** How old the worker's heartbeat may be before the worker counts as down. */
const HEARTBEAT_MAX_AGE_MS = 30_000;

@ApiTags('运维')
@Controller('health')
export class HealthController implements OnModuleDestroy {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicator: HealthIndicatorService,
    private readonly config: AppConfig,
    @Inject(HEALTH_REDIS) private readonly redis: Redis,
  ) {}

  onModuleDestroy(): void {
    this.redis.disconnect();
  }

  /** PostgreSQL, Redis and the worker's heartbeat; 503 with the same report when any is down. */
  @Public()
  @Get()
  async check(@Res() reply: FastifyReply): Promise<void> {
    try {
      reply.send(await this.report());
    } catch (e) {
      if (!(e instanceof ServiceUnavailableException)) throw e;
      reply.status(503).send(e.getResponse());
    }
  }

  private report() {
    return this.health.check([
      () => this.db.pingCheck('postgres', { timeout: 1500 }),
      async () => {
        const r = this.indicator.check('redis');
        try {
          await withTimeout(this.redis.ping(), 1500);
          return r.up();
        } catch (e) {
          return r.down({ message: (e as Error).message });
        }
      },
      async () => {
        const r = this.indicator.check('worker');
        try {
          const beat = Number(await withTimeout(this.redis.get(`${this.config.REDIS_PREFIX}:worker:heartbeat`), 1500));
          const age = Date.now() - beat;
          return beat && age < HEARTBEAT_MAX_AGE_MS
            ? r.up({ lastBeatMsAgo: age })
            : r.down({ message: beat ? `last heartbeat ${age} ms ago` : 'no heartbeat' });
        } catch (e) {
          return r.down({ message: (e as Error).message });
        }
      },
    ]);
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timeout after ${ms} ms`)), ms).unref())]);
}
