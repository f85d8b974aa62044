import { AppConfig, unprocessable } from '@app/common';
import { CatalogLookup } from '@app/tickets';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { WorkingCalendar, WorkingHours } from '../calendar';
import { CalendarDayEntity } from './calendar-day.entity';
import { LimitUnit, TimeLimitRule } from './time-limit-rule.entity';
import { UnitWorkingHours } from './unit-working-hours.entity';

const CACHE_MS = 30_000;

export interface OrderForLimits {
  appealType: string;
  urgency: string;
  categoryId: number | null;
}

export interface Deadlines {
  signDueAt: Date;
  contactDueAt: Date;
  finishDueAt: Date;
  /** The yellow card: one working day before the finish (three quarters of the way for limits in hours). */
  warnAt: Date;
  rule: string;
}

/** Picks the most specific rule: category (deeper wins), then urgency, then appeal type; then priority. */
export function pickRule(rules: TimeLimitRule[], order: OrderForLimits, categoryAncestry: number[]): TimeLimitRule | null {
  let best: { rule: TimeLimitRule; score: number } | null = null;
  for (const r of rules) {
    if (!r.active || r.manualOnly) continue;
    if (r.appealType && r.appealType !== order.appealType) continue;
    if (r.urgency && r.urgency !== order.urgency) continue;
    const depth = r.categoryId === null ? -1 : categoryAncestry.indexOf(r.categoryId);
    if (r.categoryId !== null && depth < 0) continue;
    // Nearer categories score higher: the order's own category is ancestry[0].
    const score = (r.categoryId !== null ? 1000 - depth * 100 : 0) + (r.urgency ? 50 : 0) + (r.appealType ? 10 : 0) + r.priority / 1000;
    if (!best || score > best.score) best = { rule: r, score };
  }
  return best?.rule ?? null;
}

/** Deadlines from the time-limit rules and the working calendar, both data that admins edit. */
@Injectable()
export class DeadlineService {
  private calendarCache: { at: number; value: Promise<WorkingCalendar> } | null = null;
  private rulesCache: { at: number; value: Promise<TimeLimitRule[]> } | null = null;
  private readonly defaultHours: WorkingHours;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalog: CatalogLookup,
    private readonly config: AppConfig,
  ) {
    const [start, end] = config.WORKING_HOURS.split('-');
    this.defaultHours = { start, end };
  }

  invalidate(): void {
    this.calendarCache = null;
    this.rulesCache = null;
  }

  calendar(): Promise<WorkingCalendar> {
    if (!this.calendarCache || Date.now() - this.calendarCache.at > CACHE_MS) {
      const value = this.dataSource
        .getRepository(CalendarDayEntity)
        .find()
        .then((rows) => new WorkingCalendar(rows.map((r) => ({ date: r.day, working: r.working, name: r.name ?? undefined }))));
      this.calendarCache = { at: Date.now(), value };
      value.catch(() => (this.calendarCache = null));
    }
    return this.calendarCache.value;
  }

  rules(): Promise<TimeLimitRule[]> {
    if (!this.rulesCache || Date.now() - this.rulesCache.at > CACHE_MS) {
      const value = this.dataSource.getRepository(TimeLimitRule).find({ where: { active: true } });
      this.rulesCache = { at: Date.now(), value };
      value.catch(() => (this.rulesCache = null));
    }
    return this.rulesCache.value;
  }

  async workingHours(unitId: number | null): Promise<WorkingHours> {
    if (!unitId) return this.defaultHours;
    const row = await this.dataSource.getRepository(UnitWorkingHours).findOne({ where: { unitId } });
    return row ? { start: row.startTime, end: row.endTime } : this.defaultHours;
  }

  private span(cal: WorkingCalendar, from: Date, amount: number, unit: LimitUnit, hours: WorkingHours): Date {
    if (unit === 'clock_hours') return cal.addClockHours(from, amount);
    if (unit === 'working_hours') return cal.addWorkingHours(from, amount, hours);
    return cal.addWorkingDays(from, amount);
  }

  /** The deadlines for an order dispatched to `unitId` at `from`, by the matching rule or the one named. */
  async compute(order: OrderForLimits, from: Date, unitId: number | null, ruleCode?: string): Promise<Deadlines> {
    const rules = await this.rules();
    const rule = ruleCode
      ? rules.find((r) => r.code === ruleCode)
      : pickRule(rules, order, await this.catalog.categoryAncestry(order.categoryId));
    if (!rule)
      throw unprocessable('DISPATCH.NO_TIME_LIMIT', ruleCode ? `时限规则 ${ruleCode} 不存在或已停用` : '没有适用的时限规则，请管理员配置');
    const [cal, hours] = await Promise.all([this.calendar(), this.workingHours(unitId)]);
    const finishDueAt = this.span(cal, from, Number(rule.finishAmount), rule.finishUnit, hours);
    const signDueAt = this.span(cal, from, Number(rule.signAmount), rule.signUnit, hours);
    const contactDueAt = this.span(cal, from, Number(rule.contactAmount), rule.contactUnit, hours);
    const cap = (d: Date) => (d < finishDueAt ? d : finishDueAt);
    return {
      signDueAt: cap(signDueAt),
      contactDueAt: cap(contactDueAt),
      finishDueAt,
      warnAt: await this.warnAt(from, finishDueAt),
      rule: rule.code,
    };
  }

  /** One working day before the deadline; for deadlines shorter than that, three quarters of the way there. */
  async warnAt(from: Date, due: Date): Promise<Date> {
    const cal = await this.calendar();
    const dayBefore = cal.subtractWorkingDays(due, 1);
    if (dayBefore > from) return dayBefore;
    return new Date(from.getTime() + (due.getTime() - from.getTime()) * 0.75);
  }

  async addWorkingDays(from: Date, days: number): Promise<Date> {
    return (await this.calendar()).addWorkingDays(from, days);
  }

  async subtractWorkingDays(from: Date, days: number): Promise<Date> {
    return (await this.calendar()).subtractWorkingDays(from, days);
  }

  /** Whole working days from `from` to `to`, for the return window. */
  async workingDaysBetween(from: Date, to: Date): Promise<number> {
    return (await this.calendar()).workingDaysBetween(from, to);
  }
}
