import { DomainEventPayload, JOBS, QUEUES } from '@app/common';
import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { OutboxRelay } from '../outbox/outbox-relay.service';
import { RealtimeEmitter } from './realtime-emitter';

type EventJob = Job<DomainEventPayload & { eventId: string }>;

/**
 * Handles relayed domain events. Emitting is idempotent for clients: every event carries the order's
 * version, so a client that sees one twice (a retried job) keeps the newer state.
 */
@Processor(QUEUES.domainEvents)
export class DomainEventsProcessor {
  constructor(
    private readonly realtime: RealtimeEmitter,
    private readonly outbox: OutboxRelay,
  ) {}

  @Process(JOBS.domainEvents.ticketCreated)
  async ticketCreated(job: EventJob): Promise<void> {
    await this.realtime.toAudience(JOBS.domainEvents.ticketCreated, job.data);
    await this.outbox.markProcessed(job.data.eventId);
  }

  @Process(JOBS.domainEvents.ticketChanged)
  async ticketChanged(job: EventJob): Promise<void> {
    await this.realtime.toAudience(JOBS.domainEvents.ticketChanged, job.data);
    await this.outbox.markProcessed(job.data.eventId);
  }
}
