import { IdentityModule } from '@app/identity';
import { TicketsModule } from '@app/tickets';
import { Module, Provider } from '@nestjs/common';
import { KpiEvents } from './kpi-events';
import { LiveBoardService } from './live/live-board.service';

const PROVIDERS: Provider[] = [KpiEvents, LiveBoardService];

/** libs/kpi: every KPI defined once, cut by period, unit, place, category, channel and hotline. */
@Module({
  imports: [IdentityModule, TicketsModule],
  providers: PROVIDERS,
  exports: PROVIDERS,
})
export class KpiModule {}
