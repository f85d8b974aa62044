import { badRequest, notFound } from '@app/common';
import { AuthUser } from '@app/identity';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Between, DataSource } from 'typeorm';
import { CalendarDayDto, TimeLimitRuleDto, WorkingHoursDto } from '../dto/calendar.dto';
import { CalendarDayEntity } from './calendar-day.entity';
import { DeadlineService } from './deadline.service';
import { TimeLimitRule } from './time-limit-rule.entity';
import { UnitWorkingHours } from './unit-working-hours.entity';

/** What admins edit: calendar days, time-limit rules, units' office hours. Each edit applies to new deadlines. */
@Injectable()
export class CalendarAdminService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deadlines: DeadlineService,
  ) {}

  /** A year's days that differ from Monday–Friday, and whether a working day is what the calendar says. */
  async year(year: number) {
    const days = await this.dataSource
      .getRepository(CalendarDayEntity)
      .find({ where: { day: Between(`${year}-01-01`, `${year}-12-31`) }, order: { day: 'ASC' } });
    return { year, provisional: days.some((d) => d.source === 'provisional'), days };
  }

  async setDay(user: AuthUser, date: string, d: CalendarDayDto) {
    await this.dataSource
      .getRepository(CalendarDayEntity)
      .save({ day: date, working: d.working, name: d.name ?? null, source: 'admin', updatedBy: user.userId });
    this.deadlines.invalidate();
    return (await this.dataSource.getRepository(CalendarDayEntity).findOne({ where: { day: date } }))!;
  }

  /** Back to the plain weekday rule for that date. */
  async clearDay(date: string): Promise<void> {
    const res = await this.dataSource.getRepository(CalendarDayEntity).delete({ day: date });
    if (!res.affected) throw notFound('CALENDAR.DAY_NOT_FOUND', `${date} 没有特别设置`);
    this.deadlines.invalidate();
  }

  rules() {
    return this.dataSource.getRepository(TimeLimitRule).find({ order: { id: 'ASC' } });
  }

  async updateRule(code: string, d: TimeLimitRuleDto) {
    const repo = this.dataSource.getRepository(TimeLimitRule);
    const rule = await repo.findOne({ where: { code } });
    if (!rule) throw notFound('DISPATCH.TIME_LIMIT_NOT_FOUND', `时限规则 ${code} 不存在`);
    await repo.update(
      { code },
      {
        signAmount: String(d.signAmount),
        signUnit: d.signUnit,
        contactAmount: String(d.contactAmount),
        contactUnit: d.contactUnit,
        finishAmount: String(d.finishAmount),
        finishUnit: d.finishUnit,
        ...(d.active === undefined ? {} : { active: d.active }),
      },
    );
    this.deadlines.invalidate();
    return repo.findOne({ where: { code } });
  }

  async setWorkingHours(unitId: number, d: WorkingHoursDto) {
    if (d.start >= d.end) throw badRequest('CALENDAR.HOURS_INVALID', '下班时间须晚于上班时间');
    await this.dataSource.getRepository(UnitWorkingHours).save({ unitId, startTime: d.start, endTime: d.end });
    return { unitId, ...d };
  }
}
