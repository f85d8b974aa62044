import type { ReportFigures } from '../figures/report-figures';
import { formatValue } from '../render/format';
import { cellAnchor, renderHtml } from '../render/html';
import {
  REPORT_SECTION_KEYS,
  ReportModel,
  ReportSectionKey,
  ReportTable,
  resolveFigureRef,
  toCell,
  validateReportModel,
} from '../render/report-model';
import { NO_DATA, buildReportModel, changeRatio, defaultCases } from './build-report-model';
import { emptyReportFigures, rate, reportFiguresFixture } from './figures.fixture';
import { writeFindings } from './findings';

function sectionOf(model: ReportModel, key: ReportSectionKey) {
  const section = model.sections.find((s) => s.key === key);
  if (!section) throw new Error(`no section ${key}`);
  return section;
}

function tableOf(model: ReportModel, id: string): ReportTable {
  const table = model.sections.flatMap((s) => s.tables ?? []).find((t) => t.id === id);
  if (!table) throw new Error(`no table ${id}`);
  return table;
}

const column = (table: ReportTable, key: string) => table.rows.map((r) => toCell(r[key]).value);
const highlighted = (table: ReportTable, key: string, label: string, mark: 'rise' | 'drop' | 'belowTarget') =>
  table.rows.filter((r) => toCell(r[key]).highlight === mark).map((r) => toCell(r[label]).value);

/** Every number anywhere in the model, so none can be NaN or Infinity however it is printed. */
function numbers(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (Array.isArray(value)) return value.flatMap(numbers);
  if (value && typeof value === 'object') return Object.values(value).flatMap(numbers);
  return [];
}

function findings(model: ReportModel) {
  return sectionOf(model, 'findings').findings ?? [];
}

describe('changeRatio', () => {
  it('is (current − base) / base, and null without a base', () => {
    expect(changeRatio(110, 100)).toBeCloseTo(0.1);
    expect(changeRatio(1200, 5455)).toBeCloseTo(-0.78, 4);
    expect(changeRatio(0, 10)).toBe(-1);
    expect(changeRatio(5, 0)).toBeNull();
    expect(changeRatio(0, 0)).toBeNull();
    expect(changeRatio(Number.NaN, 10)).toBeNull();
  });
});

describe('buildReportModel', () => {
  const figures = reportFiguresFixture();
  const model = buildReportModel(figures);

  it('builds a sound model: 11 sections in order, stable ASCII ids, plain JSON, no NaN', () => {
    expect(validateReportModel(model)).toEqual([]);
    expect(model.sections.map((s) => s.key)).toEqual([...REPORT_SECTION_KEYS]);
    expect(model.title).toBe('2024年某市12345热线诉求热点分析报告');
    expect(model.generatedAt).toBe(figures.computedAt);
    expect(JSON.parse(JSON.stringify(model))).toEqual(model);
    expect(numbers(model).every(Number.isFinite)).toBe(true);
    expect(JSON.stringify(model)).not.toMatch(/NaN|Infinity|undefined/);
    expect(model.sections.flatMap((s) => s.tables ?? []).map((t) => t.id)).toEqual([
      'overview-totals',
      'overview-states',
      'channels',
      'hotlines',
      'appeal-types',
      'categories-l1',
      'categories-l2',
      'categories-l3',
      'category-changes',
      'districts',
      'streets',
      'units',
      'units-summary',
      'repeat',
      'repeat-categories',
      'hotline-ops',
      'hotline-lines',
      'keywords',
    ]);
  });

  it('takes the title from the options and does not touch the figures', () => {
    const before = JSON.stringify(figures);
    expect(buildReportModel(figures, {}, { title: '年度报告' }).title).toBe('年度报告');
    expect(JSON.stringify(figures)).toBe(before);
  });

  it('traces every overview change to its counts and query key; a zero base gives no change', () => {
    const totals = tableOf(model, 'overview-totals');
    expect(column(totals, 'item')).toEqual(['受理总量', '受理（有效）量', '直接办结', '办结', '并单重复', '督办', '催办', '重办']);
    const received = toCell(totals.rows[0].yoy);
    expect(received.value).toBeCloseTo(0.052, 3);
    expect(received.trace).toEqual({ numerator: 1_234_567, denominator: 1_173_543, queryKey: 'report.totals.received' });
    expect(toCell(totals.rows[0].mom).trace?.queryKey).toBe('report.totals.received');
    const reopened = totals.rows[7];
    expect(toCell(reopened.yoy).value).toBeNull();
    expect(toCell(reopened.yoy).trace).toEqual({ numerator: 9_840, denominator: 0, queryKey: 'report.totals.reopened' });
    expect(sectionOf(model, 'overview').paragraphs?.[0]).toContain('共受理群众诉求1,234,567件，同比增长5.2%');
  });

  it('ranks categories largest first and cuts at top N', () => {
    const l1 = tableOf(model, 'categories-l1');
    expect(l1.rows).toHaveLength(10);
    expect(column(l1, 'name')[0]).toBe('城乡建设');
    expect(column(l1, 'name')).not.toContain('水电气热');
    const counts = column(l1, 'current') as number[];
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(column(tableOf(model, 'categories-l2'), 'rank')).toEqual([1, 2, 2, 4, 4, 4, 7, 8, 8, 10]);
    expect(l1.columns.map((c) => c.key)).not.toContain('parent');
    expect(column(tableOf(model, 'categories-l3'), 'parent')[0]).toBe('市场监管');
    expect(tableOf(buildReportModel(figures, {}, { topN: 3 }), 'categories-l3').rows).toHaveLength(3);
  });

  it('highlights the biggest rises and drops with a meaningful base, nothing else', () => {
    const l1 = tableOf(model, 'categories-l1');
    expect(highlighted(l1, 'yoy', 'name', 'rise')).toEqual(['市场监管', '劳动社保', '卫生健康']);
    // 公共安全 −3.1% and 住房保障 −2.8% are too small to flag.
    expect(highlighted(l1, 'yoy', 'name', 'drop')).toEqual(['城乡建设']);

    const changes = tableOf(model, 'category-changes');
    expect(column(changes, 'name')).toEqual(['预付卡退费', '电动自行车充电', '网约车计价', '违法建设', '道路积水', '夜间施工']);
    expect(highlighted(changes, 'yoy', 'name', 'rise')).toEqual(['预付卡退费', '电动自行车充电', '网约车计价']);
    expect(highlighted(changes, 'yoy', 'name', 'drop')).toEqual(['违法建设', '道路积水', '夜间施工']);
    // +1900% on 20 orders, +80% on 500 (under 5 in 10,000 of 1.17 million), and a category new this year.
    expect(column(changes, 'name')).not.toContain('共享单车停放');
    expect(column(changes, 'name')).not.toContain('宠物扰民');
    expect(column(changes, 'name')).not.toContain('低空飞行器扰民');

    const keywords = tableOf(model, 'keywords');
    expect(highlighted(keywords, 'change', 'term', 'rise')).toEqual(['噪音', '预付卡', '电动自行车']);
    expect(highlighted(keywords, 'change', 'term', 'drop')).toEqual(['积水', '违建']);

    const one = buildReportModel(figures, {}, { highlightCount: 1 });
    expect(column(tableOf(one, 'category-changes'), 'name')).toEqual(['预付卡退费', '违法建设']);
    expect(highlighted(tableOf(one, 'categories-l1'), 'yoy', 'name', 'rise')).toEqual(['卫生健康']);
  });

  it('gives a share of the total and a change against last year', () => {
    const channels = tableOf(model, 'channels');
    expect(column(channels, 'channel')[0]).toBe('电话');
    expect(toCell(channels.rows[0].share).value).toBeCloseTo(780_000 / 1_234_567);
    const miniapp = channels.rows.find((r) => r.channel === '小程序')!;
    expect(toCell(miniapp.yoy).value).toBeNull();
    expect(toCell(miniapp.yoy).highlight).toBeUndefined();
    const pie = sectionOf(model, 'channels').charts?.[0];
    expect(pie?.kind === 'pie' && pie.slices.reduce((s, x) => s + x.value, 0)).toBe(1_234_567);
  });

  it('draws the monthly trend and the district × month heat table', () => {
    const [line] = sectionOf(model, 'overview').charts ?? [];
    expect(line.kind === 'line' && line.series.map((s) => [s.name, s.values.length])).toEqual([
      ['2024年', 12],
      ['2023年', 12],
    ]);
    const [heat] = sectionOf(model, 'districts').charts ?? [];
    expect(heat.kind).toBe('heat');
    if (heat.kind !== 'heat') return;
    expect(heat.xCategories[0]).toBe('1月');
    expect(heat.yCategories).toEqual(['甲区', '乙区', '丙区', '丁区', '戊区']);
    expect(heat.values.map((r) => r.length)).toEqual([12, 12, 12, 12, 12]);
    expect(column(tableOf(model, 'streets'), 'street').slice(0, 2)).toEqual(['新城镇', '朝阳街道']);
  });

  it('ranks units by three-rate score, then on-time completion, and flags rates below target', () => {
    const units = tableOf(model, 'units');
    expect(column(units, 'unit')).toEqual(['市住建委', '甲区政府', '市交通委', '市市场监管局', '乙区政府', '市教委']);
    expect(column(units, 'rank')).toEqual([1, 2, 3, 4, 5, null]);
    expect(highlighted(units, 'onTime', 'unit', 'belowTarget')).toEqual(['市市场监管局', '乙区政府']);
    expect(highlighted(units, 'satisfaction', 'unit', 'belowTarget')).toEqual(['市市场监管局', '乙区政府']);
    expect(highlighted(units, 'response', 'unit', 'belowTarget')).toEqual([]);
    expect(toCell(units.rows[0].onTime).trace).toMatchObject({
      numerator: 206_220,
      denominator: 210_000,
      queryKey: 'kpi.onTimeCompletionRate',
    });
    expect(toCell(units.rows[0].score).trace?.queryKey).toBe('kpi.threeRateScore');
    expect(sectionOf(model, 'units').paragraphs?.[0]).toContain('其中2个单位至少一项考核指标未达目标：市市场监管局、乙区政府');
    const summary = tableOf(model, 'units-summary');
    expect(column(summary, 'below')).toEqual([2, 2, 0, 0, 2]);
    expect(toCell(summary.rows[1].overall).highlight).toBe('belowTarget');
  });

  it('writes findings whose numbers are the ones printed in the cells they point at', () => {
    const list = findings(model);
    expect(list.length).toBeGreaterThanOrEqual(12);
    for (const finding of list) {
      const hit = resolveFigureRef(model, finding.figureRef!);
      expect(hit).toBeDefined();
      const col = hit!.table.columns.find((c) => c.key === finding.figureRef!.column)!;
      const value = hit!.cell.value as number;
      expect(typeof value).toBe('number');
      const printed = formatValue(value, col);
      // A change is written as 增长/上升/下降 and the magnitude, the sign being in the words.
      expect(finding.text).toContain(col.format === 'change' ? printed.replace(/^[+−]/, '') : printed);
      if (col.format === 'change') expect(finding.text).toMatch(value > 0 ? /增长|上升/ : /下降/);
      expect(finding.text).not.toMatch(/NaN|Infinity|undefined|null/);
    }
    const texts = list.map((f) => f.text);
    expect(texts[0]).toBe('2024年，某市12345热线共受理群众诉求1,234,567件，同比增长5.2%。');
    expect(texts).toContain('城乡建设类诉求最多，共220,000件，占受理总量的17.8%。');
    expect(texts).toContain('城乡建设中的违法建设类诉求同比下降78.0%，由5,455件降至1,200件。');
    expect(texts).toContain('通过政务服务APP渠道受理的诉求同比增长58.3%，是变化最大的受理渠道。');
    expect(texts).toContain('2个承办单位至少一项考核指标未达目标，需重点督促。');
    expect(texts).toContain('承办单位合计满意率为97.8%，低于98.0%的目标。');
    expect(texts).toContain('热线接通率为97.7%，低于98.0%的目标。');
    expect(texts.some((t) => t.startsWith('重复诉求（并单）38,420件，占受理总量的3.1%'))).toBe(true);
    expect(texts.some((t) => t.includes('热词“预付卡”'))).toBe(true);
    // A year report: the period before is last year, 环比 would repeat 同比.
    expect(texts.some((t) => t.includes('上一周期'))).toBe(false);

    const illegal = list.find((f) => f.text.includes('违法建设'))!;
    expect(illegal.figureRef).toEqual({ tableId: 'category-changes', row: '违法建设', column: 'yoy' });
  });

  it('writes no finding from a change without a base', () => {
    const texts = findings(model).map((f) => f.text);
    for (const noBase of ['低空飞行', '小程序', '重办', '无人机', '共享单车']) expect(texts.join()).not.toContain(noBase);

    const noHistory = reportFiguresFixture();
    noHistory.totals.lastYear = { ...noHistory.totals.lastYear, received: 0 };
    const built = buildReportModel(noHistory);
    expect(validateReportModel(built)).toEqual([]);
    const total = findings(built)[0];
    expect(total.text).toBe('2024年，某市12345热线共受理群众诉求1,234,567件。');
    expect(total.figureRef).toEqual({ tableId: 'overview-totals', row: '受理总量', column: 'value' });
  });

  it('states the connection rate alone when no target is configured, rather than inventing one', () => {
    const noTarget = reportFiguresFixture();
    noTarget.hotline.connectionRate = rate(996_540, 1_020_000);
    const texts = findings(buildReportModel(noTarget)).map((f) => f.text);
    expect(texts).toContain('热线接通率为97.7%。');
    expect(texts.join()).not.toContain('接通率为97.7%，');
  });

  it('names a row by its index when its label is not unique in the table', () => {
    const figures2 = reportFiguresFixture();
    // Both level-3 其他 (under 城乡建设 and 市场监管) become the biggest rises.
    const grown: Record<string, number> = { c10199: 90_000, c20199: 60_000 };
    figures2.categories = figures2.categories.map((c) => (grown[c.key] ? { ...c, current: grown[c.key] } : c));
    const built = buildReportModel(figures2);
    const refs = findings(built)
      .filter((f) => f.text.includes('中的其他类诉求'))
      .map((f) => f.figureRef);
    expect(refs).toEqual([
      { tableId: 'category-changes', row: 0, column: 'yoy' },
      { tableId: 'category-changes', row: 1, column: 'yoy' },
    ]);
    expect(validateReportModel(built)).toEqual([]);
  });

  it('writes 环比 when the period before is not last year', () => {
    const month = reportFiguresFixture();
    month.period = {
      ...month.period,
      kind: 'month',
      label: '2024年12月',
      previous: { label: '2024年11月', from: '2024-11-01', to: '2024-12-01' },
      samePeriodLastYear: { label: '2023年12月', from: '2023-12-01', to: '2024-01-01' },
    };
    month.totals.previous = { ...month.totals.previous, received: 1_300_000 };
    const built = buildReportModel(month);
    const mom = findings(built).find((f) => f.text.includes('上一周期'));
    expect(mom?.text).toBe('与上一周期（2024年11月）相比，受理总量下降5.0%。');
    expect(mom?.figureRef).toEqual({ tableId: 'overview-totals', row: '受理总量', column: 'mom' });
    expect(sectionOf(built, 'overview').paragraphs?.[0]).toContain('环比下降5.0%');
  });

  it('says a period still running is counted only to its date, in the summary, the findings and under the title', () => {
    const running = reportFiguresFixture();
    running.period = { ...running.period, through: '2024-11-22' };
    const built = buildReportModel(running);
    expect(sectionOf(built, 'overview').paragraphs?.[0]).toMatch(/^2024年（截至2024-11-22），/);
    expect(findings(built)[0].text).toMatch(/^2024年（截至2024-11-22），.*同比/);
    expect(renderHtml(built)).toContain('数据截至：2024-11-22（本期尚未结束');
    // A finished period says none of it.
    expect(renderHtml(model)).not.toContain('截至');
  });

  it('keeps the managers’ findings and cases when given', () => {
    const edits = {
      findings: [
        { text: '建议加强夜间施工管理。' },
        { text: '违法建设类诉求大幅下降。', figureRef: { tableId: 'category-changes', row: '违法建设', column: 'yoy' } },
      ],
      cases: [{ title: '老旧小区加装电梯', paragraphs: ['经协调，电梯已开工。'] }],
    };
    const edited = buildReportModel(figures, edits);
    expect(sectionOf(edited, 'findings').findings).toEqual(edits.findings);
    expect(sectionOf(edited, 'typicalCases').cases).toEqual(edits.cases);
    expect(validateReportModel(edited)).toEqual([]);
    expect(sectionOf(buildReportModel(figures, { cases: [] }), 'typicalCases').paragraphs).toEqual([NO_DATA]);
  });

  it('suggests the cases from the figures, one per order', () => {
    const cases = defaultCases(figures);
    expect(cases.map((c) => c.title)).toEqual(['某小区周边工地夜间施工扰民', '健身机构闭店预付卡无法退费']);
    expect(cases[0]).toEqual({
      title: '某小区周边工地夜间施工扰民',
      category: '夜间施工',
      district: '甲区',
      paragraphs: figures.caseSuggestions[0].paragraphs,
    });
    expect(sectionOf(model, 'typicalCases').cases).toEqual(cases);
  });

  it('renders to HTML with every finding linked to its cell', () => {
    const html = renderHtml(model);
    expect(html).not.toContain('依据缺失');
    // Each finding links to its cell, and that cell carries the anchor.
    for (const f of findings(model)) {
      const hit = resolveFigureRef(model, f.figureRef!)!;
      const anchor = cellAnchor(hit.table.id, hit.rowIndex, f.figureRef!.column);
      expect(html).toContain(`href="#${anchor}"`);
      expect(html).toContain(`id="${anchor}"`);
    }
    expect(html).not.toMatch(/NaN|Infinity/);
    expect(html).toContain('id="table-category-changes"');
  });
});

describe('buildReportModel on an empty scope', () => {
  const empty: ReportFigures = emptyReportFigures();
  const model = buildReportModel(empty);

  it('is sound, says there is no data, and writes no findings', () => {
    expect(validateReportModel(model)).toEqual([]);
    expect(model.title).toBe('2024年3月某局12345热线诉求热点分析报告');
    expect(numbers(model).every(Number.isFinite)).toBe(true);
    expect(JSON.stringify(model)).not.toMatch(/NaN|Infinity/);
    for (const key of REPORT_SECTION_KEYS.filter((k) => k !== 'overview')) {
      const section = sectionOf(model, key);
      expect(section.paragraphs).toEqual([NO_DATA]);
      expect(section.tables).toBeUndefined();
      expect(section.charts).toBeUndefined();
    }
    expect(column(tableOf(model, 'overview-totals'), 'yoy')).toEqual(Array(8).fill(null));
    expect(writeFindings(empty, model)).toEqual([]);
    expect(renderHtml(model)).toContain(NO_DATA);
  });

  it('drops only the parts without data: a unit scope without calls keeps its categories', () => {
    const unitScope = reportFiguresFixture();
    unitScope.scope = { level: 'unit', id: '14', name: '市住建委' };
    unitScope.hotline = emptyReportFigures().hotline;
    unitScope.hotlines = [];
    unitScope.keywords = [];
    const built = buildReportModel(unitScope);
    expect(validateReportModel(built)).toEqual([]);
    expect(sectionOf(built, 'hotlineOperations').paragraphs).toEqual([NO_DATA]);
    expect(sectionOf(built, 'keywords').paragraphs).toEqual([NO_DATA]);
    expect(sectionOf(built, 'channels').tables?.map((t) => t.id)).toEqual(['channels']);
    expect(findings(built).some((f) => f.text.includes('接通率') || f.text.includes('热词'))).toBe(false);
  });
});
