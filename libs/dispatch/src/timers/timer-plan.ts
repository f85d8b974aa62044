import { WorkingCalendar, WorkingHours } from '../calendar';
import { Recipient } from '../supervision/unit-people';

export interface ReminderStep {
  /** Working days before the deadline; 0 = the opening of the deadline's own day. */
  workingDaysBefore: number;
  recipient: Recipient;
}

/** '3:handler,1:deputy_head,0:head' → steps. Bad input fails at boot with a message naming it. */
export function parseReminderSchedule(spec: string): ReminderStep[] {
  return spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const [days, recipient] = s.split(':');
      if (!/^\d+$/.test(days ?? '') || !['handler', 'deputy_head', 'head'].includes(recipient)) {
        throw new Error(`REMINDER_SCHEDULE: "${s}" is not <working days>:<handler|deputy_head|head>`);
      }
      return { workingDaysBefore: Number(days), recipient: recipient as Recipient };
    });
}

export interface PlannedTimer {
  kind: string;
  fireAt: Date;
}

export interface TimerInput {
  handling: boolean;
  dueAt: Date | null;
  warnAt: Date | null;
  /** When the deadline started running (dispatch, or the approval that moved it): earlier reminders make no sense. */
  since: Date | null;
}

/**
 * The timers an order should have now: the reminder steps before its deadline, the yellow card at
 * warnAt, the red card at the deadline. Steps that would fall before the deadline began are skipped.
 */
export function planTimers(input: TimerInput, schedule: ReminderStep[], cal: WorkingCalendar, hours: WorkingHours): PlannedTimer[] {
  if (!input.handling || !input.dueAt) return [];
  const due = input.dueAt;
  const since = input.since ?? new Date(0);
  const out: PlannedTimer[] = [];
  schedule.forEach((step, i) => {
    let at: Date;
    if (step.workingDaysBefore === 0) {
      const opening = cal.startOfWorkingDay(cal.dayOf(due), hours);
      at = opening < due ? opening : new Date(due.getTime() - 3600_000);
    } else {
      at = cal.subtractWorkingDays(due, step.workingDaysBefore);
    }
    if (at > since && at < due) out.push({ kind: `remind:${i}`, fireAt: at });
  });
  if (input.warnAt && input.warnAt < due) out.push({ kind: 'yellow', fireAt: input.warnAt });
  out.push({ kind: 'red', fireAt: due });
  return out;
}
