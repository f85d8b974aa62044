import { IdentityModule } from '@app/identity';
import { KpiModule } from '@app/kpi';
import { TicketsModule } from '@app/tickets';
import { Module, Provider } from '@nestjs/common';
import { ReportFiguresService } from './figures/report-figures.service';
import { ReportGenerator } from './jobs/report-generator';
import { ReportJobs } from './jobs/report-jobs.service';
import { TermRollup } from './keywords';
import { ReportRollup } from './rollup/report-rollup';
import { ReportStore } from './store/report-store';

const PROVIDERS: Provider[] = [ReportRollup, TermRollup, ReportFiguresService, ReportStore, ReportJobs, ReportGenerator];

/** libs/reports: the hotspot report's rollups, figures, generation jobs, stored versions and rendering. */
@Module({
  imports: [IdentityModule, TicketsModule, KpiModule],
  providers: PROVIDERS,
  exports: PROVIDERS,
})
export class ReportsModule {}
