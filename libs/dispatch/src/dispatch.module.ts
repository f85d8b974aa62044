import { IdentityModule } from '@app/identity';
import { KnowledgeModule } from '@app/knowledge';
import { NotificationsModule } from '@app/notifications';
import { TicketsModule } from '@app/tickets';
import { Module } from '@nestjs/common';
import { CalendarAdminService } from './deadlines/calendar-admin.service';
import { DeadlineService } from './deadlines/deadline.service';
import { DispatchService } from './dispatch.service';
import { DispatchRulesService } from './rules/dispatch-rules.service';
import { RoutingService } from './rules/routing.service';
import { SupervisionService } from './supervision/supervision.service';
import { TimerService } from './timers/timer.service';

@Module({
  imports: [IdentityModule, TicketsModule, NotificationsModule, KnowledgeModule],
  providers: [
    DeadlineService,
    CalendarAdminService,
    DispatchService,
    RoutingService,
    DispatchRulesService,
    SupervisionService,
    TimerService,
  ],
  exports: [DeadlineService, CalendarAdminService, DispatchService, RoutingService, DispatchRulesService, SupervisionService, TimerService],
})
export class DispatchModule {}
