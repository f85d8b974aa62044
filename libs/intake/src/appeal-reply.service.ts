import { IsText } from '@app/common';
import { AuthUser } from '@app/identity';
import { NotificationsService } from '@app/notifications';
import { ActionDto, TicketsService } from '@app/tickets';
import { Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';

export class AppealReplyDto extends ActionDto {
  @ApiProperty({ description: '回复诉求人的内容' })
  @IsText(500)
  text: string;
}

/**
 * 回复诉求人: an agent answers the citizen through the channel they used. The reply is a flow record
 * (it meets the channel's response duty) and, where we can reach the citizen by SMS, a message through
 * the one SMS gateway, written in the same transaction. WeChat replies are recorded for the
 * customer-service message API (this deployment has no route to WeChat's servers).
 */
@Injectable()
export class AppealReplyService {
  constructor(
    private readonly tickets: TicketsService,
    private readonly notifications: NotificationsService,
  ) {}

  reply(u: AuthUser, id: string, d: AppealReplyDto) {
    return this.tickets.transition(u, id, 'message', { version: d.version, opinion: d.text }, ({ t }) => {
      const bySms = t.channel !== 'wechat' && t.citizenPhone !== null;
      return {
        patch: {},
        opinion: d.text,
        details: { via: bySms ? 'sms' : t.channel === 'wechat' ? 'wechat' : 'none' },
        after: async (m) => {
          if (bySms) {
            await this.notifications.notify(
              { kind: 'appeal_reply', title: `工单${t.no}`, body: d.text, userIds: [], smsTo: [t.citizenPhone!], ticketId: t.id },
              m,
            );
          }
        },
      };
    });
  }
}
