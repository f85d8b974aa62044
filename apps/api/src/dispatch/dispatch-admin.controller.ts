import { AuthUser } from '@app/identity';
import {
  AutoDispatchDto,
  CalendarAdminService,
  CalendarDayDto,
  DispatchRuleDto,
  DispatchRulesService,
  RoutingService,
  SupervisionService,
  TimeLimitRuleDto,
  WorkingHoursDto,
} from '@app/dispatch';
import { badRequest } from '@app/common';
import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsText } from '@app/common';
import { CurrentUser, Roles } from '../auth/auth.decorators';

class CloseSupervisionDto {
  @IsText(2000)
  result: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const checkDate = (d: string) => {
  if (!DATE.test(d) || Number.isNaN(Date.parse(d))) throw badRequest('CALENDAR.DATE_INVALID', `日期须为 YYYY-MM-DD：${d}`);
  return d;
};

@ApiTags('派单与督办')
@ApiBearerAuth()
@Controller()
export class DispatchAdminController {
  constructor(
    private readonly routing: RoutingService,
    private readonly rules: DispatchRulesService,
    private readonly calendar: CalendarAdminService,
    private readonly supervision: SupervisionService,
  ) {}

  /** Units ranked for an order, each with its reasons (catalogue rule, history in the street, the caller's last order). */
  @Roles('dispatcher', 'supervisor')
  @Get('tickets/:id/dispatch-suggestions')
  suggestions(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.routing.suggest(user, id);
  }

  @Roles('dispatcher', 'supervisor', 'admin')
  @Get('dispatch-rules')
  listRules(@Query('categoryId') categoryId?: string) {
    return this.rules.list(categoryId ? Number(categoryId) : undefined);
  }

  @Roles('admin')
  @Post('dispatch-rules')
  createRule(@CurrentUser() user: AuthUser, @Body() dto: DispatchRuleDto) {
    return this.rules.create(user, dto);
  }

  @Roles('admin')
  @Put('dispatch-rules/:id')
  updateRule(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: DispatchRuleDto) {
    return this.rules.update(user, id, dto);
  }

  @Roles('admin')
  @Delete('dispatch-rules/:id')
  @HttpCode(204)
  async deleteRule(@Param('id', ParseIntPipe) id: number): Promise<void> {
    await this.rules.remove(id);
  }

  /** Switches auto-dispatch on or off for a category. */
  @Roles('admin')
  @Put('categories/:id/auto-dispatch')
  async autoDispatch(@Param('id', ParseIntPipe) id: number, @Body() dto: AutoDispatchDto) {
    await this.rules.setAutoDispatch(id, dto.enabled);
    return { categoryId: id, autoDispatch: dto.enabled };
  }

  /** A year's holidays and make-up working days (2027 is provisional until the notice is published). */
  @Get('calendar/:year')
  year(@Param('year', ParseIntPipe) year: number) {
    return this.calendar.year(year);
  }

  @Roles('admin')
  @Put('calendar/days/:date')
  setDay(@CurrentUser() user: AuthUser, @Param('date') date: string, @Body() dto: CalendarDayDto) {
    return this.calendar.setDay(user, checkDate(date), dto);
  }

  @Roles('admin')
  @Delete('calendar/days/:date')
  @HttpCode(204)
  async clearDay(@Param('date') date: string): Promise<void> {
    await this.calendar.clearDay(checkDate(date));
  }

  @Get('time-limit-rules')
  timeLimits() {
    return this.calendar.rules();
  }

  @Roles('admin')
  @Put('time-limit-rules/:code')
  updateTimeLimit(@Param('code') code: string, @Body() dto: TimeLimitRuleDto) {
    return this.calendar.updateRule(code, dto);
  }

  @Roles('admin')
  @Put('units/:id/working-hours')
  workingHours(@Param('id', ParseIntPipe) id: number, @Body() dto: WorkingHoursDto) {
    return this.calendar.setWorkingHours(id, dto);
  }

  /** 办不成事 figures: total, closed, finished on time, satisfied at callback (dates: YYYY-MM-DD, to exclusive). */
  @Roles('supervisor', 'manager', 'admin')
  @Get('stats/cannot-do')
  cannotDo(@Query('from') from: string, @Query('to') to: string) {
    const a = new Date(checkDate(from));
    const b = new Date(checkDate(to));
    if (a >= b) throw badRequest('REQUEST.INVALID_RANGE', '开始日期必须早于结束日期');
    return this.supervision.cannotDoFigures(a, b);
  }

  /** Supervision orders: the centre sees all; a unit (its head) sees its own and those below. */
  @Get('supervisions')
  supervisions(@CurrentUser() user: AuthUser, @Query('state') state?: 'open' | 'closed' | 'all') {
    return this.supervision.list(user, state ?? 'open');
  }

  @Roles('supervisor', 'manager')
  @Post('supervisions/:id/close')
  @HttpCode(200)
  closeSupervision(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() dto: CloseSupervisionDto) {
    return this.supervision.close(user, id, dto.result);
  }
}
