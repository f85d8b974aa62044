import { Workbook } from 'exceljs';
import { KpiCell, KpiRow, KpiTable } from './kpi.service';

export type ExportFormat = 'csv' | 'xlsx';

export interface ExportFile {
  contentType: string;
  fileName: string;
  body: Buffer;
}

/** Columns: the dimension, then for each KPI its value, numerator and denominator (Chinese headers). */
function sheet(t: KpiTable): { header: string[]; rows: (KpiRow & { cells: KpiCell[] })[] } {
  const header = [t.groupLabel ?? '范围'];
  for (const k of t.kpis) header.push(k.label, `${k.label}（分子）`, `${k.label}（分母）`);
  const rows = [...t.rows, t.total].map((r) => ({ ...r, cells: t.kpis.map((k) => r.kpis[k.key]) }));
  return { header, rows };
}

function fileName(t: KpiTable, ext: string): string {
  return `考核指标_${t.range.from}_${t.range.to}${t.groupBy ? `_${t.groupBy}` : ''}.${ext}`;
}

/** Quoted when needed; text that a spreadsheet would take for a formula is defused with a leading apostrophe. */
const csvField = (v: unknown): string => {
  let s = v === null || v === undefined ? '' : String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** CSV with a UTF-8 byte-order mark, so Excel opens the Chinese headers correctly. Rates as percentages. */
export function toCsv(t: KpiTable): ExportFile {
  const { header, rows } = sheet(t);
  const kinds = t.kpis.map((k) => k.kind);
  const lines = [header.map(csvField).join(',')];
  for (const r of rows) {
    const out: unknown[] = [r.label];
    r.cells.forEach((c, i) => {
      const v = c.value === null ? '' : kinds[i] === 'rate' ? `${(c.value * 100).toFixed(2)}%` : c.value;
      out.push(v, c.numerator, c.denominator);
    });
    lines.push(out.map(csvField).join(','));
  }
  return {
    contentType: 'text/csv; charset=utf-8',
    fileName: fileName(t, 'csv'),
    body: Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`, 'utf8'),
  };
}

export async function toXlsx(t: KpiTable): Promise<ExportFile> {
  const { header, rows } = sheet(t);
  const wb = new Workbook();
  const ws = wb.addWorksheet('考核指标');
  ws.addRow([`统计区间 ${t.range.from} 至 ${t.range.to}（不含）`]);
  const head = ws.addRow(header);
  head.font = { bold: true };
  for (const r of rows) {
    const out: (string | number | null)[] = [r.label];
    for (const c of r.cells) out.push(c.value, c.numerator, c.denominator);
    ws.addRow(out);
  }
  t.kpis.forEach((k, i) => {
    const col = ws.getColumn(2 + i * 3);
    col.numFmt = k.kind === 'rate' ? '0.00%' : k.kind === 'score' ? '0.00' : '0';
    col.width = Math.max(10, k.label.length * 2 + 2);
  });
  ws.getColumn(1).width = 24;
  ws.views = [{ state: 'frozen', xSplit: 1, ySplit: 2 }];
  const body = Buffer.from(await wb.xlsx.writeBuffer());
  return { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', fileName: fileName(t, 'xlsx'), body };
}
