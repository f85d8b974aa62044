import type { CategoryRow, DimensionRow, OrderCounts, RateFigure, ReportFigures, UnitLeagueRow } from '../figures/report-figures';
import { formatValue, periodLabel } from '../render/format';
import {
  CellHighlight,
  FigureTrace,
  ReportCell,
  ReportChart,
  ReportColumn,
  ReportFinding,
  ReportModel,
  ReportRow,
  ReportSection,
  ReportSectionKey,
  ReportTable,
  TypicalCase,
} from '../render/report-model';
import { comparesSameRange, writeFindings } from './findings';

/** What managers changed after review: their findings and their choice of typical cases replace the generated ones. */
export interface ReportEdits {
  findings?: ReportFinding[];
  cases?: TypicalCase[];
}

export interface BuildOptions {
  /** Rows of the ranked tables (categories, streets, repeated categories); default 10. */
  topN?: number;
  /** Biggest rises and biggest drops highlighted in a table, each; default 3. */
  highlightCount?: number;
  title?: string;
}

/** Table ids: anchors, sheet names and CSV file names, so they never change once published. */
export type ReportTableId =
  | 'overview-totals'
  | 'overview-states'
  | 'channels'
  | 'hotlines'
  | 'appeal-types'
  | 'categories-l1'
  | 'categories-l2'
  | 'categories-l3'
  | 'category-changes'
  | 'districts'
  | 'streets'
  | 'units'
  | 'units-summary'
  | 'repeat'
  | 'repeat-categories'
  | 'hotline-ops'
  | 'hotline-lines'
  | 'keywords';

export const NO_DATA = '本期无相关数据。';

/**
 * A change is only called a rise or a drop when its base means something: at least 30 orders a year earlier
 * and at least 5 in 10,000 of that period's orders (a county's 30, a megacity's ten thousand). Below that, a
 * category going from 4 to 40 orders would outrank every real trend with +900%. And it must move by 5% or
 * more: when only two channels went down, a −0.8% is no drop worth a red mark.
 */
export const MIN_BASE_COUNT = 30;
export const MIN_BASE_SHARE = 0.0005;
export const MIN_HIGHLIGHT_CHANGE = 0.05;

/** (current − base) / base; null when there is no base to compare with. */
export function changeRatio(current: number, base: number): number | null {
  if (!Number.isFinite(current) || !Number.isFinite(base) || base === 0) return null;
  return (current - base) / base;
}

function ratio(numerator: number, denominator: number): number | null {
  if (!Number.isFinite(numerator) || !Number.isFinite(denominator) || denominator <= 0) return null;
  return numerator / denominator;
}

/** A cell without undefined properties, so the model survives JSON unchanged. */
function cell(value: number | string | null, trace?: FigureTrace, highlight?: CellHighlight): ReportCell {
  const out: ReportCell = { value: typeof value === 'number' && !Number.isFinite(value) ? null : value };
  if (trace) out.trace = trace;
  if (highlight) out.highlight = highlight;
  return out;
}

const text = (key: string, header: string): ReportColumn => ({ key, header, format: 'text' });
const count = (key: string, header: string, unit = '件'): ReportColumn => ({ key, header, format: 'integer', unit });
const percent = (key: string, header: string): ReportColumn => ({ key, header, format: 'percent', digits: 1 });
const change = (key: string, header: string): ReportColumn => ({ key, header, format: 'change', digits: 1 });
const RANK: ReportColumn = { key: 'rank', header: '排名', format: 'integer' };
const SECONDS: ReportColumn = { key: 'avgWait', header: '平均等待时长', format: 'decimal', digits: 1, unit: '秒' };

interface Ctx {
  f: ReportFigures;
  topN: number;
  highlightCount: number;
  /** Orders received in the period: the denominator of every share. */
  received: number;
  minBase: number;
}

function byCurrent<T extends DimensionRow>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => b.current - a.current || b.lastYear - a.lastYear || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Competition ranking (1, 2, 2, 4): equal values share a rank. */
function ranks(values: readonly (number | null)[]): (number | null)[] {
  let rank = 0;
  return values.map((v, i) => {
    if (v === null) return null;
    if (i === 0 || v !== values[i - 1]) rank = i + 1;
    return rank;
  });
}

/**
 * The biggest rises and drops among the items with a meaningful base and change (see MIN_BASE_COUNT): the
 * indexes of up to `n` rises (largest relative change first) and `n` drops (steepest first); on equal change
 * the larger base wins.
 */
export function pickMovers(
  items: readonly { change: number | null; base: number }[],
  minBase: number,
  n: number,
): { rises: number[]; drops: number[] } {
  const eligible = items
    .map((item, index) => ({ ...item, index }))
    .filter(
      (i): i is { change: number; base: number; index: number } =>
        i.change !== null && i.base >= minBase && Math.abs(i.change) >= MIN_HIGHLIGHT_CHANGE,
    );
  const rises = eligible.filter((i) => i.change > 0).sort((a, b) => b.change - a.change || b.base - a.base || a.index - b.index);
  const drops = eligible.filter((i) => i.change < 0).sort((a, b) => a.change - b.change || b.base - a.base || a.index - b.index);
  return { rises: rises.slice(0, n).map((i) => i.index), drops: drops.slice(0, n).map((i) => i.index) };
}

function highlights(movers: { rises: number[]; drops: number[] }): Map<number, CellHighlight> {
  const out = new Map<number, CellHighlight>();
  movers.rises.forEach((i) => out.set(i, 'rise'));
  movers.drops.forEach((i) => out.set(i, 'drop'));
  return out;
}

function section(key: ReportSectionKey, parts: Omit<ReportSection, 'key'>): ReportSection {
  const out: ReportSection = { key };
  const tables = parts.tables?.filter((t) => t.rows.length > 0) ?? [];
  const paragraphs = [...(parts.paragraphs ?? [])];
  if (!tables.length && !parts.cases?.length && !parts.findings?.length && !paragraphs.length) paragraphs.push(NO_DATA);
  if (paragraphs.length) out.paragraphs = paragraphs;
  if (tables.length) out.tables = tables;
  if (parts.charts?.length) out.charts = parts.charts;
  if (parts.cases?.length) out.cases = parts.cases;
  if (parts.findings?.length) out.findings = parts.findings;
  return out;
}

/** Rows keep only the table's columns: what is stored is what is printed. */
function table(
  id: ReportTableId,
  title: string,
  columns: ReportColumn[],
  rows: ReportRow[],
  keyColumn?: string,
  note?: string,
): ReportTable {
  const out: ReportTable = {
    id,
    title,
    columns,
    rows: rows.map((row) => Object.fromEntries(columns.map((c) => [c.key, row[c.key] ?? null]))),
  };
  if (keyColumn) out.keyColumn = keyColumn;
  if (note) out.note = note;
  return out;
}

const moverRule = (ctx: Ctx) => `上年同期不少于${fmtCount(ctx.minBase)}件、同比变化不小于${fmtPercent(MIN_HIGHLIGHT_CHANGE)}`;
const fmtCount = (n: number) => formatValue(n, count('n', ''));
const fmtChange = (r: number) => formatValue(r, change('r', ''));
const fmtPercent = (r: number) => formatValue(r, percent('r', ''));

function movementText(r: number | null): string | null {
  if (r === null) return null;
  const magnitude = fmtChange(r).replace(/^[+−]/, '');
  return /^0(\.0+)?%$/.test(magnitude) ? `持平` : `${r > 0 ? '增长' : '下降'}${magnitude}`;
}

// 1. Overview ------------------------------------------------------------------------------------------------

const TOTAL_ITEMS: { key: keyof OrderCounts; label: string }[] = [
  { key: 'received', label: '受理总量' },
  { key: 'accepted', label: '受理（有效）量' },
  { key: 'firstContact', label: '直接办结' },
  { key: 'closed', label: '办结' },
  { key: 'merged', label: '并单重复' },
  { key: 'supervised', label: '督办' },
  { key: 'urged', label: '催办' },
  { key: 'reopened', label: '重办' },
];

function overview({ f }: Ctx): ReportSection {
  const { current, previous, lastYear } = f.totals;
  const changeCell = (key: keyof OrderCounts, base: number) =>
    cell(changeRatio(current[key], base), { numerator: current[key], denominator: base, queryKey: `report.totals.${key}` });
  const totals = table(
    'overview-totals',
    '诉求总量',
    [text('item', '指标'), count('value', '本期'), change('mom', '环比'), change('yoy', '同比')],
    TOTAL_ITEMS.map(({ key, label }) => ({
      item: label,
      value: current[key],
      mom: changeCell(key, previous[key]),
      yoy: changeCell(key, lastYear[key]),
    })),
    'item',
  );
  const stateTotal = f.states.reduce((sum, s) => sum + s.count, 0);
  const states = table(
    'overview-states',
    '本期诉求当前办理状态',
    [text('state', '状态'), count('count', '诉求量'), percent('share', '占比')],
    f.states.map((s) => ({ state: s.label, count: s.count, share: ratio(s.count, stateTotal) })),
    'state',
  );
  const charts: ReportChart[] = f.monthly.length
    ? [
        {
          id: 'overview-monthly',
          kind: 'line',
          title: '月度诉求量',
          categories: f.monthly.map((m) => m.label),
          series: [
            { name: f.period.label, values: f.monthly.map((m) => m.current) },
            { name: f.period.samePeriodLastYear.label, values: f.monthly.map((m) => m.lastYear) },
          ],
          yAxisName: '件',
        },
      ]
    : [];
  return section('overview', { paragraphs: [overviewSummary(f)], tables: [totals, states], charts });
}

function overviewSummary(f: ReportFigures): string {
  const { current, previous, lastYear } = f.totals;
  if (current.received === 0) return `${periodLabel(f.period)}，${f.scope.name}12345热线未受理群众诉求。`;
  const trend: string[] = [];
  const yoy = movementText(changeRatio(current.received, lastYear.received));
  if (yoy) trend.push(`同比${yoy}`);
  const mom = movementText(changeRatio(current.received, previous.received));
  if (mom && !comparesSameRange(f.period)) trend.push(`环比${mom}`);
  return (
    `${periodLabel(f.period)}，${f.scope.name}12345热线共受理群众诉求${fmtCount(current.received)}件${trend.length ? `，${trend.join('，')}` : ''}；` +
    `其中受理（有效）${fmtCount(current.accepted)}件，直接办结${fmtCount(current.firstContact)}件，办结${fmtCount(current.closed)}件，` +
    `并单重复${fmtCount(current.merged)}件。`
  );
}

// 2–3. Channels, hotlines, appeal types ------------------------------------------------------------------------

function dimensionRows(rows: readonly DimensionRow[], labelKey: string, total: number, marks?: Map<number, CellHighlight>): ReportRow[] {
  return rows.map((r, i) => ({
    [labelKey]: r.label,
    current: r.current,
    lastYear: r.lastYear,
    share: ratio(r.current, total),
    mom: changeRatio(r.current, r.previous),
    yoy: cell(changeRatio(r.current, r.lastYear), undefined, marks?.get(i)),
  }));
}

const moversOf = (rows: readonly DimensionRow[], ctx: Ctx) =>
  highlights(
    pickMovers(
      rows.map((r) => ({ change: changeRatio(r.current, r.lastYear), base: r.lastYear })),
      ctx.minBase,
      ctx.highlightCount,
    ),
  );

function channels(ctx: Ctx): ReportSection {
  const rows = byCurrent(ctx.f.channels);
  const channelTable = table(
    'channels',
    '受理渠道',
    [text('channel', '渠道'), count('current', '本期'), percent('share', '占比'), change('mom', '环比'), change('yoy', '同比')],
    dimensionRows(rows, 'channel', ctx.received, moversOf(rows, ctx)),
    'channel',
  );
  const hotlineRows = byCurrent(ctx.f.hotlines);
  const phoneTotal = hotlineRows.reduce((sum, r) => sum + r.current, 0);
  const hotlineTable = table(
    'hotlines',
    '各热线号码来电诉求',
    [text('hotline', '热线'), count('current', '本期'), percent('share', '占来电诉求'), change('mom', '环比'), change('yoy', '同比')],
    dimensionRows(hotlineRows, 'hotline', phoneTotal),
    'hotline',
  );
  return section('channels', { tables: [channelTable, hotlineTable], charts: sharePie('channels-share', '受理渠道占比', rows) });
}

function appealTypes(ctx: Ctx): ReportSection {
  const rows = byCurrent(ctx.f.appealTypes);
  const types = table(
    'appeal-types',
    '诉求类型',
    [text('type', '类型'), count('current', '本期'), count('lastYear', '上年同期'), percent('share', '占比'), change('yoy', '同比')],
    dimensionRows(rows, 'type', ctx.received),
    'type',
  );
  return section('appealTypes', { tables: [types], charts: sharePie('appeal-types-share', '诉求类型占比', rows) });
}

/** A pie of this period's orders by row; none when the period has no orders. */
function sharePie(id: string, title: string, rows: readonly DimensionRow[]): ReportChart[] {
  return rows.some((r) => r.current > 0)
    ? [{ id, kind: 'pie', title, slices: rows.map((r) => ({ name: r.label, value: r.current })) }]
    : [];
}

// 4. Categories ----------------------------------------------------------------------------------------------

const LEVEL_NAMES = { 1: '一级', 2: '二级', 3: '三级' } as const;

function categoryColumns(level: 1 | 2 | 3): ReportColumn[] {
  return [
    RANK,
    text('name', `${LEVEL_NAMES[level]}分类`),
    ...(level > 1 ? [text('parent', '所属一级分类')] : []),
    count('current', '本期'),
    count('lastYear', '上年同期'),
    percent('share', '占比'),
    change('yoy', '同比'),
  ];
}

function categoryTable(ctx: Ctx, level: 1 | 2 | 3): { table: ReportTable; top: CategoryRow[] } {
  const top = byCurrent(ctx.f.categories.filter((c) => c.level === level)).slice(0, ctx.topN);
  const marks = moversOf(top, ctx);
  const rankOf = ranks(top.map((c) => c.current));
  const rows = top.map((c, i) => ({
    rank: rankOf[i],
    name: c.label,
    ...(level > 1 ? { parent: c.parentLabel ?? '' } : {}),
    current: c.current,
    lastYear: c.lastYear,
    share: ratio(c.current, ctx.received),
    yoy: cell(
      changeRatio(c.current, c.lastYear),
      { numerator: c.current, denominator: c.lastYear, queryKey: 'report.categories.received' },
      marks.get(i),
    ),
  }));
  const title = `${LEVEL_NAMES[level]}分类诉求量前${Math.max(top.length, 1)}位`;
  const note = ctx.highlightCount
    ? `标示的上升、下降：${moverRule(ctx)}的分类中同比变化最大的，各至多${ctx.highlightCount}项。`
    : undefined;
  return { table: table(`categories-l${level}`, title, categoryColumns(level), rows, 'name', note), top };
}

function categories(ctx: Ctx): ReportSection {
  const levels = ([1, 2, 3] as const).map((level) => categoryTable(ctx, level));
  const leaves = ctx.f.categories.filter((c) => c.level === 3);
  const movers = pickMovers(
    leaves.map((c) => ({ change: changeRatio(c.current, c.lastYear), base: c.lastYear })),
    ctx.minBase,
    ctx.highlightCount,
  );
  const changeRow = (c: CategoryRow, mark: CellHighlight) => ({
    trend: mark === 'rise' ? '上升' : '下降',
    name: c.label,
    parent: c.parentLabel ?? '',
    current: c.current,
    lastYear: c.lastYear,
    yoy: cell(
      changeRatio(c.current, c.lastYear),
      { numerator: c.current, denominator: c.lastYear, queryKey: 'report.categories.received' },
      mark,
    ),
  });
  const changes = table(
    'category-changes',
    '三级分类同比变化最大的诉求',
    [
      text('trend', '变化'),
      text('name', '三级分类'),
      text('parent', '所属一级分类'),
      count('current', '本期'),
      count('lastYear', '上年同期'),
      change('yoy', '同比'),
    ],
    [...movers.rises.map((i) => changeRow(leaves[i], 'rise')), ...movers.drops.map((i) => changeRow(leaves[i], 'drop'))],
    'name',
    `仅列${moverRule(ctx)}的三级分类。`,
  );
  const top1 = levels[0].top;
  const charts: ReportChart[] = top1.length
    ? [
        {
          id: 'categories-l1-top',
          kind: 'bar',
          title: `一级分类诉求量前${top1.length}位`,
          horizontal: true,
          categories: top1.map((c) => c.label),
          series: [
            { name: ctx.f.period.label, values: top1.map((c) => c.current) },
            { name: ctx.f.period.samePeriodLastYear.label, values: top1.map((c) => c.lastYear) },
          ],
          yAxisName: '件',
        },
      ]
    : [];
  return section('categories', { tables: [...levels.map((l) => l.table), changes], charts });
}

// 5. Districts and streets -------------------------------------------------------------------------------------

function districts(ctx: Ctx): ReportSection {
  const { f } = ctx;
  const rows = byCurrent(f.districts);
  const districtTable = table(
    'districts',
    '各区诉求量',
    [text('district', '区'), count('current', '本期'), count('lastYear', '上年同期'), percent('share', '占比'), change('yoy', '同比')],
    dimensionRows(rows, 'district', ctx.received, moversOf(rows, ctx)),
    'district',
  );
  const streets = byCurrent(f.streets).slice(0, ctx.topN);
  const streetRanks = ranks(streets.map((s) => s.current));
  const streetTable = table(
    'streets',
    `诉求量前${Math.max(streets.length, 1)}位的街道（乡镇）`,
    [
      RANK,
      text('street', '街道（乡镇）'),
      text('district', '所属区'),
      count('current', '本期'),
      percent('share', '占比'),
      change('yoy', '同比'),
    ],
    streets.map((s, i) => ({
      rank: streetRanks[i],
      street: s.label,
      district: s.district,
      current: s.current,
      share: ratio(s.current, ctx.received),
      yoy: changeRatio(s.current, s.lastYear),
    })),
    'street',
  );
  const heat = f.districtMonths;
  const monthLabel = new Map(f.monthly.map((m) => [m.month, m.label]));
  const charts: ReportChart[] =
    heat.districts.length && heat.months.length
      ? [
          {
            id: 'districts-heat',
            kind: 'heat',
            title: '各区月度诉求量',
            xCategories: heat.months.map((m) => monthLabel.get(m) ?? m),
            yCategories: [...heat.districts],
            values: heat.districts.map((_, y) => heat.months.map((_m, x) => finiteOrNull(heat.values[y]?.[x]))),
          },
        ]
      : [];
  return section('districts', { tables: [districtTable, streetTable], charts });
}

function finiteOrNull(v: number | null | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

// 6. Units -----------------------------------------------------------------------------------------------------

type UnitRateKey = 'onTimeCompletionRate' | 'satisfactionRate' | 'responseRate' | 'resolutionRate';

const UNIT_RATES: { key: UnitRateKey; column: string; label: string }[] = [
  { key: 'onTimeCompletionRate', column: 'onTime', label: '按时办结率' },
  { key: 'satisfactionRate', column: 'satisfaction', label: '满意率' },
  { key: 'responseRate', column: 'response', label: '响应率' },
  { key: 'resolutionRate', column: 'resolution', label: '解决率' },
];

const unitMisses = (u: UnitLeagueRow, key: UnitRateKey | 'threeRateScore') => u[key].belowTarget === true || u.belowTarget.includes(key);
const unitMissesAny = (u: UnitLeagueRow) =>
  u.belowTarget.length > 0 || UNIT_RATES.some((r) => unitMisses(u, r.key)) || unitMisses(u, 'threeRateScore');

function rateCell(rate: RateFigure, key: string, below: boolean): ReportCell {
  const trace: FigureTrace = { queryKey: `kpi.${key}` };
  if (rate.denominator > 0) Object.assign(trace, { numerator: rate.numerator, denominator: rate.denominator });
  if (rate.target !== undefined) trace.note = key === 'threeRateScore' ? `目标 ${rate.target} 分` : `目标 ${fmtPercent(rate.target)}`;
  return cell(rate.value, trace, below ? 'belowTarget' : undefined);
}

const descNullsLast = (a: number | null, b: number | null) => (a === null ? (b === null ? 0 : 1) : b === null ? -1 : b - a);

/** Best first: the three-rate score, then on-time completion; units without a score go last. */
export function sortUnits(units: readonly UnitLeagueRow[]): UnitLeagueRow[] {
  return [...units].sort(
    (a, b) =>
      descNullsLast(a.threeRateScore.value, b.threeRateScore.value) ||
      descNullsLast(a.onTimeCompletionRate.value, b.onTimeCompletionRate.value) ||
      b.received - a.received ||
      a.unitId - b.unitId,
  );
}

function units(ctx: Ctx): ReportSection {
  const sorted = sortUnits(ctx.f.units);
  let rank = 0;
  const rows = sorted.map((u, i) => {
    const prev = sorted[i - 1];
    if (!prev || prev.threeRateScore.value !== u.threeRateScore.value || prev.onTimeCompletionRate.value !== u.onTimeCompletionRate.value)
      rank = i + 1;
    const row: ReportRow = { rank: u.threeRateScore.value === null ? null : rank, unit: u.unit, received: u.received };
    for (const r of UNIT_RATES) row[r.column] = rateCell(u[r.key], r.key, unitMisses(u, r.key));
    row.score = rateCell(u.threeRateScore, 'threeRateScore', unitMisses(u, 'threeRateScore'));
    return row;
  });
  const league = table(
    'units',
    '承办单位排行',
    [
      RANK,
      text('unit', '承办单位'),
      count('received', '承办量'),
      ...UNIT_RATES.map((r) => percent(r.column, r.label)),
      { key: 'score', header: '三率综合得分', format: 'decimal', digits: 2 } satisfies ReportColumn,
    ],
    rows,
    'unit',
    '按三率综合得分排序，得分相同按按时办结率；标示“未达标”的指标低于考核目标。',
  );
  const summary = table(
    'units-summary',
    '承办单位考核指标汇总',
    [text('item', '指标'), percent('target', '目标值'), percent('overall', '承办单位合计'), count('below', '未达标单位数', '个')],
    [
      ...UNIT_RATES.map((r) => {
        const numerator = sorted.reduce((s, u) => s + u[r.key].numerator, 0);
        const denominator = sorted.reduce((s, u) => s + u[r.key].denominator, 0);
        const target = sorted.find((u) => u[r.key].target !== undefined)?.[r.key].target ?? null;
        const overall = ratio(numerator, denominator);
        const trace: FigureTrace = { numerator, denominator, queryKey: `kpi.${r.key}`, note: '各承办单位分子、分母合计' };
        return {
          item: r.label,
          target,
          overall: cell(overall, trace, target !== null && overall !== null && overall < target ? 'belowTarget' : undefined),
          below: sorted.filter((u) => unitMisses(u, r.key)).length,
        };
      }),
      { item: '任一指标未达标', target: null, overall: null, below: sorted.filter(unitMissesAny).length },
    ],
    'item',
    '承办单位合计为各单位分子、分母之和，不等同于总体指标。',
  );
  const below = sorted.filter(unitMissesAny);
  const paragraphs = sorted.length
    ? [
        `本期共${fmtCount(sorted.length)}个承办单位参与排行，` +
          (below.length
            ? `其中${fmtCount(below.length)}个单位至少一项考核指标未达目标：${below
                .slice(0, ctx.topN)
                .map((u) => u.unit)
                .join('、')}${below.length > ctx.topN ? '等' : ''}。`
            : '各单位考核指标均达到目标。'),
      ]
    : [];
  return section('units', { paragraphs, tables: sorted.length ? [league, summary] : [] });
}

// 7. Repeat and supervised -------------------------------------------------------------------------------------

function repeatSupervised(ctx: Ctx): ReportSection {
  const { repeat } = ctx.f;
  const items = [
    { label: '并单重复', figures: repeat.merged, rateKey: 'kpi.repeatRate' },
    { label: '重办', figures: repeat.reopened },
    { label: '督办', figures: repeat.supervised },
    { label: '催办', figures: repeat.urged },
  ];
  const repeatTable = table(
    'repeat',
    '重复诉求与督办催办',
    [text('item', '指标'), count('current', '本期'), count('lastYear', '上年同期'), change('yoy', '同比'), percent('rate', '占受理总量')],
    items.map(({ label, figures, rateKey }) => ({
      item: label,
      current: figures.current,
      lastYear: figures.lastYear,
      yoy: changeRatio(figures.current, figures.lastYear),
      rate: cell(
        ratio(figures.current, ctx.received),
        rateKey ? { numerator: figures.current, denominator: ctx.received, queryKey: rateKey } : undefined,
      ),
    })),
    'item',
  );
  const top = [...repeat.topRepeatedCategories].sort((a, b) => b.merged - a.merged || b.received - a.received).slice(0, ctx.topN);
  const topRanks = ranks(top.map((c) => c.merged));
  const categoriesTable = table(
    'repeat-categories',
    `重复诉求最多的分类（前${Math.max(top.length, 1)}位）`,
    [RANK, text('category', '分类'), count('merged', '重复诉求'), count('received', '诉求量'), percent('rate', '重复率')],
    top.map((c, i) => ({
      rank: topRanks[i],
      category: c.label,
      merged: c.merged,
      received: c.received,
      rate: ratio(c.merged, c.received),
    })),
    'category',
  );
  const nothing = items.every((i) => i.figures.current === 0 && i.figures.lastYear === 0) && !top.length;
  return section('repeatSupervised', { tables: nothing ? [] : [repeatTable, categoriesTable] });
}

// 8. Typical cases ---------------------------------------------------------------------------------------------

/** The suggested cases as they come (personal data already removed by the figures), one per order. */
export function defaultCases(f: ReportFigures): TypicalCase[] {
  const seen = new Set<string>();
  return f.caseSuggestions
    .filter((s) => !seen.has(s.ticketId) && !!seen.add(s.ticketId))
    .map((s) => ({ title: s.title, category: s.category, district: s.district, paragraphs: [...s.paragraphs] }));
}

// 9. Hotline operations ----------------------------------------------------------------------------------------

function hotlineOperations(ctx: Ctx): ReportSection {
  const h = ctx.f.hotline;
  const callRate = (rate: RateFigure, key: string) => rateCell(rate, key, rate.belowTarget === true);
  const ops = table(
    'hotline-ops',
    '热线运行情况',
    [
      text('period', '统计周期'),
      count('offered', '呼入量', '次'),
      count('answered', '接听量', '次'),
      percent('connectionRate', '接通率'),
      percent('answer15Rate', '15秒应答率'),
      SECONDS,
      count('agents', '在岗坐席', '人'),
    ],
    [
      {
        period: ctx.f.period.label,
        offered: h.offered,
        answered: h.answered,
        connectionRate: callRate(h.connectionRate, 'connectionRate'),
        answer15Rate: callRate(h.answer15Rate, 'answer15Rate'),
        avgWait: finiteOrNull(h.avgWaitSeconds),
        agents: h.agents,
      },
    ],
    'period',
  );
  const lines = table(
    'hotline-lines',
    '各热线号码运行情况',
    [
      text('number', '号码'),
      text('name', '名称'),
      count('offered', '呼入量', '次'),
      count('answered', '接听量', '次'),
      percent('connectionRate', '接通率'),
      percent('answer15Rate', '15秒应答率'),
      SECONDS,
    ],
    [...h.byHotline]
      .sort((a, b) => b.offered - a.offered || a.hotlineId - b.hotlineId)
      .map((l) => ({
        number: l.number,
        name: l.name,
        offered: l.offered,
        answered: l.answered,
        connectionRate: finiteOrNull(l.connectionRate),
        answer15Rate: finiteOrNull(l.answer15Rate),
        avgWait: finiteOrNull(l.avgWaitSeconds),
      })),
    'number',
  );
  const noCalls = h.offered === 0 && !h.byHotline.length;
  return section('hotlineOperations', { tables: noCalls ? [] : [ops, lines] });
}

// 10. Keywords -------------------------------------------------------------------------------------------------

function keywords(ctx: Ctx): ReportSection {
  const sorted = [...ctx.f.keywords].sort((a, b) => b.current - a.current || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0));
  const movers = pickMovers(
    sorted.map((k) => ({ change: finiteOrNull(k.change), base: k.lastYear })),
    ctx.minBase,
    ctx.highlightCount,
  );
  const marks = highlights(movers);
  const terms = table(
    'keywords',
    '热词变化',
    [
      text('term', '热词'),
      count('current', '本期'),
      count('lastYear', '上年同期'),
      { key: 'currentPer10k', header: '本期每万件', format: 'decimal', digits: 1 },
      { key: 'lastYearPer10k', header: '上年同期每万件', format: 'decimal', digits: 1 },
      change('change', '同比'),
    ],
    sorted.map((k, i) => ({
      term: k.term,
      current: k.current,
      lastYear: k.lastYear,
      currentPer10k: finiteOrNull(k.currentPer10k),
      lastYearPer10k: finiteOrNull(k.lastYearPer10k),
      change: cell(finiteOrNull(k.change), undefined, marks.get(i)),
    })),
    'term',
    `同比按每万件诉求中的提及数计算；标示的上升、下降限于${moverRule(ctx)}的热词。`,
  );
  const rises = pickMovers(
    sorted.map((k) => ({ change: finiteOrNull(k.change), base: k.lastYear })),
    ctx.minBase,
    ctx.topN,
  ).rises.map((i) => sorted[i]);
  const charts: ReportChart[] = rises.length
    ? [
        {
          id: 'keywords-rises',
          kind: 'bar',
          title: '上升最快的热词（同比，%）',
          horizontal: true,
          categories: rises.map((k) => k.term),
          series: [{ name: '同比变化', values: rises.map((k) => Math.round((k.change ?? 0) * 1000) / 10) }],
          yAxisName: '%',
        },
      ]
    : [];
  return section('keywords', { tables: [terms], charts });
}

// The model ----------------------------------------------------------------------------------------------------

/**
 * The report's rendering model from its figures: pure (no clock, no database), so the same figures and
 * edits always give the same model. Managers' findings and cases, when given, replace the generated ones.
 */
export function buildReportModel(f: ReportFigures, edits: ReportEdits = {}, opts: BuildOptions = {}): ReportModel {
  const ctx: Ctx = {
    f,
    topN: Math.max(1, Math.floor(opts.topN ?? 10)),
    highlightCount: Math.max(0, Math.floor(opts.highlightCount ?? 3)),
    received: f.totals.current.received,
    minBase: Math.max(MIN_BASE_COUNT, Math.ceil(MIN_BASE_SHARE * f.totals.lastYear.received)),
  };
  const cases = edits.cases ?? defaultCases(f);
  const model: ReportModel = {
    title: opts.title ?? `${f.period.label}${f.scope.name}12345热线诉求热点分析报告`,
    scope: f.scope,
    period: f.period,
    generatedAt: f.computedAt,
    sections: [
      overview(ctx),
      channels(ctx),
      appealTypes(ctx),
      categories(ctx),
      districts(ctx),
      units(ctx),
      repeatSupervised(ctx),
      section('typicalCases', { cases }),
      hotlineOperations(ctx),
      keywords(ctx),
    ],
  };
  model.sections.push(section('findings', { findings: edits.findings ?? writeFindings(f, model) }));
  return model;
}
