import { WorkingCalendar } from '../../libs/dispatch/src/calendar';

/** The calendar the migration puts in calendar_day (both come from holidays.data.json). */
const calendar = WorkingCalendar.fromShippedData();

/**
 * The yellow card (warn_at), as DeadlineService.warnAt sets it live: one working day before the deadline; for a
 * deadline nearer than that (urgent and critical orders), three quarters of the way there.
 */
export function warnAt(from: Date, due: Date): Date {
  const dayBefore = calendar.subtractWorkingDays(due, 1);
  if (dayBefore > from) return dayBefore;
  return new Date(from.getTime() + (due.getTime() - from.getTime()) * 0.75);
}
