import { RESULTS, SATISFACTION_LEVELS } from '@app/tickets';
import type { HandlingResult, Satisfaction } from '@app/tickets';
import { isDissatisfied } from './callback-rules';
import { COMPLAINT_ABOUT } from './callback-task.entity';
import type { ComplaintAbout } from './callback-task.entity';
import { callbackErrors } from './callbacks.errors';

export const REASON_MAX = 500;

export interface CitizenRating {
  resolved: HandlingResult;
  satisfaction: Satisfaction;
  complaintAbout: ComplaintAbout | null;
  reason: string | null;
}

function field(body: Record<string, unknown>, name: string): string | undefined {
  const v = body[name];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') throw callbackErrors.invalidRating(`${name} 只能填写一个值`, name);
  return v.trim() || undefined;
}

function oneOf<T extends string>(body: Record<string, unknown>, name: string, allowed: readonly T[], missing: string): T {
  const v = field(body, name);
  if (v === undefined) throw callbackErrors.invalidRating(missing, name);
  if (!(allowed as readonly string[]).includes(v)) throw callbackErrors.invalidRating(`${name} 取值无效`, name);
  return v as T;
}

/**
 * The rating page's form (or the same fields as JSON): whether the matter was solved, one of the five
 * levels, what a dissatisfied citizen was dissatisfied with, and a reason. The page asks what the
 * dissatisfaction is about; a dissatisfied rating that leaves it open counts as about the handling.
 */
export function parseRatingForm(body: unknown): CitizenRating {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw callbackErrors.invalidRating('请填写评价表单', 'body');
  const b = body as Record<string, unknown>;
  const resolved = oneOf(b, 'resolved', RESULTS, '请选择问题是否已解决');
  const satisfaction = oneOf(b, 'satisfaction', SATISFACTION_LEVELS, '请选择满意程度');
  const about = field(b, 'complaintAbout');
  if (about !== undefined && !(COMPLAINT_ABOUT as readonly string[]).includes(about)) {
    throw callbackErrors.invalidRating('complaintAbout 取值无效', 'complaintAbout');
  }
  const reason = field(b, 'reason') ?? null;
  if (reason && [...reason].length > REASON_MAX) throw callbackErrors.invalidRating(`意见不能超过 ${REASON_MAX} 个字`, 'reason');
  return {
    resolved,
    satisfaction,
    complaintAbout: isDissatisfied(satisfaction) ? ((about as ComplaintAbout | undefined) ?? 'handling') : null,
    reason,
  };
}
