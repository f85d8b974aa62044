import { AppConfig, badRequest } from '@app/common';
import { Attachment, CHANNEL_LABELS, CatalogLookup, NewTicketRow, RegistrationWriter, TicketFlow, TicketsService } from '@app/tickets';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { HotlineRegistry } from './hotline-registry';
import { IntakeKind, IntakeMessage, IntakeResult, RESPONSE_DUTY_SECONDS } from './intake.types';
import { normalisePhone } from './phone-number';

/** Longest text one delivery may carry (the order's content limit). */
export const INTAKE_TEXT_MAX = 4000;

/** What the adapter answers the channel with, worked out once inside the transaction and kept for duplicates. */
export type ComposeAnswer = (r: { kind: IntakeKind; ticketNo: string | null; ticketId: string | null }) => Record<string, unknown> | null;

interface RecordRow {
  id: string;
  kind: IntakeKind;
  ticket_id: string | null;
  answer: Record<string, unknown> | null;
  no: string | null;
}

/**
 * The one door from the outside world into work orders. Every channel adapter normalises what it got
 * into an IntakeMessage and calls `receive`, which in ONE transaction:
 *  - writes the intake record, unique on (channel, external id): a retried delivery finds the first
 *    record and gets the first answer back, creating nothing;
 *  - registers the order (structured sources), or opens an appeal for a conversation, or attaches the
 *    message to the sender's appeal still open within the follow-up window;
 *  - sets the channel's response duty.
 * When it returns, the record and the order are committed: the channel may be told "received".
 */
@Injectable()
export class IntakeService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly writer: RegistrationWriter,
    private readonly tickets: TicketsService,
    private readonly catalog: CatalogLookup,
    private readonly hotlines: HotlineRegistry,
    private readonly config: AppConfig,
  ) {}

  async receive(msg: IntakeMessage, compose?: ComposeAnswer): Promise<IntakeResult> {
    if (!msg.externalId || msg.externalId.length > 128) {
      throw badRequest('INTAKE.BAD_EXTERNAL_ID', '渠道消息编号缺失或过长（最多128个字符）');
    }
    if ([...msg.content].length > INTAKE_TEXT_MAX) {
      throw badRequest('INTAKE.TEXT_TOO_LONG', `诉求内容不能超过 ${INTAKE_TEXT_MAX} 个字`, { max: INTAKE_TEXT_MAX });
    }
    const hotline = await this.hotlines.resolve(msg.hotlineNumber);
    const order = msg.order ?? {};
    await this.catalog.checkReferences({ ...order });
    const receivedAt = msg.receivedAt ?? new Date();
    const phone = normalisePhone(msg.sender.phone);
    const senderKey = msg.channel === 'wechat' ? (msg.sender.openid ?? null) : (phone ?? msg.sender.email ?? msg.sender.openid ?? null);
    const makesWork = msg.mode === 'order' || msg.mode === 'conversation';
    const duty = makesWork ? RESPONSE_DUTY_SECONDS[msg.channel] : undefined;

    return this.dataSource.transaction(async (m) => {
      const [inserted] = (await m.query(
        `INSERT INTO intake_record (channel, external_id, kind, hotline_id, account, sender_phone, sender_openid, sender_email,
           sender_name, sender_key, content, attachments, location, received_at, raw, raw_type, respond_due_at)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17)
         ON CONFLICT ON CONSTRAINT intake_record_channel_external_uq DO NOTHING
         RETURNING id`,
        [
          msg.channel,
          msg.externalId,
          msg.mode === 'conversation' ? 'appeal' : msg.mode,
          hotline?.id ?? null,
          msg.account ?? null,
          msg.sender.phone?.slice(0, 20) ?? null,
          msg.sender.openid ?? null,
          msg.sender.email ?? null,
          msg.sender.name?.slice(0, 64) ?? null,
          senderKey,
          msg.content,
          JSON.stringify(msg.attachments ?? []),
          msg.location ? JSON.stringify(msg.location) : null,
          receivedAt,
          msg.raw,
          msg.rawType,
          duty === undefined ? null : new Date(receivedAt.getTime() + duty * 1000),
        ],
      )) as { id: string }[];
      // Seen before: a concurrent first delivery has committed by now (the insert waited on it).
      if (!inserted) return this.firstResult(m, msg);

      let kind: IntakeKind = msg.mode === 'conversation' ? 'appeal' : msg.mode;
      let ticket: { id: string; no: string } | null = null;
      if (msg.mode === 'conversation' && senderKey) {
        ticket = await this.openAppeal(m, msg, senderKey, receivedAt);
        if (ticket) {
          kind = 'follow_up';
          await this.attachFollowUp(m, ticket.id, inserted.id, msg);
        }
      }
      if (!ticket && makesWork) {
        const row = this.ticketRow(msg, hotline?.id ?? null, hotline?.defaultCategoryId ?? null, phone, receivedAt);
        row.audience = await this.tickets.audienceUnits(null);
        const [written] = await this.writer.insertRows([row], m);
        ticket = { id: String(written.id), no: String(written.no) };
        await msg.onCreated?.(m, ticket.id);
      }
      if (ticket && msg.files?.length) {
        await m.insert(
          Attachment,
          msg.files.map((f) => ({ ...f, ticketId: ticket!.id, uploadedBy: msg.actor?.userId ?? null })),
        );
      }
      const answer = compose?.({ kind, ticketNo: ticket?.no ?? null, ticketId: ticket?.id ?? null }) ?? null;
      await m.query(`UPDATE intake_record SET kind = $2, ticket_id = $3, answer = $4 WHERE id = $1`, [
        inserted.id,
        kind,
        ticket?.id ?? null,
        answer ? JSON.stringify(answer) : null,
      ]);
      return { duplicate: false, recordId: inserted.id, kind, ticketId: ticket?.id ?? null, ticketNo: ticket?.no ?? null, answer };
    });
  }

  private async firstResult(m: EntityManager, msg: IntakeMessage): Promise<IntakeResult> {
    const [r] = (await m.query(
      `SELECT r.id, r.kind, r.ticket_id, r.answer, t.no FROM intake_record r LEFT JOIN ticket t ON t.id = r.ticket_id
       WHERE r.channel = $1 AND r.external_id = $2`,
      [msg.channel, msg.externalId],
    )) as RecordRow[];
    return { duplicate: true, recordId: r.id, kind: r.kind, ticketId: r.ticket_id, ticketNo: r.no, answer: r.answer };
  }

  /**
   * The sender's appeal still open: their newest message on this channel within the follow-up window,
   * whose order an agent has not taken on yet (still 已登记). Serialised per sender, so two messages
   * arriving together cannot both open an appeal.
   */
  private async openAppeal(m: EntityManager, msg: IntakeMessage, senderKey: string, at: Date): Promise<{ id: string; no: string } | null> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 7))`, [`intake:${msg.channel}:${senderKey}`]);
    const [row] = (await m.query(
      `SELECT t.id, t.no FROM intake_record r JOIN ticket t ON t.id = r.ticket_id
       WHERE r.channel = $1 AND r.sender_key = $2 AND r.kind IN ('appeal','follow_up')
         AND r.received_at > $3::timestamptz - make_interval(mins => $4) AND t.state = 'registered'
       ORDER BY r.received_at DESC LIMIT 1
       FOR UPDATE OF t`,
      [msg.channel, senderKey, at, this.config.INTAKE_FOLLOW_UP_MINUTES],
    )) as { id: string; no: string }[];
    return row ?? null;
  }

  /** A follow-up joins the order's history (not its content: what the citizen first said stays as said). */
  private async attachFollowUp(m: EntityManager, ticketId: string, recordId: string, msg: IntakeMessage): Promise<void> {
    const [[t]] = (await m.query(`UPDATE ticket SET version = version + 1, updated_at = now() WHERE id = $1 RETURNING *`, [ticketId])) as [
      Record<string, unknown>[],
    ];
    await m.insert(TicketFlow, {
      ticketId,
      action: 'follow_up',
      fromState: 'registered',
      toState: 'registered',
      actorUserId: null,
      actorUnitId: null,
      actorRole: 'system',
      opinion: msg.content.slice(0, 2000) || null,
      details: { intakeRecordId: recordId, channel: msg.channel, attachments: (msg.attachments ?? []).length },
    } as never);
    await this.tickets.emitChanged(m, this.tickets.toEntity(t), 'follow_up');
  }

  private ticketRow(
    msg: IntakeMessage,
    hotlineId: number | null,
    lineCategory: number | null,
    phone: string | null,
    at: Date,
  ): NewTicketRow {
    const o = msg.order ?? {};
    const anonymous = o.anonymous ?? false;
    const text = msg.content.trim();
    const title = (o.title ?? `${CHANNEL_LABELS[msg.channel]}诉求：${text.replace(/\s+/g, ' ').slice(0, 40)}`).slice(0, 200);
    return {
      appeal_type: o.appealType ?? 'other',
      urgency: o.urgency ?? 'normal',
      channel: msg.channel,
      hotline_id: hotlineId,
      category_id: o.categoryId ?? lineCategory,
      tags: o.tags ?? [],
      citizen_name: anonymous ? null : (msg.sender.name?.slice(0, 64) ?? null),
      citizen_phone: anonymous ? null : phone,
      citizen_enterprise: o.citizenEnterprise ?? null,
      confidential: o.confidential ?? false,
      anonymous,
      publishable: o.publishable ?? false,
      district_id: o.districtId ?? null,
      street_id: o.streetId ?? null,
      community_id: o.communityId ?? null,
      address: msg.location?.address?.slice(0, 255) ?? null,
      longitude: msg.location?.longitude ?? null,
      latitude: msg.location?.latitude ?? null,
      title,
      content: text || title,
      received_at: at.toISOString(),
      registered_by: msg.actor?.userId ?? null,
      actor_unit_id: msg.actor?.unitId ?? null,
      actor_role: msg.actor?.role ?? 'system',
      audience: [],
    };
  }
}
