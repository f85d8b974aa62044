import { getLunarDate, getSolarDateFromLunar, getSolarTermDate, isWorkday } from 'chinese-days';
import { statutoryDays } from './generate-holidays';
import { SHIPPED_HOLIDAY_DATA } from './holiday-data';
import { WorkingCalendar } from './working-calendar';

const cal = WorkingCalendar.fromShippedData();

/** '2025-01-27 10:00' in city time (UTC+8). */
const at = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`);
/** An instant back to city time, 'YYYY-MM-DD HH:MM'. */
const local = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

const addDays = (from: string, n: number) => local(cal.addWorkingDays(at(from), n));
const addHours = (from: string, h: number) => local(cal.addWorkingHours(at(from), h));
const subDays = (from: string, n: number) => local(cal.subtractWorkingDays(at(from), n));

describe('WorkingCalendar', () => {
  describe('the rule in DOMAIN.md', () => {
    it('gives a 5-working-day complaint registered on an ordinary Friday until the next Friday', () => {
      // 2025-03-07 is a Friday with no holiday anywhere near.
      expect(addDays('2025-03-07 10:00', 5)).toBe('2025-03-14 10:00');
    });

    it('counts from the next working day when registered on a weekend', () => {
      // 2025-03-08 is a plain Saturday: its first working day is Monday 03-10, at the time of registration.
      expect(addDays('2025-03-08 09:00', 1)).toBe('2025-03-10 09:00');
      expect(addDays('2025-03-08 09:00', 5)).toBe('2025-03-14 09:00');
      // n = 0 still lands on a working day; on a working day it changes nothing.
      expect(addDays('2025-03-08 09:00', 0)).toBe('2025-03-10 09:00');
      expect(addDays('2025-03-07 10:00', 0)).toBe('2025-03-07 10:00');
    });
  });

  describe('make-up working weekends (调休)', () => {
    it.each([
      ['2025-01-26', '春节 2025: Sunday before the holiday'],
      ['2025-02-08', '春节 2025: Saturday after the holiday'],
      ['2025-04-27', '劳动节 2025: Sunday before'],
      ['2025-09-28', '国庆 2025: Sunday before'],
      ['2025-10-11', '国庆 2025: Saturday after'],
      ['2026-01-04', '元旦 2026: Sunday after'],
      ['2026-02-14', '春节 2026: Saturday before'],
      ['2026-02-28', '春节 2026: Saturday after'],
      ['2026-05-09', '劳动节 2026: Saturday after'],
      ['2026-09-20', '国庆 2026: Sunday before'],
      ['2026-10-10', '国庆 2026: Saturday after'],
    ])('%s is a working day (%s)', (date) => {
      expect(cal.isWorkingDay(date)).toBe(true);
      expect(cal.describe(date).name).toMatch(/调休$/);
    });

    it('keeps ordinary weekends off and names the holidays', () => {
      expect(cal.isWorkingDay('2025-03-08')).toBe(false); // plain Saturday
      expect(cal.isWorkingDay('2025-03-10')).toBe(true); // plain Monday
      expect(cal.describe('2025-01-29')).toEqual({ date: '2025-01-29', working: false, name: '春节' }); // 初一 2025
      expect(cal.describe('2025-10-06')).toEqual({ date: '2025-10-06', working: false, name: '中秋节' }); // merged into 国庆
      expect(cal.describe('2025-03-10')).toEqual({ date: '2025-03-10', working: true });
    });

    it('steps to the next and previous working day, over holidays and onto make-up days', () => {
      expect(cal.nextWorkingDay('2025-01-27')).toBe('2025-02-05'); // over 春节 2025
      expect(cal.nextWorkingDay('2025-09-26')).toBe('2025-09-28'); // onto make-up Sunday
      expect(cal.previousWorkingDay('2026-02-24')).toBe('2026-02-14'); // back over 春节 2026 onto make-up Saturday
      expect(cal.previousWorkingDay('2026-01-05')).toBe('2026-01-04'); // make-up Sunday after 元旦
    });
  });

  describe('the Spring Festival week', () => {
    it('2025: a complaint registered before the holiday ends after it, counting the make-up Saturday', () => {
      // Registered Monday 01-27, the day before 除夕 (01-28). Off 01-28…02-04; 02-05, 06, 07 then Saturday 02-08 (调休) work.
      expect(addDays('2025-01-27 10:00', 5)).toBe('2025-02-10 10:00');
      // Registered Friday 01-24: Sunday 01-26 is the first working day (调休), then 01-27, then 02-05, 06, 07.
      expect(addDays('2025-01-24 10:00', 5)).toBe('2025-02-07 10:00');
    });

    it('2026: a complaint registered before the holiday ends after it, counting the make-up Saturdays', () => {
      // Registered Friday 02-13. Saturday 02-14 (调休) is day 1; off 02-15…02-23; then 02-24, 25, 26, 27.
      expect(addDays('2026-02-13 10:00', 5)).toBe('2026-02-27 10:00');
      // Registered Thursday 02-26: 02-27, Saturday 02-28 (调休), then 03-02, 03, 04.
      expect(addDays('2026-02-26 10:00', 5)).toBe('2026-03-04 10:00');
      // Registered on 初四 (02-20, a weekday off): the first working day is 02-24.
      expect(addDays('2026-02-20 09:00', 1)).toBe('2026-02-24 09:00');
    });
  });

  describe('the National Day week', () => {
    it('2025: 10-01…10-08 off (中秋 merged), make-up Sunday 09-28 and Saturday 10-11', () => {
      // Registered Tuesday 09-30: 10-09, 10-10, Saturday 10-11 (调休), 10-13, 10-14.
      expect(addDays('2025-09-30 10:00', 5)).toBe('2025-10-14 10:00');
      // Registered Friday 09-26: the next working day is Sunday 09-28 (调休).
      expect(addDays('2025-09-26 10:00', 1)).toBe('2025-09-28 10:00');
      expect(cal.isWorkingDay('2025-10-08')).toBe(false); // Wednesday, last day off
    });

    it('2026: 中秋 09-25…27 and 国庆 10-01…07 off, make-up Sunday 09-20 and Saturday 10-10', () => {
      // Registered Wednesday 09-30: 10-08, 10-09, Saturday 10-10 (调休), 10-12, 10-13.
      expect(addDays('2026-09-30 10:00', 5)).toBe('2026-10-13 10:00');
      // Registered Thursday 09-24, the day before 中秋: next working day is Monday 09-28.
      expect(addDays('2026-09-24 10:00', 1)).toBe('2026-09-28 10:00');
      // Registered Friday 09-18: Sunday 09-20 (调休) is the next working day.
      expect(addDays('2026-09-18 10:00', 1)).toBe('2026-09-20 10:00');
    });
  });

  describe('across a year boundary', () => {
    it('2025 into 2026 with 元旦 01-01…03 off and Sunday 01-04 working', () => {
      // Registered Monday 2025-12-29: 12-30, 12-31, Sunday 01-04 (调休), 01-05, 01-06.
      expect(addDays('2025-12-29 10:00', 5)).toBe('2026-01-06 10:00');
    });

    it('2026 into the provisional 2027 with 元旦 (Friday 01-01) off', () => {
      // Registered Wednesday 2026-12-30: 12-31, then Monday 2027-01-04 and Tuesday 01-05.
      expect(addDays('2026-12-30 10:00', 3)).toBe('2027-01-05 10:00');
    });

    it('uses the city date, not the UTC date, near midnight', () => {
      // 2025-01-27T16:30Z is 00:30 on 2025-01-28 (除夕) in the city.
      expect(cal.dayOf(new Date('2025-01-27T16:30:00Z'))).toBe('2025-01-28');
      expect(cal.dayOf(new Date('2025-01-27T15:59:59Z'))).toBe('2025-01-27');
    });
  });

  describe('hour limits overnight', () => {
    it('counts clock hours straight through the night (critical and urgent orders)', () => {
      expect(local(cal.addClockHours(at('2025-03-03 23:00'), 2))).toBe('2025-03-04 01:00');
      expect(local(cal.addClockHours(at('2025-01-28 10:00'), 0.5))).toBe('2025-01-28 10:30'); // 除夕 does not stop the clock
    });

    it('counts working hours only inside 08:30–17:30 on working days', () => {
      // Monday 16:30: one hour today, one hour from Tuesday's opening.
      expect(addHours('2025-03-03 16:30', 2)).toBe('2025-03-04 09:30');
      // Friday 17:00: half an hour on Friday, half an hour on Monday.
      expect(addHours('2025-03-07 17:00', 1)).toBe('2025-03-10 09:00');
      // The day before 国庆 2025: the next opening is Thursday 10-09.
      expect(addHours('2025-09-30 16:30', 2)).toBe('2025-10-09 09:30');
      // Friday before 春节 2026: Saturday 02-14 is a make-up working day.
      expect(addHours('2026-02-13 17:00', 1)).toBe('2026-02-14 09:00');
      // A deadline that uses up the day ends at closing, not at the next opening.
      expect(addHours('2025-03-03 16:30', 1)).toBe('2025-03-03 17:30');
    });

    it('starts outside working hours at the next opening', () => {
      expect(addHours('2025-03-03 07:00', 1)).toBe('2025-03-03 09:30'); // before opening
      expect(addHours('2025-03-03 17:30', 1)).toBe('2025-03-04 09:30'); // at closing
      expect(addHours('2025-03-08 10:00', 1)).toBe('2025-03-10 09:30'); // Saturday
      expect(addHours('2025-05-01 10:00', 0)).toBe('2025-05-06 08:30'); // 劳动节 2025, 05-01…05 off
    });

    it('takes other office hours and spans several days', () => {
      const wh = { start: '09:00', end: '12:00' };
      // 3 hours a day: Monday 11:00 has 1 hour, Tuesday 3, Wednesday 1.
      expect(local(cal.addWorkingHours(at('2025-03-03 11:00'), 5, wh))).toBe('2025-03-05 10:00');
      expect(local(cal.startOfWorkingDay('2025-03-03', wh))).toBe('2025-03-03 09:00');
      expect(local(cal.startOfWorkingDay('2025-03-03'))).toBe('2025-03-03 08:30');
    });
  });

  describe('subtractWorkingDays (reminders before a deadline)', () => {
    it('crosses a weekend', () => {
      // Due Monday 03-10: 3 working days before is Wednesday 03-05.
      expect(subDays('2025-03-10 17:30', 3)).toBe('2025-03-05 17:30');
    });

    it('crosses a holiday and lands on a make-up Sunday', () => {
      // Due Friday 2025-10-10: 10-09, then 09-30, 09-29 (国庆 off in between); one more is Sunday 09-28 (调休).
      expect(subDays('2025-10-10 10:00', 3)).toBe('2025-09-29 10:00');
      expect(subDays('2025-10-10 10:00', 4)).toBe('2025-09-28 10:00');
    });

    it('falls back to the previous working day from a non-working day', () => {
      expect(subDays('2025-03-08 10:00', 0)).toBe('2025-03-07 10:00'); // Saturday → Friday
      expect(subDays('2025-02-01 10:00', 1)).toBe('2025-01-27 10:00'); // 春节 2025 → the Monday before 除夕
    });
  });

  describe('workingDaysBetween (the 2-working-day return window)', () => {
    it('counts working days after dispatch up to the request', () => {
      // Dispatched Friday 03-07 15:00; Monday and Tuesday count.
      expect(cal.workingDaysBetween(at('2025-03-07 15:00'), at('2025-03-11 09:00'))).toBe(2);
      expect(cal.workingDaysBetween(at('2025-03-07 15:00'), at('2025-03-12 09:00'))).toBe(3);
      expect(cal.workingDaysBetween(at('2025-03-07 15:00'), at('2025-03-07 17:00'))).toBe(0);
    });

    it('skips the holiday and counts the make-up Saturday', () => {
      // Dispatched 2025-09-30: 10-09, 10-10 and Saturday 10-11 (调休).
      expect(cal.workingDaysBetween(at('2025-09-30 10:00'), at('2025-10-08 23:00'))).toBe(0);
      expect(cal.workingDaysBetween(at('2025-09-30 10:00'), at('2025-10-11 10:00'))).toBe(3);
    });

    it('is negative when b is before a', () => {
      expect(cal.workingDaysBetween(at('2025-03-11 09:00'), at('2025-03-07 15:00'))).toBe(-2);
    });
  });

  describe('data and overrides', () => {
    it('lets admin overrides layered after the shipped days win', () => {
      // Say the 2027 notice moves 劳动节 to 05-01…05 with Sunday 04-25 working.
      const edited = new WorkingCalendar([
        ...SHIPPED_HOLIDAY_DATA.years['2027'].days,
        { date: '2027-05-05', working: false, name: '劳动节' },
        { date: '2027-04-25', working: true, name: '劳动节调休' },
      ]);
      expect(edited.isWorkingDay('2027-05-05')).toBe(false);
      expect(edited.isWorkingDay('2027-04-25')).toBe(true);
      expect(cal.isWorkingDay('2027-05-05')).toBe(true);
    });

    it('rejects malformed input', () => {
      expect(() => cal.isWorkingDay('2025-02-29')).toThrow(RangeError); // not a leap year
      expect(() => cal.isWorkingDay('2025-1-01')).toThrow(RangeError);
      expect(() => cal.addWorkingDays(at('2025-03-03 10:00'), -1)).toThrow(RangeError);
      expect(() => cal.addWorkingDays(at('2025-03-03 10:00'), 1.5)).toThrow(RangeError);
      expect(() => cal.addWorkingHours(at('2025-03-03 10:00'), 1, { start: '17:30', end: '08:30' })).toThrow(RangeError);
      expect(() => cal.dayOf(new Date(NaN))).toThrow(RangeError);
      expect(cal.isWorkingDay('2024-02-29')).toBe(true); // a leap day, and a Thursday
    });

    it('supports another fixed offset', () => {
      const utc = new WorkingCalendar([], { utcOffsetMinutes: 0 });
      expect(utc.dayOf(new Date('2025-01-27T16:30:00Z'))).toBe('2025-01-27');
    });
  });

  describe('cross-check with chinese-days', () => {
    it('agrees with isWorkday on every day of 2025 and 2026', () => {
      // chinese-days reads 'YYYY-MM-DD' as UTC and formats it in local time: west of UTC it is a day off.
      expect(new Date(2025, 0, 1).getTimezoneOffset()).toBeLessThanOrEqual(0);
      const disagreements: string[] = [];
      for (let ms = Date.UTC(2025, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 86_400_000) {
        const d = new Date(ms).toISOString().slice(0, 10);
        if (cal.isWorkingDay(d) !== isWorkday(d)) disagreements.push(d);
      }
      expect(disagreements).toEqual([]);
    });

    it('marks 2025 and 2026 official with their notices', () => {
      expect(SHIPPED_HOLIDAY_DATA.years['2025']).toMatchObject({ status: 'official', notice: '国办发明电〔2024〕12号' });
      expect(SHIPPED_HOLIDAY_DATA.years['2026']).toMatchObject({ status: 'official', notice: '国办发明电〔2025〕7号' });
    });

    it('ships 2027 as provisional with the statutory holidays and their 补假 only', () => {
      const y2027 = SHIPPED_HOLIDAY_DATA.years['2027'];
      expect(y2027.status).toBe('provisional');
      expect(y2027.notice).toBeNull();
      expect(y2027.note).toMatch(/replace/);
      expect(y2027.days.every((d) => !d.working)).toBe(true); // no 调休 before the notice
      expect(y2027.days.map((d) => `${d.date} ${d.name}`)).toEqual([
        '2027-01-01 元旦',
        '2027-02-05 春节', // 除夕 (腊月廿九: the twelfth month has 29 days)
        '2027-02-06 春节', // 初一
        '2027-02-07 春节',
        '2027-02-08 春节', // 初三
        '2027-02-09 春节补假', // 初一 and 初二 fall on the weekend: made up on the next working days
        '2027-02-10 春节补假',
        '2027-04-05 清明节', // solar term 清明
        '2027-05-01 劳动节', // Saturday
        '2027-05-02 劳动节', // Sunday
        '2027-05-03 劳动节补假',
        '2027-05-04 劳动节补假',
        '2027-06-09 端午节', // 五月初五
        '2027-09-15 中秋节', // 八月十五
        '2027-10-01 国庆节',
        '2027-10-02 国庆节', // Saturday
        '2027-10-03 国庆节', // Sunday
        '2027-10-04 国庆节补假',
        '2027-10-05 国庆节补假',
      ]);
      // The generator's output is what shipped.
      expect(y2027.days).toEqual(statutoryDays(2027));
    });

    it('agrees with the package lunar calendar on the 2027 dates', () => {
      expect(new Date(2025, 0, 1).getTimezoneOffset()).toBeLessThanOrEqual(0);
      expect(getSolarDateFromLunar('2027-01-01').date).toBe('2027-02-06');
      expect(getLunarDate('2027-02-05')).toMatchObject({ lunarYear: 2026, lunarMon: 12, lunarDay: 29 });
      expect(getSolarDateFromLunar('2027-05-05').date).toBe('2027-06-09');
      expect(getSolarDateFromLunar('2027-08-15').date).toBe('2027-09-15');
      expect(getSolarTermDate(2027, 4, 'pure_brightness')).toBe('2027-04-05');
    });
  });
});
