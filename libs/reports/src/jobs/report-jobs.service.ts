import { QUEUES, REPORT_JOB_OPTIONS, JOBS } from '@app/common';
import { AuthUser } from '@app/identity';
import { KpiService } from '@app/kpi';
import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import { DataSource } from 'typeorm';
import { ReportFiguresService, ScopeRequest } from '../figures/report-figures.service';
import { PeriodRequest, resolveReportPeriod } from '../figures/report-period';
import type { ReportScopeLevel } from '../render/report-model';
import { ReportErrors } from '../report.errors';

/** report_job's columns, dates as ISO text. */
export const JOB_COLUMNS = `id, scope_level, scope_id, period_kind, period_from::text AS period_from, period_to::text AS period_to, state, progress,
  stage, cancel_requested, error, report_id, report_version, seconds, requested_by, created_at, started_at, heartbeat_at, finished_at`;

export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface ReportJobRow {
  id: string;
  scope_level: ReportScopeLevel;
  scope_id: number;
  period_kind: string;
  period_from: string;
  period_to: string;
  state: JobState;
  progress: number;
  stage: string;
  cancel_requested: boolean;
  error: { code: string; message: string } | null;
  report_id: string | null;
  report_version: number | null;
  seconds: Record<string, number> | null;
  requested_by: number;
  created_at: Date;
  started_at: Date | null;
  heartbeat_at: Date | null;
  finished_at: Date | null;
}

export const STAGE_LABELS: Record<string, string> = {
  queued: '排队中',
  'figures.orders': '统计诉求量',
  'figures.kpi': '统计考核指标',
  'figures.text': '提取热词与典型案例',
  model: '撰写报告',
  render: '生成图表、HTML 与 PDF',
  store: '保存报告',
  done: '已完成',
  cancelled: '已取消',
  failed: '失败',
};

export function jobView(j: ReportJobRow) {
  return {
    id: String(j.id),
    scope: { level: j.scope_level, id: j.scope_id || null },
    period: { kind: j.period_kind, from: j.period_from, to: j.period_to },
    state: j.state,
    progress: j.progress,
    stage: j.stage,
    stageLabel: STAGE_LABELS[j.stage] ?? j.stage,
    cancelRequested: j.cancel_requested,
    error: j.error,
    reportId: j.report_id ? String(j.report_id) : null,
    reportVersion: j.report_version,
    seconds: j.seconds,
    requestedBy: j.requested_by,
    createdAt: j.created_at,
    startedAt: j.started_at,
    finishedAt: j.finished_at,
  };
}

export interface StartRequest extends PeriodRequest {
  scope: ScopeRequest;
}

/**
 * Report generation jobs. The job row in PostgreSQL is the truth (Bull only carries its id), so a Redis
 * outage or a worker crash delays a report and loses none: the sweeper puts queued and stalled jobs
 * back on the queue. One queued or running job per scope and period, by a unique partial index.
 */
@Injectable()
export class ReportJobs {
  private readonly logger = new Logger('ReportJobs');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUES.reports) private readonly queue: Queue,
    private readonly figures: ReportFiguresService,
    private readonly kpi: KpiService,
  ) {}

  /** Checks everything before anything starts: the scope, the period, that there is data, no job running. */
  async start(user: AuthUser, req: StartRequest): Promise<ReturnType<typeof jobView>> {
    const scope = await this.figures.resolveScope(user, req.scope);
    const period = resolveReportPeriod(req, this.kpi.cal.today());
    const received = await this.figures.receivedIn(scope, period);
    if (received === 0) throw ReportErrors.noData(period.label, scope.name);
    const scopeId = scope.id ? Number(scope.id) : 0;
    const inserted = (await this.dataSource.query(
      `INSERT INTO report_job (scope_level, scope_id, period_kind, period_from, period_to, requested_by)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (scope_level, scope_id, period_from, period_to) WHERE state IN ('queued','running') DO NOTHING
       RETURNING ${JOB_COLUMNS}`,
      [scope.level, scopeId, period.kind, period.from, period.to, user.userId],
    )) as ReportJobRow[];
    if (inserted.length === 0) {
      const [running] = (await this.dataSource.query(
        `SELECT ${JOB_COLUMNS} FROM report_job WHERE scope_level = $1 AND scope_id = $2 AND period_from = $3 AND period_to = $4 AND state IN ('queued','running')`,
        [scope.level, scopeId, period.from, period.to],
      )) as ReportJobRow[];
      // It finished between the two statements: ask again.
      if (!running) return this.start(user, req);
      throw ReportErrors.jobRunning(jobView(running));
    }
    const job = inserted[0];
    await this.enqueue(String(job.id));
    return jobView(job);
  }

  /**
   * Puts a job on the queue; when Redis is down the job stays queued in PostgreSQL and the sweeper
   * enqueues it later. From the sweeper, a queue entry still waiting or active is left alone (Bull itself
   * restarts an entry whose worker died), and a finished one is replaced.
   */
  async enqueue(id: string, fromSweep = false): Promise<void> {
    const queueId = `report-${id}`;
    try {
      if (fromSweep) {
        const existing = await this.queue.getJob(queueId);
        const state = existing ? await existing.getState() : null;
        if (state === 'waiting' || state === 'delayed' || state === 'active' || state === 'paused') return;
        if (existing) await existing.remove();
      }
      await this.queue.add(JOBS.reports.generate, { jobId: id }, { ...REPORT_JOB_OPTIONS, jobId: queueId });
    } catch (e) {
      this.logger.warn(`report job ${id} not enqueued yet (${(e as Error).message}); the sweeper will retry`);
    }
  }

  async get(user: AuthUser, id: string) {
    const job = await this.visibleRow(user, id);
    return jobView(job);
  }

  async list(user: AuthUser) {
    const rows = (await this.dataSource.query(`SELECT ${JOB_COLUMNS} FROM report_job WHERE requested_by = $1 ORDER BY id DESC LIMIT 50`, [
      user.userId,
    ])) as ReportJobRow[];
    return rows.map(jobView);
  }

  /**
   * Cancels a job: a queued one at once (its queue entry is removed), a running one at its next stage
   * boundary (the worker checks the flag and stops without storing anything).
   */
  async cancel(user: AuthUser, id: string) {
    const job = await this.visibleRow(user, id);
    const result = (await this.dataSource.query(
      `UPDATE report_job SET cancel_requested = true,
         state = CASE WHEN state = 'queued' THEN 'cancelled' ELSE state END,
         stage = CASE WHEN state = 'queued' THEN 'cancelled' ELSE stage END,
         finished_at = CASE WHEN state = 'queued' THEN now() ELSE finished_at END
       WHERE id = $1 AND state IN ('queued','running') RETURNING ${JOB_COLUMNS}`,
      [id],
    )) as [ReportJobRow[], number];
    // TypeORM answers an UPDATE with [rows, count].
    const row = result[0][0];
    if (!row) throw ReportErrors.jobFinished(id, job.state);
    if (row.state === 'cancelled') await this.queue.removeJobs(`report-${id}`).catch(() => undefined);
    return jobView(row);
  }

  /** A job its requester may always see; anyone else only when they may see its scope. */
  private async visibleRow(user: AuthUser, id: string): Promise<ReportJobRow> {
    const job = await this.row(id);
    if (job.requested_by !== user.userId) await this.figures.resolveScope(user, { level: job.scope_level, id: job.scope_id || undefined });
    return job;
  }

  async row(id: string): Promise<ReportJobRow> {
    if (!/^\d{1,18}$/.test(id)) throw ReportErrors.jobNotFound(id);
    const [job] = (await this.dataSource.query(`SELECT ${JOB_COLUMNS} FROM report_job WHERE id = $1`, [id])) as ReportJobRow[];
    if (!job) throw ReportErrors.jobNotFound(id);
    return job;
  }
}
