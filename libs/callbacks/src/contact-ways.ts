import type { Ticket } from '@app/tickets';
import { EntityManager } from 'typeorm';

export interface ContactWays {
  /** The caller's phone: by phone and by SMS. Anonymous orders have none. */
  phone: string | null;
  /** The WeChat openid the appeal came from: by WeChat message. */
  wechat: string | null;
}

/**
 * How the centre can reach the caller for a callback: the phone on the order, and the WeChat openid of
 * the channel the appeal came through. An anonymous order has no phone, so it is called back only
 * through WeChat, if it came that way, or not at all (we never dig a number out of the call records).
 */
export async function contactWays(m: EntityManager, t: Pick<Ticket, 'id' | 'citizenPhone' | 'anonymous'>): Promise<ContactWays> {
  const [row] = await m.query(
    `SELECT sender_openid FROM intake_record WHERE ticket_id = $1 AND channel = 'wechat' AND sender_openid IS NOT NULL
     ORDER BY received_at DESC, id DESC LIMIT 1`,
    [t.id],
  );
  return { phone: t.anonymous ? null : t.citizenPhone, wechat: row?.sender_openid ?? null };
}
