import { WorkingCalendar } from '../calendar';
import { parseReminderSchedule, planTimers } from './timer-plan';

const cal = WorkingCalendar.fromShippedData();
const hours = { start: '08:30', end: '17:30' };
const schedule = parseReminderSchedule('3:handler,1:deputy_head,0:head');
const at = (s: string) => new Date(s);
const plan = (due: string, since: string, warn?: string) =>
  planTimers({ handling: true, dueAt: at(due), warnAt: warn ? at(warn) : null, since: at(since) }, schedule, cal, hours).map(
    (p) => `${p.kind} ${p.fireAt.toISOString()}`,
  );

describe('timer plan', () => {
  it('reminds 3 and 1 working days before, on the morning of the day, then yellow and red cards', () => {
    // Due Friday 2026-11-27 10:00 (city time); dispatched the Friday before.
    expect(plan('2026-11-27T10:00:00+08:00', '2026-11-20T10:00:00+08:00', '2026-11-26T10:00:00+08:00')).toEqual([
      `remind:0 ${at('2026-11-24T10:00:00+08:00').toISOString()}`,
      `remind:1 ${at('2026-11-26T10:00:00+08:00').toISOString()}`,
      `remind:2 ${at('2026-11-27T08:30:00+08:00').toISOString()}`,
      `yellow ${at('2026-11-26T10:00:00+08:00').toISOString()}`,
      `red ${at('2026-11-27T10:00:00+08:00').toISOString()}`,
    ]);
  });

  it('counts working days across a holiday: 3 working days before the Monday after National Day 2026', () => {
    // Due 2026-10-12 (Monday) 10:00; Oct 10 (Saturday) is a make-up working day in 2026.
    const p = plan('2026-10-12T10:00:00+08:00', '2026-09-20T10:00:00+08:00');
    expect(p[0]).toBe(`remind:0 ${at('2026-10-08T10:00:00+08:00').toISOString()}`);
    expect(p[1]).toBe(`remind:1 ${at('2026-10-10T10:00:00+08:00').toISOString()}`);
  });

  it('skips reminders that would fall before the deadline began', () => {
    expect(plan('2026-11-24T10:00:00+08:00', '2026-11-23T10:00:00+08:00').map((p) => p.split(' ')[0])).toEqual(['remind:2', 'red']);
  });

  it('plans nothing for an order that is not being handled', () => {
    expect(
      planTimers({ handling: false, dueAt: at('2026-11-27T10:00:00+08:00'), warnAt: null, since: null }, schedule, cal, hours),
    ).toEqual([]);
  });

  it('refuses a schedule it cannot read', () => {
    expect(() => parseReminderSchedule('3:boss')).toThrow(/REMINDER_SCHEDULE/);
    expect(() => parseReminderSchedule('x:head')).toThrow(/REMINDER_SCHEDULE/);
  });
});
