/**
 * The rendering contract of the hotspot report: everything a renderer needs, already aggregated (a few
 * hundred rows at most, whatever the number of orders behind it), and plain JSON so a generated report can
 * be stored, reviewed and re-rendered without the database.
 */

export type ReportScopeLevel = 'city' | 'district' | 'unit';

export interface ReportScope {
  level: ReportScopeLevel;
  /** Id of the district or unit; absent for the city. */
  id?: string;
  /** Shown in the title, e.g. 某市 / 某区 / 某局. */
  name: string;
}

export type ReportPeriodKind = 'year' | 'half' | 'quarter' | 'month';

/** A date range: ISO dates, `from` inclusive, `to` exclusive. */
export interface ReportDateRange {
  from: string;
  to: string;
  /** e.g. 2024年 / 2024年上半年 / 2024年3月. */
  label: string;
}

export interface ReportPeriod extends ReportDateRange {
  kind: ReportPeriodKind;
  /** The period just before (环比). */
  previous: ReportDateRange;
  /** The same period a year earlier (同比). */
  samePeriodLastYear: ReportDateRange;
  /**
   * Set when the period had not ended when its figures were computed: the city date they run to (that day
   * counted up to the moment of computing). The comparison periods are complete ones, and the report says so.
   */
  through?: string;
}

/** Where a figure comes from, so a reader (and a reviewer) can check it. */
export interface FigureTrace {
  numerator?: number;
  denominator?: number;
  /** The aggregate query or KPI the figure was read from, e.g. `kpi.on_time_rate`. */
  queryKey?: string;
  note?: string;
}

export type CellValue = string | number | null;

export type CellHighlight = 'rise' | 'drop' | 'belowTarget';

export interface ReportCell {
  value: CellValue;
  trace?: FigureTrace;
  highlight?: CellHighlight;
}

export type ReportCellInput = CellValue | ReportCell;

/** How a numeric column is shown: `percent` and `change` hold ratios (0.981 → 98.1%, −0.78 → −78.0%). */
export type ColumnFormat = 'text' | 'integer' | 'decimal' | 'percent' | 'change';

export interface ReportColumn {
  key: string;
  /** Chinese header. */
  header: string;
  format?: ColumnFormat;
  /** Digits after the point for decimal, percent and change (default 1). */
  digits?: number;
  /** Shown after the header, e.g. 秒 / 件. */
  unit?: string;
}

export type ReportRow = Record<string, ReportCellInput>;

export interface ReportTable {
  /** Stable ASCII id, unique in the report: used for anchors, sheet order and CSV file names. */
  id: string;
  title: string;
  columns: ReportColumn[];
  rows: ReportRow[];
  /** The column whose value names a row for a FigureRef given by name (default: the first column). */
  keyColumn?: string;
  note?: string;
}

export type ChartKind = 'line' | 'bar' | 'pie' | 'heat';

export interface ChartSeries {
  name: string;
  values: (number | null)[];
}

interface ChartBase {
  id: string;
  title: string;
  width?: number;
  height?: number;
}

export interface LineChartSpec extends ChartBase {
  kind: 'line';
  categories: string[];
  series: ChartSeries[];
  yAxisName?: string;
}

export interface BarChartSpec extends ChartBase {
  kind: 'bar';
  categories: string[];
  series: ChartSeries[];
  yAxisName?: string;
  /** Bars grow to the right, for long Chinese category names. */
  horizontal?: boolean;
  stacked?: boolean;
}

export interface PieChartSpec extends ChartBase {
  kind: 'pie';
  slices: { name: string; value: number }[];
}

export interface HeatChartSpec extends ChartBase {
  kind: 'heat';
  xCategories: string[];
  yCategories: string[];
  /** values[y][x]; null for no data. */
  values: (number | null)[][];
}

export type ReportChart = LineChartSpec | BarChartSpec | PieChartSpec | HeatChartSpec;

/** A typical case, with personal data already removed by whoever built the model. */
export interface TypicalCase {
  title: string;
  category?: string;
  district?: string;
  paragraphs: string[];
}

/** Points at the figure a finding was written from: a table cell, by row index or by the row's key value. */
export interface FigureRef {
  tableId: string;
  row: number | string;
  column: string;
}

export interface ReportFinding {
  text: string;
  figureRef?: FigureRef;
}

export const REPORT_SECTION_KEYS = [
  'overview',
  'channels',
  'appealTypes',
  'categories',
  'districts',
  'units',
  'repeatSupervised',
  'typicalCases',
  'hotlineOperations',
  'keywords',
  'findings',
] as const;

export type ReportSectionKey = (typeof REPORT_SECTION_KEYS)[number];

export const REPORT_SECTION_TITLES: Readonly<Record<ReportSectionKey, string>> = {
  overview: '总体情况与趋势',
  channels: '受理渠道与热线',
  appealTypes: '诉求类型',
  categories: '热点分类排行',
  districts: '区域分布',
  units: '承办单位排行',
  repeatSupervised: '重复诉求与督办',
  typicalCases: '典型案例',
  hotlineOperations: '热线运行',
  keywords: '热词变化',
  findings: '分析与建议',
};

export interface ReportSection {
  key: ReportSectionKey;
  /** Defaults to REPORT_SECTION_TITLES[key]. */
  title?: string;
  paragraphs?: string[];
  tables?: ReportTable[];
  charts?: ReportChart[];
  cases?: TypicalCase[];
  findings?: ReportFinding[];
}

export interface ReportModel {
  title: string;
  subtitle?: string;
  scope: ReportScope;
  period: ReportPeriod;
  /** ISO timestamp; the renderers print it and never read the clock, so output is reproducible. */
  generatedAt: string;
  /** The 11 sections, in REPORT_SECTION_KEYS order. */
  sections: ReportSection[];
}

export function sectionTitle(section: ReportSection): string {
  return section.title ?? REPORT_SECTION_TITLES[section.key];
}

export function toCell(input: ReportCellInput | undefined): ReportCell {
  if (input !== null && typeof input === 'object') return input;
  return { value: input ?? null };
}

export function allTables(model: ReportModel): { section: ReportSection; sectionIndex: number; table: ReportTable }[] {
  return model.sections.flatMap((section, sectionIndex) => (section.tables ?? []).map((table) => ({ section, sectionIndex, table })));
}

/** The row a FigureRef points at, or -1. */
export function findRowIndex(table: ReportTable, row: number | string): number {
  if (typeof row === 'number') return row >= 0 && row < table.rows.length ? row : -1;
  const keyColumn = table.keyColumn ?? table.columns[0]?.key;
  if (!keyColumn) return -1;
  return table.rows.findIndex((r) => toCell(r[keyColumn]).value === row);
}

export function resolveFigureRef(
  model: ReportModel,
  ref: FigureRef,
): { table: ReportTable; rowIndex: number; cell: ReportCell } | undefined {
  const table = allTables(model).find((t) => t.table.id === ref.tableId)?.table;
  if (!table || !table.columns.some((c) => c.key === ref.column)) return undefined;
  const rowIndex = findRowIndex(table, ref.row);
  if (rowIndex < 0) return undefined;
  return { table, rowIndex, cell: toCell(table.rows[rowIndex][ref.column]) };
}

/** Problems that would make a rendered report misleading; empty when the model is sound. */
export function validateReportModel(model: ReportModel): string[] {
  const problems: string[] = [];
  const keys = model.sections.map((s) => s.key);
  if (keys.join() !== REPORT_SECTION_KEYS.join()) problems.push(`sections must be, in order: ${REPORT_SECTION_KEYS.join(', ')}`);
  const ids = new Set<string>();
  for (const { table } of allTables(model)) {
    if (!/^[A-Za-z0-9_-]+$/.test(table.id)) problems.push(`table id ${JSON.stringify(table.id)} must be ASCII letters, digits, - or _`);
    if (ids.has(table.id)) problems.push(`table id ${table.id} is used twice`);
    ids.add(table.id);
  }
  for (const section of model.sections) {
    for (const finding of section.findings ?? []) {
      if (finding.figureRef && !resolveFigureRef(model, finding.figureRef)) {
        problems.push(`finding "${finding.text}" points at a missing figure ${JSON.stringify(finding.figureRef)}`);
      }
    }
  }
  return problems;
}
