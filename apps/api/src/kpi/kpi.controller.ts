import { Controller } from '@nestjs/common';

@Controller('kpi')
export class KpiController {}
