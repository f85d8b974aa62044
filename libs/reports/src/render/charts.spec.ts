import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { renderBarChart, renderChart, renderHeatChart, renderLineChart, renderPieChart } from './charts';

function texts(svg: string): string {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (typeof node === 'string' || typeof node === 'number') out.push(String(node));
    else if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') Object.values(node).forEach(walk);
  };
  walk(new XMLParser({ ignoreAttributes: true }).parse(svg));
  return out.join('|');
}

describe('charts', () => {
  it('renders a line chart as valid SVG carrying the Chinese labels and every series', () => {
    const svg = renderLineChart({
      id: 'm',
      kind: 'line',
      title: '月度诉求量',
      categories: ['1月', '2月', '3月'],
      series: [
        { name: '2024年', values: [10, 20, 30] },
        { name: '2023年', values: [5, null, 25] },
      ],
    });
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg.startsWith('<svg')).toBe(true);
    const text = texts(svg);
    for (const label of ['月度诉求量', '1月', '3月', '2024年', '2023年']) expect(text).toContain(label);
    // one polyline path per series
    expect(svg.match(/<path [^>]*fill="none"[^>]*stroke="#1f5fa8"/g)?.length).toBeGreaterThanOrEqual(1);
    expect(svg.match(/<path [^>]*fill="none"[^>]*stroke="#d9822b"/g)?.length).toBeGreaterThanOrEqual(1);
  });

  it('renders bar, pie and heat charts with their categories', () => {
    const bar = renderBarChart({
      id: 'b',
      kind: 'bar',
      title: '热点分类',
      horizontal: true,
      categories: ['噪音扰民', '违法建设'],
      series: [{ name: '件数', values: [5000, 1200] }],
    });
    const pie = renderPieChart({
      id: 'p',
      kind: 'pie',
      title: '渠道',
      slices: [
        { name: '电话', value: 7 },
        { name: '微信', value: 3 },
      ],
    });
    const heat = renderHeatChart({
      id: 'h',
      kind: 'heat',
      title: '区域热力',
      xCategories: ['噪音'],
      yCategories: ['甲区', '乙区'],
      values: [[3], [null]],
    });
    for (const svg of [bar, pie, heat]) expect(XMLValidator.validate(svg)).toBe(true);
    expect(texts(bar)).toContain('违法建设');
    expect(texts(bar)).toContain('5000');
    expect(texts(pie)).toContain('电话');
    expect(texts(pie)).toContain('70%');
    expect(texts(heat)).toContain('乙区');
  });

  it('is deterministic and escapes label text', () => {
    const spec = { id: 'x', kind: 'bar' as const, title: '<b>&"标题"', categories: ['<script>'], series: [{ name: 'a&b', values: [1] }] };
    const first = renderChart(spec);
    expect(renderChart(spec)).toBe(first);
    expect(XMLValidator.validate(first)).toBe(true);
    expect(first).not.toContain('<script>');
    expect(first).not.toContain('<b>');
  });
});
