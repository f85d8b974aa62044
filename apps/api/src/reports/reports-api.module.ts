import { KpiModule } from '@app/kpi';
import { ReportsModule } from '@app/reports';
import { TicketsModule } from '@app/tickets';
import { Module } from '@nestjs/common';
import { HistoryImportController } from './history-import.controller';
import { PublicReportsController } from './public-reports.controller';
import { ReportsController } from './reports.controller';

/** 热点分析报告: generation jobs, review and publishing, the public pages, and the legacy import. */
@Module({
  imports: [ReportsModule, TicketsModule, KpiModule],
  controllers: [ReportsController, PublicReportsController, HistoryImportController],
})
export class ReportsApiModule {}
