/**
 * The demo city's dispatch catalogue (派单目录): which unit leads on which matters, and who co-handles.
 *
 * Categories are named by code (two digits a level, derived from the position in categories.data.ts) and
 * by name; the two are checked against each other, so that reordering the taxonomy fails the seed instead
 * of pointing rules at the wrong matters. Units are named by their codes in units.data.ts.
 *
 * How the rules layer (libs/dispatch/src/rules/routing.ts): a rule on the order's own category beats one
 * on its sub-family, which beats one on its family; a district rule adds a little; a keyword hit adds more.
 * So each family has a city-wide default (priority 0), and narrower rules say where practice differs.
 */

/** In a district rule, stands for that district's (or county's) government. */
export const DISTRICT_GOVERNMENT = 'D';

export interface DispatchRuleDef {
  /** Category code, and its name as a check. */
  category: string;
  name: string;
  /** One rule per district, with region = that district; otherwise the rule covers the whole city. */
  perDistrict?: boolean;
  /** Any one of them in the title or content; without them the rule has no keyword condition. */
  keywords?: string[];
  /** A unit code, or DISTRICT_GOVERNMENT in a district rule. */
  lead: string;
  co?: string[];
  priority?: number;
  /** Confident enough to dispatch without a dispatcher, where the category allows it. */
  auto?: boolean;
  /** Why the rule exists, in Chinese; {district} becomes the district's name. */
  note: string;
}

/**
 * Families left without a city-wide default, with the reason. Everything else must have one (checked
 * when seeding), so a family added to the taxonomy cannot silently go without a route.
 */
export const FAMILIES_WITHOUT_DEFAULT: Record<string, string> = {
  '17': '其他事项: emergency transfers (110/119/120/122) and matters outside 12345 are never dispatched; a default unit would only invite wrong dispatches',
};

const D = DISTRICT_GOVERNMENT;

export const DISPATCH_RULES: DispatchRuleDef[] = [
  // --- city-wide defaults, one per family: the natural department ---
  { category: '01', name: '城市管理', lead: 'DEPT-CG', note: '兜底规则：城市管理类事项由市城市管理局承办' },
  { category: '02', name: '生态环境', lead: 'DEPT-EE', note: '兜底规则：生态环境类事项由市生态环境局承办' },
  { category: '03', name: '住房保障和物业管理', lead: 'DEPT-ZJ', note: '兜底规则：住房保障和房地产类事项由市住房和城乡建设局承办' },
  { category: '04', name: '交通运输', lead: 'DEPT-JT', note: '兜底规则：交通运输类事项由市交通运输局承办' },
  { category: '05', name: '市场监管', lead: 'DEPT-SJ', note: '兜底规则：市场监管类事项由市市场监督管理局承办' },
  { category: '06', name: '人力社保', lead: 'DEPT-RS', note: '兜底规则：劳动就业和社会保险类事项由市人力资源和社会保障局承办' },
  { category: '07', name: '公共服务', lead: 'DEPT-ZJ', note: '兜底规则：城镇供水、供气、供热等公用事业由市住建局（行业主管）承办' },
  { category: '08', name: '教育', lead: 'DEPT-JY', note: '兜底规则：教育类事项由市教育局承办' },
  { category: '09', name: '卫生健康', lead: 'DEPT-WJ', note: '兜底规则：卫生健康类事项由市卫生健康委员会承办' },
  { category: '10', name: '公安户籍', lead: 'DEPT-GA', note: '兜底规则：户籍和治安管理类非警情事项由市公安局承办' },
  { category: '11', name: '营商环境', lead: 'DEPT-YS', note: '兜底规则：政务服务和企业诉求由市营商环境建设局承办' },
  { category: '12', name: '农业农村', lead: 'DEPT-NY', note: '兜底规则：农业农村类事项由市农业农村局承办' },
  { category: '13', name: '民政', lead: 'DEPT-MZ', note: '兜底规则：社会救助、养老、婚姻殡葬类事项由市民政局承办' },
  { category: '14', name: '自然资源和规划', lead: 'DEPT-ZR', note: '兜底规则：规划和土地类事项由市自然资源和规划局承办' },
  { category: '15', name: '应急管理和安全生产', lead: 'DEPT-YJ', note: '兜底规则：安全生产和应急类事项由市应急管理局承办' },
  { category: '16', name: '税务和法律服务', lead: 'DEPT-SWJ', note: '兜底规则：税费类事项由市税务局承办（法律服务另有规则）' },

  // --- 属地管理: the district (county) government, one rule per district ---
  {
    category: '010101',
    name: '占道经营',
    perDistrict: true,
    lead: D,
    note: '属地管理：{district}范围内的占道经营由{district}人民政府组织城管执法查处',
  },
  {
    category: '0102',
    name: '违法建设',
    perDistrict: true,
    lead: D,
    note: '属地管理：{district}范围内的违法建设由{district}人民政府组织认定和拆除',
  },
  {
    category: '010303',
    name: '建筑渣土乱倒',
    perDistrict: true,
    lead: D,
    co: ['DEPT-CG'],
    note: '属地管理：{district}范围内的渣土偷倒、撒漏由区（县）政府查处，市城管局（渣土运输管理）协办',
  },
  {
    category: '0301',
    name: '物业管理',
    perDistrict: true,
    lead: D,
    co: ['DEPT-ZJ'],
    note: '属地管理：{district}的物业服务纠纷由区（县）政府组织街道、社区协调，市住建局（物业行业主管）协办',
  },
  {
    category: '060101',
    name: '拖欠工资',
    perDistrict: true,
    lead: 'DEPT-RS',
    co: [D],
    note: '欠薪由市人社局（劳动保障监察）主办，{district}人民政府落实属地责任协办',
  },

  // --- sub-families whose department differs from the family's ---
  { category: '0304', name: '住房公积金', lead: 'DEPT-GJJ', note: '住房公积金提取、贷款由市住房公积金管理中心承办' },
  {
    category: '0403',
    name: '道路交通',
    lead: 'DEPT-GA',
    note: '违章停车、信号灯等道路交通秩序由市公安局（交警支队）承办',
  },
  { category: '0501', name: '消费维权', lead: 'DEPT-SJ', note: '12315消费维权：消费投诉由市市场监督管理局承办' },
  { category: '0504', name: '文化旅游市场', lead: 'DEPT-WL', note: '文化市场和旅游投诉由市文化广电旅游局承办' },
  { category: '0603', name: '医疗保障', lead: 'DEPT-YB', note: '医保报销、参保缴费由市医疗保障局承办' },
  { category: '1602', name: '公共法律服务', lead: 'DEPT-SF', note: '法律援助、人民调解由市司法局承办' },
  { category: '0701', name: '供水', lead: 'ENT-WATER', note: '供水服务（水质、水压、水费）由市水务集团承办' },
  { category: '0702', name: '供电', lead: 'ENT-POWER', note: '供电服务由国网滨江供电公司承办' },
  { category: '0703', name: '供气', lead: 'ENT-GAS', note: '燃气开户、缴费等服务由滨江燃气集团承办' },
  { category: '0704', name: '供暖', lead: 'ENT-HEAT', note: '供暖服务和收费由滨江热力公司承办' },

  // --- leaves where practice differs ---
  {
    category: '070101',
    name: '停水',
    lead: 'ENT-WATER',
    co: ['DEPT-ZJ'],
    priority: 10,
    auto: true,
    note: '停水抢修：水务集团直接承办，市住建局（供水行业主管）协办督促，可自动派单',
  },
  {
    category: '070201',
    name: '停电',
    lead: 'ENT-POWER',
    priority: 10,
    auto: true,
    note: '停电抢修：供电公司直接承办（电力行政监管不在本市承办单位之列，无协办单位），可自动派单',
  },
  {
    category: '070301',
    name: '燃气泄漏隐患',
    lead: 'ENT-GAS',
    co: ['DEPT-ZJ'],
    priority: 10,
    auto: true,
    note: '燃气泄漏隐患：燃气集团立即上门处置，市住建局（燃气行业主管）协办，可自动派单',
  },
  {
    category: '070401',
    name: '暖气不热',
    lead: 'ENT-HEAT',
    co: ['DEPT-ZJ'],
    priority: 10,
    auto: true,
    note: '供暖不热：热力公司上门检修，市住建局（供热行业主管）协办；供暖季开启分类自动派单',
  },
  {
    category: '050102',
    name: '商品质量',
    lead: 'DEPT-SJ',
    auto: true,
    note: '12315商品质量投诉由市场监管局承办，职责明确，可自动派单',
  },
  {
    category: '050103',
    name: '网购纠纷',
    lead: 'DEPT-SJ',
    auto: true,
    note: '12315网购纠纷由市场监管局（网络交易监管）承办，职责明确，可自动派单',
  },
  {
    category: '020101',
    name: '夜间施工噪声',
    lead: 'DEPT-EE',
    co: ['DEPT-CG'],
    note: '夜间施工噪声由市生态环境局主办，市城管局（综合行政执法）协办查处',
  },
  {
    category: '020202',
    name: '餐饮油烟',
    lead: 'DEPT-CG',
    co: ['DEPT-EE'],
    note: '餐饮服务业油烟由市城管局执法查处，市生态环境局协办',
  },
  // Priority 20 keeps these two ahead of the district 物业管理 rules above, whatever weight a district match gets.
  {
    category: '030103',
    name: '电梯故障',
    lead: 'DEPT-SJ',
    priority: 20,
    note: '电梯属特种设备，由市场监管局（特种设备安全监察）承办，不走物业属地规则',
  },
  {
    category: '030104',
    name: '住宅专项维修资金',
    lead: 'DEPT-ZJ',
    priority: 20,
    note: '维修资金的归集和使用审批由市住建局承办，不走物业属地规则',
  },
  { category: '030202', name: '不动产登记办证', lead: 'DEPT-ZR', note: '不动产登记由市自然资源和规划局（不动产登记中心）承办' },
  {
    category: '040202',
    name: '公交线路站点设置',
    lead: 'DEPT-JT',
    co: ['ENT-BUS'],
    note: '公交线网和站点规划由市交通运输局决定，公交集团协办',
  },
  {
    category: '040303',
    name: '道路施工围挡',
    lead: 'DEPT-JT',
    co: ['DEPT-GA'],
    note: '占道施工由市交通运输局督促施工单位，公安交警协办交通组织',
  },
  {
    category: '100201',
    name: '群租房安全隐患',
    lead: 'DEPT-GA',
    co: ['DEPT-ZJ'],
    note: '群租房由公安局（出租屋管理）主办，市住建局（房屋租赁管理）协办',
  },
  {
    category: '120202',
    name: '畜禽养殖污染',
    lead: 'DEPT-EE',
    co: ['DEPT-NY'],
    note: '畜禽养殖污染由市生态环境局查处，市农业农村局（畜牧业）协办',
  },
  { category: '130401', name: '妇女权益保障', lead: 'DEPT-FL', note: '妇女权益保障（12338）由市妇联承办' },
  { category: '130402', name: '青少年权益保护', lead: 'DEPT-TSW', note: '青少年权益保护（12355）由团市委承办' },
  {
    category: '150301',
    name: '积水内涝',
    lead: 'DEPT-CG',
    co: ['DEPT-YJ'],
    note: '城市排水防涝由市城管局（排水管理）承办，市应急管理局协办',
  },

  // --- keywords: the text decides within a category ---
  {
    category: '04',
    name: '交通运输',
    keywords: ['公交', '站台'],
    lead: 'ENT-BUS',
    note: '关键词规则：公交运营服务（司机态度、晚点甩站等）由公交集团承办',
  },
  {
    category: '04',
    name: '交通运输',
    keywords: ['出租车', '网约车'],
    lead: 'DEPT-JT',
    note: '关键词规则：出租车、网约车客运管理由市交通运输局承办',
  },
  {
    category: '020101',
    name: '夜间施工噪声',
    keywords: ['工地', '打桩', '泵车'],
    lead: 'DEPT-EE',
    co: ['DEPT-CG', 'DEPT-ZJ'],
    note: '关键词规则：建筑工地夜间施工，生态环境局主办，城管局执法、住建局督促施工单位',
  },
  {
    category: '050101',
    name: '预付卡退费',
    keywords: ['培训', '课时'],
    lead: 'DEPT-JY',
    co: ['DEPT-SJ'],
    note: '关键词规则：校外培训机构预付费由市教育局监管，市场监管局协办',
  },
];

/**
 * Categories that dispatch without a dispatcher when their best rule is marked auto. Each must have such a
 * rule (checked when seeding). 暖气不热 has one but stays off: admins switch it on in the heating season.
 */
export const AUTO_DISPATCH_CATEGORIES: { category: string; name: string }[] = [
  { category: '070101', name: '停水' },
  { category: '070201', name: '停电' },
  { category: '070301', name: '燃气泄漏隐患' },
  { category: '050102', name: '商品质量' },
];
