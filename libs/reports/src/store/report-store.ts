import { AuthUser } from '@app/identity';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ReportEdits, buildReportModel } from '../build/build-report-model';
import type { ReportFigures } from '../figures/report-figures';
import { RenderedReport, renderReport } from '../render/render-report';
import type { ReportFinding, ReportModel, TypicalCase } from '../render/report-model';
import { ReportErrors } from '../report.errors';

/** report's columns, dates as ISO text. */
const REPORT_COLUMNS = `id, scope_level, scope_id, scope_name, period_kind, period_from::text AS period_from, period_to::text AS period_to,
  period_label, title, state, version, published_version, created_by, reviewed_by, reviewed_at, published_by, published_at, created_at, updated_at`;

export type ReportState = 'draft' | 'reviewed' | 'published';

export interface StoredReport {
  id: string;
  scope_level: string;
  scope_id: number;
  scope_name: string;
  period_kind: string;
  period_from: string;
  period_to: string;
  period_label: string;
  title: string;
  state: ReportState;
  version: number;
  published_version: number | null;
  created_by: number;
  reviewed_by: number | null;
  reviewed_at: Date | null;
  published_by: number | null;
  published_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface StoredFile {
  name: string;
  contentType: string;
  content: Buffer;
}

const CONTENT_TYPES = {
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

/** The files of one rendered version: report.html, report.pdf, report.xlsx and csv/<table>.csv. */
export function filesOf(r: RenderedReport): StoredFile[] {
  return [
    { name: 'report.html', contentType: CONTENT_TYPES.html, content: Buffer.from(r.html, 'utf8') },
    { name: 'report.pdf', contentType: CONTENT_TYPES.pdf, content: r.pdf.pdf },
    { name: 'report.xlsx', contentType: CONTENT_TYPES.xlsx, content: r.xlsx },
    ...r.csv.map((c) => ({ name: `csv/${c.name}`, contentType: CONTENT_TYPES.csv, content: Buffer.from(c.content, 'utf8') })),
  ];
}

/**
 * Stored reports: one per scope and period, versioned. A generated or edited version is a draft; a
 * reviewer marks the version they read as reviewed; only a reviewed version can be published, and the
 * published version stays public until another is published. Every change takes the report row's lock,
 * so two reviewers or an edit racing a review cannot both win.
 */
@Injectable()
export class ReportStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Saves a generated version (a new report, or the next version of the one for this scope and period). */
  async saveGenerated(
    m: EntityManager,
    args: { figures: ReportFigures; model: ReportModel; rendered: RenderedReport; jobId: string; userId: number },
  ): Promise<{ reportId: string; version: number }> {
    const { figures: f, model } = args;
    const scopeId = f.scope.id ? Number(f.scope.id) : 0;
    const [row] = (await m.query(
      `INSERT INTO report (scope_level, scope_id, scope_name, period_kind, period_from, period_to, period_label, title, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT ON CONSTRAINT report_scope_period_uq DO UPDATE SET title = excluded.title, scope_name = excluded.scope_name
       RETURNING id`,
      [f.scope.level, scopeId, f.scope.name, f.period.kind, f.period.from, f.period.to, f.period.label, model.title, args.userId],
    )) as { id: string }[];
    const report = await this.lock(m, String(row.id));
    return this.addVersion(m, report, {
      kind: 'generated',
      figures: f,
      edits: {},
      model,
      rendered: args.rendered,
      jobId: args.jobId,
      userId: args.userId,
    });
  }

  /** Managers' edits to the findings and typical cases: a new draft version, rendered again. */
  async edit(
    user: AuthUser,
    id: string,
    body: { expectedVersion?: number; findings?: ReportFinding[]; cases?: TypicalCase[] },
  ): Promise<StoredReport> {
    // Render outside the transaction (it takes seconds); the version check inside catches a concurrent change.
    const current = await this.get(id);
    if (body.expectedVersion !== undefined && body.expectedVersion !== current.version)
      throw ReportErrors.staleVersion(body.expectedVersion, current.version);
    const [v] = (await this.dataSource.query(`SELECT figures, edits FROM report_version WHERE report_id = $1 AND version = $2`, [
      id,
      current.version,
    ])) as {
      figures: ReportFigures;
      edits: ReportEdits;
    }[];
    const edits: ReportEdits = { ...v.edits };
    if (body.findings) edits.findings = body.findings;
    if (body.cases) edits.cases = body.cases;
    const model = buildReportModel(v.figures, edits);
    const rendered = await renderReport(model);
    if (rendered.problems.length)
      throw ReportErrors.badEdit(`修改后的报告有问题：${rendered.problems.join('；')}`, { problems: rendered.problems });
    await this.dataSource.transaction(async (m) => {
      const report = await this.lock(m, id);
      if (report.version !== current.version) throw ReportErrors.staleVersion(current.version, report.version);
      await this.addVersion(m, report, { kind: 'edited', figures: v.figures, edits, model, rendered, jobId: null, userId: user.userId });
    });
    return this.get(id);
  }

  /** Marks the current version reviewed; `version` is the one the reviewer read. */
  async review(user: AuthUser, id: string, version: number): Promise<StoredReport> {
    await this.dataSource.transaction(async (m) => {
      const r = await this.lock(m, id);
      if (r.version !== version) throw ReportErrors.staleVersion(version, r.version);
      if (r.state !== 'draft') throw ReportErrors.badState('审核', r.state);
      await m.query(`UPDATE report SET state = 'reviewed', reviewed_by = $2, reviewed_at = now(), updated_at = now() WHERE id = $1`, [
        id,
        user.userId,
      ]);
    });
    return this.get(id);
  }

  async publish(user: AuthUser, id: string): Promise<StoredReport> {
    await this.dataSource.transaction(async (m) => {
      const r = await this.lock(m, id);
      if (r.state === 'draft') throw ReportErrors.notReviewed(r.state);
      if (r.state === 'published') throw ReportErrors.badState('重复发布', r.state);
      await m.query(
        `UPDATE report SET state = 'published', published_version = version, published_by = $2, published_at = now(), updated_at = now() WHERE id = $1`,
        [id, user.userId],
      );
    });
    return this.get(id);
  }

  async get(id: string): Promise<StoredReport> {
    if (!/^\d{1,18}$/.test(id)) throw ReportErrors.notFound(id);
    const [r] = (await this.dataSource.query(`SELECT ${REPORT_COLUMNS} FROM report WHERE id = $1`, [id])) as StoredReport[];
    if (!r) throw ReportErrors.notFound(id);
    return r;
  }

  async versions(id: string) {
    return (await this.dataSource.query(
      `SELECT version, kind, pdf_engine, job_id, created_by, created_at, problems FROM report_version WHERE report_id = $1 ORDER BY version DESC`,
      [id],
    )) as Record<string, unknown>[];
  }

  async version(
    id: string,
    version: number,
  ): Promise<{ figures: ReportFigures; edits: ReportEdits; model: ReportModel; problems: string[] }> {
    const [v] = (await this.dataSource.query(
      `SELECT figures, edits, model, problems FROM report_version WHERE report_id = $1 AND version = $2`,
      [id, version],
    )) as { figures: ReportFigures; edits: ReportEdits; model: ReportModel; problems: string[] }[];
    if (!v) throw ReportErrors.notFound(`${id} v${version}`);
    return v;
  }

  async fileNames(id: string, version: number): Promise<{ name: string; contentType: string; bytes: number }[]> {
    return (await this.dataSource.query(
      `SELECT name, content_type AS "contentType", octet_length(content)::int AS bytes FROM report_file WHERE report_id = $1 AND version = $2 ORDER BY name`,
      [id, version],
    )) as { name: string; contentType: string; bytes: number }[];
  }

  async file(id: string, version: number, name: string): Promise<StoredFile> {
    const [f] = (await this.dataSource.query(
      `SELECT name, content_type AS "contentType", content FROM report_file WHERE report_id = $1 AND version = $2 AND name = $3`,
      [id, version, name],
    )) as StoredFile[];
    if (!f) throw ReportErrors.fileNotFound(name);
    return f;
  }

  /** Reports whose scope the caller may see (the predicate decides per row). */
  async list(visible: (r: StoredReport) => Promise<boolean>): Promise<StoredReport[]> {
    const rows = (await this.dataSource.query(
      `SELECT ${REPORT_COLUMNS} FROM report ORDER BY period_from DESC, id DESC LIMIT 500`,
    )) as StoredReport[];
    const out: StoredReport[] = [];
    for (const r of rows) if (await visible(r)) out.push(r);
    return out;
  }

  async published(): Promise<StoredReport[]> {
    return (await this.dataSource.query(
      `SELECT ${REPORT_COLUMNS} FROM report WHERE published_version IS NOT NULL ORDER BY period_from DESC, published_at DESC LIMIT 200`,
    )) as StoredReport[];
  }

  private async lock(m: EntityManager, id: string): Promise<StoredReport> {
    if (!/^\d{1,18}$/.test(id)) throw ReportErrors.notFound(id);
    const [r] = (await m.query(`SELECT ${REPORT_COLUMNS} FROM report WHERE id = $1 FOR UPDATE`, [id])) as StoredReport[];
    if (!r) throw ReportErrors.notFound(id);
    return r;
  }

  private async addVersion(
    m: EntityManager,
    report: StoredReport,
    v: {
      kind: 'generated' | 'edited';
      figures: ReportFigures;
      edits: ReportEdits;
      model: ReportModel;
      rendered: RenderedReport;
      jobId: string | null;
      userId: number;
    },
  ): Promise<{ reportId: string; version: number }> {
    const version = report.version + 1;
    await m.query(
      `INSERT INTO report_version (report_id, version, kind, figures, edits, model, problems, pdf_engine, job_id, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        report.id,
        version,
        v.kind,
        JSON.stringify(v.figures),
        JSON.stringify(v.edits),
        JSON.stringify(v.model),
        JSON.stringify(v.rendered.problems),
        v.rendered.pdf.engine,
        v.jobId,
        v.userId,
      ],
    );
    for (const f of filesOf(v.rendered)) {
      await m.query(`INSERT INTO report_file (report_id, version, name, content_type, content) VALUES ($1, $2, $3, $4, $5)`, [
        report.id,
        version,
        f.name,
        f.contentType,
        f.content,
      ]);
    }
    // A new version is a draft again: what was reviewed is not what is there now. The published version stays public.
    await m.query(
      `UPDATE report SET version = $2, state = 'draft', reviewed_by = NULL, reviewed_at = NULL, title = $3, updated_at = now() WHERE id = $1`,
      [report.id, version, v.model.title],
    );
    return { reportId: String(report.id), version };
  }
}
