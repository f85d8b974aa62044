import { FigureTrace, ReportColumn, ReportDateRange, ReportModel, ReportPeriod, ReportScopeLevel, CellValue } from './report-model';

const SCOPE_LABELS: Record<ReportScopeLevel, string> = { city: '全市', district: '区', unit: '单位' };

/** A figure as a reader sees it, the same in HTML, PDF and CSV. */
export function formatValue(value: CellValue, column: ReportColumn): string {
  if (value === null) return '—';
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return '—';
  const digits = column.digits ?? 1;
  switch (column.format) {
    case 'integer':
      return Math.round(value).toLocaleString('en-US');
    case 'percent':
      return `${(value * 100).toFixed(digits)}%`;
    case 'change': {
      const text = `${(Math.abs(value) * 100).toFixed(digits)}%`;
      return value > 0 ? `+${text}` : value < 0 ? `−${text}` : text;
    }
    case 'decimal':
      return value.toFixed(digits);
    default:
      return String(value);
  }
}

export function columnHeader(column: ReportColumn): string {
  return column.unit ? `${column.header}（${column.unit}）` : column.header;
}

export function formatTrace(trace: FigureTrace): string {
  const parts: string[] = [];
  if (trace.numerator !== undefined && trace.denominator !== undefined) {
    parts.push(`${trace.numerator.toLocaleString('en-US')} / ${trace.denominator.toLocaleString('en-US')}`);
  } else if (trace.numerator !== undefined) {
    parts.push(`分子 ${trace.numerator.toLocaleString('en-US')}`);
  } else if (trace.denominator !== undefined) {
    parts.push(`分母 ${trace.denominator.toLocaleString('en-US')}`);
  }
  if (trace.queryKey) parts.push(`来源：${trace.queryKey}`);
  if (trace.note) parts.push(trace.note);
  return parts.join('；');
}

function rangeText(range: ReportDateRange): string {
  return `${range.label}（${range.from} 至 ${range.to}，不含末日）`;
}

/** What a reader must know of a period still running: its counts are partial, its comparisons are not. */
export const PARTIAL_NOTE = '本期尚未结束；同比、环比的对比期为完整周期，仅供参考';

/** The period as a sentence or a heading names it: one still running says the day it is counted to. */
export function periodLabel(period: ReportPeriod): string {
  return period.through ? `${period.label}（截至${period.through}）` : period.label;
}

/** The lines under the title: scope, period (and, while it runs, the day it is counted to) and the two comparison periods. */
export function describePeriod(model: ReportModel): string[] {
  const { scope, period } = model;
  return [
    `范围：${SCOPE_LABELS[scope.level]} · ${scope.name}`,
    `统计周期：${rangeText(period)}`,
    ...(period.through ? [`数据截至：${period.through}（${PARTIAL_NOTE}）`] : []),
    `环比周期：${rangeText(period.previous)}`,
    `同比周期：${rangeText(period.samePeriodLastYear)}`,
    `生成时间：${model.generatedAt}`,
  ];
}
