import { AuthUser } from '@app/identity';
import { KpiEvents } from '@app/kpi';
import {
  LEGACY_SYSTEM_PATTERN,
  LegacyImportReport,
  LegacyOrderImport,
  ParsedExport,
  ReportErrors,
  ReportRollup,
  TermRollup,
  refreshImportedOrders,
} from '@app/reports';
import { TicketAccess } from '@app/tickets';
import { Body, Controller, HttpCode, Post, Query } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString } from 'class-validator';
import { DataSource } from 'typeorm';
import { CurrentUser, Roles } from '../auth/auth.decorators';

/**
 * Data rows a real import takes per request, as many as the intake batch imports: every order written
 * is added to the rollups within the request (some 20-30 ms an order), so the request stays well under
 * a minute. A dry run checks the whole body.
 */
const MAX_ROWS = 1000;

class LegacyImportQueryDto {
  @ApiPropertyOptional({ description: '原系统简称（1-32 位字母、数字、“.”“_”“-”），同一系统的同一工单编号只导入一次', example: 'old12345' })
  @IsOptional()
  @IsString({ message: 'system 须为字符串' })
  system?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'true：只检查，不写入' })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'dryRun 须为 true 或 false' })
  dryRun?: 'true' | 'false';
}

/**
 * 历史工单导入: previous years' orders from the legacy systems' CSV exports, so that the first year on
 * the platform has year-on-year figures. For the centre's admins and managers only: the orders are
 * the whole city's. The body is the export itself (text/csv, UTF-8).
 */
@ApiTags('热点分析报告')
@ApiBearerAuth()
@Controller('reports/history')
export class HistoryImportController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reportRollup: ReportRollup,
    private readonly termRollup: TermRollup,
    private readonly access: TicketAccess,
    private readonly kpi: KpiEvents,
  ) {}

  @ApiOperation({
    summary:
      '导入原系统导出的历史工单（CSV）。逐行返回 accepted / duplicate / invalid 及原因；dryRun=true 只检查不写入。' +
      `写入的工单即计入报告、关键词与考核统计；一次最多导入 ${MAX_ROWS} 行，请求体最大 1 MB`,
  })
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', example: '工单编号,受理时间,来源渠道,诉求类型,事项分类,所属区,办结时间\n…' } })
  @Roles('admin', 'manager')
  @Post('import')
  @HttpCode(200)
  async import(@CurrentUser() user: AuthUser, @Query() q: LegacyImportQueryDto, @Body() body: unknown): Promise<LegacyImportReport> {
    if (!(await this.access.scopeOf(user)).all) throw ReportErrors.importForbidden();
    if (!q.system || !LEGACY_SYSTEM_PATTERN.test(q.system)) throw ReportErrors.importBadSystem(q.system);
    const dryRun = q.dryRun === 'true';
    const importer = new LegacyOrderImport(this.dataSource);
    const parsed = checkedExport(importer, body, dryRun);
    const rollups = { report: this.reportRollup, terms: this.termRollup, kpi: this.kpi };
    return importer.import(parsed, q.system, { dryRun, onWritten: (ids) => refreshImportedOrders(rollups, ids) });
  }
}

/** The body as a readable export with data rows, or the 4xx that says what is wrong with it. */
function checkedExport(importer: LegacyOrderImport, body: unknown, dryRun: boolean): ParsedExport {
  if (body === undefined) throw ReportErrors.importEmpty();
  if (!Buffer.isBuffer(body)) throw ReportErrors.importNotCsv();
  let csv: string;
  try {
    csv = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw ReportErrors.importBadEncoding();
  }
  if (!csv.trim()) throw ReportErrors.importEmpty();
  let parsed;
  try {
    parsed = importer.parse(csv);
  } catch (e) {
    throw ReportErrors.importUnreadable((e as Error).message);
  }
  if (parsed.missingColumns.length) throw ReportErrors.importMissingColumns(parsed.missingColumns);
  if (!parsed.rows.length) throw ReportErrors.importEmpty();
  if (!dryRun && parsed.rows.length > MAX_ROWS) throw ReportErrors.importTooManyRows(parsed.rows.length, MAX_ROWS);
  return parsed;
}
