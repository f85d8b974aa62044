import * as echarts from 'echarts';
import { BarChartSpec, HeatChartSpec, LineChartSpec, PieChartSpec, ReportChart } from './report-model';

/** System fonts only (single quotes: zrender puts the family inside a double-quoted style attribute): the SVG is inlined in a self-contained file and must not fetch a web font. */
export const CHART_FONT_FAMILY =
  "'PingFang SC','Hiragino Sans GB','Microsoft YaHei','Noto Sans CJK SC','Source Han Sans SC','WenQuanYi Micro Hei','Noto Sans SC',sans-serif";

const PALETTE = ['#1f5fa8', '#d9822b', '#2e8b57', '#b23b3b', '#7b5ea7', '#3a9fb5', '#a6761d', '#666666'];
const DEFAULT_WIDTH = 720;
const DEFAULT_HEIGHT = 360;

type Option = echarts.EChartsCoreOption;

/**
 * zrender names ids and CSS classes after process-wide counters (zr12-cls-345, zr12-c0). Renaming them after
 * the chart, numbered in order of appearance, makes the output reproducible and keeps the inline <style>
 * rules of two charts in one page apart.
 */
function stableIds(svg: string, chartId: string): string {
  const prefix = `zr-${chartId.replace(/[^A-Za-z0-9_-]/g, '_')}-`;
  const names = new Map<string, string>();
  const counts = new Map<string, number>();
  return svg.replace(/\bzr\d+-([A-Za-z-]*?)(\d+)\b/g, (token: string, kind: string) => {
    let name = names.get(token);
    if (!name) {
      const n = counts.get(kind) ?? 0;
      counts.set(kind, n + 1);
      name = `${prefix}${kind}${n}`;
      names.set(token, name);
    }
    return name;
  });
}

/**
 * One server-side render: no DOM, SVG string out, animation off so the same spec always gives the same
 * bytes. The instance is disposed at once, so memory does not grow with the number of charts.
 */
function renderOption(id: string, option: Option, width = DEFAULT_WIDTH, height = DEFAULT_HEIGHT): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({
      animation: false,
      color: PALETTE,
      textStyle: { fontFamily: CHART_FONT_FAMILY },
      ...option,
    });
    return stableIds(chart.renderToSVGString(), id);
  } finally {
    chart.dispose();
  }
}

function title(text: string): Option['title'] {
  return { text, left: 'center', top: 4, textStyle: { fontSize: 15, fontWeight: 'bold', fontFamily: CHART_FONT_FAMILY } };
}

function legend(names: string[]): Option['legend'] {
  return names.length > 1 ? { data: names, bottom: 4 } : undefined;
}

export function renderLineChart(spec: LineChartSpec): string {
  return renderOption(
    spec.id,
    {
      title: title(spec.title),
      legend: legend(spec.series.map((s) => s.name)),
      grid: { left: 64, right: 24, top: 48, bottom: spec.series.length > 1 ? 56 : 36 },
      xAxis: { type: 'category', data: spec.categories, boundaryGap: false },
      yAxis: { type: 'value', name: spec.yAxisName },
      series: spec.series.map((s) => ({ type: 'line', name: s.name, data: s.values, symbolSize: 6, label: { show: false } })),
    },
    spec.width,
    spec.height,
  );
}

export function renderBarChart(spec: BarChartSpec): string {
  const categoryAxis = { type: 'category', data: spec.categories, axisLabel: { interval: 0 } };
  const valueAxis = { type: 'value', name: spec.yAxisName };
  return renderOption(
    spec.id,
    {
      title: title(spec.title),
      legend: legend(spec.series.map((s) => s.name)),
      grid: { left: spec.horizontal ? 120 : 64, right: 32, top: 48, bottom: spec.series.length > 1 ? 56 : 36 },
      xAxis: spec.horizontal ? valueAxis : categoryAxis,
      yAxis: spec.horizontal ? { ...categoryAxis, inverse: true } : valueAxis,
      series: spec.series.map((s) => ({
        type: 'bar',
        name: s.name,
        data: s.values,
        stack: spec.stacked ? 'total' : undefined,
        label: { show: spec.series.length === 1, position: spec.horizontal ? 'right' : 'top' },
      })),
    },
    spec.width,
    spec.height,
  );
}

export function renderPieChart(spec: PieChartSpec): string {
  return renderOption(
    spec.id,
    {
      title: title(spec.title),
      series: [
        {
          type: 'pie',
          name: spec.title,
          radius: ['35%', '62%'],
          center: ['50%', '55%'],
          data: spec.slices.map((s) => ({ name: s.name, value: s.value })),
          label: { formatter: '{b}\n{d}%' },
        },
      ],
    },
    spec.width,
    spec.height,
  );
}

export function renderHeatChart(spec: HeatChartSpec): string {
  const data: [number, number, number | '-'][] = [];
  let max = 0;
  spec.values.forEach((row, y) =>
    row.forEach((value, x) => {
      data.push([x, y, value ?? '-']);
      if (value !== null && value > max) max = value;
    }),
  );
  const height = spec.height ?? Math.max(DEFAULT_HEIGHT, 90 + spec.yCategories.length * 26);
  return renderOption(
    spec.id,
    {
      title: title(spec.title),
      grid: { left: 120, right: 24, top: 48, bottom: 72 },
      xAxis: { type: 'category', data: spec.xCategories, splitArea: { show: true }, axisLabel: { interval: 0 } },
      yAxis: { type: 'category', data: spec.yCategories, splitArea: { show: true }, inverse: true },
      visualMap: {
        min: 0,
        max: max || 1,
        calculable: false,
        orient: 'horizontal',
        left: 'center',
        bottom: 4,
        itemHeight: 120,
        inRange: { color: ['#fff5eb', '#fd8d3c', '#a63603'] },
      },
      series: [{ type: 'heatmap', name: spec.title, data, label: { show: true, fontSize: 11 } }],
    },
    spec.width,
    height,
  );
}

export function renderChart(spec: ReportChart): string {
  switch (spec.kind) {
    case 'line':
      return renderLineChart(spec);
    case 'bar':
      return renderBarChart(spec);
    case 'pie':
      return renderPieChart(spec);
    case 'heat':
      return renderHeatChart(spec);
  }
}
