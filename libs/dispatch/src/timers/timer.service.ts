import { AppConfig, JOBS, QUEUES, TIMER_JOB_OPTIONS } from '@app/common';
import { NotificationsService } from '@app/notifications';
import { HANDLING_STATES, Ticket, TicketsService } from '@app/tickets';
import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import { DataSource, EntityManager } from 'typeorm';
import { DeadlineService } from '../deadlines/deadline.service';
import { SupervisionService } from '../supervision/supervision.service';
import { unitPeople } from '../supervision/unit-people';
import { TicketTimer } from './ticket-timer.entity';
import { ReminderStep, parseReminderSchedule, planTimers } from './timer-plan';

export interface TimerJob {
  ticketId: string;
  kind: string;
  fireAt: string;
}

/** One Bull job per order, kind and firing time: a timer that moves gets a new id, the old one is removed. */
export const timerJobId = (ticketId: string, kind: string, fireAt: Date) => `timer:${ticketId}:${kind}:${fireAt.getTime()}`;

/** The first key of the advisory locks that serialize one order's timer planning. */
const TIMER_LOCK_SPACE = 12345;

/** How far ahead the sweeper makes sure Bull holds the jobs; later ones are re-created as they come near. */
const SWEEP_HORIZON_MS = 30 * 60_000;

/**
 * Deadline timers. The plan lives in ticket_timer (derived from the order's deadline whenever the order
 * changes); Bull's delayed jobs carry it out; firing is idempotent (fired_at) and ignores stale jobs;
 * the sweeper re-creates jobs Redis lost from the table, so a flushed Redis delays a reminder but loses none.
 */
@Injectable()
export class TimerService {
  private readonly logger = new Logger('Timers');
  private readonly schedule: ReminderStep[];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUES.timers) private readonly queue: Queue,
    private readonly deadlines: DeadlineService,
    private readonly tickets: TicketsService,
    private readonly notifications: NotificationsService,
    private readonly supervision: SupervisionService,
    config: AppConfig,
  ) {
    this.schedule = parseReminderSchedule(config.REMINDER_SCHEDULE);
  }

  /**
   * Brings an order's timers in line with its current deadline: rows first, then Bull jobs. Serialized per
   * order (an advisory lock held for the transaction), and the order is read after the lock is taken, so
   * of two reconciles racing the later one always works from the newest state.
   */
  async reconcile(ticketId: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock($1, ($2::bigint % 2147483647)::int)`, [TIMER_LOCK_SPACE, ticketId]);
      const t = await m.getRepository(Ticket).findOne({ where: { id: ticketId } });
      const timers = m.getRepository(TicketTimer);
      const existing = await timers.find({ where: { ticketId } });
      const plan = t
        ? planTimers(
            {
              handling: HANDLING_STATES.includes(t.state),
              dueAt: t.dueAt,
              warnAt: t.warnAt,
              since: t.extendedDueAt ? null : t.dispatchedAt,
            },
            this.schedule,
            await this.deadlines.calendar(),
            await this.deadlines.workingHours(t.leadUnitId),
          )
        : [];
      const wanted = new Map(plan.map((p) => [p.kind, p]));
      for (const row of existing) {
        const want = wanted.get(row.kind);
        const same =
          want && want.fireAt.getTime() === row.fireAt.getTime() && t!.dueAt && row.dueAt.getTime() === new Date(t!.dueAt).getTime();
        if (same) {
          wanted.delete(row.kind);
          if (!row.firedAt) await this.ensureJob(row);
          continue;
        }
        await this.removeJob(row);
        await timers.delete({ ticketId, kind: row.kind });
      }
      for (const p of wanted.values()) {
        const row = await timers.save(timers.create({ ticketId, kind: p.kind, fireAt: p.fireAt, dueAt: t!.dueAt!, firedAt: null }));
        await this.ensureJob(row);
      }
    });
  }

  private async ensureJob(row: TicketTimer): Promise<void> {
    const id = timerJobId(row.ticketId, row.kind, row.fireAt);
    if (await this.queue.getJob(id)) return;
    const data: TimerJob = { ticketId: row.ticketId, kind: row.kind, fireAt: row.fireAt.toISOString() };
    await this.queue.add(JOBS.timers.fire, data, {
      ...TIMER_JOB_OPTIONS,
      jobId: id,
      delay: Math.max(0, row.fireAt.getTime() - Date.now()),
    });
  }

  private async removeJob(row: TicketTimer): Promise<void> {
    const job = await this.queue.getJob(timerJobId(row.ticketId, row.kind, row.fireAt));
    await job?.remove().catch(() => undefined); // a job running right now finishes and finds itself stale
  }

  /** Re-creates the Bull jobs of timers due soon that Redis no longer has, and plans orders that have none. */
  async sweep(): Promise<{ ensured: number; planned: number }> {
    const due = await this.dataSource
      .getRepository(TicketTimer)
      .createQueryBuilder('x')
      .where('x.firedAt IS NULL')
      .andWhere('x.fireAt < :h', { h: new Date(Date.now() + SWEEP_HORIZON_MS) })
      .orderBy('x.fireAt')
      .take(5000)
      .getMany();
    for (const row of due) await this.ensureJob(row);
    const unplanned: { id: string }[] = await this.dataSource.query(
      `SELECT t.id FROM ticket t
        WHERE t.state IN ('dispatched','return_requested','in_progress','extension_requested') AND t.due_at IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM ticket_timer x WHERE x.ticket_id = t.id)
        LIMIT 500`,
    );
    for (const { id } of unplanned) await this.reconcile(id);
    return { ensured: due.length, planned: unplanned.length };
  }

  /** Carries out one timer, once. A timer whose order moved on, or whose deadline changed, does nothing. */
  async fire(job: TimerJob): Promise<'fired' | 'stale'> {
    return this.dataSource.transaction(async (m) => {
      const [rows] = await m.query(
        // Jobs carry JavaScript's millisecond time; the column may hold microseconds.
        `UPDATE ticket_timer SET fired_at = now()
          WHERE ticket_id = $1 AND kind = $2 AND date_trunc('milliseconds', fire_at) = $3 AND fired_at IS NULL RETURNING due_at`,
        [job.ticketId, job.kind, job.fireAt],
      );
      if (!rows.length) return 'stale';
      const t = await m.getRepository(Ticket).findOne({ where: { id: job.ticketId }, lock: { mode: 'pessimistic_write' } });
      if (!t || !HANDLING_STATES.includes(t.state) || !t.dueAt || new Date(t.dueAt).getTime() !== new Date(rows[0].due_at).getTime())
        return 'stale';
      if (job.kind === 'yellow' || job.kind === 'red') await this.card(m, t, job.kind);
      else await this.remind(m, t, this.schedule[Number(job.kind.split(':')[1])]);
      return 'fired';
    });
  }

  private async remind(m: EntityManager, t: Ticket, step: ReminderStep | undefined): Promise<void> {
    if (!step || !t.leadUnitId) return;
    const people = await unitPeople(m, t.leadUnitId, [step.recipient]);
    const when = step.workingDaysBefore === 0 ? '今天' : `${step.workingDaysBefore} 个工作日后`;
    await this.notifications.notify(
      {
        userIds: people.userIds,
        smsTo: people.phones,
        kind: 'reminder',
        ticketId: t.id,
        title: `到期提醒：工单 ${t.no}`,
        body: `「${t.title}」将于${when}到期，请及时办理。`,
      },
      m,
    );
    await this.tickets.recordFlow(m, t.id, 'remind', t.state, t.state, 'system', null, {
      recipient: step.recipient,
      userIds: people.userIds,
    });
  }

  /** Yellow card one working day before the deadline; red card once it passed, with a supervision order. */
  private async card(m: EntityManager, t: Ticket, card: 'yellow' | 'red'): Promise<void> {
    if (t.card === 'red' || t.card === card) return;
    const updated = await this.tickets.apply(m, t, { card });
    await this.tickets.recordFlow(m, t.id, card === 'yellow' ? 'yellow_card' : 'red_card', t.state, t.state, 'system', null, {
      dueAt: t.dueAt,
    });
    await this.tickets.emitChanged(m, updated, card === 'yellow' ? 'yellow_card' : 'red_card');
    if (!t.leadUnitId) return;
    const people = await unitPeople(m, t.leadUnitId, card === 'yellow' ? ['handler'] : ['handler', 'head']);
    await this.notifications.notify(
      {
        userIds: people.userIds,
        smsTo: people.phones,
        kind: card === 'yellow' ? 'yellow_card' : 'red_card',
        ticketId: t.id,
        title: `${card === 'yellow' ? '黄牌预警' : '红牌超期'}：工单 ${t.no}`,
        body: card === 'yellow' ? `「${t.title}」距办理期限不足一个工作日。` : `「${t.title}」已超过办理期限，已转督办。`,
      },
      m,
    );
    if (card === 'red')
      await this.supervision.open(
        m,
        updated,
        'red_card',
        `工单超过办理期限（${new Date(t.dueAt!).toISOString().slice(0, 16).replace('T', ' ')}）`,
        null,
      );
  }
}
