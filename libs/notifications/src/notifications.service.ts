import { JOBS, appendOutbox, notFound } from '@app/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { Notification } from './notification.entity';
import { SMS_GATEWAY, SmsGateway } from './sms-gateway';
import { SmsMessage } from './sms-message.entity';

export interface NoticeInput {
  userIds: number[];
  kind: string;
  title: string;
  body: string;
  ticketId?: string | null;
  /** Also text these numbers (the users' phones), through the SMS gateway. */
  smsTo?: string[];
}

/**
 * In-app notices (read/unread), pushed to the users' socket rooms through the outbox, and SMS through
 * the gateway. Writing inside the caller's transaction keeps a notice and its cause together.
 */
@Injectable()
export class NotificationsService {
  private readonly logger = new Logger('Notifications');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SMS_GATEWAY) private readonly sms: SmsGateway,
  ) {}

  async notify(input: NoticeInput, m: EntityManager = this.dataSource.manager): Promise<void> {
    const userIds = [...new Set(input.userIds)].filter((u) => Number.isInteger(u) && u > 0);
    if (userIds.length) {
      const rows = userIds.map((userId) => ({
        userId,
        kind: input.kind,
        title: input.title,
        body: input.body,
        ticketId: input.ticketId ?? null,
      }));
      const inserted = await m.createQueryBuilder().insert().into(Notification).values(rows).returning(['id', 'userId']).execute();
      for (const [i, r] of (inserted.raw as { id: string; user_id: number }[]).entries()) {
        await appendOutbox(
          m,
          JOBS.domainEvents.notificationCreated,
          input.ticketId ?? '0',
          { unitIds: [], userIds: [r.user_id] },
          {
            id: r.id,
            kind: input.kind,
            title: input.title,
            body: input.body,
            ticketId: input.ticketId ?? null,
            userId: rows[i].userId,
          },
        );
      }
    }
    for (const phone of new Set(input.smsTo ?? [])) {
      let status: string;
      try {
        status = await this.sms.send(phone, `【12345】${input.title}：${input.body}`);
      } catch (e) {
        this.logger.warn(`sms to ${phone.slice(0, 3)}****: ${(e as Error).message}`);
        status = 'failed';
      }
      await m.insert(SmsMessage, {
        toPhone: phone,
        body: `【12345】${input.title}：${input.body}`,
        purpose: input.kind,
        ticketId: input.ticketId ?? null,
        status,
        provider: this.sms.name,
      });
    }
  }

  async list(userId: number, opts: { unreadOnly?: boolean; limit?: number; before?: string }) {
    const qb = this.dataSource.getRepository(Notification).createQueryBuilder('n').where('n.userId = :userId', { userId });
    if (opts.unreadOnly) qb.andWhere('n.readAt IS NULL');
    if (opts.before) qb.andWhere('n.id < :before', { before: opts.before });
    const [items, unread] = await Promise.all([
      qb
        .orderBy('n.id', 'DESC')
        .take(opts.limit ?? 20)
        .getMany(),
      this.dataSource.getRepository(Notification).count({ where: { userId, readAt: IsNull() } }),
    ]);
    return { unread, items };
  }

  async markRead(userId: number, id: string): Promise<void> {
    if (!/^\d{1,18}$/.test(id)) throw notFound('NOTIFICATION.NOT_FOUND', '通知不存在');
    const res = await this.dataSource.getRepository(Notification).update({ id, userId, readAt: IsNull() }, { readAt: new Date() });
    if (!res.affected && !(await this.dataSource.getRepository(Notification).exist({ where: { id, userId } }))) {
      throw notFound('NOTIFICATION.NOT_FOUND', '通知不存在');
    }
  }

  async markAllRead(userId: number): Promise<number> {
    const res = await this.dataSource.getRepository(Notification).update({ userId, readAt: IsNull() }, { readAt: new Date() });
    return res.affected ?? 0;
  }
}
