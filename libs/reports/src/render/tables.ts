import { stream } from 'exceljs';
import { PassThrough } from 'stream';
import { columnHeader, formatValue, periodLabel } from './format';
import { ReportColumn, ReportModel, ReportTable, allTables, sectionTitle, toCell, CellValue } from './report-model';

export const INDEX_SHEET = '目录';
export const TRACE_SHEET = '数据来源';

const NUMBER_FORMATS: Partial<Record<NonNullable<ReportColumn['format']>, (digits: number) => string>> = {
  integer: () => '#,##0',
  decimal: (d) => (d > 0 ? `0.${'0'.repeat(d)}` : '0'),
  percent: (d) => (d > 0 ? `0.${'0'.repeat(d)}%` : '0%'),
  change: (d) => (d > 0 ? `+0.${'0'.repeat(d)}%;-0.${'0'.repeat(d)}%;0%` : '+0%;-0%;0%'),
};

/** Excel sheet names: at most 31 characters, none of []:*?/\ , unique (case-insensitive). */
export function sheetNames(model: ReportModel): Map<string, string> {
  const names = new Map<string, string>();
  const used = new Set([INDEX_SHEET, TRACE_SHEET]);
  allTables(model).forEach(({ table, sectionIndex }) => {
    const base = `${sectionIndex + 1}-${table.title}`.replace(/[[\]:*?/\\]/g, '_').slice(0, 31);
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base.slice(0, 31 - String(n).length - 1)}~${n}`;
    used.add(name.toLowerCase());
    names.set(table.id, name);
  });
  return names;
}

/**
 * The XLSX appendix: an index sheet, one sheet per table with the numbers as numbers (formatted, so the
 * figures can be re-checked with formulas), and a sheet with the trace of every traced figure. Written with
 * the streaming writer, so rows are flushed as they are added.
 */
export async function renderXlsx(model: ReportModel): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const workbook = new stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = '12345热线平台';
  workbook.created = new Date(model.generatedAt);
  const names = sheetNames(model);

  const index = workbook.addWorksheet(INDEX_SHEET);
  index.columns = [
    { header: '章节', key: 'section', width: 22 },
    { header: '表格', key: 'table', width: 36 },
    { header: '工作表', key: 'sheet', width: 36 },
    { header: '行数', key: 'rows', width: 8 },
  ];
  index.getRow(1).font = { bold: true };
  index.addRow({ section: model.title, table: `${model.scope.name} · ${periodLabel(model.period)}`, sheet: model.generatedAt }).commit();
  for (const { section, sectionIndex, table } of allTables(model)) {
    index
      .addRow({
        section: `${sectionIndex + 1}. ${sectionTitle(section)}`,
        table: table.title,
        sheet: names.get(table.id),
        rows: table.rows.length,
      })
      .commit();
  }
  index.commit();

  const traces: (string | number | null)[][] = [];
  for (const { table } of allTables(model)) {
    const sheet = workbook.addWorksheet(names.get(table.id));
    sheet.columns = table.columns.map((c) => ({
      header: columnHeader(c),
      key: c.key,
      width: Math.max(10, Math.min(40, columnHeader(c).length * 2 + 4)),
      style: NUMBER_FORMATS[c.format ?? 'text'] ? { numFmt: NUMBER_FORMATS[c.format ?? 'text']?.(c.digits ?? 1) } : {},
    }));
    sheet.getRow(1).font = { bold: true };
    table.rows.forEach((row, r) => {
      const values: Record<string, CellValue> = {};
      for (const c of table.columns) {
        const cell = toCell(row[c.key]);
        values[c.key] = cell.value;
        if (cell.trace) {
          const t = cell.trace;
          traces.push([
            table.title,
            r + 1,
            c.header,
            cell.value,
            t.numerator ?? null,
            t.denominator ?? null,
            t.queryKey ?? null,
            t.note ?? null,
          ]);
        }
      }
      sheet.addRow(values).commit();
    });
    sheet.commit();
  }

  const traceSheet = workbook.addWorksheet(TRACE_SHEET);
  traceSheet.columns = ['表格', '行', '列', '数值', '分子', '分母', '查询键', '说明'].map((header) => ({ header, width: 16 }));
  traceSheet.getRow(1).font = { bold: true };
  for (const t of traces) traceSheet.addRow(t).commit();
  traceSheet.commit();

  await workbook.commit();
  await done;
  return Buffer.concat(chunks);
}

export interface CsvFile {
  name: string;
  content: string;
}

const UTF8_BOM = '\ufeff';

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A text cell that a spreadsheet would run as a formula (=, +, -, @, tab, CR) gets a leading quote. */
function csvText(value: CellValue, column: ReportColumn): string {
  if (typeof value === 'string') return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  if (value === null) return '';
  if (column.format === 'percent' || column.format === 'change') return formatValue(value, column).replace('−', '-');
  return String(value);
}

export function renderTableCsv(table: ReportTable): string {
  const lines = [table.columns.map((c) => csvField(columnHeader(c))).join(',')];
  for (const row of table.rows) lines.push(table.columns.map((c) => csvField(csvText(toCell(row[c.key]).value, c))).join(','));
  return `${UTF8_BOM}${lines.join('\r\n')}\r\n`;
}

/** One CSV per table (UTF-8 with BOM, so Excel opens the Chinese right), named `NN-<table id>.csv` in report order. */
export function renderCsv(model: ReportModel): CsvFile[] {
  return allTables(model).map(({ table }, i) => ({
    name: `${String(i + 1).padStart(2, '0')}-${table.id}.csv`,
    content: renderTableCsv(table),
  }));
}
