import { AppConfig } from '@app/common';
import { ACTION_LABELS, FlowAction, STATE_LABELS, TicketState } from '@app/tickets';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { IntakeService } from '../../intake.service';
import { WechatCrypto, WechatCryptoError, sameSignature, wechatSignature } from './wechat-crypto';
import { toInbound } from './wechat-message';
import { WechatAnswer, WechatProgress, composeAnswer, progressText } from './wechat-replies';
import { encryptedReplyXml, parseWechatXml, textReplyXml } from './wechat-xml';
import { wechatErrors } from './wechat.errors';

/** The query string WeChat calls us with: signature, timestamp, nonce, openid, encrypt_type, msg_signature, echostr. */
export type WechatQuery = Record<string, unknown>;

/** What the controller sends back: HTTP 200 with reply XML, or the bare string "success" (WeChat's "no reply"). */
export interface WechatHttpReply {
  contentType: string;
  body: string;
}

/** WeChat refuses pushes whose timestamp is this far from our clock either way; so do we (replays). */
export const WECHAT_MAX_SKEW_SECONDS = 300;

const SUCCESS: WechatHttpReply = { contentType: 'text/plain; charset=utf-8', body: 'success' };

function param(q: WechatQuery, name: string): string | undefined {
  const v = q[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Refuses a timestamp more than WECHAT_MAX_SKEW_SECONDS from now, even when the signature over it is right. */
export function checkFresh(timestamp: string, nowSeconds = Math.floor(Date.now() / 1000)): void {
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > WECHAT_MAX_SKEW_SECONDS) {
    throw wechatErrors.replayed(WECHAT_MAX_SKEW_SECONDS);
  }
}

/**
 * The WeChat official account adapter (公众号消息推送): URL verification, plaintext and safe (AES)
 * mode, passive text replies carrying the order number, progress queries, and events. Every push
 * goes through IntakeService.receive, so a retried MsgId gets the first answer and creates nothing.
 */
@Injectable()
export class WechatService {
  private readonly token: string | null;
  private readonly crypto: WechatCrypto | null;

  constructor(
    private readonly config: AppConfig,
    private readonly intake: IntakeService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    this.token = config.WECHAT_TOKEN ?? null;
    this.crypto =
      this.token && config.WECHAT_ENCODING_AES_KEY && config.WECHAT_APP_ID
        ? new WechatCrypto(this.token, config.WECHAT_ENCODING_AES_KEY, config.WECHAT_APP_ID)
        : null;
  }

  /**
   * GET: the console's URL check. Plain: signature = sha1(sort[token, timestamp, nonce]), answer echostr.
   * Safe mode (msg_signature present): echostr is encrypted and signed like a message; answer it decrypted.
   */
  verifyUrl(q: WechatQuery): string {
    const token = this.requireToken();
    const [timestamp, nonce, echostr] = [param(q, 'timestamp'), param(q, 'nonce'), param(q, 'echostr')];
    const msgSignature = param(q, 'msg_signature');
    const signature = msgSignature ?? param(q, 'signature');
    if (!signature || !timestamp || !nonce) throw wechatErrors.missingSignature();
    if (!echostr) throw wechatErrors.badMessage('missing echostr');
    if (msgSignature) {
      const crypto = this.requireCrypto();
      if (!sameSignature(msgSignature, crypto.msgSignature(timestamp, nonce, echostr))) throw wechatErrors.badSignature();
      checkFresh(timestamp);
      return this.decrypt(crypto, echostr);
    }
    if (!sameSignature(signature, wechatSignature(token, timestamp, nonce))) throw wechatErrors.badSignature();
    checkFresh(timestamp);
    return echostr;
  }

  /** POST: one push. Checks it is WeChat's and fresh, records it (idempotent on MsgId), and answers within WeChat's 5 s. */
  async receive(q: WechatQuery, body: unknown): Promise<WechatHttpReply> {
    const token = this.requireToken();
    const [timestamp, nonce] = [param(q, 'timestamp'), param(q, 'nonce')];
    const aes = param(q, 'encrypt_type') === 'aes';
    let xml: string;
    let crypto: WechatCrypto | null = null;
    if (aes) {
      crypto = this.requireCrypto();
      const msgSignature = param(q, 'msg_signature');
      if (!msgSignature || !timestamp || !nonce) throw wechatErrors.missingSignature();
      const encrypted = parseWechatXml(body).Encrypt;
      if (!encrypted) throw wechatErrors.badMessage('missing <Encrypt>');
      if (!sameSignature(msgSignature, crypto.msgSignature(timestamp, nonce, encrypted))) throw wechatErrors.badSignature();
      checkFresh(timestamp);
      xml = this.decrypt(crypto, encrypted);
    } else {
      const signature = param(q, 'signature');
      if (!signature || !timestamp || !nonce) throw wechatErrors.missingSignature();
      if (!sameSignature(signature, wechatSignature(token, timestamp, nonce))) throw wechatErrors.badSignature();
      checkFresh(timestamp);
      xml = typeof body === 'string' ? body : '';
    }

    const inbound = toInbound(parseWechatXml(xml), xml);
    const queryText =
      inbound.intent === 'query'
        ? progressText(inbound.ticketNo, await this.progress(inbound.openid, inbound.ticketNo), this.config.CITY_TIMEZONE)
        : null;
    const result = await this.intake.receive(
      inbound.message,
      (r) => composeAnswer(inbound.intent, r, queryText) as Record<string, unknown> | null,
    );
    const answer = result.answer as WechatAnswer | null;
    if (!answer?.content) return SUCCESS;

    const now = Math.floor(Date.now() / 1000);
    const reply = textReplyXml({ toUser: inbound.openid, fromUser: inbound.account, content: answer.content, createTime: now });
    if (!crypto || !nonce) return { contentType: 'application/xml; charset=utf-8', body: reply };
    const encrypt = crypto.encrypt(reply);
    const replyTimestamp = String(now);
    return {
      contentType: 'application/xml; charset=utf-8',
      body: encryptedReplyXml({
        encrypt,
        signature: crypto.msgSignature(replyTimestamp, nonce, encrypt),
        timestamp: replyTimestamp,
        nonce,
      }),
    };
  }

  /**
   * The progress of an order this openid submitted through WeChat: the one numbered, or their latest.
   * Anyone else's order is "not found", whether or not it exists.
   */
  private async progress(openid: string, no: string | null): Promise<WechatProgress | null> {
    const own = no
      ? `t.no = $2 AND EXISTS (SELECT 1 FROM intake_record r WHERE r.ticket_id = t.id AND r.channel = 'wechat' AND r.sender_key = $1)`
      : `t.id = (SELECT r.ticket_id FROM intake_record r WHERE r.channel = 'wechat' AND r.sender_key = $1 AND r.ticket_id IS NOT NULL
                 ORDER BY r.received_at DESC LIMIT 1)`;
    const [row] = (await this.dataSource.query(
      `SELECT t.no, t.state, f.action, f.created_at FROM ticket t
       LEFT JOIN LATERAL (SELECT action, created_at FROM ticket_flow WHERE ticket_id = t.id ORDER BY id DESC LIMIT 1) f ON true
       WHERE ${own}`,
      no ? [openid, no] : [openid],
    )) as { no: string; state: TicketState; action: FlowAction | null; created_at: Date | null }[];
    if (!row) return null;
    return {
      no: row.no,
      stateLabel: STATE_LABELS[row.state] ?? row.state,
      lastStepLabel: row.action ? (ACTION_LABELS[row.action] ?? null) : null,
      lastStepAt: row.created_at,
    };
  }

  private requireToken(): string {
    if (!this.token) throw wechatErrors.notConfigured();
    return this.token;
  }

  private requireCrypto(): WechatCrypto {
    if (!this.crypto) throw wechatErrors.notConfigured();
    return this.crypto;
  }

  private decrypt(crypto: WechatCrypto, encrypted: string): string {
    try {
      return crypto.decrypt(encrypted);
    } catch (e) {
      if (!(e instanceof WechatCryptoError)) throw e;
      throw e.reason === 'APPID_MISMATCH' ? wechatErrors.appIdMismatch() : wechatErrors.badCiphertext(e.message);
    }
  }
}
