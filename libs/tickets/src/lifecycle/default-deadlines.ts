import { AppealType, Urgency } from '../ticket.types';

/**
 * Default time limits from DOMAIN.md, used until the dispatch lib's calendar and rules take over.
 * Working days here are Monday to Friday in the city's time zone; holidays come with the calendar.
 */
export interface TimeLimit {
  rule: string;
  sign: { hours?: number; workingDays?: number };
  finish: { hours?: number; workingDays?: number };
}

export const DEFAULT_TIME_LIMITS: Record<string, TimeLimit> = {
  critical: { rule: 'default:critical', sign: { hours: 0.5 }, finish: { hours: 2 } },
  urgent: { rule: 'default:urgent', sign: { hours: 2 }, finish: { hours: 24 } },
  consultation: { rule: 'default:consultation', sign: { workingDays: 1 }, finish: { workingDays: 3 } },
  suggestion: { rule: 'default:suggestion', sign: { workingDays: 1 }, finish: { workingDays: 15 } },
  standard: { rule: 'default:standard', sign: { workingDays: 1 }, finish: { workingDays: 5 } },
};

export function timeLimitFor(appealType: AppealType, urgency: Urgency): TimeLimit {
  if (urgency !== 'normal') return DEFAULT_TIME_LIMITS[urgency];
  if (appealType === 'consultation') return DEFAULT_TIME_LIMITS.consultation;
  if (appealType === 'suggestion') return DEFAULT_TIME_LIMITS.suggestion;
  return DEFAULT_TIME_LIMITS.standard;
}

/** China has no daylight saving: the city's offset is fixed. */
const CITY_OFFSET_MS = 8 * 3600_000;

/** Adds working days (Mon–Fri) to an instant, keeping the local time of day. */
export function addWorkingDays(from: Date, days: number): Date {
  const local = new Date(from.getTime() + CITY_OFFSET_MS);
  let left = days;
  while (left > 0) {
    local.setUTCDate(local.getUTCDate() + 1);
    const dow = local.getUTCDay();
    if (dow !== 0 && dow !== 6) left -= 1;
  }
  return new Date(local.getTime() - CITY_OFFSET_MS);
}

export function applyLimit(from: Date, span: { hours?: number; workingDays?: number }): Date {
  if (span.hours !== undefined) return new Date(from.getTime() + span.hours * 3600_000);
  return addWorkingDays(from, span.workingDays ?? 0);
}

export interface Deadlines {
  signDueAt: Date;
  contactDueAt: Date;
  finishDueAt: Date;
  rule: string;
}

export function computeDeadlines(appealType: AppealType, urgency: Urgency, from: Date): Deadlines {
  const limit = timeLimitFor(appealType, urgency);
  const signDueAt = applyLimit(from, limit.sign);
  const finishDueAt = applyLimit(from, limit.finish);
  // First contact with the citizen is due when signing is, but never after the finish.
  const contactDueAt = signDueAt < finishDueAt ? signDueAt : finishDueAt;
  return { signDueAt, contactDueAt, finishDueAt, rule: limit.rule };
}

/** The default ceiling on extensions: how many per round, and how far past the current deadline. */
export const EXTENSION_POLICY = { maxPerRound: 1, maxWorkingDays: 10 };
