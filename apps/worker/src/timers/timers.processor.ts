import { AppConfig, JOBS, QUEUES } from '@app/common';
import { TimerJob, TimerService } from '@app/dispatch';
import { Process, Processor } from '@nestjs/bull';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Job } from 'bull';

/** Fires deadline timers: reminders, yellow and red cards. Stale or repeated jobs do nothing. */
@Processor(QUEUES.timers)
export class TimersProcessor {
  constructor(private readonly timers: TimerService) {}

  @Process(JOBS.timers.fire)
  async fire(job: Job<TimerJob>): Promise<string> {
    return this.timers.fire(job.data);
  }
}

/**
 * Every TIMER_SWEEP_MS, re-creates from ticket_timer the Bull jobs Redis no longer has, and plans orders
 * that have no timers yet. It runs on an interval of its own, not as a Bull job, so that a flushed Redis
 * cannot take the sweeper with it.
 */
@Injectable()
export class TimerSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('TimerSweeper');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly timers: TimerService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running = this.timers.sweep().catch((e) => this.logger.warn(`sweep: ${(e as Error).message}`));
    }, this.config.TIMER_SWEEP_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
