import { DomainEventPayload, JOBS, QUEUES } from '@app/common';
import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { RealtimeEmitter } from './realtime-emitter';

type EventJob = Job<DomainEventPayload & { eventId: string }>;

/**
 * Handles relayed domain events. Emitting is idempotent for clients: every event carries the order's
 * version, so a client that sees one twice (a retried job) keeps the newer state.
 */
@Processor(QUEUES.domainEvents)
export class DomainEventsProcessor {
  constructor(private readonly realtime: RealtimeEmitter) {}

  @Process(JOBS.domainEvents.ticketCreated)
  ticketCreated(job: EventJob): void {
    this.realtime.toAudience(JOBS.domainEvents.ticketCreated, job.data);
  }

  @Process(JOBS.domainEvents.ticketChanged)
  ticketChanged(job: EventJob): void {
    this.realtime.toAudience(JOBS.domainEvents.ticketChanged, job.data);
  }
}
