import { AppConfig, DomainError } from '@app/common';
import { DeadlineService, DispatchService } from '@app/dispatch';
import { SATISFACTION_LABELS, Ticket, TicketsService } from '@app/tickets';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CallbackRecorder } from './callback-recorder';
import { isDissatisfied, reopensOrder, sampledForCallback } from './callback-rules';
import { CallbackTask } from './callback-task.entity';
import { contactWays } from './contact-ways';

/** What the worker hands over for every order event (from the outbox). */
export interface OrderEvent {
  id: string;
  action: string;
  state: string;
}

const RETRIES = 3;

/**
 * The worker calls this for every order event: callbacks fall due when a reply is accepted, first-contact
 * closures are sampled, and a dissatisfied callback reopens the order. Idempotent: each step reads the
 * order and its tasks as they are now (not the event), and a retried event does nothing twice.
 */
@Injectable()
export class CallbackEvents {
  private readonly logger = new Logger('CallbackEvents');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tickets: TicketsService,
    private readonly dispatch: DispatchService,
    private readonly deadlines: DeadlineService,
    private readonly recorder: CallbackRecorder,
    private readonly config: AppConfig,
  ) {}

  async onOrderEvent(e: OrderEvent): Promise<void> {
    switch (e.action) {
      case 'accept_reply':
        return this.openHandled(e.id);
      case 'close_first_contact':
        return this.drawSample(e.id);
      case 'record_callback':
        await this.followOrder(e.id);
        return this.reopenIfDissatisfied(e.id);
      case 'close':
        return this.cancelPending(e.id);
    }
  }

  /**
   * A reply accepted: the round's callback falls due CALLBACK_DUE_WORKING_DAYS working days after the
   * acceptance. An order nobody can call back (no phone, not from WeChat: an anonymous web appeal) is
   * recorded unreached at once and the order closes, so it does not wait for a callback forever.
   */
  private async openHandled(id: string): Promise<void> {
    const t = await this.tickets.findById(id);
    if (!t || t.state !== 'callback_pending') return;
    const acceptedAt = await this.flowTime(id, 'accept_reply');
    const dueAt = await this.deadlines.addWorkingDays(acceptedAt ?? new Date(), this.config.CALLBACK_DUE_WORKING_DAYS);
    await this.dataSource.query(
      `INSERT INTO callback_task (ticket_id, round, kind, unit_id, due_at) VALUES ($1, $2, 'handled', $3, $4)
       ON CONFLICT ON CONSTRAINT callback_task_round_uq DO NOTHING`,
      [t.id, t.reopenRound, t.leadUnitId, dueAt],
    );
    const ways = await contactWays(this.dataSource.manager, t);
    if (ways.phone || ways.wechat) return;
    const task = await this.dataSource
      .getRepository(CallbackTask)
      .findOne({ where: { ticketId: t.id, round: t.reopenRound, kind: 'handled', state: 'pending' } });
    if (!task) return;
    try {
      await this.recorder.complete(task.id, 'system', {
        state: 'unreached',
        channel: null,
        reached: false,
        reason: '无法回访：诉求人未留电话，也不是通过微信提出（匿名诉求）',
      });
    } catch (e) {
      if (!['CALLBACK.NOT_PENDING', 'CALLBACK.ORDER_NOT_AWAITING'].includes((e as DomainError).code)) throw e;
    }
  }

  /**
   * A first-contact closure is drawn at CALLBACK_FIRST_CONTACT_SAMPLE_RATE (by a hash of the order id, so a
   * retry draws the same), from the orders that can be called back. The centre answered it, so the centre
   * (the closing agent's unit) is the unit rated.
   */
  private async drawSample(id: string): Promise<void> {
    const t = await this.tickets.findById(id);
    if (!t || t.state !== 'closed' || t.closureKind !== 'first_contact') return;
    if (!sampledForCallback(t.id, this.config.CALLBACK_FIRST_CONTACT_SAMPLE_RATE)) return;
    const ways = await contactWays(this.dataSource.manager, t);
    if (!ways.phone && !ways.wechat) return;
    const [flow] = await this.dataSource.query(
      `SELECT actor_unit_id FROM ticket_flow WHERE ticket_id = $1 AND action = 'close_first_contact' ORDER BY id DESC LIMIT 1`,
      [t.id],
    );
    const dueAt = await this.deadlines.addWorkingDays(t.closedAt ?? new Date(), this.config.CALLBACK_DUE_WORKING_DAYS);
    await this.dataSource.query(
      `INSERT INTO callback_task (ticket_id, round, kind, unit_id, due_at) VALUES ($1, 0, 'sample', $2, $3)
       ON CONFLICT ON CONSTRAINT callback_task_round_uq DO NOTHING`,
      [t.id, flow?.actor_unit_id ?? t.leadUnitId, dueAt],
    );
  }

  /**
   * A callback recorded on the order itself (POST /tickets/:id/callback) rather than through a task: the
   * task follows the order, so the figures have one source. A dissatisfied rating there does not say
   * what it is about; like an unanswered page, it counts as about the handling.
   */
  private async followOrder(id: string): Promise<void> {
    const t = await this.tickets.findById(id);
    if (!t || t.state !== 'closed' || t.closureKind !== 'handled' || t.callbackReached === null) return;
    const [flow] = await this.dataSource.query(
      `SELECT actor_user_id FROM ticket_flow WHERE ticket_id = $1 AND action = 'record_callback' ORDER BY id DESC LIMIT 1`,
      [t.id],
    );
    const acceptedAt = await this.flowTime(id, 'accept_reply');
    const dueAt = await this.deadlines.addWorkingDays(acceptedAt ?? t.calledBackAt ?? new Date(), this.config.CALLBACK_DUE_WORKING_DAYS);
    const reached = t.callbackReached;
    await this.dataSource.query(
      `INSERT INTO callback_task AS ct (ticket_id, round, kind, unit_id, due_at, state, channel, reached, resolved, satisfaction, reason,
         complaint_about, completed_at, completed_by)
       VALUES ($1, $2, 'handled', $3, $4, $5, 'phone', $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT ON CONSTRAINT callback_task_round_uq DO UPDATE SET state = EXCLUDED.state, channel = EXCLUDED.channel,
         reached = EXCLUDED.reached, resolved = EXCLUDED.resolved, satisfaction = EXCLUDED.satisfaction, reason = EXCLUDED.reason,
         complaint_about = EXCLUDED.complaint_about, completed_at = EXCLUDED.completed_at, completed_by = EXCLUDED.completed_by
       WHERE ct.state = 'pending'`,
      [
        t.id,
        t.reopenRound,
        t.leadUnitId,
        dueAt,
        reached ? 'done' : 'unreached',
        reached,
        reached ? t.callbackResult : null,
        reached ? t.satisfaction : null,
        t.callbackNote,
        reached && isDissatisfied(t.satisfaction) ? 'handling' : null,
        t.calledBackAt ?? new Date(),
        flow?.actor_user_id ?? null,
      ],
    );
  }

  /**
   * 重办: the first round's callback was dissatisfied with the handling, and the order is still closed
   * on that round. Reopened as 'system' for the same unit with a new deadline (DispatchService.reopen);
   * the reopened order's next accepted reply brings the next round's callback.
   */
  private async reopenIfDissatisfied(id: string): Promise<void> {
    for (let attempt = 1; attempt <= RETRIES; attempt++) {
      const t = await this.tickets.findById(id);
      if (!t || t.state !== 'closed' || t.closureKind !== 'handled') return;
      const task = await this.latestHandled(t);
      if (!task || task.round !== t.reopenRound || !reopensOrder(task)) return;
      try {
        await this.dispatch.reopen('system', t.id, {
          version: t.version,
          reason: `回访${SATISFACTION_LABELS[task.satisfaction!]}（对办理结果），自动重办${task.reason ? `：${task.reason}` : ''}`.slice(
            0,
            2000,
          ),
        });
        return;
      } catch (e) {
        const code = (e as DomainError).code;
        if (code === 'TICKET.STALE_VERSION') continue;
        if (code === 'TICKET.INVALID_TRANSITION' || code === 'TICKET.NOT_REOPENABLE') return;
        throw e;
      }
    }
    this.logger.warn(`order ${id}: not reopened after ${RETRIES} stale versions; the event will be retried`);
    throw new Error(`order ${id} kept changing while being reopened`);
  }

  /** Closed by a supervisor without a callback (办结): the pending callback is called off. */
  private async cancelPending(id: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE callback_task ct SET state = 'cancelled', completed_at = now(), reason = coalesce(ct.reason, '工单已直接办结，无需回访')
       FROM ticket t WHERE t.id = ct.ticket_id AND ct.ticket_id = $1 AND ct.kind = 'handled' AND ct.state = 'pending' AND t.state <> 'callback_pending'`,
      [id],
    );
  }

  private latestHandled(t: Ticket): Promise<CallbackTask | null> {
    return this.dataSource.getRepository(CallbackTask).findOne({ where: { ticketId: t.id, kind: 'handled' }, order: { round: 'DESC' } });
  }

  private async flowTime(ticketId: string, action: string): Promise<Date | null> {
    const [row] = await this.dataSource.query(
      `SELECT created_at FROM ticket_flow WHERE ticket_id = $1 AND action = $2 ORDER BY id DESC LIMIT 1`,
      [ticketId, action],
    );
    return row?.created_at ?? null;
  }
}
