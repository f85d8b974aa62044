import { renderChart } from './charts';
import { maskPersonalData } from './redact';
import { columnHeader, describePeriod, formatTrace, formatValue } from './format';
import {
  CellHighlight,
  ReportCell,
  ReportChart,
  ReportFinding,
  ReportModel,
  ReportSection,
  ReportTable,
  TypicalCase,
  resolveFigureRef,
  sectionTitle,
  toCell,
} from './report-model';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Every string from the model (order content included) goes through this before it reaches the page. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]);
}

const FONT_STACK =
  '"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Noto Sans SC", sans-serif';

const CSS = `
@page { size: A4; margin: 16mm 14mm; }
* { box-sizing: border-box; }
body { font-family: ${FONT_STACK}; color: #1d1d1f; line-height: 1.7; margin: 0 auto; max-width: 190mm; padding: 8mm 0;
  font-size: 10.5pt; text-align: justify; word-break: break-word; }
header.cover h1 { font-size: 22pt; margin: 0 0 4mm; letter-spacing: 0.05em; text-align: center; }
header.cover .subtitle { text-align: center; font-size: 13pt; margin: 0 0 6mm; }
header.cover ul { list-style: none; padding: 0; margin: 0 0 8mm; color: #555; font-size: 9.5pt; text-align: center; }
nav.toc ol { columns: 2; list-style: none; font-size: 10pt; }
section.report-section { break-before: page; page-break-before: always; }
h2 { font-size: 15pt; border-bottom: 2px solid #1f5fa8; padding-bottom: 1mm; margin: 0 0 4mm; }
h3 { font-size: 11.5pt; margin: 5mm 0 2mm; }
p { text-indent: 2em; margin: 0 0 2mm; }
figure { margin: 4mm 0; text-align: center; break-inside: avoid; page-break-inside: avoid; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-size: 9pt; color: #555; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; margin: 2mm 0; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 1px solid #c8ccd2; padding: 1mm 2mm; }
th { background: #eef3f9; font-weight: 600; text-align: center; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td[title] { cursor: help; }
td.rise { color: #b8261e; font-weight: 700; background: #fdecea; }
td.drop { color: #1e7b34; font-weight: 700; background: #e8f5ec; }
td.belowTarget { color: #b8261e; background: #fff4e0; }
td.rise::before { content: '▲'; font-size: 7pt; margin-right: 1mm; }
td.drop::before { content: '▼'; font-size: 7pt; margin-right: 1mm; }
td.belowTarget::after { content: '（未达标）'; font-size: 8pt; }
sup.fn { font-size: 7pt; color: #1f5fa8; margin-left: 0.5mm; }
ol.footnotes { font-size: 8pt; color: #555; margin: 1mm 0 4mm; padding-left: 6mm; }
.table-note { font-size: 8.5pt; color: #555; text-indent: 0; }
article.case { border-left: 3px solid #d9822b; padding: 1mm 4mm; margin: 3mm 0; break-inside: avoid; }
article.case .meta { color: #555; font-size: 9pt; text-indent: 0; }
ol.findings li { margin-bottom: 2mm; }
ol.findings .source { font-size: 8.5pt; color: #555; }
footer { margin-top: 8mm; font-size: 8pt; color: #888; text-align: center; }
@media print { body { max-width: none; padding: 0; } a { color: inherit; text-decoration: none; } }
`;

const HIGHLIGHT_LABELS: Record<CellHighlight, string> = { rise: '显著上升', drop: '显著下降', belowTarget: '低于目标' };

export function cellAnchor(tableId: string, rowIndex: number, columnKey: string): string {
  return `cell-${tableId}-${rowIndex}-${columnKey}`.replace(/[^A-Za-z0-9_-]/g, '_');
}

function renderCell(table: ReportTable, rowIndex: number, columnIndex: number, cell: ReportCell, footnotes: string[]): string {
  const column = table.columns[columnIndex];
  const classes: string[] = [];
  if (typeof cell.value === 'number') classes.push('num');
  if (cell.highlight) classes.push(cell.highlight);
  const tips: string[] = [];
  if (cell.highlight) tips.push(HIGHLIGHT_LABELS[cell.highlight]);
  let marker = '';
  if (cell.trace) {
    const trace = formatTrace(cell.trace);
    tips.push(trace);
    footnotes.push(`${column.header}（${formatValue(cell.value, column)}）：${trace}`);
    marker = `<sup class="fn">${footnotes.length}</sup>`;
  }
  const attrs = [
    `id="${cellAnchor(table.id, rowIndex, column.key)}"`,
    classes.length ? `class="${classes.join(' ')}"` : '',
    tips.length ? `title="${escapeHtml(tips.join('；'))}"` : '',
  ].filter(Boolean);
  return `<td ${attrs.join(' ')}>${escapeHtml(formatValue(cell.value, column))}${marker}</td>`;
}

export function renderTableHtml(table: ReportTable): string {
  const footnotes: string[] = [];
  const head = table.columns.map((c) => `<th scope="col">${escapeHtml(columnHeader(c))}</th>`).join('');
  const body = table.rows
    .map((row, r) => `<tr>${table.columns.map((c, i) => renderCell(table, r, i, toCell(row[c.key]), footnotes)).join('')}</tr>`)
    .join('\n');
  const notes = footnotes.length ? `<ol class="footnotes">${footnotes.map((f) => `<li>${escapeHtml(f)}</li>`).join('')}</ol>` : '';
  const note = table.note ? `<p class="table-note">注：${escapeHtml(table.note)}</p>` : '';
  return `<h3 id="table-${escapeHtml(table.id)}">${escapeHtml(table.title)}</h3>
<table data-table-id="${escapeHtml(table.id)}"><thead><tr>${head}</tr></thead><tbody>
${body}
</tbody></table>${notes}${note}`;
}

function renderChartHtml(chart: ReportChart): string {
  return `<figure data-chart-id="${escapeHtml(chart.id)}" data-chart-kind="${chart.kind}" role="img" aria-label="${escapeHtml(chart.title)}">
${renderChart(chart)}
<figcaption>${escapeHtml(chart.title)}</figcaption></figure>`;
}

function renderCase(item: TypicalCase): string {
  const meta = [item.category, item.district]
    .filter((v): v is string => !!v)
    .map(escapeHtml)
    .join(' · ');
  return `<article class="case"><h3>${escapeHtml(item.title)}</h3>${meta ? `<p class="meta">${meta}</p>` : ''}${item.paragraphs
    .map((p) => `<p>${escapeHtml(maskPersonalData(p))}</p>`)
    .join('')}</article>`;
}

function renderFinding(model: ReportModel, finding: ReportFinding): string {
  let source = '';
  if (finding.figureRef) {
    const hit = resolveFigureRef(model, finding.figureRef);
    if (hit) {
      const column = hit.table.columns.find((c) => c.key === finding.figureRef?.column);
      const figure = column ? formatValue(hit.cell.value, column) : '';
      const trace = hit.cell.trace ? `，${formatTrace(hit.cell.trace)}` : '';
      source = ` <span class="source">（依据：<a href="#${cellAnchor(hit.table.id, hit.rowIndex, finding.figureRef.column)}">${escapeHtml(
        `${hit.table.title} · ${column?.header ?? ''} ${figure}${trace}`,
      )}</a>）</span>`;
    } else {
      source = ' <span class="source">（依据缺失）</span>';
    }
  }
  return `<li>${escapeHtml(finding.text)}${source}</li>`;
}

function renderSection(model: ReportModel, section: ReportSection, index: number): string {
  const parts = [`<h2>${index + 1}. ${escapeHtml(sectionTitle(section))}</h2>`];
  for (const p of section.paragraphs ?? []) parts.push(`<p>${escapeHtml(p)}</p>`);
  for (const chart of section.charts ?? []) parts.push(renderChartHtml(chart));
  for (const table of section.tables ?? []) parts.push(renderTableHtml(table));
  for (const item of section.cases ?? []) parts.push(renderCase(item));
  if (section.findings?.length) parts.push(`<ol class="findings">${section.findings.map((f) => renderFinding(model, f)).join('\n')}</ol>`);
  return `<section class="report-section" id="section-${section.key}" data-section="${section.key}">\n${parts.join('\n')}\n</section>`;
}

/**
 * The report as one self-contained HTML file: inline CSS and SVG, no script, and a CSP that forbids any
 * request, so it opens the same offline, in a mail client or on the open-government site, and prints to A4.
 */
export function renderHtml(model: ReportModel): string {
  const toc = model.sections.map((s, i) => `<li><a href="#section-${s.key}">${i + 1}. ${escapeHtml(sectionTitle(s))}</a></li>`).join('');
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(model.title)}</title>
<style>${CSS}</style>
</head>
<body>
<header class="cover">
<h1>${escapeHtml(model.title)}</h1>
${model.subtitle ? `<p class="subtitle">${escapeHtml(model.subtitle)}</p>` : ''}
<ul>${describePeriod(model)
    .map((line) => `<li>${escapeHtml(line)}</li>`)
    .join('')}</ul>
<nav class="toc"><ol>${toc}</ol></nav>
</header>
${model.sections.map((s, i) => renderSection(model, s, i)).join('\n')}
<footer>${escapeHtml(`${model.scope.name} · ${model.period.label} · 生成于 ${model.generatedAt}`)}</footer>
</body>
</html>
`;
}
