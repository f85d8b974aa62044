import { badRequest } from '@app/common';
import { NotificationsService } from '@app/notifications';
import { Injectable } from '@nestjs/common';
import { IntakeService } from '../../intake.service';
import { normalisePhone } from '../../phone-number';
import { SmsInboundDto } from './sms-inbound.dto';

/**
 * 短信: the gateway pushes each inbound message, signed. SMS is a conversation: the first message opens
 * an appeal (a registered order an agent completes), later ones within the window join it. The citizen
 * gets an automatic acknowledgement with the order number through the one outbound SMS gateway.
 */
@Injectable()
export class SmsInboundService {
  constructor(
    private readonly intake: IntakeService,
    private readonly notifications: NotificationsService,
  ) {}

  /** A message whose signature the api has checked (SmsSignatureGuard); `raw` is the body as sent. */
  async receive(dto: SmsInboundDto, raw: string) {
    const phone = normalisePhone(dto.from);
    if (!phone) throw badRequest('SMS.BAD_SENDER', `发送人号码 ${dto.from} 无法识别`);
    const r = await this.intake.receive(
      {
        channel: 'sms',
        externalId: dto.id,
        account: dto.to,
        sender: { phone },
        content: dto.text,
        receivedAt: dto.time,
        raw,
        rawType: 'json',
        mode: 'conversation',
      },
      ({ kind, ticketNo }) => ({
        reply:
          kind === 'follow_up'
            ? `您的补充内容已记录到工单${ticketNo}。`
            : `您的短信诉求已受理，工单号${ticketNo}，工作人员将尽快与您联系。可回复短信补充情况。`,
      }),
    );
    // The acknowledgement goes once: a re-delivered message got its answer the first time.
    if (!r.duplicate) {
      await this.notifications.notify({
        kind: 'sms_ack',
        title: '12345受理回执',
        body: String(r.answer?.reply ?? ''),
        userIds: [],
        smsTo: [phone],
        ticketId: r.ticketId,
      });
    }
    return { ok: true, duplicate: r.duplicate, ticketNo: r.ticketNo, kind: r.kind };
  }
}
