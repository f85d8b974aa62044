import { AppConfig, JOBS, QUEUES, rooms } from '@app/common';
import { ReportGenerator, ReportJobRow, ReportJobs, jobView, sweepReportJobs } from '@app/reports';
import { Process, Processor } from '@nestjs/bull';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job } from 'bull';
import { DataSource } from 'typeorm';
import { RealtimeEmitter } from '../events/realtime-emitter';

/**
 * Generates hotspot reports, one at a time per worker (Bull's default concurrency of 1 keeps memory
 * bounded). Progress goes to the job row (the API reads it) and, as `report.progress`, to the socket
 * room of the manager who asked.
 */
@Processor(QUEUES.reports)
export class ReportJobsProcessor {
  private readonly logger = new Logger('ReportJobs');

  constructor(
    private readonly generator: ReportGenerator,
    private readonly realtime: RealtimeEmitter,
  ) {}

  @Process(JOBS.reports.generate)
  async generate(job: Job<{ jobId: string }>): Promise<void> {
    await this.generator.run(String(job.data.jobId), async (row: ReportJobRow) => {
      await job.progress(row.progress).catch(() => undefined);
      // The row holds the progress; a lost socket message only delays what the page shows.
      await this.realtime
        .toRoom(rooms.user(row.requested_by), 'report.progress', jobView(row))
        .catch((e: Error) => this.logger.warn(e.message));
    });
  }
}

/** Every REPORT_SWEEP_MS: queued jobs Redis lost and running jobs whose worker died go back on the queue. */
@Injectable()
export class ReportJobSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ReportJobSweeper');
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: ReportJobs,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), this.config.REPORT_SWEEP_MS);
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** How many jobs went back on the queue; 0 when a sweep was already running or failed. */
  async sweep(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    try {
      return await sweepReportJobs(this.dataSource, (id) => this.jobs.enqueue(id, true), this.config.REPORT_STALLED_SECONDS);
    } catch (e) {
      this.logger.warn(`report sweep failed: ${(e as Error).message}`);
      return 0;
    } finally {
      this.running = false;
    }
  }
}
