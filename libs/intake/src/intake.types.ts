import type { AppealType, Channel, StoredFile, Urgency } from '@app/tickets';
import type { EntityManager } from 'typeorm';

export type IntakeKind = 'order' | 'appeal' | 'follow_up' | 'query' | 'event';

export const INTAKE_KIND_LABELS: Record<IntakeKind, string> = {
  order: '直接登记工单',
  appeal: '新诉求（待坐席补全）',
  follow_up: '追加留言',
  query: '进度查询',
  event: '事件',
};

/** A file the channel delivered with the appeal: a reference, never the bytes (media ids, URLs, stored attachment ids). */
export interface IntakeAttachment {
  name?: string;
  url?: string;
  mediaId?: string;
  type?: string;
}

export interface IntakeLocation {
  address?: string | null;
  longitude?: number | null;
  latitude?: number | null;
  label?: string | null;
}

/** The order fields a structured source can fill in; the agent completes the rest. */
export interface IntakeOrderFields {
  appealType?: AppealType;
  urgency?: Urgency;
  categoryId?: number | null;
  tags?: string[];
  title?: string;
  citizenEnterprise?: string | null;
  confidential?: boolean;
  anonymous?: boolean;
  districtId?: number | null;
  streetId?: number | null;
  communityId?: number | null;
  /** The citizen agreed that the order may be shown publicly (without personal data). */
  publishable?: boolean;
}

/**
 * One delivery from one channel, normalised. Every adapter builds one of these and hands it to
 * IntakeService.receive; nothing else creates orders from outside.
 */
export interface IntakeMessage {
  channel: Channel;
  externalId: string;
  /** The number dialled or the legacy line named; unknown numbers are refused. Defaults to 12345. */
  hotlineNumber?: string | null;
  account?: string | null;
  sender: { phone?: string | null; openid?: string | null; email?: string | null; name?: string | null };
  content: string;
  attachments?: IntakeAttachment[];
  location?: IntakeLocation | null;
  receivedAt?: Date;
  raw: string;
  rawType: 'json' | 'xml' | 'csv' | 'form' | 'text';
  /**
   * 'order': a structured source; becomes a registered order at once.
   * 'conversation': phone, WeChat, SMS; opens an appeal (a registered order the agent completes), or
   * joins the sender's open appeal when one was opened within the follow-up window.
   * 'query' / 'event': kept for audit and idempotency; creates no order.
   */
  mode: 'order' | 'conversation' | 'query' | 'event';
  order?: IntakeOrderFields;
  /** Files the channel carried in its body, already stored; their attachment rows go into the order's transaction. */
  files?: StoredFile[];
  /** Runs in the transaction once a new order exists (e.g. recording a 110 transfer), never for duplicates or follow-ups. */
  onCreated?: (m: EntityManager, ticketId: string) => Promise<void>;
  /** The signed-in user who registers it (an agent completing a call), or none for the channels themselves. */
  actor?: { userId: number; unitId: number; role: string } | null;
}

export interface IntakeResult {
  /** True when this delivery was seen before: nothing new was created, the first answer is returned. */
  duplicate: boolean;
  recordId: string;
  kind: IntakeKind;
  ticketId: string | null;
  ticketNo: string | null;
  answer: Record<string, unknown> | null;
}

/**
 * Response duty by channel (GB/T 33358, DOMAIN.md "Channels"), in seconds: a person responds within
 * this long. Phone's 15 s is measured on the call records (15秒应答率), not here.
 */
export const RESPONSE_DUTY_SECONDS: Partial<Record<Channel, number>> = {
  sms: 180,
  wechat: 180,
  web: 180,
  app: 180,
  open311: 180,
  mailbox: 24 * 3600,
  suggestion: 24 * 3600,
  opinion: 24 * 3600,
  upper_level: 24 * 3600,
  transfer_110: 24 * 3600,
};

/** Channels where a person talks to us and keeps talking: their messages open or join an appeal. */
export const CONVERSATIONAL_CHANNELS: readonly Channel[] = ['phone', 'wechat', 'sms'];
