import { AppConfig, DomainError } from '@app/common';
import { TicketsService } from '@app/tickets';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CallbackLink } from './callback-link.entity';
import { renderNoticePage, renderRatingPage } from './callback-page';
import { CallbackRecorder } from './callback-recorder';
import { hashToken, looksLikeToken } from './callback-rules';
import { cityDateTime } from './callback-text';
import { callbackErrors } from './callbacks.errors';
import { parseRatingForm } from './rating-form';

/** Recorded meanwhile (another tab, the same link twice at once, an agent by phone): for the citizen, the link is used. */
export function asTokenUsed(e: unknown): never {
  throw e instanceof DomainError && e.code === 'CALLBACK.NOT_PENDING' ? callbackErrors.tokenUsed() : e;
}

export interface HtmlPage {
  status: number;
  html: string;
}

/**
 * The public side of a callback link. Opening it shows the order and a form and records nothing (link
 * scanners follow every link); only posting the form rates, once: the link is marked used in the
 * transaction that records the rating, and refused when used, expired, or its callback already done.
 */
@Injectable()
export class CallbackLinksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly recorder: CallbackRecorder,
    private readonly tickets: TicketsService,
    private readonly config: AppConfig,
  ) {}

  async page(token: string): Promise<HtmlPage> {
    try {
      const { link, ticketId } = await this.open(token);
      const t = (await this.tickets.findById(ticketId))!;
      return {
        status: 200,
        html: renderRatingPage({
          no: t.no,
          title: t.title,
          replyText: t.replyText,
          expires: cityDateTime(link.expiresAt, this.config.CITY_TIMEZONE),
        }),
      };
    } catch (e) {
      if (e instanceof DomainError) return { status: e.status, html: this.errorPage(e) };
      throw e;
    }
  }

  /** Records the citizen's rating from the page's form (or the same fields as JSON). */
  async submit(token: string, body: unknown): Promise<{ ok: true; ticketNo: string; message: string }> {
    const { link, ticketId } = await this.open(token);
    const rating = parseRatingForm(body);
    await this.recorder
      .complete(link.taskId, 'system', { state: 'done', channel: link.channel, reached: true, ...rating }, (m, _task, now) =>
        this.markUsed(m, link.id, now),
      )
      .catch(asTokenUsed);
    const t = (await this.tickets.findById(ticketId))!;
    return { ok: true, ticketNo: t.no, message: '感谢您的评价！您的意见已记录，我们将持续改进工作。' };
  }

  thankYouPage(): string {
    return renderNoticePage('评价已提交', '感谢您的评价！您的意见已记录，我们将持续改进工作。');
  }

  errorPage(e: DomainError): string {
    return renderNoticePage('无法完成评价', e.message);
  }

  private async open(token: string): Promise<{ link: CallbackLink; ticketId: string }> {
    if (!looksLikeToken(token)) throw callbackErrors.tokenInvalid();
    const link = await this.dataSource.getRepository(CallbackLink).findOne({ where: { tokenHash: hashToken(token) } });
    if (!link) throw callbackErrors.tokenInvalid();
    if (link.usedAt) throw callbackErrors.tokenUsed();
    const task = await this.recorder.find(link.taskId);
    // Recorded some other way (by phone, by SMS digits, another link): this link has nothing left to do.
    if (task.state !== 'pending') throw callbackErrors.tokenUsed();
    if (link.expiresAt <= new Date()) throw callbackErrors.tokenExpired();
    return { link, ticketId: task.ticketId };
  }

  /** Inside the recording transaction (task locked): the link is used exactly once. */
  private async markUsed(m: EntityManager, linkId: string, now: Date, replyRef: string | null = null): Promise<void> {
    const [row] = await m.query(`SELECT used_at, expires_at FROM callback_link WHERE id = $1 FOR UPDATE`, [linkId]);
    if (row.used_at) throw callbackErrors.tokenUsed();
    if (row.expires_at <= now) throw callbackErrors.tokenExpired();
    await m.update(CallbackLink, { id: linkId }, { usedAt: now, replyRef });
  }

  /** The SMS digit reply goes through the same one-time use. */
  useForSms(m: EntityManager, linkId: string, now: Date, smsId: string): Promise<void> {
    return this.markUsed(m, linkId, now, smsId);
  }
}
