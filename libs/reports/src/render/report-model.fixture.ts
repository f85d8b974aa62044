import { ReportModel } from './report-model';

/** A small but complete report, used by the render specs; the hostile strings check escaping. */
export const HOSTILE_TEXT = '<script>alert("x")</script> & 市民\'投诉\'';

export function fixtureReportModel(): ReportModel {
  const months = Array.from({ length: 12 }, (_, i) => `${i + 1}月`);
  return {
    title: '2024年度12345热线诉求热点分析报告',
    subtitle: '某市12345政务服务便民热线',
    scope: { level: 'city', name: '某市' },
    period: {
      kind: 'year',
      label: '2024年',
      from: '2024-01-01',
      to: '2025-01-01',
      previous: { label: '2023年', from: '2023-01-01', to: '2024-01-01' },
      samePeriodLastYear: { label: '2023年', from: '2023-01-01', to: '2024-01-01' },
    },
    generatedAt: '2025-01-06T08:00:00+08:00',
    sections: [
      {
        key: 'overview',
        paragraphs: ['2024年共受理群众诉求1,234,567件，同比增长5.2%。'],
        charts: [
          {
            id: 'monthly',
            kind: 'line',
            title: '月度诉求量',
            categories: months,
            series: [
              { name: '2024年', values: [90, 85, 100, 110, 120, 130, 140, 135, 120, 110, 100, 95] },
              { name: '2023年', values: [80, 82, 95, 100, 115, 125, 130, 128, 118, 105, 99, null] },
            ],
          },
        ],
        tables: [
          {
            id: 'totals',
            title: '诉求总量',
            columns: [
              { key: 'item', header: '指标' },
              { key: 'value', header: '数值', format: 'integer', unit: '件' },
              { key: 'yoy', header: '同比', format: 'change' },
            ],
            rows: [
              {
                item: '受理总量',
                value: 1234567,
                yoy: { value: 0.052, trace: { numerator: 1234567, denominator: 1173543, queryKey: 'report.total' } },
              },
              { item: '派单量', value: 493827, yoy: -0.031 },
            ],
          },
        ],
      },
      {
        key: 'channels',
        charts: [
          {
            id: 'channel-share',
            kind: 'pie',
            title: '受理渠道占比',
            slices: [
              { name: '电话', value: 700000 },
              { name: '微信', value: 300000 },
              { name: '网站', value: 234567 },
            ],
          },
        ],
        tables: [
          {
            id: 'channels',
            title: '渠道与热线',
            columns: [
              { key: 'channel', header: '渠道' },
              { key: 'count', header: '诉求量', format: 'integer' },
              { key: 'share', header: '占比', format: 'percent' },
            ],
            rows: [
              { channel: '电话（12345）', count: 650000, share: 0.5265 },
              { channel: '电话（并入热线 12319）', count: 50000, share: 0.0405 },
              { channel: '微信', count: 300000, share: 0.243 },
            ],
          },
        ],
      },
      {
        key: 'appealTypes',
        tables: [
          {
            id: 'appeal-types',
            title: '诉求类型',
            columns: [
              { key: 'type', header: '类型' },
              { key: 'count', header: '数量', format: 'integer' },
            ],
            rows: [
              { type: '投诉', count: 600000 },
              { type: '咨询', count: 400000 },
              { type: '求助, "紧急"', count: 100000 },
            ],
          },
        ],
      },
      {
        key: 'categories',
        charts: [
          {
            id: 'top-categories',
            kind: 'bar',
            title: '热点分类',
            horizontal: true,
            categories: ['噪音扰民', '违法建设'],
            series: [{ name: '2024年', values: [5000, 1200] }],
          },
        ],
        tables: [
          {
            id: 'top-categories',
            title: '一级分类前十',
            columns: [
              { key: 'category', header: '分类' },
              { key: 'count', header: '诉求量', format: 'integer' },
              { key: 'yoy', header: '同比', format: 'change', digits: 0 },
            ],
            rows: [
              { category: '噪音扰民', count: 5000, yoy: { value: 0.41, highlight: 'rise' } },
              {
                category: '违法建设',
                count: 1200,
                yoy: { value: -0.78, highlight: 'drop', trace: { numerator: 1200, denominator: 5455, queryKey: 'report.category_yoy' } },
              },
              { category: HOSTILE_TEXT, count: 3, yoy: null },
            ],
          },
        ],
      },
      {
        key: 'districts',
        charts: [
          {
            id: 'district-heat',
            kind: 'heat',
            title: '区域诉求热力',
            xCategories: ['噪音扰民', '违法建设'],
            yCategories: ['甲区', '乙区'],
            values: [
              [300, 40],
              [120, null],
            ],
          },
        ],
        tables: [
          {
            id: 'districts',
            title: '各区诉求量',
            columns: [
              { key: 'district', header: '区' },
              { key: 'count', header: '诉求量', format: 'integer' },
            ],
            rows: [
              { district: '甲区', count: 340 },
              { district: '乙区', count: 120 },
            ],
          },
        ],
      },
      {
        key: 'units',
        tables: [
          {
            id: 'units',
            title: '承办单位排行',
            columns: [
              { key: 'unit', header: '单位' },
              { key: 'onTime', header: '按时办结率', format: 'percent' },
              { key: 'satisfaction', header: '满意率', format: 'percent' },
            ],
            rows: [
              {
                unit: '市住建局',
                onTime: 0.991,
                satisfaction: { value: 0.985, trace: { numerator: 985, denominator: 1000, queryKey: 'kpi.satisfaction' } },
              },
              { unit: '市城管局', onTime: { value: 0.95, highlight: 'belowTarget' }, satisfaction: 0.97 },
            ],
          },
        ],
      },
      {
        key: 'repeatSupervised',
        tables: [
          {
            id: 'repeat',
            title: '重复诉求与督办',
            columns: [
              { key: 'item', header: '指标' },
              { key: 'value', header: '数值', format: 'integer' },
            ],
            rows: [
              { item: '重复诉求', value: 2300 },
              { item: '督办件', value: 150 },
              { item: '=HYPERLINK("http://x")', value: 1 },
            ],
          },
        ],
      },
      {
        key: 'typicalCases',
        cases: [
          {
            title: '老旧小区加装电梯',
            category: '城乡建设',
            district: '甲区',
            paragraphs: ['市民（电话13812345678）反映某小区加装电梯进展缓慢。', HOSTILE_TEXT],
          },
        ],
      },
      {
        key: 'hotlineOperations',
        tables: [
          {
            id: 'hotline',
            title: '热线运行',
            columns: [
              { key: 'month', header: '月份' },
              { key: 'connection', header: '接通率', format: 'percent' },
              { key: 'wait', header: '平均等待', format: 'decimal', unit: '秒' },
            ],
            rows: [
              { month: '1月', connection: 0.93, wait: 18.4 },
              { month: '2月', connection: 0.95, wait: 15.2 },
            ],
          },
        ],
      },
      {
        key: 'keywords',
        tables: [
          {
            id: 'keywords',
            title: '上升热词',
            columns: [
              { key: 'term', header: '热词' },
              { key: 'count', header: '出现次数', format: 'integer' },
              { key: 'yoy', header: '同比', format: 'change' },
            ],
            rows: [{ term: '电动自行车', count: 800, yoy: { value: 1.5, highlight: 'rise' } }],
          },
        ],
      },
      {
        key: 'findings',
        findings: [
          { text: '违法建设类诉求同比下降78%', figureRef: { tableId: 'top-categories', row: '违法建设', column: 'yoy' } },
          { text: '市住建局满意率达到98.5%', figureRef: { tableId: 'units', row: 0, column: 'satisfaction' } },
          { text: '建议加强夜间施工管理。' },
        ],
      },
    ],
  };
}
