import { DomainError, badRequest, conflict, forbidden, notFound, unprocessable } from '@app/common';

/** The report module's refusals: stable codes clients switch on, messages users read. */
export const ReportErrors = {
  badPeriod: (message: string, details: Record<string, unknown> = {}): DomainError => badRequest('REPORT.BAD_PERIOD', message, details),
  futurePeriod: (from: string, today: string): DomainError =>
    unprocessable('REPORT.FUTURE_PERIOD', `统计期间从 ${from} 开始，尚未到来，无法生成报告`, { from, today }),
  noData: (label: string, scope: string): DomainError =>
    unprocessable('REPORT.NO_DATA', `${scope}${label}没有受理任何诉求，无法生成报告`, { period: label, scope }),
  badScope: (message: string, details: Record<string, unknown> = {}): DomainError => badRequest('REPORT.BAD_SCOPE', message, details),
  scopeNotVisible: (level: string, id: number): DomainError =>
    forbidden('REPORT.SCOPE_NOT_VISIBLE', '您无权查看该范围的报告：只能生成和查看本单位及下级单位、本区的报告', { level, id }),
  jobRunning: (job: Record<string, unknown>): DomainError =>
    conflict('REPORT.JOB_RUNNING', `该范围和期间的报告正在生成（${String(job.stage)}，${String(job.progress)}%），请等待完成后再试`, {
      job,
    }),
  jobNotFound: (id: string): DomainError => notFound('REPORT.JOB_NOT_FOUND', `报告生成任务 ${id} 不存在`, { id }),
  jobFinished: (id: string, state: string): DomainError =>
    conflict('REPORT.JOB_FINISHED', `报告生成任务已${state === 'done' ? '完成' : state === 'cancelled' ? '取消' : '结束'}，无法取消`, {
      id,
      state,
    }),
  notFound: (id: string): DomainError => notFound('REPORT.NOT_FOUND', `报告 ${id} 不存在`, { id }),
  fileNotFound: (name: string): DomainError => notFound('REPORT.FILE_NOT_FOUND', `报告文件 ${name} 不存在`, { name }),
  notReviewed: (state: string): DomainError => conflict('REPORT.NOT_REVIEWED', '报告尚未审核，不能发布：请先审核当前版本', { state }),
  badState: (action: string, state: string): DomainError =>
    conflict('REPORT.BAD_STATE', `报告当前状态为${STATE_LABELS[state] ?? state}，不能${action}`, { action, state }),
  staleVersion: (expected: number, actual: number): DomainError =>
    conflict('REPORT.STALE_VERSION', `报告已被他人修改（当前第 ${actual} 版），请刷新后再操作`, { expected, actual }),
  badEdit: (message: string, details: Record<string, unknown> = {}): DomainError => badRequest('REPORT.BAD_EDIT', message, details),
  importForbidden: (): DomainError => forbidden('REPORT.IMPORT_FORBIDDEN', '只有热线中心的管理员和负责人可以导入历史工单'),
  importBadSystem: (system: string | undefined): DomainError =>
    badRequest('REPORT.IMPORT_BAD_SYSTEM', '请用 system 参数给出原系统简称：1-32 位字母、数字或“.”“_”“-”，例如 old12345', {
      system: system ?? null,
    }),
  importNotCsv: (): DomainError =>
    new DomainError('REPORT.IMPORT_NOT_CSV', '请以 text/csv 提交原系统导出的 CSV 文件内容（请求体即文件本身）', 415),
  importEmpty: (): DomainError => badRequest('REPORT.IMPORT_EMPTY', 'CSV 文件为空：请求体须为原系统导出的 CSV 文件内容，首行为表头'),
  importBadEncoding: (): DomainError =>
    badRequest('REPORT.IMPORT_BAD_ENCODING', 'CSV 文件不是 UTF-8 编码（Excel 导出的常为 GBK）：请另存为“CSV UTF-8”后再导入'),
  importUnreadable: (reason: string): DomainError => badRequest('REPORT.IMPORT_UNREADABLE', `CSV 文件无法解析：${reason}`, { reason }),
  importMissingColumns: (missingColumns: string[]): DomainError =>
    badRequest('REPORT.IMPORT_MISSING_COLUMNS', `CSV 表头缺少必需的列：${missingColumns.join('、')}`, { missingColumns }),
  importTooManyRows: (rows: number, max: number): DomainError =>
    badRequest(
      'REPORT.IMPORT_TOO_MANY_ROWS',
      `一次最多导入 ${max} 行，本文件 ${rows} 行：请分批导入（重复导入的工单会被跳过），或由运维在服务器上用 npm run import:legacy 导入整个文件`,
      { rows, max },
    ),
};

export const STATE_LABELS: Record<string, string> = { draft: '草稿', reviewed: '已审核', published: '已发布' };
