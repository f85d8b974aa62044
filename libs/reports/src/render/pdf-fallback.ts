import { readFileSync } from 'fs';
import PDFDocument from 'pdfkit';
import { columnHeader, describePeriod, formatTrace, formatValue } from './format';
import { ReportChart, ReportColumn, ReportModel, ReportTable, resolveFigureRef, sectionTitle, toCell } from './report-model';
import { maskPersonalData } from './redact';
import { woffToSfnt } from './woff';

/**
 * Noto Sans SC (SIL OFL 1.1) from @fontsource/noto-sans-sc: the "chinese-simplified" subset, one WOFF of
 * about 1.6 MB per weight, about 8 250 glyphs (GB 2312 hanzi, CJK punctuation, ASCII). pdfkit (fontkit)
 * embeds only the glyphs a report uses. Characters outside the subset (rare hanzi in street names, ▲▼)
 * come out as blank boxes; the HTML and the Chromium PDF use the system fonts and do not have that limit.
 */
export const FALLBACK_FONT_FILES = {
  regular: '@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-400-normal.woff',
  bold: '@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-700-normal.woff',
};

let fonts: { regular: Buffer; bold: Buffer } | undefined;

function loadFonts(): { regular: Buffer; bold: Buffer } {
  fonts ??= {
    regular: woffToSfnt(readFileSync(require.resolve(FALLBACK_FONT_FILES.regular))),
    bold: woffToSfnt(readFileSync(require.resolve(FALLBACK_FONT_FILES.bold))),
  };
  return fonts;
}

const MARGIN = 48;
const COLORS = { text: '#1d1d1f', muted: '#555555', accent: '#1f5fa8', rise: '#b8261e', drop: '#1e7b34', grid: '#c8ccd2', head: '#eef3f9' };

type Doc = PDFKit.PDFDocument;

function bottom(doc: Doc): number {
  return doc.page.height - doc.page.margins.bottom;
}

function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > bottom(doc)) doc.addPage();
}

function heading(doc: Doc, text: string, size: number): void {
  ensureSpace(doc, size * 3);
  doc.font('bold').fontSize(size).fillColor(COLORS.text).text(text, { align: 'left' });
  doc.moveDown(0.3);
}

function paragraph(doc: Doc, text: string, options: { size?: number; color?: string; indent?: number } = {}): void {
  doc
    .font('regular')
    .fontSize(options.size ?? 10)
    .fillColor(options.color ?? COLORS.text)
    .text(text, { indent: options.indent ?? 20, lineGap: 3, align: 'justify' });
  doc.moveDown(0.3);
}

interface GridCell {
  text: string;
  color?: string;
  align: 'left' | 'right' | 'center';
}

/** A ruled table that wraps text in cells and repeats its header on each new page. */
function grid(doc: Doc, header: string[], rows: GridCell[][], fontSize = 8.5): void {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const colWidth = width / Math.max(1, header.length);
  const pad = 3;
  const measure = (cells: string[], font: string) =>
    Math.max(
      ...cells.map((t) =>
        doc
          .font(font)
          .fontSize(fontSize)
          .heightOfString(t, { width: colWidth - 2 * pad }),
      ),
    ) +
    2 * pad;
  const drawRow = (cells: GridCell[], font: string, fill?: string) => {
    const height = measure(
      cells.map((c) => c.text),
      font,
    );
    const y = doc.y;
    cells.forEach((cell, i) => {
      const x = left + i * colWidth;
      if (fill) doc.rect(x, y, colWidth, height).fill(fill);
      doc.rect(x, y, colWidth, height).lineWidth(0.5).strokeColor(COLORS.grid).stroke();
      doc
        .font(font)
        .fontSize(fontSize)
        .fillColor(cell.color ?? COLORS.text)
        .text(cell.text, x + pad, y + pad, { width: colWidth - 2 * pad, align: cell.align });
    });
    doc.x = left;
    doc.y = y + height;
  };
  const headCells = header.map((text): GridCell => ({ text, align: 'center' }));
  const headHeight = measure(header, 'bold');
  ensureSpace(doc, headHeight * 2);
  drawRow(headCells, 'bold', COLORS.head);
  for (const row of rows) {
    const height = measure(
      row.map((c) => c.text),
      'regular',
    );
    if (doc.y + height > bottom(doc)) {
      doc.addPage();
      drawRow(headCells, 'bold', COLORS.head);
    }
    drawRow(row, 'regular');
  }
  doc.moveDown(0.5);
}

function tableCells(table: ReportTable, footnotes: string[]): GridCell[][] {
  return table.rows.map((row) =>
    table.columns.map((column: ReportColumn): GridCell => {
      const cell = toCell(row[column.key]);
      let text = formatValue(cell.value, column);
      if (cell.highlight === 'rise') text = `↑ ${text}`;
      if (cell.highlight === 'drop') text = `↓ ${text}`;
      if (cell.highlight === 'belowTarget') text = `${text}（未达标）`;
      if (cell.trace) {
        footnotes.push(`${column.header}（${formatValue(cell.value, column)}）：${formatTrace(cell.trace)}`);
        text = `${text} [${footnotes.length}]`;
      }
      const color = cell.highlight === 'drop' ? COLORS.drop : cell.highlight ? COLORS.rise : undefined;
      return { text, color, align: typeof cell.value === 'number' ? 'right' : 'left' };
    }),
  );
}

function drawTable(doc: Doc, table: ReportTable): void {
  heading(doc, table.title, 11);
  const footnotes: string[] = [];
  grid(doc, table.columns.map(columnHeader), tableCells(table, footnotes));
  footnotes.forEach((note, i) => paragraph(doc, `[${i + 1}] ${note}`, { size: 7.5, color: COLORS.muted, indent: 0 }));
  if (table.note) paragraph(doc, `注：${table.note}`, { size: 8, color: COLORS.muted, indent: 0 });
}

/** pdfkit draws no SVG: a chart is given as the table of its data, so no figure is lost. */
function drawChartData(doc: Doc, chart: ReportChart): void {
  heading(doc, `图：${chart.title}（数据）`, 10.5);
  const cell = (v: number | null | string): GridCell => ({
    text: v === null ? '—' : String(v),
    align: typeof v === 'number' ? 'right' : 'left',
  });
  switch (chart.kind) {
    case 'line':
    case 'bar':
      grid(
        doc,
        ['', ...chart.series.map((s) => s.name)],
        chart.categories.map((c, i) => [cell(c), ...chart.series.map((s) => cell(s.values[i] ?? null))]),
      );
      return;
    case 'pie':
      grid(
        doc,
        ['', '数值'],
        chart.slices.map((s) => [cell(s.name), cell(s.value)]),
      );
      return;
    case 'heat':
      grid(
        doc,
        ['', ...chart.xCategories],
        chart.yCategories.map((y, i) => [cell(y), ...chart.xCategories.map((_, x) => cell(chart.values[i]?.[x] ?? null))]),
        7.5,
      );
  }
}

/** The pure-JS PDF: the same sections, tables, cases and findings as the HTML, laid out by pdfkit. */
export function renderPdfWithPdfkit(model: ReportModel): Promise<Buffer> {
  const { regular, bold } = loadFonts();
  const created = new Date(model.generatedAt);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    info: { Title: model.title, Author: model.scope.name, Creator: '12345热线平台', CreationDate: created, ModDate: created },
    lang: 'zh-CN',
  } as PDFKit.PDFDocumentOptions);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', regular);
  doc.registerFont('bold', bold);

  doc.moveDown(6);
  doc.font('bold').fontSize(22).fillColor(COLORS.text).text(model.title, { align: 'center' });
  if (model.subtitle) doc.moveDown(0.5).font('regular').fontSize(13).text(model.subtitle, { align: 'center' });
  doc.moveDown(1.5);
  for (const line of describePeriod(model)) doc.font('regular').fontSize(10).fillColor(COLORS.muted).text(line, { align: 'center' });
  doc.moveDown(2);
  model.sections.forEach((s, i) =>
    doc
      .font('regular')
      .fontSize(11)
      .fillColor(COLORS.text)
      .text(`${i + 1}. ${sectionTitle(s)}`, { indent: 140 }),
  );

  model.sections.forEach((section, i) => {
    doc.addPage();
    heading(doc, `${i + 1}. ${sectionTitle(section)}`, 16);
    doc
      .moveTo(doc.page.margins.left, doc.y)
      .lineTo(doc.page.width - doc.page.margins.right, doc.y)
      .lineWidth(1.5)
      .strokeColor(COLORS.accent)
      .stroke();
    doc.moveDown(0.5);
    for (const p of section.paragraphs ?? []) paragraph(doc, p);
    for (const chart of section.charts ?? []) drawChartData(doc, chart);
    for (const table of section.tables ?? []) drawTable(doc, table);
    for (const item of section.cases ?? []) {
      heading(doc, item.title, 11);
      const meta = [item.category, item.district].filter(Boolean).join(' · ');
      if (meta) paragraph(doc, meta, { size: 9, color: COLORS.muted, indent: 0 });
      for (const p of item.paragraphs) paragraph(doc, maskPersonalData(p));
    }
    (section.findings ?? []).forEach((finding, n) => {
      const hit = finding.figureRef ? resolveFigureRef(model, finding.figureRef) : undefined;
      paragraph(doc, `${n + 1}. ${finding.text}`, { indent: 0 });
      if (hit && finding.figureRef) {
        const column = hit.table.columns.find((c) => c.key === finding.figureRef?.column);
        const trace = hit.cell.trace ? `，${formatTrace(hit.cell.trace)}` : '';
        const figure = column ? formatValue(hit.cell.value, column) : '';
        paragraph(doc, `依据：${hit.table.title} · ${column?.header ?? ''} ${figure}${trace}`, {
          size: 8,
          color: COLORS.muted,
          indent: 12,
        });
      }
    });
  });
  doc.end();
  return done;
}
