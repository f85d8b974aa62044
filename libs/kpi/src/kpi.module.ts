import { IdentityModule } from '@app/identity';
import { TicketsModule } from '@app/tickets';
import { Module, Provider } from '@nestjs/common';
import { KpiCatalog } from './kpi-catalog';
import { KpiEvents } from './kpi-events';
import { KpiReconciler } from './kpi-reconcile';
import { KpiService } from './kpi.service';
import { LiveBoardService } from './live/live-board.service';

const PROVIDERS: Provider[] = [KpiEvents, KpiService, KpiCatalog, KpiReconciler, LiveBoardService];

/** libs/kpi: every KPI defined once, cut by period, unit, place, category, channel and hotline. */
@Module({
  imports: [IdentityModule, TicketsModule],
  providers: PROVIDERS,
  exports: PROVIDERS,
})
export class KpiModule {}
