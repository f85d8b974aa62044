import { CallbackEvents } from '@app/callbacks';
import { DomainEventPayload, JOBS, QUEUES } from '@app/common';
import { DispatchService, SupervisionService, TimerService } from '@app/dispatch';
import { KpiEvents } from '@app/kpi';
import { ReportRollup, TermRollup } from '@app/reports';
import { orderWithMergedDuplicates } from '@app/tickets';
import { Process, Processor } from '@nestjs/bull';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job } from 'bull';
import { DataSource } from 'typeorm';
import { OutboxRelay } from '../outbox/outbox-relay.service';
import { RealtimeEmitter } from './realtime-emitter';

type EventJob = Job<DomainEventPayload & { eventId: string }>;

/**
 * Handles relayed domain events: pushes them to the browsers' rooms, keeps the order's deadline timers
 * in line with its state, and offers orders waiting for dispatch to auto-dispatch. Every step is
 * idempotent (timers are reconciled from the order as it is now; auto-dispatch acts only on an order
 * still waiting), so a retried job does no harm.
 */
@Processor(QUEUES.domainEvents)
export class DomainEventsProcessor {
  constructor(
    private readonly realtime: RealtimeEmitter,
    private readonly outbox: OutboxRelay,
    private readonly timers: TimerService,
    private readonly dispatch: DispatchService,
    private readonly supervision: SupervisionService,
    private readonly callbacks: CallbackEvents,
    private readonly kpi: KpiEvents,
    private readonly reportRollup: ReportRollup,
    private readonly terms: TermRollup,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Process(JOBS.domainEvents.ticketCreated)
  async ticketCreated(job: EventJob): Promise<void> {
    await this.orderEvent(JOBS.domainEvents.ticketCreated, job);
  }

  @Process(JOBS.domainEvents.ticketChanged)
  async ticketChanged(job: EventJob): Promise<void> {
    await this.orderEvent(JOBS.domainEvents.ticketChanged, job);
  }

  @Process(JOBS.domainEvents.ticketDispatched)
  async ticketDispatched(job: EventJob): Promise<void> {
    await this.fanOut(JOBS.domainEvents.ticketDispatched, job);
  }

  @Process(JOBS.domainEvents.approvalRequested)
  async approvalRequested(job: EventJob): Promise<void> {
    await this.fanOut(JOBS.domainEvents.approvalRequested, job);
  }

  @Process(JOBS.domainEvents.notificationCreated)
  async notificationCreated(job: EventJob): Promise<void> {
    await this.fanOut(JOBS.domainEvents.notificationCreated, job);
  }

  /** A screen pop that arrives after its call is surely over (a Redis outage delayed it) would only confuse: dropped. */
  @Process(JOBS.domainEvents.callScreenPop)
  async callScreenPop(job: EventJob): Promise<void> {
    const expiresAt = Date.parse(String(job.data.data.expiresAt));
    if (Date.now() > expiresAt) return this.outbox.markProcessed(job.data.eventId);
    await this.fanOut(JOBS.domainEvents.callScreenPop, job);
  }

  private async orderEvent(event: string, job: EventJob): Promise<void> {
    const id = String(job.data.data.id);
    await this.timers.reconcile(id);
    if (job.data.data.state === 'to_dispatch') await this.dispatch.autoDispatch(id);
    if (job.data.data.action === 'record_callback') await this.supervision.afterCallback(id);
    await this.callbacks.onOrderEvent({ id, action: String(job.data.data.action), state: String(job.data.data.state) });
    // The rollups count by unit, and merged duplicates follow their parent's: looked up once for all three.
    for (const attributed of await orderWithMergedDuplicates(this.dataSource, id)) {
      await this.kpi.refresh(attributed);
      await this.reportRollup.refresh(attributed);
      await this.terms.refresh(attributed);
    }
    await this.fanOut(event, job);
  }

  private async fanOut(event: string, job: EventJob): Promise<void> {
    await this.realtime.toAudience(event, job.data);
    await this.outbox.markProcessed(job.data.eventId);
  }
}
