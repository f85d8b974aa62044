import type { ReportFigures } from '../figures/report-figures';
import { formatValue, periodLabel } from '../render/format';
import {
  CellHighlight,
  FigureRef,
  ReportColumn,
  ReportFinding,
  ReportModel,
  ReportPeriod,
  ReportTable,
  allTables,
  toCell,
} from '../render/report-model';
import type { ReportTableId } from './build-report-model';

/** A number read from a table cell, printed exactly as the renderer prints that cell, and where it was read. */
interface Figure {
  value: number;
  text: string;
  column: ReportColumn;
  highlight?: CellHighlight;
  ref: FigureRef;
}

/** When the period just before is the same period a year earlier (a year report), 环比 repeats 同比. */
export function comparesSameRange(period: ReportPeriod): boolean {
  return period.previous.from === period.samePeriodLastYear.from && period.previous.to === period.samePeriodLastYear.to;
}

class TableReader {
  constructor(private readonly model: ReportModel) {}

  table(id: ReportTableId): ReportTable | undefined {
    return allTables(this.model).find((t) => t.table.id === id)?.table;
  }

  rows(id: ReportTableId): number {
    return this.table(id)?.rows.length ?? 0;
  }

  indexOf(id: ReportTableId, column: string, value: string): number {
    return this.table(id)?.rows.findIndex((r) => toCell(r[column]).value === value) ?? -1;
  }

  text(id: ReportTableId, row: number, column: string): string {
    const value = toCell(this.table(id)?.rows[row]?.[column]).value;
    return value === null ? '' : String(value);
  }

  /** The figure in a cell; undefined when the cell is empty (no base, no data), so no sentence is written from it. */
  figure(id: ReportTableId, row: number, column: string): Figure | undefined {
    const table = this.table(id);
    const col = table?.columns.find((c) => c.key === column);
    if (!table || !col || row < 0 || row >= table.rows.length) return undefined;
    const cell = toCell(table.rows[row][column]);
    if (typeof cell.value !== 'number' || !Number.isFinite(cell.value)) return undefined;
    const figure: Figure = {
      value: cell.value,
      text: formatValue(cell.value, col),
      column: col,
      ref: { tableId: id, row: rowRef(table, row), column },
    };
    if (cell.highlight) figure.highlight = cell.highlight;
    return figure;
  }
}

/** A row named by its key when the key is unique in the table (a level-3 其他 is not), else by its index. */
function rowRef(table: ReportTable, row: number): number | string {
  const keyColumn = table.keyColumn ?? table.columns[0]?.key;
  const key = keyColumn ? toCell(table.rows[row][keyColumn]).value : null;
  if (typeof key !== 'string' || !key) return row;
  return table.rows.filter((r) => toCell(r[keyColumn!]).value === key).length === 1 ? key : row;
}

/** 增长12.0% / 下降78.0%: the magnitude as the table prints it, the sign in words. */
function moved(change: Figure, up = '增长'): string {
  const magnitude = change.text.replace(/^[+−]/, '');
  if (/^0(\.0+)?%$/.test(magnitude)) return `基本持平（${magnitude}）`;
  return `${change.value > 0 ? up : '下降'}${magnitude}`;
}

const finding = (text: string, figure: Figure): ReportFinding => ({ text, figureRef: figure.ref });

function totals(f: ReportFigures, t: TableReader): ReportFinding[] {
  const row = t.indexOf('overview-totals', 'item', '受理总量');
  const count = t.figure('overview-totals', row, 'value');
  if (!count || count.value <= 0) return [];
  const out: ReportFinding[] = [];
  const yoy = t.figure('overview-totals', row, 'yoy');
  const lead = `${periodLabel(f.period)}，${f.scope.name}12345热线共受理群众诉求${count.text}件`;
  out.push(yoy ? finding(`${lead}，同比${moved(yoy)}。`, yoy) : finding(`${lead}。`, count));
  const mom = t.figure('overview-totals', row, 'mom');
  if (mom && !comparesSameRange(f.period)) out.push(finding(`与上一周期（${f.period.previous.label}）相比，受理总量${moved(mom)}。`, mom));
  return out;
}

function topCategory(t: TableReader): ReportFinding[] {
  const current = t.figure('categories-l1', 0, 'current');
  const share = t.figure('categories-l1', 0, 'share');
  if (!current || current.value <= 0 || !share) return [];
  return [finding(`${t.text('categories-l1', 0, 'name')}类诉求最多，共${current.text}件，占受理总量的${share.text}。`, share)];
}

/** The biggest rises, then the biggest drops, of the leaf categories (at most three of each). */
function categoryChanges(t: TableReader): ReportFinding[] {
  const out: ReportFinding[] = [];
  const written = { rise: 0, drop: 0 };
  for (let row = 0; row < t.rows('category-changes'); row++) {
    const yoy = t.figure('category-changes', row, 'yoy');
    const current = t.figure('category-changes', row, 'current');
    const base = t.figure('category-changes', row, 'lastYear');
    if (!yoy || !current || !base || (yoy.highlight !== 'rise' && yoy.highlight !== 'drop') || written[yoy.highlight] >= 3) continue;
    written[yoy.highlight]++;
    const name = t.text('category-changes', row, 'name');
    const parent = t.text('category-changes', row, 'parent');
    const arrow = yoy.value > 0 ? '增至' : '降至';
    out.push(
      finding(`${parent ? `${parent}中的` : ''}${name}类诉求同比${moved(yoy, '上升')}，由${base.text}件${arrow}${current.text}件。`, yoy),
    );
  }
  return out;
}

/** The channel whose volume moved most, among the changes the table flags (those with a meaningful base). */
function channelChange(t: TableReader): ReportFinding[] {
  let best: { row: number; yoy: Figure } | undefined;
  for (let row = 0; row < t.rows('channels'); row++) {
    const yoy = t.figure('channels', row, 'yoy');
    if (yoy?.highlight && (!best || Math.abs(yoy.value) > Math.abs(best.yoy.value))) best = { row, yoy };
  }
  if (!best) return [];
  const channel = t.text('channels', best.row, 'channel').replace(/渠道$/, '');
  return [finding(`通过${channel}渠道受理的诉求同比${moved(best.yoy)}，是变化最大的受理渠道。`, best.yoy)];
}

function places(t: TableReader): ReportFinding[] {
  const out: ReportFinding[] = [];
  const first = t.figure('districts', 0, 'current');
  if (first && first.value > 0 && t.rows('districts') >= 2) {
    const others = [1, 2]
      .map((row) => ({ name: t.text('districts', row, 'district'), count: t.figure('districts', row, 'current') }))
      .filter((d): d is { name: string; count: Figure } => !!d.count && d.count.value > 0)
      .map((d) => `${d.name}（${d.count.text}件）`);
    const rest = others.length ? `，其次是${others.join('、')}` : '';
    out.push(finding(`受理诉求最多的区是${t.text('districts', 0, 'district')}（${first.text}件）${rest}。`, first));
  }
  const street = t.figure('streets', 0, 'current');
  if (street && street.value > 0) {
    const name = `${t.text('streets', 0, 'district')}${t.text('streets', 0, 'street')}`;
    out.push(finding(`诉求最多的街道（乡镇）是${name}，共${street.text}件。`, street));
  }
  return out;
}

function units(t: TableReader): ReportFinding[] {
  if (!t.rows('units')) return [];
  const out: ReportFinding[] = [];
  const below = t.figure('units-summary', t.indexOf('units-summary', 'item', '任一指标未达标'), 'below');
  if (below) {
    out.push(
      below.value > 0
        ? finding(`${below.text}个承办单位至少一项考核指标未达目标，需重点督促。`, below)
        : finding(`参与排行的承办单位考核指标均达到目标（未达标单位${below.text}个）。`, below),
    );
  }
  for (const item of ['按时办结率', '满意率']) {
    const row = t.indexOf('units-summary', 'item', item);
    const overall = t.figure('units-summary', row, 'overall');
    if (!overall) continue;
    const target = t.figure('units-summary', row, 'target');
    const verdict = target ? `，${overall.value < target.value ? '低于' : '达到'}${target.text}的目标` : '';
    out.push(finding(`承办单位合计${item}为${overall.text}${verdict}。`, overall));
  }
  return out;
}

function repeatRate(t: TableReader): ReportFinding[] {
  const row = t.indexOf('repeat', 'item', '并单重复');
  const current = t.figure('repeat', row, 'current');
  const rate = t.figure('repeat', row, 'rate');
  if (!current || !rate) return [];
  const yoy = t.figure('repeat', row, 'yoy');
  return [finding(`重复诉求（并单）${current.text}件，占受理总量的${rate.text}${yoy ? `，同比${moved(yoy)}` : ''}。`, rate)];
}

function connectionRate(f: ReportFigures, t: TableReader): ReportFinding[] {
  const rate = t.figure('hotline-ops', 0, 'connectionRate');
  if (!rate) return [];
  // The target is KPI_TARGETS' (carried on the figure); without one configured, the rate is stated alone.
  const { target, belowTarget } = f.hotline.connectionRate;
  if (target === undefined) return [finding(`热线接通率为${rate.text}。`, rate)];
  return [finding(`热线接通率为${rate.text}，${belowTarget ? '低于' : '达到'}${formatValue(target, rate.column)}的目标。`, rate)];
}

function risingKeyword(t: TableReader): ReportFinding[] {
  let best: { row: number; change: Figure } | undefined;
  for (let row = 0; row < t.rows('keywords'); row++) {
    const change = t.figure('keywords', row, 'change');
    if (change?.highlight === 'rise' && (!best || change.value > best.change.value)) best = { row, change };
  }
  if (!best) return [];
  const from = t.figure('keywords', best.row, 'lastYearPer10k');
  const to = t.figure('keywords', best.row, 'currentPer10k');
  const detail = from && to ? `，每万件诉求中提及该词的由${from.text}件增至${to.text}件` : '';
  return [
    finding(`热词“${t.text('keywords', best.row, 'term')}”的提及率同比上升${best.change.text.replace(/^\+/, '')}${detail}。`, best.change),
  ];
}

/**
 * The findings, one plain sentence per figure, each read from a table of the model and pointing at that
 * cell, with the number printed as the table prints it. A figure that is absent (no base, no data) gives
 * no sentence.
 */
export function writeFindings(f: ReportFigures, model: ReportModel): ReportFinding[] {
  const t = new TableReader(model);
  return [
    ...totals(f, t),
    ...topCategory(t),
    ...categoryChanges(t),
    ...channelChange(t),
    ...places(t),
    ...units(t),
    ...repeatRate(t),
    ...connectionRate(f, t),
    ...risingKeyword(t),
  ];
}
