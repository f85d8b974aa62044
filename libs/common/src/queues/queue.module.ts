import { BullModule, InjectQueue } from '@nestjs/bull';
import { Global, Injectable, Logger, Module, OnModuleInit } from '@nestjs/common';
import type { Queue } from 'bull';
import { AppConfig } from '../config/app-config';
import { QUEUES } from './queue-names';
import { redisOptions } from './redis';

/** A Bull queue without an 'error' listener crashes the process when Redis goes away; log instead, Redis outages are expected. */
@Injectable()
class QueueErrorLogger implements OnModuleInit {
  private readonly logger = new Logger('Queue');
  private lastLogged = 0;

  constructor(
    @InjectQueue(QUEUES.domainEvents) private readonly events: Queue,
    @InjectQueue(QUEUES.timers) private readonly timers: Queue,
    @InjectQueue(QUEUES.reports) private readonly reports: Queue,
  ) {}

  onModuleInit(): void {
    for (const q of [this.events, this.timers, this.reports]) {
      q.on('error', (e: Error) => {
        if (Date.now() - this.lastLogged > 10_000) this.logger.warn(`${q.name}: ${e.message}`);
        this.lastLogged = Date.now();
      });
    }
  }
}

@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        redis: { ...redisOptions(config.REDIS_URL), maxRetriesPerRequest: null, enableReadyCheck: false },
        prefix: `${config.REDIS_PREFIX}:bull`,
      }),
    }),
    BullModule.registerQueue({ name: QUEUES.domainEvents }, { name: QUEUES.timers }, { name: QUEUES.reports }),
  ],
  providers: [QueueErrorLogger],
  exports: [BullModule],
})
export class QueueModule {}
