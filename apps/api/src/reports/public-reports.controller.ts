import { ReportErrors, ReportStore } from '@app/reports';
import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { sendFile } from './reports.controller';

const PUBLIC_FILES = new Set(['report.html', 'report.pdf', 'report.xlsx']);

/**
 * 政务公开: published reports, without login. Only the published version is served, whatever drafts
 * exist after it; the report holds aggregates and scrubbed typical cases, never personal data.
 */
@ApiTags('热点分析报告（公开）')
@Public()
@Controller('public/reports')
export class PublicReportsController {
  constructor(private readonly store: ReportStore) {}

  @ApiOperation({ summary: '已发布的报告' })
  @Get()
  async list() {
    const rows = await this.store.published();
    return rows.map((r) => ({
      id: String(r.id),
      title: r.title,
      scope: r.scope_name,
      period: r.period_label,
      publishedAt: r.published_at,
      html: `/public/reports/${r.id}`,
      pdf: `/public/reports/${r.id}/report.pdf`,
      xlsx: `/public/reports/${r.id}/report.xlsx`,
    }));
  }

  @ApiOperation({ summary: '报告页面（HTML）' })
  @Get(':id')
  async page(@Param('id') id: string, @Res() reply: FastifyReply) {
    await this.send(id, 'report.html', reply);
  }

  @ApiOperation({ summary: '报告文件：report.pdf 或 report.xlsx' })
  @Get(':id/:name')
  async file(@Param('id') id: string, @Param('name') name: string, @Res() reply: FastifyReply) {
    if (!PUBLIC_FILES.has(name)) throw ReportErrors.fileNotFound(name);
    await this.send(id, name, reply);
  }

  private async send(id: string, name: string, reply: FastifyReply): Promise<void> {
    const r = await this.store.get(id).catch(() => null);
    if (!r || r.published_version === null) throw ReportErrors.notFound(id);
    sendFile(reply, await this.store.file(id, r.published_version, name), name.endsWith('.html'));
  }
}
