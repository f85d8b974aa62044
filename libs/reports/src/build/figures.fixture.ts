import type { CategoryRow, DimensionRow, KeywordRow, RateFigure, ReportFigures, StreetRow, UnitLeagueRow } from '../figures/report-figures';

/**
 * A city year as the figures stage would hand it over: a 1.2-million-order year, previous period = the year
 * before (so 环比 equals 同比), with the traps the builder must handle: a level-3 其他 under two parents,
 * a category with no base (低空飞行器扰民), one whose rise rests on a tiny base (共享单车停放, 宠物扰民),
 * a counter that did not exist a year earlier (重办), tied three-rate scores and a unit without a score.
 */

const PERIOD: ReportFigures['period'] = {
  kind: 'year',
  label: '2024年',
  from: '2024-01-01',
  to: '2025-01-01',
  previous: { label: '2023年', from: '2023-01-01', to: '2024-01-01' },
  samePeriodLastYear: { label: '2023年', from: '2023-01-01', to: '2024-01-01' },
};

const RECEIVED = 1_234_567;
const RECEIVED_LAST_YEAR = 1_173_543;

function dim(key: string, label: string, current: number, lastYear: number, previous = lastYear): DimensionRow {
  return { key, label, current, previous, lastYear };
}

function cat(key: string, level: 1 | 2 | 3, label: string, current: number, lastYear: number, parentLabel?: string): CategoryRow {
  return { ...dim(key, label, current, lastYear), level, ...(parentLabel ? { parentLabel } : {}) };
}

function street(key: string, label: string, districtKey: string, district: string, current: number, lastYear: number): StreetRow {
  return { ...dim(key, label, current, lastYear), districtKey, district };
}

export function rate(numerator: number, denominator: number, target?: number): RateFigure {
  const value = denominator > 0 ? numerator / denominator : null;
  const out: RateFigure = { value, numerator, denominator };
  if (target !== undefined) Object.assign(out, { target, belowTarget: value !== null && value < target });
  return out;
}

function unit(
  unitId: number,
  name: string,
  received: number,
  rates: { onTime: number; sat: number | null; resp: number; resol: number; score: number | null },
): UnitLeagueRow {
  const dispatched = Math.round(received * 0.9);
  const surveyed = Math.round(received * 0.6);
  const row: UnitLeagueRow = {
    unitId,
    unit: name,
    received,
    onTimeCompletionRate: rate(Math.round(received * rates.onTime), received, 0.96),
    satisfactionRate: rates.sat === null ? rate(0, 0, 0.98) : rate(Math.round(surveyed * rates.sat), surveyed, 0.98),
    responseRate: rate(Math.round(dispatched * rates.resp), dispatched),
    resolutionRate: rate(Math.round(surveyed * rates.resol), surveyed),
    threeRateScore: { value: rates.score, numerator: 0, denominator: 0 },
    belowTarget: [],
  };
  row.belowTarget = (['onTimeCompletionRate', 'satisfactionRate'] as const).filter((k) => row[k].belowTarget);
  return row;
}

function keyword(term: string, current: number, lastYear: number): KeywordRow {
  const currentPer10k = Math.round((current / RECEIVED) * 100_000) / 10;
  const lastYearPer10k = Math.round((lastYear / RECEIVED_LAST_YEAR) * 100_000) / 10;
  return {
    term,
    current,
    lastYear,
    currentPer10k,
    lastYearPer10k,
    change: lastYearPer10k > 0 ? (currentPer10k - lastYearPer10k) / lastYearPer10k : null,
  };
}

const SEASON = [0.071, 0.062, 0.079, 0.081, 0.088, 0.094, 0.101, 0.097, 0.086, 0.08, 0.079, 0.082];

export function reportFiguresFixture(): ReportFigures {
  const months = SEASON.map((s, i) => ({
    month: `2024-${String(i + 1).padStart(2, '0')}`,
    label: `${i + 1}月`,
    current: Math.round(RECEIVED * s),
    lastYear: Math.round(RECEIVED_LAST_YEAR * SEASON[(i + 1) % 12]),
  }));
  const districts = [
    dim('1', '甲区', 320_000, 300_000),
    dim('2', '乙区', 280_000, 290_000),
    dim('3', '丙区', 250_000, 220_000),
    dim('4', '丁区', 200_000, 190_000),
    dim('5', '戊区', 184_567, 173_543),
  ];
  return {
    scope: { level: 'city', name: '某市' },
    period: PERIOD,
    computedAt: '2025-01-06T08:00:00+08:00',
    totals: {
      current: {
        received: RECEIVED,
        accepted: 1_180_200,
        merged: 38_420,
        firstContact: 512_300,
        closed: 1_152_800,
        supervised: 2_150,
        urged: 18_760,
        reopened: 9_840,
      },
      previous: {
        received: RECEIVED_LAST_YEAR,
        accepted: 1_120_050,
        merged: 41_200,
        firstContact: 470_100,
        closed: 1_090_300,
        supervised: 2_480,
        urged: 17_900,
        reopened: 0,
      },
      lastYear: {
        received: RECEIVED_LAST_YEAR,
        accepted: 1_120_050,
        merged: 41_200,
        firstContact: 470_100,
        closed: 1_090_300,
        supervised: 2_480,
        urged: 17_900,
        reopened: 0,
      },
    },
    monthly: months,
    states: [
      { key: 'closed', label: '已办结', count: 1_100_000 },
      { key: 'archived', label: '已归档', count: 52_800 },
      { key: 'processing', label: '办理中', count: 21_147 },
      { key: 'pending_dispatch', label: '待派单', count: 2_200 },
      { key: 'merged', label: '已并单', count: 38_420 },
      { key: 'rejected', label: '不予受理', count: 20_000 },
    ],
    channels: [
      dim('phone', '电话', 780_000, 760_000),
      dim('wechat', '微信公众号', 210_000, 170_000),
      dim('web', '网站', 120_000, 130_000),
      dim('app', '政务服务APP', 95_000, 60_000),
      dim('mailbox', '市长信箱', 24_567, 53_543),
      dim('miniapp', '小程序', 5_000, 0),
    ],
    hotlines: [
      dim('h1', '12345', 730_000, 715_000),
      dim('h2', '12319（并入）', 35_000, 30_000),
      dim('h3', '12315（并入）', 15_000, 15_000),
    ],
    appealTypes: [
      dim('complaint', '投诉', 540_000, 520_000),
      dim('inquiry', '咨询', 380_000, 370_000),
      dim('help', '求助', 210_000, 190_000),
      dim('suggestion', '建议', 64_567, 60_000),
      dim('praise', '表扬', 40_000, 33_543),
    ],
    categories: [
      cat('c1', 1, '城乡建设', 220_000, 260_000),
      cat('c2', 1, '市场监管', 180_000, 150_000),
      cat('c3', 1, '交通运输', 150_000, 140_000),
      cat('c4', 1, '生态环境', 130_000, 120_000),
      cat('c5', 1, '劳动社保', 110_000, 100_000),
      cat('c6', 1, '公共安全', 95_000, 98_000),
      cat('c7', 1, '卫生健康', 90_000, 60_000),
      cat('c8', 1, '教育', 85_000, 80_000),
      cat('c9', 1, '住房保障', 70_000, 72_000),
      cat('c10', 1, '农业农村', 40_000, 38_000),
      cat('c11', 1, '水电气热', 35_000, 30_000),
      cat('c12', 1, '其他', 29_567, 25_543),
      cat('c101', 2, '市容环卫', 60_000, 58_000, '城乡建设'),
      cat('c102', 2, '建筑施工', 70_000, 80_000, '城乡建设'),
      cat('c103', 2, '违法建设', 12_000, 54_545, '城乡建设'),
      cat('c201', 2, '消费维权', 120_000, 95_000, '市场监管'),
      cat('c202', 2, '食品安全', 40_000, 38_000, '市场监管'),
      cat('c301', 2, '出租网约车', 60_000, 50_000, '交通运输'),
      cat('c302', 2, '公交地铁', 50_000, 52_000, '交通运输'),
      cat('c401', 2, '噪声污染', 70_000, 55_000, '生态环境'),
      cat('c501', 2, '欠薪', 60_000, 45_000, '劳动社保'),
      cat('c701', 2, '医疗服务', 50_000, 30_000, '卫生健康'),
      cat('c801', 2, '校外培训', 20_000, 35_000, '教育'),
      cat('c901', 2, '物业管理', 55_000, 50_000, '住房保障'),
      cat('c601', 2, '消防安全', 25_000, 24_000, '公共安全'),
      cat('c10301', 3, '违法建设', 1_200, 5_455, '城乡建设'),
      cat('c10201', 3, '夜间施工', 14_800, 20_000, '城乡建设'),
      cat('c10101', 3, '道路积水', 8_000, 12_000, '城乡建设'),
      cat('c20101', 3, '预付卡退费', 48_000, 20_000, '市场监管'),
      cat('c40102', 3, '电动自行车充电', 9_000, 4_500, '生态环境'),
      cat('c30101', 3, '网约车计价', 26_000, 20_000, '交通运输'),
      cat('c40101', 3, '广场舞噪音', 15_000, 14_000, '生态环境'),
      cat('c50101', 3, '拖欠工资', 42_000, 33_000, '劳动社保'),
      cat('c70101', 3, '挂号难', 18_000, 16_000, '卫生健康'),
      cat('c10199', 3, '其他', 30_000, 29_000, '城乡建设'),
      cat('c20199', 3, '其他', 25_000, 24_000, '市场监管'),
      cat('c30102', 3, '共享单车停放', 400, 20, '交通运输'),
      cat('c60101', 3, '低空飞行器扰民', 3_000, 0, '公共安全'),
      cat('c40103', 3, '宠物扰民', 900, 500, '生态环境'),
    ],
    districts,
    streets: [
      street('101', '朝阳街道', '1', '甲区', 52_000, 48_000),
      street('102', '建设街道', '1', '甲区', 47_000, 47_500),
      street('201', '滨江街道', '2', '乙区', 45_000, 30_000),
      street('301', '新城镇', '3', '丙区', 61_000, 50_000),
      street('302', '东湖街道', '3', '丙区', 38_000, 39_000),
      street('401', '高新街道', '4', '丁区', 35_500, 34_000),
      street('402', '长安街道', '4', '丁区', 30_000, 31_000),
      street('501', '南山镇', '5', '戊区', 29_000, 22_000),
      street('502', '北关街道', '5', '戊区', 27_000, 26_000),
      street('503', '西湖街道', '5', '戊区', 25_000, 24_000),
      street('202', '港口街道', '2', '乙区', 24_000, 28_000),
      street('203', '光明街道', '2', '乙区', 20_000, 19_000),
    ],
    districtMonths: {
      districts: districts.map((d) => d.label),
      months: months.map((m) => m.month),
      values: districts.map((d) => SEASON.map((s) => Math.round(d.current * s))),
    },
    units: [
      unit(11, '市市场监管局', 180_000, { onTime: 0.95, sat: 0.975, resp: 0.96, resol: 0.88, score: 92.3 }),
      unit(12, '市交通委', 150_000, { onTime: 0.97, sat: 0.981, resp: 0.97, resol: 0.9, score: 94.0 }),
      unit(13, '乙区政府', 130_000, { onTime: 0.94, sat: 0.96, resp: 0.95, resol: 0.86, score: 90.5 }),
      unit(14, '市住建委', 210_000, { onTime: 0.982, sat: 0.985, resp: 0.97, resol: 0.91, score: 95.1 }),
      unit(15, '甲区政府', 160_000, { onTime: 0.975, sat: 0.982, resp: 0.968, resol: 0.902, score: 94.0 }),
      unit(16, '市教委', 40_000, { onTime: 0.99, sat: null, resp: 0.99, resol: 0.95, score: null }),
    ],
    repeat: {
      merged: { current: 38_420, previous: 41_200, lastYear: 41_200 },
      reopened: { current: 9_840, previous: 0, lastYear: 0 },
      supervised: { current: 2_150, previous: 2_480, lastYear: 2_480 },
      urged: { current: 18_760, previous: 17_900, lastYear: 17_900 },
      topRepeatedCategories: [
        { key: 'c10201', label: '夜间施工', merged: 3_900, received: 14_800 },
        { key: 'c20101', label: '预付卡退费', merged: 6_100, received: 48_000 },
        { key: 'c40101', label: '广场舞噪音', merged: 2_400, received: 15_000 },
        { key: 'c50101', label: '拖欠工资', merged: 5_200, received: 42_000 },
      ],
    },
    caseSuggestions: [
      {
        ticketId: 't-1',
        no: '2024031200123',
        reason: 'repeated',
        count: 46,
        title: '某小区周边工地夜间施工扰民',
        category: '夜间施工',
        district: '甲区',
        paragraphs: ['多名居民反映某工地连续多日夜间施工，噪声影响休息。', '区住建委会同城管执法部门约谈施工单位，夜间施工已停止。'],
      },
      {
        ticketId: 't-2',
        no: '2024061800456',
        reason: 'urged',
        count: 7,
        title: '健身机构闭店预付卡无法退费',
        category: '预付卡退费',
        district: '丙区',
        paragraphs: ['市民反映办理的健身卡因门店关闭无法使用。', '市场监管部门立案调查，督促经营者分批退费。'],
      },
      {
        ticketId: 't-1',
        no: '2024031200123',
        reason: 'urged',
        count: 5,
        title: '某小区周边工地夜间施工扰民',
        category: '夜间施工',
        district: '甲区',
        paragraphs: ['重复建议，应去重。'],
      },
    ],
    hotline: {
      offered: 1_020_000,
      answered: 996_540,
      answeredWithin: 850_000,
      connectionRate: rate(996_540, 1_020_000, 0.98),
      answer15Rate: rate(850_000, 1_020_000, 0.8),
      avgWaitSeconds: 14.63,
      agents: 420,
      byHotline: [
        {
          hotlineId: 2,
          number: '12319',
          name: '城建热线',
          offered: 40_000,
          answered: 38_200,
          connectionRate: 0.955,
          answer15Rate: 0.78,
          avgWaitSeconds: 19.2,
        },
        {
          hotlineId: 1,
          number: '12345',
          name: '政务服务便民热线',
          offered: 980_000,
          answered: 958_340,
          connectionRate: 0.9779,
          answer15Rate: 0.84,
          avgWaitSeconds: 14.4,
        },
      ],
    },
    keywords: [
      keyword('噪音', 60_000, 52_000),
      keyword('预付卡', 52_000, 21_000),
      keyword('电动自行车', 18_000, 9_800),
      keyword('加装电梯', 12_000, 11_500),
      keyword('积水', 6_000, 9_000),
      keyword('低空飞行', 3_100, 0),
      keyword('违建', 2_100, 8_800),
      keyword('无人机', 900, 100),
    ],
  };
}

/** A scope and period with nothing in it: every list empty, every counter zero, every rate without a value. */
export function emptyReportFigures(): ReportFigures {
  const zero = { received: 0, accepted: 0, merged: 0, firstContact: 0, closed: 0, supervised: 0, urged: 0, reopened: 0 };
  const none = { current: 0, previous: 0, lastYear: 0 };
  return {
    scope: { level: 'unit', id: '99', name: '某局' },
    period: {
      kind: 'month',
      label: '2024年3月',
      from: '2024-03-01',
      to: '2024-04-01',
      previous: { label: '2024年2月', from: '2024-02-01', to: '2024-03-01' },
      samePeriodLastYear: { label: '2023年3月', from: '2023-03-01', to: '2023-04-01' },
    },
    computedAt: '2024-04-02T08:00:00+08:00',
    totals: { current: { ...zero }, previous: { ...zero }, lastYear: { ...zero } },
    monthly: [],
    states: [],
    channels: [],
    hotlines: [],
    appealTypes: [],
    categories: [],
    districts: [],
    streets: [],
    districtMonths: { districts: [], months: [], values: [] },
    units: [],
    repeat: { merged: { ...none }, reopened: { ...none }, supervised: { ...none }, urged: { ...none }, topRepeatedCategories: [] },
    caseSuggestions: [],
    hotline: {
      offered: 0,
      answered: 0,
      answeredWithin: 0,
      connectionRate: rate(0, 0),
      answer15Rate: rate(0, 0),
      avgWaitSeconds: null,
      agents: 0,
      byHotline: [],
    },
    keywords: [],
  };
}
