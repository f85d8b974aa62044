import { badRequest, forbidden, notFound } from '@app/common';
import { AuthUser, UnitDirectory } from '@app/identity';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Attachment } from './attachment.entity';
import { InboxDto, InboxTab, ListTicketsDto } from './dto/list-tickets.dto';
import { HANDLING_STATES_SQL, inboxQueries } from './inbox-sql';
import { allowedActions } from './lifecycle/ticket-state-machine';
import { MAY_REVEAL } from './masking';
import { PiiAccessLog } from './pii-access-log.entity';
import { Scope, TicketAccess } from './ticket-access';
import { TicketCoUnit } from './ticket-co-unit.entity';
import { TicketFlow } from './ticket-flow.entity';
import { toFlowView, maskedCitizen, plainCitizen, toTicketView, unmaskedFor } from './ticket-view';
import { Ticket } from './ticket.entity';
import { TicketsService } from './tickets.service';

function encodeCursor(parts: (string | number)[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (Array.isArray(v) && v.length === 2 && !Number.isNaN(Date.parse(v[0])) && /^\d+$/.test(String(v[1]))) return [v[0], String(v[1])];
  } catch {
    /* fall through */
  }
  throw badRequest('REQUEST.INVALID_CURSOR', '分页游标无效，请从第一页重新查询');
}

class Sql {
  readonly where: string[] = [];
  readonly params: unknown[] = [];
  add(clause: (p: (v: unknown) => string) => string): void {
    this.where.push(
      clause((v) => {
        this.params.push(v);
        return `$${this.params.length}`;
      }),
    );
  }
  get clause(): string {
    return this.where.length ? `WHERE ${this.where.join(' AND ')}` : '';
  }
}

@Injectable()
export class TicketQueryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: TicketAccess,
    private readonly units: UnitDirectory,
    private readonly tickets: TicketsService,
  ) {}

  private rowsToTickets(rows: Record<string, unknown>[]): Ticket[] {
    return rows.map((r) => this.tickets.toEntity(r));
  }

  private scopeFilter(sql: Sql, scope: Scope, includeCoUnits: boolean): void {
    if (scope.all) return;
    sql.add((p) => {
      const ids = p(scope.unitIds);
      return includeCoUnits
        ? `(t.lead_unit_id = ANY(${ids}) OR t.id IN (SELECT ticket_id FROM ticket_co_unit WHERE unit_id = ANY(${ids})))`
        : `t.lead_unit_id = ANY(${ids})`;
    });
  }

  /** Orders matching the filters, newest first, with keyset pagination and the total count. Personal data always masked. */
  async list(user: AuthUser, q: ListTicketsDto) {
    const scope = await this.access.scopeOf(user);
    const sql = new Sql();
    this.scopeFilter(sql, scope, true);
    if (q.state) sql.add((p) => `t.state = ${p(q.state)}`);
    if (q.unitId) {
      const sub = await this.units.subtree(q.unitId);
      sql.add((p) => `t.lead_unit_id = ANY(${p(sub)})`);
    }
    if (q.categoryId) sql.add((p) => `t.category_id = ${p(q.categoryId)}`);
    if (q.districtId) sql.add((p) => `t.district_id = ${p(q.districtId)}`);
    if (q.channel) sql.add((p) => `t.channel = ${p(q.channel)}`);
    if (q.urgency) sql.add((p) => `t.urgency = ${p(q.urgency)}`);
    if (q.from) sql.add((p) => `t.received_at >= ${p(q.from)}`);
    if (q.to) sql.add((p) => `t.received_at < ${p(q.to)}`);
    if (q.from && q.to && q.from >= q.to) throw badRequest('REQUEST.INVALID_RANGE', '开始时间必须早于结束时间');
    if (q.overdue) sql.add(() => `t.state IN ${HANDLING_STATES_SQL} AND t.due_at < now()`);
    if (q.q) {
      const like = `%${q.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
      sql.add((p) => `(t.no = ${p(q.q)} OR t.title ILIKE ${p(like)} OR t.content ILIKE ${p(like)})`);
    }
    const countSql = `SELECT count(*)::int AS n FROM ticket t ${sql.clause}`;
    const countParams = [...sql.params];
    if (q.cursor) {
      const [at, id] = decodeCursor(q.cursor);
      sql.add((p) => `(t.received_at, t.id) < (${p(at)}::timestamptz, ${p(id)}::bigint)`);
    }
    const limit = q.limit ?? 20;
    const [rows, [{ n }]] = await Promise.all([
      this.dataSource.query(`SELECT t.* FROM ticket t ${sql.clause} ORDER BY t.received_at DESC, t.id DESC LIMIT ${limit + 1}`, sql.params),
      this.dataSource.query(countSql, countParams),
    ]);
    const items = this.rowsToTickets(rows.slice(0, limit));
    const last = items[items.length - 1];
    return {
      items: items.map((t) => toTicketView(t, maskedCitizen(t))),
      total: n as number,
      nextCursor: rows.length > limit ? encodeCursor([new Date(last.receivedAt).toISOString(), last.id]) : null,
    };
  }

  /** A unit's inbox: one tab's page, most urgent first, and every tab's count (see inbox-sql.ts). */
  async inbox(user: AuthUser, q: InboxDto) {
    const scope = await this.access.scopeOf(user);
    const tab = q.tab ?? 'to_sign';
    const limit = q.limit ?? 20;
    const { page, counts } = inboxQueries({
      tab,
      role: user.role,
      unitId: user.unitId,
      units: scope.all ? null : scope.unitIds,
      limit,
      after: q.cursor ? decodeCursor(q.cursor) : undefined,
    });
    const [rows, [countRow]] = await Promise.all([
      this.dataSource.query(page.sql, page.params),
      this.dataSource.query(counts.sql, counts.params),
    ]);
    const items = this.rowsToTickets(rows.slice(0, limit));
    const last = items[items.length - 1];
    return {
      tab,
      counts: countRow as Record<InboxTab, number>,
      items: items.map((t) => toTicketView(t, maskedCitizen(t))),
      nextCursor: rows.length > limit && last.dueAt ? encodeCursor([new Date(last.dueAt).toISOString(), last.id]) : null,
    };
  }

  /** The whole order: its fields, every flow record, co-handling units, attachments, children, and what this user may do now. */
  async detail(user: AuthUser, idOrNo: string) {
    const scope = await this.access.scopeOf(user);
    const m = this.dataSource.manager;
    const t = await this.tickets.findVisible(m, idOrNo, scope);
    if (!t) throw notFound('TICKET.NOT_FOUND', '工单不存在');
    const [flow, coUnits, attachments, children, actor] = await Promise.all([
      m.getRepository(TicketFlow).find({ where: { ticketId: t.id }, order: { id: 'ASC' } }),
      m.getRepository(TicketCoUnit).find({ where: { ticketId: t.id } }),
      m.getRepository(Attachment).find({ where: { ticketId: t.id }, order: { createdAt: 'ASC' } }),
      m.getRepository(Ticket).find({ where: { parentId: t.id }, order: { id: 'ASC' } }),
      this.tickets.actor(m, user, scope, t),
    ]);
    const unmasked = unmaskedFor(user.role, t);
    if (unmasked) await this.audit(user, t.id, 'detail', ['name', 'phone']);
    return {
      ...toTicketView(t, unmasked ? plainCitizen(t) : maskedCitizen(t)),
      allowedActions: allowedActions(this.tickets.facts(t), actor),
      flow: flow.map(toFlowView),
      coUnits: coUnits.map((c) => ({ unitId: c.unitId, partReply: c.partReply, repliedAt: c.repliedAt })),
      attachments: attachments.map((a) => ({
        id: a.id,
        fileName: a.fileName,
        mimeType: a.mimeType,
        sizeBytes: a.sizeBytes,
        createdAt: a.createdAt,
      })),
      children: children.map((c) => ({ id: c.id, no: c.no, state: c.state, leadUnitId: c.leadUnitId, dueAt: c.dueAt, result: c.result })),
    };
  }

  /**
   * Shows a caller's name and phone where ordinary views mask them (confidential orders), for the
   * centre's own callback. Every reveal is audited with its purpose.
   */
  async reveal(user: AuthUser, idOrNo: string, purpose: string) {
    if (!MAY_REVEAL.includes(user.role)) throw forbidden('TICKET.REVEAL_NOT_ALLOWED', '您的角色无权查看诉求人信息');
    const scope = await this.access.scopeOf(user);
    const t = await this.tickets.findVisible(this.dataSource.manager, idOrNo, scope);
    if (!t) throw notFound('TICKET.NOT_FOUND', '工单不存在');
    await this.audit(user, t.id, purpose, ['name', 'phone']);
    return plainCitizen(t);
  }

  /** Previous orders from the same phone number, for the agent registering a new one. */
  async callerHistory(user: AuthUser, phone: string) {
    const scope = await this.access.scopeOf(user);
    const sql = new Sql();
    sql.add((p) => `t.citizen_phone = ${p(phone)}`);
    this.scopeFilter(sql, scope, false);
    const rows = await this.dataSource.query(`SELECT t.* FROM ticket t ${sql.clause} ORDER BY t.received_at DESC LIMIT 20`, sql.params);
    const items = this.rowsToTickets(rows);
    return {
      phone,
      total: items.length,
      openCount: items.filter((t) => !['closed', 'merged', 'archived'].includes(t.state)).length,
      items: items.map((t) => ({
        id: t.id,
        no: t.no,
        state: t.state,
        receivedAt: t.receivedAt,
        title: t.title,
        categoryId: t.categoryId,
        appealType: t.appealType,
        leadUnitId: t.leadUnitId,
        satisfaction: t.satisfaction,
      })),
    };
  }

  private async audit(user: AuthUser, ticketId: string, purpose: string, fields: string[]): Promise<void> {
    await this.dataSource.getRepository(PiiAccessLog).insert({ userId: user.userId, ticketId, purpose, fields });
  }
}
