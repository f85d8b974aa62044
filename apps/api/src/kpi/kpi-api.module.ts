import { KpiModule } from '@app/kpi';
import { Module } from '@nestjs/common';
import { KpiController } from './kpi.controller';

/** 考核指标: KPI tables, league tables, exports and the live board. */
@Module({
  imports: [KpiModule],
  controllers: [KpiController],
})
export class KpiApiModule {}
