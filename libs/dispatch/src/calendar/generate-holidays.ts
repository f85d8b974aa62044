/**
 * Writes holidays.data.json from the chinese-days package (a devDependency: the runtime reads only the JSON).
 *
 *   node -r ts-node/register/transpile-only libs/dispatch/src/calendar/generate-holidays.ts
 *
 * When a new State Council notice is published: bump chinese-days once it carries the year, add the notice to
 * NOTICES, extend YEARS, regenerate, review the diff. Years the package does not know yet are shipped as
 * provisional (statutory holidays only) so that deadlines never run past the end of the data.
 */
import { writeFileSync } from 'fs';
import { join } from 'path';
import { getDayDetail, getSolarDateFromLunar, getSolarTermDate } from 'chinese-days';
import type { CalendarDay } from './working-calendar';
import type { HolidayData, HolidayYear } from './holiday-data';

export const YEARS = [2025, 2026, 2027];

/** The package cites the notice pages but not always their numbers; numbers are kept here for audit. */
const NOTICES: Record<number, { notice: string; url: string }> = {
  2025: { notice: '国办发明电〔2024〕12号', url: 'https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm' },
  2026: { notice: '国办发明电〔2025〕7号', url: 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm' },
};

/** chinese-days names festivals 'English,中文,days'; the users see the full Chinese name. */
const FESTIVAL_NAMES: Record<string, string> = {
  元旦: '元旦',
  春节: '春节',
  清明: '清明节',
  劳动节: '劳动节',
  端午: '端午节',
  中秋: '中秋节',
  国庆节: '国庆节',
};

const DAY_MS = 86_400_000;

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function shiftDay(date: string, days: number): string {
  return isoDay(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS);
}

function officialYear(year: number): CalendarDay[] {
  const days: CalendarDay[] = [];
  for (let ms = Date.UTC(year, 0, 1); ms < Date.UTC(year + 1, 0, 1); ms += DAY_MS) {
    const date = isoDay(ms);
    const detail = getDayDetail(date);
    // Plain days carry the weekday's English name; only holidays and make-up days carry 'English,中文,n'.
    const parts = detail.name.split(',');
    if (parts.length < 2) continue;
    const festival = FESTIVAL_NAMES[parts[1]] ?? parts[1];
    days.push(detail.work ? { date, working: true, name: `${festival}调休` } : { date, working: false, name: festival });
  }
  return days;
}

/**
 * The statutory days of 《全国年节及纪念日放假办法》 as revised in 2024 (in force from 2025): 元旦 1, 春节 4
 * (除夕 and 初一–初三), 清明 1, 劳动节 2, 端午 1, 中秋 1, 国庆 3. Article 6 of the same rules gives 补假: a statutory
 * day that falls on a Saturday or Sunday is made up on the next working day after the holiday. Make-up working
 * weekends (调休) come only with the notice.
 */
export function statutoryDays(year: number): CalendarDay[] {
  const lunar = (month: number, day: number) => {
    const mm = String(month).padStart(2, '0');
    const dd = String(day).padStart(2, '0');
    return getSolarDateFromLunar(`${year}-${mm}-${dd}`).date;
  };
  const newYear = lunar(1, 1);
  const days: CalendarDay[] = [
    { date: `${year}-01-01`, working: false, name: '元旦' },
    // 除夕 is the last day of the twelfth month, which has 29 or 30 days: take the eve of 初一, not 腊月三十.
    { date: shiftDay(newYear, -1), working: false, name: '春节' },
    { date: newYear, working: false, name: '春节' },
    { date: shiftDay(newYear, 1), working: false, name: '春节' },
    { date: shiftDay(newYear, 2), working: false, name: '春节' },
    { date: getSolarTermDate(year, 4, 'pure_brightness'), working: false, name: '清明节' },
    { date: `${year}-05-01`, working: false, name: '劳动节' },
    { date: `${year}-05-02`, working: false, name: '劳动节' },
    { date: lunar(5, 5), working: false, name: '端午节' },
    { date: lunar(8, 15), working: false, name: '中秋节' },
    { date: `${year}-10-01`, working: false, name: '国庆节' },
    { date: `${year}-10-02`, working: false, name: '国庆节' },
    { date: `${year}-10-03`, working: false, name: '国庆节' },
  ];
  const off = new Set(days.map((d) => d.date));
  const isWeekend = (date: string) => [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());
  for (const d of [...days]) {
    if (!isWeekend(d.date)) continue;
    let make = shiftDay(d.date, 1);
    while (off.has(make) || isWeekend(make)) make = shiftDay(make, 1);
    off.add(make);
    days.push({ date: make, working: false, name: `${d.name}补假` });
  }
  return days.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/**
 * chinese-days parses 'YYYY-MM-DD' as UTC midnight and reads it back in local time, so west of UTC its lunar and
 * solar-term answers come out a day early (seen with TZ=America/Los_Angeles). Refuse rather than ship wrong dates.
 */
export function assertChineseDaysUsable(): void {
  if (new Date(2025, 0, 1).getTimezoneOffset() > 0) {
    throw new Error('chinese-days shifts dates west of UTC: run with TZ=Asia/Shanghai (or UTC)');
  }
}

/** Every statutory day must be off in a year the State Council has published: checks the lunar arithmetic. */
function checkStatutoryAgainstOfficial(year: number, official: CalendarDay[]): void {
  const off = new Set(official.filter((d) => !d.working).map((d) => d.date));
  const missing = statutoryDays(year).filter((d) => !off.has(d.date));
  if (missing.length > 0) throw new Error(`statutory days not off in the ${year} notice: ${missing.map((d) => d.date).join(', ')}`);
}

export function buildHolidayData(years: number[] = YEARS): HolidayData {
  assertChineseDaysUsable();
  const out: HolidayData = {
    source:
      'State Council holiday notices via chinese-days@1.5.7 (official years); ' +
      '《全国年节及纪念日放假办法》(2024 revision, in force 2025) for provisional years. Generated by generate-holidays.ts.',
    years: {},
  };
  for (const year of years) {
    const days = officialYear(year);
    let entry: HolidayYear;
    if (days.length > 0) {
      const notice = NOTICES[year];
      if (!notice) throw new Error(`chinese-days has ${year}: add its notice number to NOTICES before shipping it`);
      checkStatutoryAgainstOfficial(year, days);
      entry = { status: 'official', notice: notice.notice, url: notice.url, days };
    } else {
      entry = {
        status: 'provisional',
        notice: null,
        url: null,
        note:
          `The State Council notice for ${year} is not yet published. Statutory holidays and their 补假 (a holiday on a ` +
          'weekend is made up on the next working day), with no make-up working weekends (调休). Admins must replace this year when the notice is published.',
        days: statutoryDays(year),
      };
    }
    out.years[String(year)] = entry;
  }
  return out;
}

/** One day per line keeps the diff of a yearly update readable. */
export function formatHolidayData(data: HolidayData): string {
  const lines = ['{', `  "source": ${JSON.stringify(data.source)},`, '  "years": {'];
  const years = Object.keys(data.years);
  years.forEach((year, i) => {
    const { days, ...meta } = data.years[year];
    lines.push(`    ${JSON.stringify(year)}: {`);
    for (const [key, value] of Object.entries(meta)) lines.push(`      ${JSON.stringify(key)}: ${JSON.stringify(value)},`);
    lines.push('      "days": [');
    days.forEach((day, j) => lines.push(`        ${JSON.stringify(day)}${j < days.length - 1 ? ',' : ''}`));
    lines.push('      ]');
    lines.push(`    }${i < years.length - 1 ? ',' : ''}`);
  });
  lines.push('  }', '}', '');
  return lines.join('\n');
}

if (require.main === module) {
  const file = join(__dirname, 'holidays.data.json');
  writeFileSync(file, formatHolidayData(buildHolidayData()));
  console.log(`wrote ${file}`);
}
