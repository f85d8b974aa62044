import { AppConfig, notFound } from '@app/common';
import { AuthUser, UnitDirectory } from '@app/identity';
import { NotificationsService } from '@app/notifications';
import { Ticket, TicketAccess } from '@app/tickets';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DeadlineService } from '../deadlines/deadline.service';
import { Supervision, SupervisionSource } from './supervision.entity';
import { unitPeople } from './unit-people';

const SOURCE_LABELS: Record<SupervisionSource, string> = {
  red_card: '超期红牌',
  dissatisfied_again: '二次回访不满意',
  supervisor: '督办员决定',
  cannot_do: '办不成事',
};

/** 督办单: opened by a red card, a second dissatisfied callback, a supervisor, or a 办不成事 order. */
@Injectable()
export class SupervisionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deadlines: DeadlineService,
    private readonly notifications: NotificationsService,
    private readonly access: TicketAccess,
    private readonly units: UnitDirectory,
    private readonly config: AppConfig,
  ) {}

  /**
   * Opens a supervision order inside the caller's transaction, unless one from the same source is
   * already open; tells the unit's head (and deputy). Returns the new one, or null if one was open.
   */
  async open(
    m: EntityManager,
    t: Ticket,
    source: SupervisionSource,
    reason: string,
    by: number | null,
    dueAt?: Date,
  ): Promise<Supervision | null> {
    const due = dueAt ?? (await this.deadlines.addWorkingDays(new Date(), this.config.SUPERVISION_DUE_WORKING_DAYS));
    const inserted = await m
      .createQueryBuilder()
      .insert()
      .into(Supervision)
      .values({ ticketId: t.id, source, reason, unitId: t.leadUnitId, ownerUserId: by, dueAt: due, createdBy: by })
      .orIgnore()
      .returning('*')
      .execute();
    const row = (inserted.raw as Record<string, unknown>[])[0];
    if (!row) return null;
    await m.query(`UPDATE ticket SET supervised = true WHERE id = $1`, [t.id]);
    if (t.leadUnitId) {
      const people = await unitPeople(m, t.leadUnitId, ['head', 'deputy_head']);
      await this.notifications.notify(
        {
          userIds: people.userIds,
          smsTo: people.phones,
          kind: 'supervision',
          ticketId: t.id,
          title: `督办：工单 ${t.no}`,
          body: `${SOURCE_LABELS[source]}：${reason}（督办期限 ${due.toISOString().slice(0, 10)}）`,
        },
        m,
      );
    }
    return m.getRepository(Supervision).create({ ...row, id: String(row.id) } as Partial<Supervision>);
  }

  /**
   * After a callback: a second dissatisfied rating (the order was already reopened once) opens a
   * supervision order. Idempotent: at most one open per source and order.
   */
  async afterCallback(ticketId: string): Promise<Supervision | null> {
    return this.dataSource.transaction(async (m) => {
      const t = await m.getRepository(Ticket).findOne({ where: { id: ticketId } });
      // Only an order still closed by this callback: a retried event after the order was reopened again must not
      // read the old rating as a new one.
      if (!t || t.state !== 'closed' || t.reopenRound < 1 || !['dissatisfied', 'very_dissatisfied'].includes(t.satisfaction ?? ''))
        return null;
      return this.open(m, t, 'dissatisfied_again', `重办后回访仍不满意（第 ${t.reopenRound + 1} 轮）`, null);
    });
  }

  /** 办不成事 figures for a period: how many, finished on time, and satisfied at callback. */
  async cannotDoFigures(from: Date, to: Date) {
    const [row] = await this.dataSource.query(
      `SELECT count(*)::int AS total,
              count(*) FILTER (WHERE closed_at IS NOT NULL)::int AS closed,
              count(*) FILTER (WHERE replied_at IS NOT NULL AND due_at IS NOT NULL AND replied_at <= due_at)::int AS on_time,
              count(*) FILTER (WHERE due_at IS NOT NULL AND (replied_at IS NOT NULL OR due_at < now()))::int AS due,
              count(*) FILTER (WHERE callback_reached AND satisfaction IS NOT NULL)::int AS rated,
              count(*) FILTER (WHERE satisfaction IN ('very_satisfied','satisfied','basically_satisfied'))::int AS satisfied,
              count(*) FILTER (WHERE inspected_at IS NOT NULL)::int AS inspected
         FROM ticket WHERE appeal_type = 'cannot_do' AND received_at >= $1 AND received_at < $2`,
      [from, to],
    );
    const rate = (a: number, b: number) => (b ? Math.round((a / b) * 10000) / 100 : null);
    return { ...row, onTimeRate: rate(row.on_time, row.due), satisfactionRate: rate(row.satisfied, row.rated) };
  }

  /** Open (or all) supervision orders the user may see: the centre sees all, a unit its own and those below. */
  async list(user: AuthUser, state: 'open' | 'closed' | 'all' = 'open') {
    const scope = await this.access.scopeOf(user);
    const qb = this.dataSource.getRepository(Supervision).createQueryBuilder('s').orderBy('s.dueAt', 'ASC').take(200);
    if (state !== 'all') qb.andWhere('s.state = :state', { state });
    if (!scope.all) qb.andWhere('s.unitId IN (:...units)', { units: scope.unitIds });
    return qb.getMany();
  }

  async close(user: AuthUser, id: string, result: string): Promise<Supervision> {
    const repo = this.dataSource.getRepository(Supervision);
    const s = await repo.findOne({ where: { id } });
    if (!s || s.state !== 'open') throw notFound('SUPERVISION.NOT_FOUND', '督办单不存在或已办结');
    await repo.update({ id, state: 'open' }, { state: 'closed', result, closedAt: new Date(), closedBy: user.userId });
    return (await repo.findOne({ where: { id } }))!;
  }
}
