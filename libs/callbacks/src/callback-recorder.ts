import { DomainError, JOBS } from '@app/common';
import { Acting, CallbackDto, Ticket, TicketsService } from '@app/tickets';
import type { HandlingResult, Satisfaction } from '@app/tickets';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CallbackChannel, CallbackTask, ComplaintAbout } from './callback-task.entity';
import { callbackErrors } from './callbacks.errors';

/** How one callback ended. */
export interface CallbackOutcome {
  state: 'done' | 'unreached';
  channel: CallbackChannel | null;
  reached: boolean;
  /** Reached, but the citizen declined to rate: recorded, not a valid rating. */
  refused?: boolean;
  resolved?: HandlingResult | null;
  satisfaction?: Satisfaction | null;
  complaintAbout?: ComplaintAbout | null;
  reason?: string | null;
}

/** Work that belongs to the same transaction, on the locked task, before the outcome is written. */
export type InTransaction = (m: EntityManager, task: CallbackTask, now: Date) => Promise<void>;

const RETRIES = 3;

/** The order's callback columns, in step with the task that closes it. */
export function ticketCallbackColumns(task: CallbackTask, now: Date): Partial<Ticket> {
  const rated = task.reached === true && !task.refused;
  return {
    callbackReached: task.reached,
    callbackResult: rated ? task.resolved : null,
    satisfaction: rated ? task.satisfaction : null,
    callbackNote: task.reason,
    calledBackAt: now,
    closedAt: now,
    closureKind: 'handled',
  };
}

/**
 * Records the outcome of a callback, once. For a callback of a handled order the task and the order's
 * `record_callback` are one transaction (TicketsService.transition: the order row locked and its version
 * checked, then the task row locked and checked pending), so of two agents recording at once one wins
 * and the other gets 409. A sampled first-contact callback changes only its task (the order is closed
 * already) and puts an order event in the outbox, so the figures follow.
 */
@Injectable()
export class CallbackRecorder {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tickets: TicketsService,
  ) {}

  async find(id: string): Promise<CallbackTask> {
    const task = /^\d{1,18}$/.test(id) ? await this.dataSource.getRepository(CallbackTask).findOne({ where: { id } }) : null;
    if (!task) throw callbackErrors.notFound();
    return task;
  }

  /** Locks the task row for this transaction and insists it is still pending. */
  async lockPending(m: EntityManager, id: string): Promise<CallbackTask> {
    const task = await m.getRepository(CallbackTask).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!task) throw callbackErrors.notFound();
    if (task.state !== 'pending') throw callbackErrors.notPending(task.state);
    return task;
  }

  async complete(taskId: string, by: Acting, outcome: CallbackOutcome, inTx?: InTransaction): Promise<CallbackTask> {
    for (let attempt = 1; ; attempt++) {
      const task = await this.find(taskId);
      if (task.state !== 'pending') throw callbackErrors.notPending(task.state);
      if (task.kind === 'sample') {
        return this.dataSource.transaction(async (m) => {
          const locked = await this.lockPending(m, taskId);
          const now = new Date();
          await inTx?.(m, locked, now);
          const saved = await this.write(m, locked, outcome, by, now);
          // The order does not change, but its figures do: an order event tells the worker's listeners.
          const t = await m.getRepository(Ticket).findOneByOrFail({ id: saved.ticketId });
          await this.tickets.emit(m, JOBS.domainEvents.ticketChanged, t, 'callback_recorded');
          return saved;
        });
      }
      const t = await this.tickets.findById(task.ticketId);
      if (!t || t.state !== 'callback_pending' || t.reopenRound !== task.round) throw callbackErrors.orderNotAwaiting(t?.state ?? null);
      try {
        return await this.closeOrder(t, taskId, by, outcome, inTx);
      } catch (e) {
        const code = e instanceof DomainError ? e.code : '';
        if (code !== 'TICKET.STALE_VERSION' && code !== 'TICKET.INVALID_TRANSITION') throw e;
        const again = await this.find(taskId);
        if (again.state !== 'pending') throw callbackErrors.notPending(again.state);
        // The order changed under us without this task being recorded (a message, an inspection): read it again.
        if (code === 'TICKET.INVALID_TRANSITION' || attempt >= RETRIES) throw callbackErrors.orderNotAwaiting(null);
      }
    }
  }

  private async closeOrder(t: Ticket, taskId: string, by: Acting, o: CallbackOutcome, inTx?: InTransaction): Promise<CallbackTask> {
    let saved: CallbackTask | undefined;
    const dto: CallbackDto = { version: t.version, reached: o.reached };
    await this.tickets.transition(by, t.id, 'record_callback', dto, async ({ m, now }) => {
      const locked = await this.lockPending(m, taskId);
      await inTx?.(m, locked, now);
      saved = await this.write(m, locked, o, by, now);
      return {
        patch: ticketCallbackColumns(saved, now),
        opinion: saved.reason,
        details: {
          callbackTaskId: saved.id,
          channel: saved.channel,
          reached: saved.reached,
          refused: saved.refused,
          resolved: saved.resolved,
          satisfaction: saved.satisfaction,
          complaintAbout: saved.complaintAbout,
          attempts: saved.attempts,
        },
      };
    });
    return saved!;
  }

  private async write(m: EntityManager, task: CallbackTask, o: CallbackOutcome, by: Acting, now: Date): Promise<CallbackTask> {
    const patch: Partial<CallbackTask> = {
      state: o.state,
      channel: o.channel,
      reached: o.reached,
      refused: o.refused ?? false,
      resolved: o.resolved ?? null,
      satisfaction: o.satisfaction ?? null,
      complaintAbout: o.complaintAbout ?? null,
      reason: o.reason ?? null,
      completedAt: now,
      completedBy: by === 'system' ? null : by.userId,
    };
    await m.update(CallbackTask, { id: task.id }, patch);
    return Object.assign(task, patch);
  }
}
