import { AuthUser, Role } from '@app/identity';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { buildReportModel } from '../build/build-report-model';
import { ReportFiguresService } from '../figures/report-figures.service';
import { resolveReportPeriod } from '../figures/report-period';
import type { ReportPeriodKind } from '../render/report-model';
import { renderReport } from '../render/render-report';
import { ReportStore } from '../store/report-store';
import { JOB_COLUMNS, ReportJobRow } from './report-jobs.service';

/** Percent reached when a stage starts. */
const PROGRESS: Record<string, number> = {
  'figures.orders': 5,
  'figures.kpi': 30,
  'figures.text': 45,
  model: 60,
  render: 65,
  store: 90,
};

class Cancelled extends Error {}

/** The request a job row was started from: its kind, year and 1-based index. */
export function periodRequestOf(job: Pick<ReportJobRow, 'period_kind' | 'period_from'>) {
  const kind = job.period_kind as ReportPeriodKind;
  const month = Number(job.period_from.slice(5, 7));
  const perYear = { year: 1, half: 2, quarter: 4, month: 12 }[kind];
  return {
    kind,
    year: Number(job.period_from.slice(0, 4)),
    index: kind === 'year' ? undefined : Math.floor((month - 1) / (12 / perYear)) + 1,
  };
}

/**
 * Runs one report job in the worker: claims the row (queued → running), computes the figures, writes the
 * model, renders every output and stores the version, updating progress and a heartbeat at each stage
 * and stopping at the next stage boundary once a cancel is asked. Nothing is stored unless the whole
 * job succeeds; the version and the job's "done" commit together.
 */
@Injectable()
export class ReportGenerator {
  private readonly logger = new Logger('ReportGenerator');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly figures: ReportFiguresService,
    private readonly store: ReportStore,
  ) {}

  async run(jobId: string, progress: (job: ReportJobRow) => Promise<void> = async () => undefined): Promise<ReportJobRow | null> {
    const claimed = (await this.dataSource.query(
      `UPDATE report_job SET state = 'running', started_at = now(), heartbeat_at = now(), stage = 'figures.orders', progress = $2
       WHERE id = $1 AND state = 'queued' AND NOT cancel_requested RETURNING ${JOB_COLUMNS}`,
      [jobId, PROGRESS['figures.orders']],
    )) as [ReportJobRow[], number];
    const job = claimed[0][0];
    if (!job) return null;
    await progress(job);
    const t0 = Date.now();
    const seconds: Record<string, number> = {};
    let lapStart = Date.now();
    let lapName = 'figures.orders';
    const stage = async (name: string) => {
      seconds[lapName] = (Date.now() - lapStart) / 1000;
      lapStart = Date.now();
      lapName = name;
      const res = (await this.dataSource.query(
        `UPDATE report_job SET stage = $2, progress = $3, heartbeat_at = now() WHERE id = $1 AND state = 'running' RETURNING ${JOB_COLUMNS}`,
        [jobId, name, PROGRESS[name] ?? job.progress],
      )) as [ReportJobRow[], number];
      const row = res[0][0];
      if (!row || row.cancel_requested) throw new Cancelled();
      await progress(row);
    };
    try {
      const user = await this.requester(job.requested_by);
      const scope = await this.figures.resolveScope(user, { level: job.scope_level, id: job.scope_id || undefined });
      // The period was checked when the job started; a job that waited past midnight must not fail on "today".
      const period = resolveReportPeriod(periodRequestOf(job), '9999-12-31');
      const figures = await this.figures.compute(user, scope, period, stage);
      await stage('model');
      const model = buildReportModel(figures);
      await stage('render');
      const rendered = await renderReport(model);
      if (rendered.pdf.fallbackReason)
        this.logger.warn(`report job ${jobId}: Chromium failed, PDF by pdfkit: ${rendered.pdf.fallbackReason}`);
      await stage('store');
      seconds.store = 0;
      const done = await this.dataSource.transaction(async (m) => {
        const [row] = (await m.query(`SELECT ${JOB_COLUMNS} FROM report_job WHERE id = $1 FOR UPDATE`, [jobId])) as ReportJobRow[];
        if (row.cancel_requested || row.state !== 'running') throw new Cancelled();
        const saved = await this.store.saveGenerated(m, { figures, model, rendered, jobId, userId: job.requested_by });
        seconds[lapName] = (Date.now() - lapStart) / 1000;
        seconds.total = (Date.now() - t0) / 1000;
        const res = (await m.query(
          `UPDATE report_job SET state = 'done', stage = 'done', progress = 100, report_id = $2, report_version = $3, seconds = $4,
             finished_at = now(), heartbeat_at = now() WHERE id = $1 RETURNING ${JOB_COLUMNS}`,
          [jobId, saved.reportId, saved.version, JSON.stringify(seconds)],
        )) as [ReportJobRow[], number];
        return res[0][0];
      });
      await progress(done);
      return done;
    } catch (e) {
      const cancelled = e instanceof Cancelled;
      const err = e as Error & { code?: string };
      if (!cancelled) this.logger.error(`report job ${jobId} failed: ${err.stack ?? err.message}`);
      const res = (await this.dataSource.query(
        `UPDATE report_job SET state = $2, stage = $2, error = $3, finished_at = now() WHERE id = $1 AND state = 'running' RETURNING ${JOB_COLUMNS}`,
        [
          jobId,
          cancelled ? 'cancelled' : 'failed',
          cancelled ? null : JSON.stringify({ code: err.code ?? 'REPORT.GENERATION_FAILED', message: err.message }),
        ],
      )) as [ReportJobRow[], number];
      if (res[0][0]) await progress(res[0][0]);
      return res[0][0] ?? null;
    }
  }

  private async requester(userId: number): Promise<AuthUser> {
    const [u] = (await this.dataSource.query(`SELECT id, username, role, unit_id FROM app_user WHERE id = $1`, [userId])) as {
      id: number;
      username: string;
      role: Role;
      unit_id: number;
    }[];
    if (!u) throw new Error(`user ${userId} no longer exists`);
    return { userId: u.id, username: u.username, role: u.role, unitId: u.unit_id };
  }
}

/**
 * Puts lost work back on the queue, from the job rows: queued jobs (Redis was down when they started,
 * or lost them) and running jobs whose worker stopped sending heartbeats (it crashed).
 */
export async function sweepReportJobs(ds: DataSource, enqueue: (id: string) => Promise<void>, stalledAfterSeconds = 300): Promise<number> {
  const stalled = (await ds.query(
    `UPDATE report_job SET state = 'queued', stage = 'queued', progress = 0
     WHERE state = 'running' AND heartbeat_at < now() - make_interval(secs => $1) RETURNING id`,
    [stalledAfterSeconds],
  )) as [{ id: string }[], number];
  const queued = (await ds.query(
    `SELECT id FROM report_job WHERE state = 'queued' AND (created_at < now() - interval '10 seconds' OR id = ANY($1))`,
    [stalled[0].map((r) => r.id)],
  )) as { id: string }[];
  for (const r of queued) await enqueue(String(r.id));
  return queued.length;
}
