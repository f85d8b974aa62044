import type { CalendarDay } from './working-calendar';
import shipped from './holidays.data.json';

/**
 * 'official': taken from a published State Council notice.
 * 'provisional': statutory holidays only, shipped before the notice exists so deadlines never fall off the
 * end of the data; admins replace it once the notice is out.
 */
export type HolidayYearStatus = 'official' | 'provisional';

export interface HolidayYear {
  status: HolidayYearStatus;
  /** The notice number (e.g. 国办发明电〔2024〕12号), null while provisional. */
  notice: string | null;
  url?: string | null;
  note?: string;
  days: CalendarDay[];
}

/** The shape of holidays.data.json (written by generate-holidays.ts). */
export interface HolidayData {
  source: string;
  years: Record<string, HolidayYear>;
}

export const SHIPPED_HOLIDAY_DATA: HolidayData = shipped as HolidayData;

/** All days of all years, ready for the WorkingCalendar constructor or for seeding the calendar_day table. */
export function holidayDataDays(data: HolidayData): CalendarDay[] {
  const days: CalendarDay[] = [];
  for (const year of Object.keys(data.years).sort()) {
    for (const day of data.years[year].days) days.push(day);
  }
  return days;
}
