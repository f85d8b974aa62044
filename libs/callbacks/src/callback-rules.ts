import type { Satisfaction } from '@app/tickets';
import { createHash, randomBytes } from 'crypto';
import type { CallbackTask } from './callback-task.entity';

export const DISSATISFIED: readonly Satisfaction[] = ['dissatisfied', 'very_dissatisfied'];

export function isDissatisfied(s: Satisfaction | null | undefined): boolean {
  return s !== null && s !== undefined && DISSATISFIED.includes(s);
}

/**
 * Whether a first-contact closure is drawn for a callback. Decided by a hash of the order's id, not a
 * random draw, so that a retried event draws the same answer (and an audit can redo the draw).
 */
export function sampledForCallback(ticketId: string, rate: number): boolean {
  if (rate <= 0) return false;
  if (rate >= 1) return true;
  const h = createHash('sha256').update(`callback-sample:${ticketId}`).digest();
  return h.readUInt32BE(0) / 0x1_0000_0000 < rate;
}

/**
 * The automatic 重办: the order's first handling round (round 0) was rated dissatisfied, and the
 * citizen was dissatisfied with the handling (not with a policy). Later rounds go to supervision instead.
 */
export function reopensOrder(task: Pick<CallbackTask, 'kind' | 'state' | 'round' | 'satisfaction' | 'complaintAbout'>): boolean {
  return (
    task.kind === 'handled' &&
    task.state === 'done' &&
    task.round === 0 &&
    isDissatisfied(task.satisfaction) &&
    task.complaintAbout === 'handling'
  );
}

/** A one-time token for a callback link: 192 random bits, URL-safe. Only its hash is stored. */
export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A token has this shape; anything else is refused before the database is asked. */
export function looksLikeToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{32}$/.test(token);
}
