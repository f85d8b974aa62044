import { AppConfig, badRequest } from '@app/common';
import { AuthUser } from '@app/identity';
import {
  PiiAccessLog,
  RESULT_LABELS,
  SATISFACTION_LABELS,
  STATE_LABELS,
  TicketAccess,
  TicketFlow,
  maskedCitizen,
  plainCitizen,
  toFlowView,
} from '@app/tickets';
import type { CitizenView, HandlingResult, Satisfaction, TicketState } from '@app/tickets';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { CallbackAttempt } from './callback-attempt.entity';
import { CallbackTask } from './callback-task.entity';
import { callbackScript } from './callback-text';
import { callbackErrors } from './callbacks.errors';
import { ListCallbacksDto } from './dto/callback.dto';

export const TASK_STATE_LABELS = { pending: '待回访', done: '已回访', unreached: '未联系上', cancelled: '已取消' } as const;
export const KIND_LABELS = { handled: '办结回访', sample: '直接办结抽样回访' } as const;
export const OUTCOME_LABELS = {
  no_answer: '无人接听',
  busy: '占线',
  wrong_number: '号码错误',
  refused: '拒绝评价',
  sent: '已发送评价链接',
} as const;

/** The order as a callback agent needs it, joined to each task. */
const SELECT = `
  SELECT ct.*, t.no AS t_no, t.version AS t_version, t.state AS t_state, t.title AS t_title, t.content AS t_content,
         t.appeal_type AS t_appeal_type, t.channel AS t_channel, t.citizen_name AS t_citizen_name, t.citizen_phone AS t_citizen_phone,
         t.citizen_enterprise AS t_citizen_enterprise, t.confidential AS t_confidential, t.anonymous AS t_anonymous,
         t.received_at AS t_received_at, t.replied_at AS t_replied_at, t.reply_text AS t_reply_text, t.result AS t_result,
         t.reopen_round AS t_reopen_round, t.lead_unit_id AS t_lead_unit_id, un.name AS unit_name,
         EXISTS (SELECT 1 FROM intake_record ir WHERE ir.ticket_id = t.id AND ir.channel = 'wechat' AND ir.sender_openid IS NOT NULL) AS has_wechat,
         (SELECT row_to_json(l) FROM (SELECT channel, created_at AS "sentAt", expires_at AS "expiresAt", used_at AS "usedAt"
            FROM callback_link WHERE task_id = ct.id ORDER BY id DESC LIMIT 1) l) AS last_link
    FROM callback_task ct
    JOIN ticket t ON t.id = ct.ticket_id
    LEFT JOIN unit un ON un.id = ct.unit_id`;

type Row = Record<string, any>;

function encodeCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify([at.toISOString(), id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (Array.isArray(v) && v.length === 2 && !Number.isNaN(Date.parse(v[0])) && /^\d{1,18}$/.test(String(v[1])))
      return [v[0], String(v[1])];
  } catch {
    /* fall through */
  }
  throw badRequest('REQUEST.INVALID_CURSOR', '分页游标无效，请从第一页重新查询');
}

/**
 * The callback work list: each task with the order, the reply, its history, the caller and a script.
 * The caller is shown unmasked to agents on open tasks and to supervisors (who may call again to review),
 * confidential and anonymous orders included, since the centre itself calls back; each such view is
 * written to pii_access_log (purpose 'callback'). Managers read it masked; handlers have no access.
 */
@Injectable()
export class CallbackWorkList {
  private columns: Map<string, string> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: TicketAccess,
    private readonly config: AppConfig,
  ) {}

  async list(user: AuthUser, q: ListCallbacksDto) {
    const state = q.state ?? 'pending';
    const open = state === 'due' || state === 'pending';
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    where.push(`ct.state = ${p(open ? 'pending' : state)}`);
    if (state === 'due') {
      const tz = p(this.config.CITY_TIMEZONE);
      where.push(`ct.due_at < (date_trunc('day', now() AT TIME ZONE ${tz}) + interval '1 day') AT TIME ZONE ${tz}`);
    }
    if (q.kind) where.push(`ct.kind = ${p(q.kind)}`);
    if (q.ticketId) where.push(`ct.ticket_id = ${p(q.ticketId)}`);
    const scope = await this.access.scopeOf(user);
    if (!scope.all) where.push(`ct.unit_id = ANY(${p(scope.unitIds)})`);
    // Open tasks: the earliest due first. Finished ones: the latest first.
    const sortCol = open ? 'ct.due_at' : 'coalesce(ct.completed_at, ct.created_at)';
    if (q.cursor) {
      const [at, id] = decodeCursor(q.cursor);
      where.push(`(${sortCol}, ct.id) ${open ? '>' : '<'} (${p(at)}::timestamptz, ${p(id)}::bigint)`);
    }
    const dir = open ? 'ASC' : 'DESC';
    const limit = q.limit ?? 20;
    const rows: Row[] = await this.dataSource.query(
      `${SELECT} WHERE ${where.join(' AND ')} ORDER BY ${sortCol} ${dir}, ct.id ${dir} LIMIT ${limit + 1}`,
      params,
    );
    const page = rows.slice(0, limit);
    const items = await this.toItems(user, page);
    const last = page[page.length - 1];
    const lastAt = last && (open ? last.due_at : (last.completed_at ?? last.created_at));
    return { state, items, nextCursor: rows.length > limit ? encodeCursor(lastAt, String(last.id)) : null };
  }

  async one(user: AuthUser, id: string) {
    if (!/^\d{1,18}$/.test(id)) throw callbackErrors.notFound();
    const scope = await this.access.scopeOf(user);
    const params: unknown[] = [id];
    let sql = `${SELECT} WHERE ct.id = $1`;
    if (!scope.all) sql += ` AND ct.unit_id = ANY($${params.push(scope.unitIds)})`;
    const rows: Row[] = await this.dataSource.query(sql, params);
    if (!rows.length) throw callbackErrors.notFound();
    return (await this.toItems(user, rows))[0];
  }

  private async toItems(user: AuthUser, rows: Row[]) {
    if (!rows.length) return [];
    const ticketIds = [...new Set(rows.map((r) => String(r.ticket_id)))];
    const [flows, attempts] = await Promise.all([
      this.dataSource.getRepository(TicketFlow).find({ where: { ticketId: In(ticketIds) }, order: { id: 'ASC' } }),
      this.dataSource.getRepository(CallbackAttempt).find({
        where: { taskId: In(rows.map((r) => String(r.id))) },
        order: { id: 'ASC' },
        // The WeChat body carries the live link: the agent must not be able to rate in the citizen's place.
        select: ['id', 'taskId', 'channel', 'outcome', 'note', 'userId', 'createdAt'],
      }),
    ]);
    const audited: Partial<PiiAccessLog>[] = [];
    const items = rows.map((r) => {
      const task = this.toTask(r);
      const person = { citizenName: r.t_citizen_name, citizenPhone: r.t_citizen_phone, citizenEnterprise: r.t_citizen_enterprise };
      const unmasked =
        (user.role === 'supervisor' || (user.role === 'agent' && task.state === 'pending')) &&
        (person.citizenName !== null || person.citizenPhone !== null);
      if (unmasked) audited.push({ userId: user.userId, ticketId: task.ticketId, purpose: 'callback', fields: ['name', 'phone'] });
      const caller: CitizenView = unmasked ? plainCitizen(person) : maskedCitizen(person);
      return this.toItem(task, r, caller, flows, attempts);
    });
    if (audited.length) await this.dataSource.getRepository(PiiAccessLog).insert(audited);
    return items;
  }

  private toItem(task: CallbackTask, r: Row, caller: CitizenView, flows: TicketFlow[], attempts: CallbackAttempt[]) {
    const phone = !r.t_anonymous && r.t_citizen_phone !== null;
    return {
      id: task.id,
      ticketId: task.ticketId,
      round: task.round,
      kind: task.kind,
      kindLabel: KIND_LABELS[task.kind],
      state: task.state,
      stateLabel: TASK_STATE_LABELS[task.state],
      unitId: task.unitId,
      unitName: r.unit_name ?? null,
      dueAt: task.dueAt,
      overdue: task.state === 'pending' && new Date(task.dueAt) < new Date(),
      attempts: task.attempts,
      maxAttempts: this.config.CALLBACK_MAX_ATTEMPTS,
      outcome: {
        channel: task.channel,
        reached: task.reached,
        refused: task.refused,
        resolved: task.resolved,
        resolvedLabel: task.resolved ? RESULT_LABELS[task.resolved as HandlingResult] : null,
        satisfaction: task.satisfaction,
        satisfactionLabel: task.satisfaction ? SATISFACTION_LABELS[task.satisfaction as Satisfaction] : null,
        complaintAbout: task.complaintAbout,
        reason: task.reason,
        completedAt: task.completedAt,
        completedBy: task.completedBy,
      },
      review: task.reviewedAt
        ? {
            originalSatisfaction: task.originalSatisfaction,
            originalResolved: task.originalResolved,
            reviewedBy: task.reviewedBy,
            reviewedAt: task.reviewedAt,
            reason: task.reviewReason,
          }
        : null,
      order: {
        id: task.ticketId,
        no: r.t_no,
        version: r.t_version,
        state: r.t_state as TicketState,
        stateLabel: STATE_LABELS[r.t_state as TicketState],
        title: r.t_title,
        content: r.t_content,
        appealType: r.t_appeal_type,
        channel: r.t_channel,
        confidential: r.t_confidential,
        anonymous: r.t_anonymous,
        receivedAt: r.t_received_at,
        repliedAt: r.t_replied_at,
        leadUnitId: r.t_lead_unit_id,
        result: r.t_result,
        replyText: r.t_reply_text,
        reopenRound: r.t_reopen_round,
      },
      caller,
      ways: { phone, sms: phone, wechat: Boolean(r.has_wechat) },
      lastLink: r.last_link ?? null,
      script: callbackScript(
        {
          no: r.t_no,
          title: r.t_title,
          replyText: r.t_reply_text,
          receivedAt: r.t_received_at,
          unitName: r.unit_name ?? null,
          confidential: r.t_confidential,
          anonymous: r.t_anonymous,
        },
        task.kind,
        task.round,
        this.config.CITY_TIMEZONE,
      ),
      attemptsLog: attempts
        .filter((a) => a.taskId === task.id)
        .map((a) => ({
          id: a.id,
          channel: a.channel,
          outcome: a.outcome,
          outcomeLabel: OUTCOME_LABELS[a.outcome],
          note: a.note,
          userId: a.userId,
          at: a.createdAt,
        })),
      history: flows.filter((f) => f.ticketId === task.ticketId).map(toFlowView),
    };
  }

  /** A raw row (snake_case) as the entity. */
  private toTask(r: Row): CallbackTask {
    this.columns ??= new Map(this.dataSource.getMetadata(CallbackTask).columns.map((c) => [c.databaseName, c.propertyName]));
    const task = new CallbackTask();
    for (const [col, prop] of this.columns) if (col in r) (task as unknown as Row)[prop] = r[col];
    task.id = String(r.id);
    task.ticketId = String(r.ticket_id);
    return task;
  }
}
