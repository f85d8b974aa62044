import { DomainError, badRequest, forbidden } from '@app/common';

/** The KPI module's refusals: stable codes clients switch on, messages users read. */
export const KpiErrors = {
  unknownKpi: (keys: string[], known: string[]): DomainError =>
    badRequest('KPI.UNKNOWN_KPI', `未知的考核指标：${keys.join('、')}`, { unknown: keys, known }),
  unknownDimension: (param: string, value: string, known: readonly string[]): DomainError =>
    badRequest('KPI.UNKNOWN_DIMENSION', `未知的统计维度：${param}=${value}`, { param, value, known }),
  badRange: (message: string, details: Record<string, unknown> = {}): DomainError => badRequest('KPI.BAD_RANGE', message, details),
  unknownValue: (param: string, value: unknown): DomainError =>
    badRequest('KPI.UNKNOWN_VALUE', `${param} 不存在：${String(value)}`, { param, value }),
  notApplicable: (kpi: string, by: string): DomainError => badRequest('KPI.NOT_APPLICABLE', `指标 ${kpi} 不能按 ${by} 排名`, { kpi, by }),
  outOfScope: (unitId: number): DomainError => forbidden('KPI.OUT_OF_SCOPE', '只能查看本单位及下级单位的考核指标', { unitId }),
};
