import { WorkingCalendar } from '../../libs/dispatch/src/calendar';

/**
 * Deadlines for the demo history, on the shipped State Council calendar and the default limits of
 * DOMAIN.md (the same defaults the migration puts in time_limit_rule). Pure: the seed runs before any
 * service exists.
 */
const calendar = WorkingCalendar.fromShippedData();

type Span = { hours?: number; workingDays?: number };
const LIMITS: Record<string, { rule: string; sign: Span; finish: Span }> = {
  critical: { rule: 'critical', sign: { hours: 0.5 }, finish: { hours: 12 } },
  urgent: { rule: 'urgent', sign: { hours: 2 }, finish: { hours: 24 } },
  consultation: { rule: 'consultation', sign: { workingDays: 1 }, finish: { workingDays: 3 } },
  suggestion: { rule: 'suggestion', sign: { workingDays: 1 }, finish: { workingDays: 15 } },
};

export function addWorkingDays(from: Date, days: number): Date {
  return calendar.addWorkingDays(from, days);
}

const apply = (from: Date, s: Span) =>
  s.hours !== undefined ? calendar.addClockHours(from, s.hours) : calendar.addWorkingDays(from, s.workingDays ?? 0);

export function computeDeadlines(appealType: string, urgency: string, from: Date) {
  const limit = LIMITS[urgency] ??
    LIMITS[appealType] ?? {
      rule: ['help', 'complaint', 'report', 'cannot_do'].includes(appealType) ? appealType : 'standard',
      sign: { workingDays: 1 },
      finish: { workingDays: 5 },
    };
  const finishDueAt = apply(from, limit.finish);
  const signDueAt = apply(from, limit.sign);
  const capped = signDueAt < finishDueAt ? signDueAt : finishDueAt;
  return { signDueAt: capped, contactDueAt: capped, finishDueAt, rule: limit.rule };
}
