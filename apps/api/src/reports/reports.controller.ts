import { AuthUser } from '@app/identity';
import { ReportErrors, ReportFiguresService, ReportJobs, StoredReport, ReportStore } from '@app/reports';
import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { EditReportDto, FileQueryDto, ReviewReportDto, StartReportDto } from './reports.dto';

export function reportView(r: StoredReport) {
  return {
    id: String(r.id),
    title: r.title,
    scope: { level: r.scope_level, id: r.scope_id || null, name: r.scope_name },
    period: { kind: r.period_kind, from: r.period_from, to: r.period_to, label: r.period_label },
    state: r.state,
    version: r.version,
    publishedVersion: r.published_version,
    createdBy: r.created_by,
    reviewedBy: r.reviewed_by,
    reviewedAt: r.reviewed_at,
    publishedBy: r.published_by,
    publishedAt: r.published_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function sendFile(reply: FastifyReply, f: { name: string; contentType: string; content: Buffer }, inline = false): void {
  const base = f.name.split('/').pop()!;
  void reply
    .header('content-type', f.contentType)
    .header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(base)}`)
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:")
    .send(f.content);
}

/**
 * 热点分析报告. Managers generate (a background job with progress), edit the findings and typical cases,
 * review and publish; supervisors and admins read. Everyone sees only scopes they may see: the centre
 * the city, a district's office its district, a unit itself and the units below it.
 */
@ApiTags('热点分析报告')
@ApiBearerAuth()
@Controller('reports')
@Roles('manager', 'supervisor', 'admin')
export class ReportsController {
  constructor(
    private readonly jobs: ReportJobs,
    private readonly store: ReportStore,
    private readonly figures: ReportFiguresService,
  ) {}

  @ApiOperation({ summary: '生成报告（后台任务）。同一范围和期间已有任务在运行时返回 409 REPORT.JOB_RUNNING 及该任务' })
  @Post('jobs')
  @HttpCode(202)
  @Roles('manager')
  start(@CurrentUser() user: AuthUser, @Body() body: StartReportDto) {
    return this.jobs.start(user, {
      scope: { level: body.scope, ...(body.scopeId !== undefined ? { id: body.scopeId } : {}) },
      kind: body.period,
      year: body.year,
      ...(body.index !== undefined ? { index: body.index } : {}),
    });
  }

  @ApiOperation({ summary: '我发起的生成任务' })
  @Get('jobs')
  @Roles('manager')
  listJobs(@CurrentUser() user: AuthUser) {
    return this.jobs.list(user);
  }

  @ApiOperation({ summary: '生成任务的进度（百分比与阶段）；实时进度另经 socket.io 事件 report.progress 推送' })
  @Get('jobs/:id')
  @Roles('manager')
  job(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.jobs.get(user, id);
  }

  @ApiOperation({ summary: '取消生成任务：排队中的立即取消，运行中的在当前阶段结束时停止，不保存任何结果' })
  @Post('jobs/:id/cancel')
  @HttpCode(200)
  @Roles('manager')
  cancel(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.jobs.cancel(user, id);
  }

  @ApiOperation({ summary: '报告列表（本人可见范围）' })
  @Get()
  async list(@CurrentUser() user: AuthUser) {
    const rows = await this.store.list((r) => this.canSee(user, r));
    return rows.map(reportView);
  }

  @ApiOperation({ summary: '报告详情：状态、版本历史与当前版本的文件' })
  @Get(':id')
  async get(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    const r = await this.visible(user, id);
    return { ...reportView(r), versions: await this.store.versions(id), files: await this.store.fileNames(id, r.version) };
  }

  @ApiOperation({ summary: '某一版本的数据：全部统计数字（figures）、管理员的修改（edits）与报告模型（model）' })
  @Get(':id/versions/:version')
  async version(@CurrentUser() user: AuthUser, @Param('id') id: string, @Param('version') version: string) {
    await this.visible(user, id);
    if (!/^\d{1,9}$/.test(version)) throw ReportErrors.notFound(`${id} v${version}`);
    return this.store.version(id, Number(version));
  }

  @ApiOperation({ summary: '下载报告文件：report.html、report.pdf、report.xlsx 或 csv/<表>.csv（默认当前版本）' })
  @Get(':id/file')
  async file(@CurrentUser() user: AuthUser, @Param('id') id: string, @Query() q: FileQueryDto, @Res() reply: FastifyReply) {
    const r = await this.visible(user, id);
    sendFile(reply, await this.store.file(id, q.version ?? r.version, q.name), q.name.endsWith('.html'));
  }

  @ApiOperation({ summary: '修改分析结论与典型案例：生成新的草稿版本，需重新审核' })
  @Patch(':id')
  @Roles('manager')
  async edit(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: EditReportDto) {
    await this.visible(user, id);
    if (!body.findings && !body.cases) throw ReportErrors.badEdit('请给出要修改的 findings 或 cases');
    return reportView(await this.store.edit(user, id, body));
  }

  @ApiOperation({ summary: '审核当前版本（草稿 → 已审核）' })
  @Post(':id/review')
  @HttpCode(200)
  @Roles('manager')
  async review(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: ReviewReportDto) {
    await this.visible(user, id);
    return reportView(await this.store.review(user, id, body.version));
  }

  @ApiOperation({ summary: '发布已审核的版本到政务公开页面；未审核返回 409 REPORT.NOT_REVIEWED' })
  @Post(':id/publish')
  @HttpCode(200)
  @Roles('manager')
  async publish(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    await this.visible(user, id);
    return reportView(await this.store.publish(user, id));
  }

  private async visible(user: AuthUser, id: string): Promise<StoredReport> {
    const r = await this.store.get(id);
    // Not visible reads as not found: the id of another district's report says nothing.
    if (!(await this.canSee(user, r))) throw ReportErrors.notFound(id);
    return r;
  }

  private async canSee(user: AuthUser, r: StoredReport): Promise<boolean> {
    try {
      await this.figures.resolveScope(user, { level: r.scope_level as 'city', id: r.scope_id || undefined });
      return true;
    } catch {
      return false;
    }
  }
}
