import { badRequest } from '@app/common';
import { CHANNEL_LABELS, Channel } from '@app/tickets';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { INTAKE_KIND_LABELS, IntakeKind } from './intake.types';

export const DUTY_STATUSES = ['pending', 'overdue', 'on_time', 'late'] as const;
export type DutyStatus = (typeof DUTY_STATUSES)[number];
export const DUTY_STATUS_LABELS: Record<DutyStatus, string> = {
  pending: '待响应',
  overdue: '已超时未响应',
  on_time: '按时响应',
  late: '超时响应',
};

/**
 * When a delivery counts as responded to: the first step a person took on its order at or after it
 * arrived (any action but the system's own), including a message back to the citizen. Derived from the
 * flow records, so it cannot drift from what happened.
 */
const RESPONSE_SQL = `(SELECT min(f.created_at) FROM ticket_flow f
   WHERE f.ticket_id = r.ticket_id AND f.actor_user_id IS NOT NULL AND f.action <> 'register' AND f.created_at >= r.received_at)`;

const STATUS_SQL = `CASE
   WHEN resp.at IS NULL AND now() > r.respond_due_at THEN 'overdue'
   WHEN resp.at IS NULL THEN 'pending'
   WHEN resp.at > r.respond_due_at THEN 'late'
   ELSE 'on_time' END`;

/** What the centre sees of intake: open appeals waiting for an agent, response duties, an order's messages, figures by hotline. */
@Injectable()
export class IntakeQueryService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** 待处理诉求: appeals from conversations (WeChat, SMS) still waiting for an agent, oldest duty first. */
  async openAppeals(channel?: Channel) {
    const rows = (await this.dataSource.query(
      `SELECT t.id, t.no, t.channel, t.title, t.version, t.received_at, count(r.id)::int AS messages, max(r.received_at) AS last_message_at,
              min(r.respond_due_at) FILTER (WHERE ${RESPONSE_SQL} IS NULL) AS respond_due_at
       FROM ticket t JOIN intake_record r ON r.ticket_id = t.id
       WHERE t.state = 'registered' AND r.kind IN ('appeal','follow_up') AND ($1::text IS NULL OR t.channel = $1)
       GROUP BY t.id ORDER BY min(r.respond_due_at) NULLS LAST, t.id LIMIT 200`,
      [channel ?? null],
    )) as Record<string, unknown>[];
    const now = Date.now();
    return rows.map((r) => ({
      id: String(r.id),
      no: r.no,
      channel: r.channel,
      channelLabel: CHANNEL_LABELS[r.channel as Channel],
      title: r.title,
      version: r.version,
      receivedAt: r.received_at,
      messages: r.messages,
      lastMessageAt: r.last_message_at,
      respondDueAt: r.respond_due_at,
      overdue: r.respond_due_at !== null && new Date(r.respond_due_at as string).getTime() < now,
    }));
  }

  /** 响应时限: each delivery with a duty in the range, its status, and a summary by channel. */
  async duties(q: { from: Date; to: Date; channel?: Channel; status?: DutyStatus }) {
    if (q.to <= q.from) throw badRequest('INTAKE.BAD_RANGE', '结束时间须晚于开始时间');
    const rows = (await this.dataSource.query(
      `SELECT r.id, r.channel, r.kind, r.received_at, r.respond_due_at, t.no, resp.at AS responded_at, ${STATUS_SQL} AS status
       FROM intake_record r JOIN ticket t ON t.id = r.ticket_id
       CROSS JOIN LATERAL (SELECT ${RESPONSE_SQL} AS at) resp
       WHERE r.respond_due_at IS NOT NULL AND r.received_at >= $1 AND r.received_at < $2 AND ($3::text IS NULL OR r.channel = $3)
       ORDER BY r.respond_due_at`,
      [q.from, q.to, q.channel ?? null],
    )) as {
      id: string;
      channel: Channel;
      kind: IntakeKind;
      received_at: Date;
      respond_due_at: Date;
      no: string;
      responded_at: Date | null;
      status: DutyStatus;
    }[];
    const summary = new Map<Channel, Record<DutyStatus, number>>();
    for (const r of rows) {
      const s = summary.get(r.channel) ?? { pending: 0, overdue: 0, on_time: 0, late: 0 };
      s[r.status] += 1;
      summary.set(r.channel, s);
    }
    return {
      summary: [...summary.entries()].map(([channel, s]) => {
        const done = s.on_time + s.late + s.overdue;
        return { channel, channelLabel: CHANNEL_LABELS[channel], ...s, onTimeRate: done ? s.on_time / done : null };
      }),
      items: rows
        .filter((r) => !q.status || r.status === q.status)
        .slice(0, 500)
        .map((r) => ({
          recordId: r.id,
          ticketNo: r.no,
          channel: r.channel,
          kind: r.kind,
          kindLabel: INTAKE_KIND_LABELS[r.kind],
          receivedAt: r.received_at,
          respondDueAt: r.respond_due_at,
          respondedAt: r.responded_at,
          status: r.status,
          statusLabel: DUTY_STATUS_LABELS[r.status],
        })),
    };
  }

  /** Everything the citizen sent about one order, through every channel, in order. */
  async messages(ticketId: string) {
    const rows = (await this.dataSource.query(
      `SELECT id, channel, kind, content, attachments, location, received_at, respond_due_at FROM intake_record
       WHERE ticket_id = $1 ORDER BY received_at, id`,
      [ticketId],
    )) as Record<string, unknown>[];
    return rows.map((r) => ({
      id: String(r.id),
      channel: r.channel,
      kind: r.kind,
      kindLabel: INTAKE_KIND_LABELS[r.kind as IntakeKind],
      content: r.content,
      attachments: r.attachments,
      location: r.location,
      receivedAt: r.received_at,
      respondDueAt: r.respond_due_at,
    }));
  }

  /** 按热线统计: deliveries and orders by the line they came through and the channel, with the orders' states. */
  async byHotline(q: { from: Date; to: Date }) {
    if (q.to <= q.from) throw badRequest('INTAKE.BAD_RANGE', '结束时间须晚于开始时间');
    const rows = (await this.dataSource.query(
      `SELECT h.id, h.number, h.name, h.mode, t.channel, count(*)::int AS orders,
              count(*) FILTER (WHERE t.state IN ('closed','archived'))::int AS closed,
              count(*) FILTER (WHERE t.state = 'merged')::int AS merged
       FROM ticket t JOIN hotline h ON h.id = t.hotline_id
       WHERE t.received_at >= $1 AND t.received_at < $2
       GROUP BY h.id, t.channel ORDER BY h.number, t.channel`,
      [q.from, q.to],
    )) as { id: number; number: string; name: string; mode: string; channel: Channel; orders: number; closed: number; merged: number }[];
    const lines = new Map<
      number,
      { hotlineId: number; number: string; name: string; mode: string; orders: number; byChannel: Record<string, number> }
    >();
    for (const r of rows) {
      const l = lines.get(r.id) ?? { hotlineId: r.id, number: r.number, name: r.name, mode: r.mode, orders: 0, byChannel: {} };
      l.orders += r.orders;
      l.byChannel[r.channel] = r.orders;
      lines.set(r.id, l);
    }
    return [...lines.values()];
  }
}
