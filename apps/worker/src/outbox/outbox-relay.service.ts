import { AppConfig, DOMAIN_EVENT_JOB_OPTIONS, QUEUES } from '@app/common';
import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import { DataSource } from 'typeorm';

/** How long Redis may take to accept a batch before the relay gives up and tries again later. */
const ENQUEUE_TIMEOUT_MS = 5_000;
const MAX_BACKOFF_MS = 10_000;
/** Re-driving gives up on an event after this many hand-overs; it then waits in the table for a person. */
const MAX_ATTEMPTS = 5;

/**
 * Moves domain events from the outbox table to Bull. A batch is marked published only after Redis
 * accepted it, inside the same transaction that locked the rows: if Redis is down the transaction
 * rolls back and the events wait. jobId = event id, so a batch that reached Redis twice is one job.
 * Handlers mark events processed; one published long ago and never processed (a Redis restart without
 * persistence lost it) is relayed again, so Redis holds no work that exists nowhere else.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private failures = 0;
  private current: Promise<void> = Promise.resolve();
  private lastRedrive = Date.now();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUES.domainEvents) private readonly queue: Queue,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.current;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.current = this.tick();
    }, ms);
  }

  private async tick(): Promise<void> {
    let relayed = 0;
    try {
      if (Date.now() - this.lastRedrive > Math.min(30_000, this.config.OUTBOX_REDRIVE_AFTER_MS / 4)) await this.redrive();
      relayed = await this.relayBatch();
      if (this.failures > 0) this.logger.log(`relaying again after ${this.failures} failed attempt(s)`);
      this.failures = 0;
    } catch (e) {
      this.failures += 1;
      if (this.failures === 1 || this.failures % 20 === 0) this.logger.warn(`outbox relay waiting: ${(e as Error).message}`);
    }
    const backoff = Math.min(MAX_BACKOFF_MS, this.config.OUTBOX_POLL_MS * 2 ** Math.min(this.failures, 6));
    this.schedule(this.failures > 0 ? backoff : relayed === this.config.OUTBOX_BATCH ? 0 : this.config.OUTBOX_POLL_MS);
  }

  /** Relays one batch; returns how many events went out. */
  async relayBatch(): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      const rows: { id: string; type: string; payload: Record<string, unknown> }[] = await m.query(
        `SELECT id, type, payload FROM outbox_event WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.config.OUTBOX_BATCH],
      );
      if (rows.length === 0) return 0;
      const jobs = rows.map((r) => ({
        name: r.type,
        data: { eventId: r.id, ...r.payload },
        opts: { ...DOMAIN_EVENT_JOB_OPTIONS, jobId: `evt:${r.id}` },
      }));
      await withTimeout(this.queue.addBulk(jobs), ENQUEUE_TIMEOUT_MS, 'Redis did not accept the batch');
      await m.query(`UPDATE outbox_event SET published_at = now(), attempts = attempts + 1 WHERE id = ANY($1::bigint[])`, [
        rows.map((r) => r.id),
      ]);
      return rows.length;
    });
  }

  /** Puts events that Redis accepted but nobody processed back in line for relaying. */
  async redrive(): Promise<number> {
    this.lastRedrive = Date.now();
    const [, count] = await this.dataSource.query(
      `UPDATE outbox_event SET published_at = NULL
        WHERE published_at IS NOT NULL AND processed_at IS NULL AND attempts < $2
          AND published_at < now() - make_interval(secs => $1::double precision / 1000)`,
      [this.config.OUTBOX_REDRIVE_AFTER_MS, MAX_ATTEMPTS],
    );
    if (count > 0) this.logger.warn(`re-driving ${count} event(s) that were published but never processed`);
    return count;
  }

  /** Called by handlers once an event's work is done. */
  async markProcessed(eventId: string): Promise<void> {
    await this.dataSource.query(`UPDATE outbox_event SET processed_at = now() WHERE id = $1 AND processed_at IS NULL`, [eventId]);
  }

  /** Relays until nothing is left (tests, and shutdown of a draining worker). */
  async drain(): Promise<number> {
    let total = 0;
    for (let n = await this.relayBatch(); n > 0; n = await this.relayBatch()) total += n;
    return total;
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms))),
  ]);
}
