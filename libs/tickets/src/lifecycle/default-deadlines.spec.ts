import { addWorkingDays, computeDeadlines } from './default-deadlines';

// City time is UTC+8: 2026-11-20 is a Friday.
const at = (iso: string) => new Date(iso);

describe('default deadlines (weekday calendar, until the holiday calendar takes over)', () => {
  it('skips the weekend', () => {
    expect(addWorkingDays(at('2026-11-20T10:00:00+08:00'), 1).toISOString()).toBe(at('2026-11-23T10:00:00+08:00').toISOString());
    expect(addWorkingDays(at('2026-11-20T10:00:00+08:00'), 5).toISOString()).toBe(at('2026-11-27T10:00:00+08:00').toISOString());
  });

  it('counts a Saturday registration from the next Monday', () => {
    expect(addWorkingDays(at('2026-11-21T09:00:00+08:00'), 1).toISOString()).toBe(at('2026-11-23T09:00:00+08:00').toISOString());
  });

  it('uses the city date, not UTC, near midnight', () => {
    // 23:30 on Friday in the city is 15:30 UTC Friday; one working day is Monday 23:30.
    expect(addWorkingDays(at('2026-11-20T23:30:00+08:00'), 1).toISOString()).toBe(at('2026-11-23T23:30:00+08:00').toISOString());
  });

  it('applies the limits by urgency and appeal type', () => {
    const from = at('2026-11-18T10:00:00+08:00');
    expect(computeDeadlines('complaint', 'critical', from).finishDueAt.toISOString()).toBe(at('2026-11-18T12:00:00+08:00').toISOString());
    expect(computeDeadlines('complaint', 'urgent', from).signDueAt.toISOString()).toBe(at('2026-11-18T12:00:00+08:00').toISOString());
    expect(computeDeadlines('complaint', 'normal', from).finishDueAt.toISOString()).toBe(at('2026-11-25T10:00:00+08:00').toISOString());
    expect(computeDeadlines('suggestion', 'normal', from).rule).toBe('default:suggestion');
    expect(computeDeadlines('consultation', 'normal', from).finishDueAt.toISOString()).toBe(at('2026-11-23T10:00:00+08:00').toISOString());
  });
});
