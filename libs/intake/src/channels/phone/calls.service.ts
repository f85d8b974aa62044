import { AppConfig, badRequest, conflict, forbidden, notFound, unprocessable } from '@app/common';
import { AuthUser } from '@app/identity';
import { Ticket, maskedCitizen, mayViewPersonalData, plainCitizen, toTicketView } from '@app/tickets';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { IntakeService } from '../../intake.service';
import { CALL_STATE_LABELS } from './call-state';
import { CallKpi, callKpiSelect, toCallKpi } from './call-kpi';
import { CallRecord, MISSED_CALLBACK_LABELS } from './call-record.entity';
import { CallStatsQueryDto, MissedCallbackDto, MissedCallsQueryDto, RegisterFromCallDto } from './calls.dto';

/** The longest period one stats request may cover (a year and a day, for leap years and time zones). */
const MAX_STATS_DAYS = 367;

function encodeCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify([at.toISOString(), id])).toString('base64url');
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

/** A call as the agents' screens show it. Agents and supervisors see the caller's number: they call back. */
export function toCallView(c: CallRecord) {
  return {
    id: c.id,
    callId: c.callId,
    state: c.state,
    stateLabel: CALL_STATE_LABELS[c.state],
    callerNumber: c.callerNumber,
    dialledNumber: c.dialledNumber,
    hotlineId: c.hotlineId,
    agentUserId: c.agentUserId,
    agentRef: c.agentRef,
    startedAt: c.startedAt,
    offeredAt: c.offeredAt,
    queuedAt: c.queuedAt,
    answeredAt: c.answeredAt,
    abandonedAt: c.abandonedAt,
    endedAt: c.endedAt,
    waitSeconds: c.waitSeconds,
    talkSeconds: c.talkSeconds,
    recordingRef: c.recordingRef,
    ticketId: c.ticketId,
    missedCallback: c.missedCallbackStatus
      ? {
          status: c.missedCallbackStatus,
          label: MISSED_CALLBACK_LABELS[c.missedCallbackStatus],
          by: c.missedCallbackBy,
          at: c.missedCallbackAt,
          note: c.missedCallbackNote,
        }
      : null,
  };
}

/**
 * What agents and supervisors do with calls: the missed-call list and its callbacks, registering the
 * order a call is about, and the hotline's phone KPIs.
 */
@Injectable()
export class CallsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly intake: IntakeService,
    private readonly config: AppConfig,
  ) {}

  private get calls() {
    return this.dataSource.getRepository(CallRecord);
  }

  private async find(callId: string): Promise<CallRecord> {
    const c = await this.calls.findOneBy({ callId });
    if (!c) throw notFound('CTI.CALL_NOT_FOUND', '通话记录不存在', { callId });
    return c;
  }

  async detail(callId: string) {
    const c = await this.find(callId);
    const events = await this.dataSource.query(
      `SELECT event_id AS "eventId", type, occurred_at AS "occurredAt", outcome, created_at AS "receivedAt"
       FROM call_event WHERE call_record_id = $1 ORDER BY occurred_at, id`,
      [c.id],
    );
    return { ...toCallView(c), events };
  }

  /**
   * 漏接回拨: missed calls nobody has called back yet, newest first. Each says whether the caller got
   * through on a later call, which often makes the callback unnecessary.
   */
  async missed(q: MissedCallsQueryDto) {
    const limit = q.limit ?? 50;
    const params: unknown[] = [limit + 1];
    let after = '';
    if (q.cursor) {
      const [at, id] = decodeCursor(q.cursor);
      after = `AND (c.abandoned_at, c.id) < ($2::timestamptz, $3::bigint)`;
      params.push(at, id);
    }
    const rows = (await this.dataSource.query(
      `SELECT c.id, h.number AS hotline_number, h.name AS hotline_name,
         (SELECT min(l.answered_at) FROM call_record l
           WHERE l.caller_number = c.caller_number AND l.started_at > c.started_at AND l.answered_at IS NOT NULL) AS later_answered_at
       FROM call_record c JOIN hotline h ON h.id = c.hotline_id
       WHERE c.missed_callback_status = 'pending' ${after}
       ORDER BY c.abandoned_at DESC, c.id DESC LIMIT $1`,
      params,
    )) as { id: string; hotline_number: string; hotline_name: string; later_answered_at: Date | null }[];
    const page = rows.slice(0, limit);
    const byId = new Map((await this.calls.findBy({ id: In(page.map((r) => r.id)) })).map((c) => [c.id, c]));
    const [{ n }] = await this.dataSource.query(`SELECT count(*)::int AS n FROM call_record WHERE missed_callback_status = 'pending'`);
    const last = page.length ? byId.get(page[page.length - 1].id)! : null;
    return {
      total: n as number,
      items: page.map((r) => ({
        ...toCallView(byId.get(r.id)!),
        hotline: { number: r.hotline_number, name: r.hotline_name },
        laterAnsweredAt: r.later_answered_at,
      })),
      nextCursor: rows.length > limit && last ? encodeCursor(last.abandonedAt!, last.id) : null,
    };
  }

  /** Records the callback of a missed call. The same record again is harmless; a different one is a conflict. */
  async recordMissedCallback(user: AuthUser, callId: string, dto: MissedCallbackDto) {
    const note = dto.note || null;
    const [[updated]] = (await this.dataSource.query(
      `UPDATE call_record SET missed_callback_status = $2, missed_callback_by = $3, missed_callback_at = now(),
         missed_callback_note = $4, updated_at = now()
       WHERE call_id = $1 AND missed_callback_status = 'pending' RETURNING id`,
      [callId, dto.outcome, user.userId, note],
    )) as [{ id: string }[], number];
    const c = await this.find(callId);
    if (updated) return toCallView(c);
    if (c.missedCallbackStatus === null) throw conflict('CTI.NOT_A_MISSED_CALL', '这通电话不是待回拨的漏接电话', { state: c.state });
    if (c.missedCallbackStatus === dto.outcome && c.missedCallbackBy === user.userId && c.missedCallbackNote === note) return toCallView(c);
    throw conflict('CTI.ALREADY_CALLED_BACK', '这通漏接电话已经回拨过', {
      status: c.missedCallbackStatus,
      by: c.missedCallbackBy,
      at: c.missedCallbackAt,
    });
  }

  /**
   * 来电登记: the order the call is about, registered by the agent who answered it (or a supervisor),
   * through the intake door like every channel: one order per call, whatever the retries. A second
   * matter raised in the same call is registered as usual (POST /tickets).
   */
  async registerOrder(
    user: AuthUser,
    callId: string,
    dto: RegisterFromCallDto,
  ): Promise<{ duplicate: boolean; ticket: ReturnType<typeof toTicketView> }> {
    const c = await this.find(callId);
    if (!c.answeredAt) throw conflict('CTI.CALL_NOT_ANSWERED', '这通电话没有坐席接听，不能据此登记工单', { state: c.state });
    if (user.role !== 'supervisor' && c.agentUserId !== user.userId) {
      throw forbidden('CTI.NOT_YOUR_CALL', '只有接听这通电话的坐席（或督办员）可以据此登记工单');
    }
    if (dto.anonymous && (dto.citizenName || dto.citizenPhone)) {
      throw badRequest('TICKET.ANONYMOUS_WITH_IDENTITY', '匿名诉求不应登记姓名和电话；如需对单位保密，请选择“保密”');
    }
    const location =
      dto.address || dto.longitude !== undefined || dto.latitude !== undefined
        ? { address: dto.address ?? null, longitude: dto.longitude ?? null, latitude: dto.latitude ?? null }
        : null;
    const result = await this.intake.receive({
      channel: 'phone',
      externalId: `call:${c.callId}`,
      hotlineNumber: c.dialledNumber,
      sender: { phone: dto.citizenPhone ?? c.callerNumber, name: dto.citizenName ?? null },
      content: dto.content,
      location,
      receivedAt: c.offeredAt ?? c.startedAt,
      raw: JSON.stringify({ callId: c.callId, ...dto }),
      rawType: 'json',
      mode: 'order',
      order: {
        appealType: dto.appealType,
        urgency: dto.urgency,
        categoryId: dto.categoryId,
        tags: dto.tags,
        title: dto.title,
        citizenEnterprise: dto.citizenEnterprise ?? null,
        confidential: dto.confidential,
        anonymous: dto.anonymous,
        districtId: dto.districtId,
        streetId: dto.streetId,
        communityId: dto.communityId,
        publishable: dto.publishable,
      },
      actor: { userId: user.userId, unitId: user.unitId, role: user.role },
      // The call's link to its order is written in the order's own transaction.
      onCreated: async (m, ticketId) => {
        await m.query(`UPDATE call_record SET ticket_id = $2, updated_at = now() WHERE id = $1 AND ticket_id IS NULL`, [c.id, ticketId]);
      },
    });
    if (!result.ticketId) throw unprocessable('CTI.NO_ORDER', '未能据此通话登记工单');
    const t = await this.dataSource.getRepository(Ticket).findOneByOrFail({ id: result.ticketId });
    // Just typed by this agent: echoed as typed. An order registered before is shown as this role sees it.
    const citizen = !result.duplicate || mayViewPersonalData(user.role, t) ? plainCitizen(t) : maskedCitizen(t);
    return { duplicate: result.duplicate, ticket: toTicketView(t, citizen) };
  }

  /** The phone KPIs for a period, overall and by line, computed in SQL by the one definition (call-kpi.ts). */
  async stats(q: CallStatsQueryDto, answerWithinSeconds = this.config.CTI_ANSWER_WITHIN_SECONDS) {
    const from = new Date(q.from);
    const to = new Date(q.to);
    if (from >= to) throw badRequest('REQUEST.INVALID_RANGE', '开始时间必须早于结束时间');
    if (to.getTime() - from.getTime() > MAX_STATS_DAYS * 86_400_000) {
      throw badRequest('REQUEST.RANGE_TOO_LONG', `统计区间不能超过 ${MAX_STATS_DAYS} 天`, { maxDays: MAX_STATS_DAYS });
    }
    let hotlineId: number | null = null;
    if (q.hotline) {
      const [h] = (await this.dataSource.query(`SELECT id FROM hotline WHERE number = $1`, [q.hotline])) as { id: number }[];
      if (!h) throw unprocessable('INTAKE.UNKNOWN_HOTLINE', `热线号码 ${q.hotline} 未在热线归并目录中登记`, { hotline: q.hotline });
      hotlineId = h.id;
    }
    const rows = (await this.dataSource.query(
      `SELECT c.hotline_id, grouping(c.hotline_id) = 1 AS overall, ${callKpiSelect('$3', 'c')}
       FROM call_record c
       WHERE c.started_at >= $1 AND c.started_at < $2 AND ($4::int IS NULL OR c.hotline_id = $4)
       GROUP BY GROUPING SETS ((), (c.hotline_id))`,
      [from, to, answerWithinSeconds, hotlineId],
    )) as (Record<string, unknown> & { hotline_id: number | null; overall: boolean })[];
    const lines = (await this.dataSource.query(`SELECT id, number, name FROM hotline WHERE id = ANY($1)`, [
      rows.filter((r) => !r.overall).map((r) => r.hotline_id),
    ])) as { id: number; number: string; name: string }[];
    const line = new Map(lines.map((l) => [l.id, l]));
    const overall = rows.find((r) => r.overall);
    const empty: CallKpi = toCallKpi({});
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      hotline: q.hotline ?? null,
      answerWithinSeconds,
      total: overall ? toCallKpi(overall) : empty,
      byHotline: rows
        .filter((r) => !r.overall)
        .map((r) => ({
          hotlineId: r.hotline_id!,
          number: line.get(r.hotline_id!)?.number,
          name: line.get(r.hotline_id!)?.name,
          ...toCallKpi(r),
        }))
        .sort((a, b) => b.offered - a.offered || a.hotlineId - b.hotlineId),
    };
  }
}
