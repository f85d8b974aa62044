import { AppConfig, JOBS } from '@app/common';
import { AuthUser } from '@app/identity';
import { NotificationsService } from '@app/notifications';
import { Ticket, TicketsService, maskPhone } from '@app/tickets';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CallbackAttempt } from './callback-attempt.entity';
import { CallbackLink, LinkChannel } from './callback-link.entity';
import { CallbackRecorder } from './callback-recorder';
import { hashToken, isDissatisfied, newToken } from './callback-rules';
import { CallbackTask } from './callback-task.entity';
import { OrderForText, smsInvitation, wechatInvitation } from './callback-text';
import { callbackErrors } from './callbacks.errors';
import { contactWays } from './contact-ways';
import { CallbackAttemptDto, CallbackResultDto, CallbackReviewDto } from './dto/callback.dto';

/**
 * The callback agent's actions on one task: a failed or refused attempt, the outcome by phone, the
 * one-time link by SMS or WeChat; and the supervisor's review (回访复核). Outcomes go through
 * CallbackRecorder, so the order closes in the same transaction.
 */
@Injectable()
export class CallbacksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly recorder: CallbackRecorder,
    private readonly tickets: TicketsService,
    private readonly notifications: NotificationsService,
    private readonly config: AppConfig,
  ) {}

  /** The outcome by phone, with the citizen on the line. */
  result(u: AuthUser, id: string, d: CallbackResultDto): Promise<CallbackTask> {
    if (isDissatisfied(d.satisfaction) && !d.complaintAbout) throw callbackErrors.complaintAboutRequired();
    return this.recorder.complete(id, u, {
      state: 'done',
      channel: 'phone',
      reached: true,
      resolved: d.resolved,
      satisfaction: d.satisfaction,
      complaintAbout: isDissatisfied(d.satisfaction) ? d.complaintAbout! : null,
      reason: d.reason ?? null,
    });
  }

  /**
   * A try without a rating. A refusal ends the callback (reached, not a valid rating). A failed try
   * counts; the CALLBACK_MAX_ATTEMPTS-th makes the callback unreached, which closes the order
   * (record_callback, reached = false) and leaves it out of the satisfaction figures.
   */
  async attempt(u: AuthUser, id: string, d: CallbackAttemptDto): Promise<CallbackTask> {
    const channel = d.channel ?? 'phone';
    const logAttempt = async (m: EntityManager, task: CallbackTask, counts: boolean) => {
      await m.insert(CallbackAttempt, { taskId: task.id, channel, outcome: d.outcome, note: d.note ?? null, userId: u.userId });
      if (!counts) return;
      task.attempts += 1;
      await m.update(CallbackTask, { id: task.id }, { attempts: task.attempts });
    };
    if (d.outcome === 'refused') {
      return this.recorder.complete(
        id,
        u,
        { state: 'done', channel, reached: true, refused: true, reason: d.note ?? '诉求人拒绝评价' },
        (m, task) => logAttempt(m, task, false),
      );
    }
    const max = this.config.CALLBACK_MAX_ATTEMPTS;
    for (;;) {
      const task = await this.recorder.find(id);
      if (task.state !== 'pending') throw callbackErrors.notPending(task.state);
      if (task.attempts + 1 >= max) {
        // Attempts only grow while a task is pending: a try that is the last one now stays the last one.
        return this.recorder.complete(
          id,
          u,
          { state: 'unreached', channel, reached: false, reason: `${max} 次回访均未联系上${d.note ? `：${d.note}` : ''}` },
          (m, locked) => logAttempt(m, locked, true),
        );
      }
      const counted = await this.dataSource.transaction(async (m) => {
        const locked = await this.recorder.lockPending(m, id);
        if (locked.attempts + 1 >= max) return null; // another agent's try came first: this one is the last
        await logAttempt(m, locked, true);
        return locked;
      });
      if (counted) return counted;
    }
  }

  /** Sends the one-time link by SMS to the order's phone, with the digits to reply. */
  sendSms(u: AuthUser, id: string) {
    return this.sendLink(u, id, 'sms');
  }

  /** Sends the one-time link as a WeChat customer-service message to the openid the appeal came from. */
  sendWechat(u: AuthUser, id: string) {
    return this.sendLink(u, id, 'wechat');
  }

  private async sendLink(u: AuthUser, id: string, channel: LinkChannel) {
    const task = await this.recorder.find(id);
    if (task.state !== 'pending') throw callbackErrors.notPending(task.state);
    const t = (await this.tickets.findById(task.ticketId))!;
    if (task.kind === 'handled' && t.state !== 'callback_pending') throw callbackErrors.orderNotAwaiting(t.state);
    const ways = await contactWays(this.dataSource.manager, t);
    const recipient = channel === 'sms' ? ways.phone : ways.wechat;
    if (!recipient) throw channel === 'sms' ? callbackErrors.noPhone() : callbackErrors.noWechat();
    const token = newToken();
    const url = `${this.config.PUBLIC_BASE_URL.replace(/\/+$/, '')}/public/callbacks/${token}`;
    const ttl = this.config.CALLBACK_TOKEN_TTL_HOURS;
    const expiresAt = new Date(Date.now() + ttl * 3_600_000);
    const text = await this.orderForText(t, task);
    return this.dataSource.transaction(async (m) => {
      await this.recorder.lockPending(m, id);
      await m.insert(CallbackLink, { taskId: id, channel, recipient, tokenHash: hashToken(token), expiresAt, sentBy: u.userId });
      if (channel === 'sms') {
        const sms = smsInvitation(text, url, ttl);
        await m.insert(CallbackAttempt, { taskId: id, channel, outcome: 'sent', recipient, userId: u.userId });
        await this.notifications.notify(
          { kind: 'callback', title: sms.title, body: sms.body, userIds: [], smsTo: [recipient], ticketId: t.id },
          m,
        );
      } else {
        const body = wechatInvitation(text, url, ttl);
        await m.insert(CallbackAttempt, { taskId: id, channel, outcome: 'sent', recipient, body, userId: u.userId });
      }
      return { taskId: id, channel, sentTo: channel === 'sms' ? maskPhone(recipient) : '微信用户', expiresAt };
    });
  }

  /**
   * 回访复核: a supervisor overturns a rating, with the reason. The citizen's first rating stays in
   * original_*; the order's columns follow when the task is the order's current round. A review
   * changes the figures only: it neither reopens an order nor undoes a reopen.
   */
  async review(u: AuthUser, id: string, d: CallbackReviewDto): Promise<CallbackTask> {
    const task = await this.recorder.find(id);
    const reviewable = (x: CallbackTask) => x.state === 'done' && x.reached === true && !x.refused;
    if (!reviewable(task)) throw callbackErrors.notReviewable(task.state);
    return this.dataSource.transaction(async (m) => {
      // The order first, then the task: the same lock order as recording a callback.
      const t = (await m.getRepository(Ticket).findOne({ where: { id: task.ticketId }, lock: { mode: 'pessimistic_write' } }))!;
      const locked = (await m.getRepository(CallbackTask).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } }))!;
      if (!reviewable(locked)) throw callbackErrors.notReviewable(locked.state);
      const first = locked.reviewedAt === null;
      const patch: Partial<CallbackTask> = {
        originalSatisfaction: first ? locked.satisfaction : locked.originalSatisfaction,
        originalResolved: first ? locked.resolved : locked.originalResolved,
        satisfaction: d.satisfaction,
        resolved: d.resolved,
        reviewedBy: u.userId,
        reviewedAt: new Date(),
        reviewReason: d.reason,
      };
      await m.update(CallbackTask, { id }, patch);
      let order = t;
      if (locked.kind === 'handled' && t.reopenRound === locked.round && ['closed', 'archived'].includes(t.state)) {
        order = await this.tickets.apply(m, t, { satisfaction: d.satisfaction, callbackResult: d.resolved });
      }
      // An order event, so the worker's listeners (figures, browsers) see the change.
      await this.tickets.emit(m, JOBS.domainEvents.ticketChanged, order, 'callback_review');
      return Object.assign(locked, patch);
    });
  }

  private async orderForText(t: Ticket, task: CallbackTask): Promise<OrderForText> {
    const [unit] = task.unitId ? await this.dataSource.query(`SELECT name FROM unit WHERE id = $1`, [task.unitId]) : [];
    return {
      no: t.no,
      title: t.title,
      replyText: t.replyText,
      receivedAt: t.receivedAt,
      unitName: unit?.name ?? null,
      confidential: t.confidential,
      anonymous: t.anonymous,
    };
  }
}
