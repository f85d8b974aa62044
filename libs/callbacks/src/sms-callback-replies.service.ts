import { NotificationsService } from '@app/notifications';
import { SmsInboundDto, normalisePhone } from '@app/intake';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CallbackLinksService, asTokenUsed } from './callback-links.service';
import { CallbackRecorder } from './callback-recorder';
import { isDissatisfied } from './callback-rules';
import { callbackErrors } from './callbacks.errors';
import { parseSmsRating } from './sms-rating';

export interface SmsCallbackAnswer {
  ok: true;
  duplicate: boolean;
  kind: 'callback';
  ticketNo: string;
}

/**
 * Digit replies to the callback SMS (回复1非常满意 2满意 3基本满意 4不满意 5非常不满意). The SMS channel
 * asks this first: a text that is not a digit reply gets null and goes on to intake as an appeal. A digit
 * reply counts only from the number the link went to, while that link is unused and unexpired and its
 * callback pending; otherwise it is refused (403/409/410) and nothing is recorded.
 */
@Injectable()
export class SmsCallbackReplies {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly recorder: CallbackRecorder,
    private readonly links: CallbackLinksService,
    private readonly notifications: NotificationsService,
  ) {}

  async tryHandle(dto: SmsInboundDto, _raw: string): Promise<SmsCallbackAnswer | null> {
    const parsed = parseSmsRating(dto.text);
    if (parsed === null) return null;
    const phone = normalisePhone(dto.from);
    if (!phone) return null;
    // A redelivered message (same gateway id): the first answer again, nothing recorded twice.
    const [again] = await this.dataSource.query(
      `SELECT t.no FROM callback_link l JOIN callback_task ct ON ct.id = l.task_id JOIN ticket t ON t.id = ct.ticket_id
        WHERE l.reply_ref = $1 AND l.recipient = $2`,
      [dto.id, phone],
    );
    if (again) return { ok: true, duplicate: true, kind: 'callback', ticketNo: again.no };
    const links: { id: string; task_id: string; used_at: Date | null; expires_at: Date; task_state: string; no: string }[] =
      await this.dataSource.query(
        `SELECT l.id, l.task_id, l.used_at, l.expires_at, ct.state AS task_state, t.no
           FROM callback_link l JOIN callback_task ct ON ct.id = l.task_id JOIN ticket t ON t.id = ct.ticket_id
          WHERE l.channel = 'sms' AND l.recipient = $1 ORDER BY l.id DESC LIMIT 20`,
        [phone],
      );
    if (!links.length) throw callbackErrors.notForThisNumber();
    const now = new Date();
    const open = links.filter((l) => !l.used_at && l.task_state === 'pending');
    // The newest link still open answers (two orders waiting at once: the one texted last).
    const link = open.find((l) => l.expires_at > now);
    if (!link) throw open.length ? callbackErrors.tokenExpired() : callbackErrors.tokenUsed();
    if (parsed === 'unclear') throw callbackErrors.replyUnclear();
    const task = await this.recorder
      .complete(
        String(link.task_id),
        'system',
        {
          state: 'done',
          channel: 'sms',
          reached: true,
          satisfaction: parsed.satisfaction,
          resolved: parsed.resolved,
          // An SMS cannot ask what a dissatisfied citizen means: like the page left open, the handling.
          complaintAbout: isDissatisfied(parsed.satisfaction) ? 'handling' : null,
          reason: `短信回复：${dto.text.trim().slice(0, 200)}`,
        },
        (m, _task, at) => this.links.useForSms(m, String(link.id), at, dto.id),
      )
      .catch(asTokenUsed);
    await this.notifications.notify({
      kind: 'callback_thanks',
      title: '12345回访',
      body: `感谢您对工单${link.no}的评价，您的意见已记录。`,
      userIds: [],
      smsTo: [phone],
      ticketId: task.ticketId,
    });
    return { ok: true, duplicate: false, kind: 'callback', ticketNo: link.no };
  }
}
