import { AppConfig, DomainError, notFound } from '@app/common';
import { ACTION_LABELS, AttachmentsService, FlowAction, STATE_LABELS, StoredFile, TicketState } from '@app/tickets';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { IntakeService } from '../../intake.service';
import { IntakeResult } from '../../intake.types';
import { CAPTCHA_VERIFIER, CaptchaVerifier } from '../../public/captcha';
import { PublicFileDto } from '../../public/public-file.dto';
import { PublicRateLimiter } from '../../public/public-rate-limiter';
import { MailboxLetterDto } from '../mailbox/mailbox-letter.dto';
import { PublicAppealDto } from './public-appeal.dto';

export interface Receipt {
  ticketNo: string;
  duplicate: boolean;
  message: string;
}

/** Steps a citizen sees in a progress lookup: what happened, never who did it. */
const PUBLIC_STEPS: readonly FlowAction[] = [
  'register',
  'submit',
  'dispatch',
  'sign',
  'record_contact',
  'approve_extension',
  'sub_dispatch',
  'reply',
  'accept_reply',
  'reopen',
  'record_callback',
  'close_first_contact',
  'not_accept',
  'transfer',
  'merge',
  'close',
];

/**
 * The public doors: the web form and the app (网站/APP), the mayor's mailbox (市长信箱), and the
 * progress lookup. Structured sources: each submission becomes a registered order at once.
 */
@Injectable()
export class PublicIntakeService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly intake: IntakeService,
    private readonly attachments: AttachmentsService,
    private readonly limiter: PublicRateLimiter,
    @Inject(CAPTCHA_VERIFIER) private readonly captcha: CaptchaVerifier,
    private readonly config: AppConfig,
  ) {}

  async submitAppeal(dto: PublicAppealDto, ip: string, raw: unknown): Promise<Receipt> {
    await this.guard(dto.captchaToken, ip, dto.phone);
    const result = await this.withFiles(dto.attachments, (files) =>
      this.intake.receive({
        channel: dto.channel,
        externalId: dto.submissionId,
        account: ip,
        sender: { phone: dto.phone, name: dto.name },
        content: dto.content,
        location:
          dto.address || dto.longitude !== undefined ? { address: dto.address, longitude: dto.longitude, latitude: dto.latitude } : null,
        raw: JSON.stringify(redactFiles(raw)),
        rawType: 'json',
        mode: 'order',
        files,
        attachments: files.map((f) => ({ name: f.fileName, type: f.mimeType })),
        order: {
          appealType: dto.appealType,
          categoryId: dto.categoryId,
          title: dto.title,
          confidential: dto.confidential,
          districtId: dto.districtId,
          streetId: dto.streetId,
          publishable: dto.consentToPublish ?? false,
        },
      }),
    );
    return this.receipt(result, '您的诉求已受理');
  }

  /** A letter to the mayor's mailbox, from the public page (`ip` given) or a bulk import (no captcha, no limits). */
  async receiveLetter(dto: MailboxLetterDto, raw: unknown, ip: string | null): Promise<Receipt> {
    if (ip !== null) await this.guard(dto.captchaToken, ip, dto.phone ?? null);
    const result = await this.withFiles(dto.attachments, (files) =>
      this.intake.receive({
        channel: 'mailbox',
        externalId: dto.letterId,
        account: ip === null ? 'import' : ip,
        sender: { phone: dto.phone, email: dto.email, name: dto.name },
        content: dto.body,
        raw: JSON.stringify(redactFiles(raw)),
        rawType: 'json',
        mode: 'order',
        receivedAt: dto.sentAt,
        files,
        attachments: files.map((f) => ({ name: f.fileName, type: f.mimeType })),
        order: { title: dto.subject, publishable: dto.consentToPublish },
      }),
    );
    return this.receipt(result, '您的来信已收到，我们将在24小时内响应');
  }

  /** 进度查询: the order number and the last four digits of the phone number given with it. */
  async progress(no: string, phoneLast4: string, ip: string) {
    await this.limiter.hit([{ key: `progress:ip:${ip}`, limit: this.config.PUBLIC_RATE_PER_IP * 4, label: '查询' }]);
    const [t] = (await this.dataSource.query(
      `SELECT t.id, t.no, t.state, t.received_at, t.closed_at, t.reply_text, t.merged_into_id, u.name AS lead_unit,
              (SELECT no FROM ticket p WHERE p.id = t.merged_into_id) AS parent_no
       FROM ticket t LEFT JOIN unit u ON u.id = t.lead_unit_id
       WHERE t.no = $1 AND t.citizen_phone IS NOT NULL AND right(t.citizen_phone, 4) = $2`,
      [no, phoneLast4],
    )) as Record<string, unknown>[];
    // The same answer whether the number or the digits are wrong: no way to probe for orders.
    if (!t) throw notFound('PUBLIC.PROGRESS_NOT_FOUND', '未找到该工单，请核对工单号和电话号码后四位');
    const steps = (await this.dataSource.query(
      `SELECT action, created_at FROM ticket_flow WHERE ticket_id = $1 AND action = ANY($2) ORDER BY id`,
      [t.id, PUBLIC_STEPS],
    )) as { action: FlowAction; created_at: Date }[];
    return {
      no: t.no,
      state: t.state,
      stateLabel: STATE_LABELS[t.state as TicketState],
      receivedAt: t.received_at,
      leadUnit: t.lead_unit ?? null,
      mergedInto: t.parent_no ?? null,
      closedAt: t.closed_at,
      reply: t.closed_at ? (t.reply_text ?? null) : null,
      steps: steps.map((s) => ({ action: s.action, label: ACTION_LABELS[s.action], at: s.created_at })),
    };
  }

  private async guard(token: string | undefined, ip: string, phone: string | null): Promise<void> {
    if (!(await this.captcha.verify(token, ip))) throw new DomainError('PUBLIC.CAPTCHA_FAILED', '验证码校验未通过，请重新验证', 400);
    const keys = [{ key: `submit:ip:${ip}`, limit: this.config.PUBLIC_RATE_PER_IP, label: '本网络' }];
    if (phone) keys.push({ key: `submit:phone:${phone}`, limit: this.config.PUBLIC_RATE_PER_PHONE, label: '该电话号码' });
    await this.limiter.hit(keys);
  }

  /** Stores the files first, then writes the order with their rows; files of a duplicate or a failure are removed. */
  private async withFiles(
    input: PublicFileDto[] | undefined,
    write: (files: StoredFile[]) => Promise<IntakeResult>,
  ): Promise<IntakeResult> {
    const files: StoredFile[] = [];
    try {
      for (const f of input ?? []) files.push(await this.attachments.storeBytes(f.fileName, f.mimeType, Buffer.from(f.data, 'base64')));
      const result = await write(files);
      if (result.duplicate) await this.attachments.discard(files);
      return result;
    } catch (e) {
      await this.attachments.discard(files);
      throw e;
    }
  }

  private receipt(r: IntakeResult, message: string): Receipt {
    return {
      ticketNo: r.ticketNo!,
      duplicate: r.duplicate,
      message: `${message}，工单号 ${r.ticketNo}。可凭工单号和电话后四位查询办理进度。`,
    };
  }
}

/** The raw payload kept for audit, without the files' bytes (they are stored as attachments). */
function redactFiles(raw: unknown): unknown {
  if (!raw || typeof raw !== 'object') return raw;
  const r = raw as Record<string, unknown>;
  if (!Array.isArray(r.attachments)) return raw;
  return {
    ...r,
    attachments: r.attachments.map((a: Record<string, unknown>) => ({ ...a, data: `[${String(a.data ?? '').length} base64 chars]` })),
  };
}
