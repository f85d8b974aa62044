import { AuthUser } from '@app/identity';
import { ExportFile, KpiLeagueDto, KpiQueryDto, KpiService, toCsv, toXlsx } from '@app/kpi';
import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentUser, Roles } from '../auth/auth.decorators';

/**
 * 考核指标. Centre staff see every unit; a handler sees their own unit and the units below it
 * (another unit: 403 KPI.OUT_OF_SCOPE). Bad input: 400 KPI.UNKNOWN_KPI, KPI.UNKNOWN_DIMENSION, KPI.BAD_RANGE.
 */
@ApiTags('考核指标')
@ApiBearerAuth()
@Controller('kpi')
@Roles('manager', 'supervisor', 'dispatcher', 'admin', 'handler')
export class KpiController {
  constructor(private readonly kpi: KpiService) {}

  @ApiOperation({ summary: '指标定义：公式、统计口径、目标与示例' })
  @Get('definitions')
  definitions() {
    return this.kpi.definitions();
  }

  @ApiOperation({ summary: '指标表：按时段 × 单位 × 区域 × 分类 × 渠道 × 热线' })
  @Get()
  table(@CurrentUser() user: AuthUser, @Query() q: KpiQueryDto) {
    return this.kpi.table(user, q);
  }

  @ApiOperation({ summary: '排行榜：按一个指标给单位排名，未达目标的标出' })
  @Get('league')
  league(@CurrentUser() user: AuthUser, @Query() q: KpiLeagueDto) {
    return this.kpi.league(user, q);
  }

  @ApiOperation({ summary: '导出指标表（CSV，UTF-8 带 BOM）' })
  @Get('export.csv')
  async csv(@CurrentUser() user: AuthUser, @Query() q: KpiQueryDto, @Res() reply: FastifyReply) {
    send(reply, toCsv(await this.kpi.table(user, q)));
  }

  @ApiOperation({ summary: '导出指标表（XLSX）' })
  @Get('export.xlsx')
  async xlsx(@CurrentUser() user: AuthUser, @Query() q: KpiQueryDto, @Res() reply: FastifyReply) {
    send(reply, await toXlsx(await this.kpi.table(user, q)));
  }
}

function send(reply: FastifyReply, f: ExportFile): void {
  void reply
    .header('content-type', f.contentType)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.fileName)}`)
    .header('x-content-type-options', 'nosniff')
    .send(f.body);
}
