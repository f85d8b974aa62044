import { parse as parseCsv } from 'csv-parse/sync';
import { APPEAL_TYPE_LABELS, CHANNEL_LABELS, SATISFACTION_LABELS } from '@app/tickets';
import type { AppealType, Channel, Satisfaction } from '@app/tickets';

/**
 * The legacy systems' CSV exports of past orders, read and checked row by row. Pure: no database,
 * no clock. Names (category, district, street, unit) are resolved later, against the city (legacy-resolve.ts).
 */

/** One historical order as the export describes it. Times are absolute (the export's local time is the city's). */
export interface LegacyOrder {
  legacyNo: string;
  receivedAt: Date;
  channel: Channel;
  appealType: AppealType;
  /** A leaf category: its name or its code. */
  category: string;
  district: string;
  street: string | null;
  /** The lead unit's name; empty when the centre closed it at first contact. */
  unit: string | null;
  closedAt: Date;
  overdue: boolean;
  /** Reached and rated; null when there was no rating. */
  satisfaction: Satisfaction | null;
  /** false: the callback could not reach the citizen; null: no callback recorded. */
  callbackReached: boolean | null;
  content: string | null;
}

export type RowStatus = 'accepted' | 'duplicate' | 'invalid';

/** What happened to one row: `row` counts data rows from 1 (the header is row 0). */
export interface RowReport {
  row: number;
  legacyNo: string | null;
  status: RowStatus;
  reasons: string[];
  /** The order written for an accepted row (a real import only). */
  ticketId?: string;
}

export interface ParsedRow {
  report: RowReport;
  order?: LegacyOrder;
}

export interface ParsedExport {
  /** Required columns the header lacks: nothing can be imported then. */
  missingColumns: string[];
  rows: ParsedRow[];
}

type Field =
  | 'legacyNo'
  | 'receivedAt'
  | 'channel'
  | 'appealType'
  | 'category'
  | 'district'
  | 'street'
  | 'unit'
  | 'closedAt'
  | 'overdue'
  | 'satisfaction'
  | 'content';

/** Column names seen in legacy exports, by field; the first is the one reported when missing. */
const COLUMNS: Record<Field, string[]> = {
  legacyNo: ['工单编号', '工单号', '编号'],
  receivedAt: ['受理时间', '来电时间', '登记时间'],
  channel: ['来源渠道', '渠道', '来源'],
  appealType: ['诉求类型', '诉求性质'],
  category: ['事项分类', '三级分类', '事项分类编码', '事项分类(三级)', '事项分类（三级名称或编码）'],
  district: ['所属区', '所属区县', '区县'],
  street: ['所属街道', '街道', '街道(乡镇)'],
  unit: ['承办单位', '主办单位'],
  closedAt: ['办结时间', '结案时间'],
  overdue: ['是否超期', '超期'],
  satisfaction: ['满意度', '回访满意度'],
  content: ['诉求内容', '内容', '诉求描述'],
};
const REQUIRED: Field[] = ['legacyNo', 'receivedAt', 'channel', 'appealType', 'category', 'district', 'closedAt'];

const invert = <T extends string>(labels: Record<T, string>): Map<string, T> =>
  new Map(
    Object.entries(labels).flatMap(([code, label]) => [
      [label as string, code as T],
      [code, code as T],
    ]),
  );

const CHANNELS = invert(CHANNEL_LABELS as Record<Channel, string>);
for (const [alias, code] of Object.entries({
  电话: 'phone',
  热线电话: 'phone',
  '12345热线': 'phone',
  来电: 'phone',
  信件: 'mailbox',
  微信公众号: 'wechat',
  网页: 'web',
  门户网站: 'web',
  手机APP: 'app',
  App: 'app',
  小程序: 'app',
  网络舆情: 'opinion',
  省12345: 'upper_level',
  国务院督查: 'upper_level',
  '110': 'transfer_110',
} as Record<string, Channel>))
  CHANNELS.set(alias, code);

const APPEALS = invert(APPEAL_TYPE_LABELS as Record<AppealType, string>);
const SATISFACTION = invert(SATISFACTION_LABELS as Record<Satisfaction, string>);
/** Callback outcomes that are not a rating. */
const UNREACHED = new Set(['未回访', '无法联系', '未接通', '联系不上']);
const YES = new Set(['是', 'Y', 'y', '1', 'true', '超期']);
const NO = new Set(['否', 'N', 'n', '0', 'false', '未超期', '']);

/** Local date-times of the export, in the city's time (UTC+8, no daylight saving): 2024-03-05 14:22[:10], 2024/3/5 14:22, or ISO with an offset. */
export function parseLegacyTime(s: string): Date | null {
  const v = s.trim();
  if (!v) return null;
  if (/T.*(Z|[+-]\d\d:?\d\d)$/.test(v)) {
    const d = new Date(v);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(v);
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', se = '0'] = m;
  const p = (x: string) => x.padStart(2, '0');
  if (Number(mo) > 12 || Number(d) > 31 || Number(h) > 23 || Number(mi) > 59 || Number(se) > 59) return null;
  const date = new Date(`${y}-${p(mo)}-${p(d)}T${p(h)}:${p(mi)}:${p(se)}+08:00`);
  // 2024-02-30 rolls over in Date: refuse it.
  if (Number.isNaN(date.getTime()) || new Date(date.getTime() + 8 * 3_600_000).getUTCDate() !== Number(d)) return null;
  return date;
}

function columnIndex(header: string[]): Partial<Record<Field, number>> {
  const norm = header.map((h) => h.replace(/^\uFEFF/, '').trim());
  const out: Partial<Record<Field, number>> = {};
  for (const [field, names] of Object.entries(COLUMNS) as [Field, string[]][]) {
    const i = norm.findIndex((h) => names.includes(h) || (field === 'category' && h.startsWith('事项分类')));
    if (i >= 0) out[field] = i;
  }
  return out;
}

/** Reads an export: one report per data row. Repeated order numbers in the file: the first wins, the others are duplicates. */
export function parseLegacyCsv(text: string): ParsedExport {
  const records = parseCsv(text, { relax_column_count: true, skip_empty_lines: true, bom: true, trim: true }) as string[][];
  if (!records.length) return { missingColumns: REQUIRED.map((f) => COLUMNS[f][0]), rows: [] };
  const idx = columnIndex(records[0]);
  const missingColumns = REQUIRED.filter((f) => idx[f] === undefined).map((f) => COLUMNS[f][0]);
  if (missingColumns.length) return { missingColumns, rows: [] };
  const seen = new Set<string>();
  const rows = records.slice(1).map((cells, i) => {
    const parsed = parseRow(cells, idx, i + 1);
    const no = parsed.report.legacyNo;
    if (parsed.report.status === 'accepted' && no !== null) {
      if (seen.has(no)) return { report: { ...parsed.report, status: 'duplicate' as const, reasons: ['文件内工单编号重复'] } };
      seen.add(no);
    }
    return parsed;
  });
  return { missingColumns, rows };
}

function parseRow(cells: string[], idx: Partial<Record<Field, number>>, row: number): ParsedRow {
  const get = (f: Field) => (idx[f] === undefined ? '' : (cells[idx[f]!] ?? '').trim());
  const reasons: string[] = [];
  const legacyNo = get('legacyNo');
  if (!legacyNo) reasons.push('缺少工单编号');
  else if (legacyNo.length > 64) reasons.push('工单编号超过64个字符');
  const receivedAt = parseLegacyTime(get('receivedAt'));
  if (!receivedAt) reasons.push(`受理时间无法识别: "${get('receivedAt')}"`);
  const closedAt = parseLegacyTime(get('closedAt'));
  if (!closedAt) reasons.push(`办结时间无法识别: "${get('closedAt')}"`);
  if (receivedAt && closedAt && closedAt < receivedAt) reasons.push('办结时间早于受理时间');
  const channel = CHANNELS.get(get('channel'));
  if (!channel) reasons.push(`来源渠道无法识别: "${get('channel')}"`);
  const appealType = APPEALS.get(get('appealType'));
  if (!appealType) reasons.push(`诉求类型无法识别: "${get('appealType')}"`);
  const category = get('category');
  if (!category) reasons.push('缺少事项分类');
  const district = get('district');
  if (!district) reasons.push('缺少所属区');
  const overdueText = get('overdue');
  const overdue = YES.has(overdueText) ? true : NO.has(overdueText) ? false : null;
  if (overdue === null) reasons.push(`是否超期无法识别: "${overdueText}"`);
  const satText = get('satisfaction');
  const satisfaction = SATISFACTION.get(satText) ?? null;
  if (satText && !satisfaction && !UNREACHED.has(satText)) reasons.push(`满意度无法识别: "${satText}"`);
  const content = get('content');
  const report: RowReport = { row, legacyNo: legacyNo || null, status: reasons.length ? 'invalid' : 'accepted', reasons };
  if (reasons.length) return { report };
  return {
    report,
    order: {
      legacyNo,
      receivedAt: receivedAt!,
      closedAt: closedAt!,
      channel: channel!,
      appealType: appealType!,
      category,
      district,
      street: get('street') || null,
      unit: get('unit') || null,
      overdue: overdue!,
      satisfaction,
      callbackReached: satisfaction ? true : UNREACHED.has(satText) ? false : null,
      content: content ? content.slice(0, 4000) : null,
    },
  };
}
