import { CITY_TOPICS } from './topics-city';
import { SOCIAL_TOPICS } from './topics-social';

/**
 * The vocabulary of the generated knowledge base: what citizens call the 12345 hotline about.
 * Each topic has the word callers use (k: 医保) and the one documents use (f: 医疗保险); the app's
 * synonym table links many of these pairs.
 */
export interface Topic {
  /** The colloquial word callers use. */
  k: string;
  /** The formal word documents use. */
  f: string;
  /** Owner department, a key of DEPARTMENTS. */
  dept: keyof typeof DEPARTMENTS;
  /** Index into CATEGORIES. */
  cat: number;
  /** Relative popularity: how many entries the topic gets. */
  w: number;
  /** Matters (事项), the most common first. */
  items: string[];
  who: string[];
  mats: string[];
  facts: string[];
}

export const DEPARTMENTS = {
  medical: { name: '医疗保障局', abbr: '医保', type: 'department' },
  hrss: { name: '人力资源和社会保障局', abbr: '人社', type: 'department' },
  fund: { name: '住房公积金管理中心', abbr: '公积金', type: 'department' },
  civil: { name: '民政局', abbr: '民', type: 'department' },
  police: { name: '公安局', abbr: '公', type: 'department' },
  land: { name: '自然资源和规划局', abbr: '自然资', type: 'department' },
  housing: { name: '住房和城乡建设局', abbr: '建', type: 'department' },
  disabled: { name: '残疾人联合会', abbr: '残联', type: 'department' },
  exit: { name: '公安局出入境管理支队', abbr: '公出入境', type: 'department' },
  traffic: { name: '公安局交通警察支队', abbr: '公交管', type: 'department' },
  eco: { name: '生态环境局', abbr: '环', type: 'department' },
  urban: { name: '城市管理局', abbr: '城管', type: 'department' },
  market: { name: '市场监督管理局', abbr: '市监', type: 'department' },
  tax: { name: '税务局', abbr: '税', type: 'department' },
  edu: { name: '教育局', abbr: '教', type: 'department' },
  health: { name: '卫生健康委员会', abbr: '卫健', type: 'department' },
  transport: { name: '交通运输局', abbr: '交运', type: 'department' },
  water: { name: '水务集团', abbr: '水务', type: 'enterprise' },
  power: { name: '供电公司', abbr: '供电', type: 'enterprise' },
  heat: { name: '热力公司', abbr: '热力', type: 'enterprise' },
  gas: { name: '燃气集团', abbr: '燃气', type: 'enterprise' },
  bus: { name: '公交集团', abbr: '公交', type: 'enterprise' },
} as const;

export const CATEGORIES = [
  '社会保障',
  '住房保障与房产',
  '户籍证件',
  '公用事业',
  '城市管理',
  '市场监管',
  '教育卫生',
  '交通出行',
  '民政救助',
  '企业服务',
];

export const CITY = '滨江市';
export const DISTRICTS = ['江城区', '滨湖区', '新港区', '高新区', '东山区', '西岭区', '南湾区', '北塘区'];

export const TOPICS: Topic[] = [...SOCIAL_TOPICS, ...CITY_TOPICS];

/**
 * Sentences any entry may use, a handful per body: they make 办理, 申请, 材料 the very common words
 * they are in a real knowledge base, while each single one (窗口, 复议, 邮寄) stays in a minority.
 */
export const GENERAL = [
  '申请人可通过“一网通办”平台在线申请，也可到{place}政务服务中心{dept}窗口现场办理。',
  '办理时需携带本人{mat}原件及复印件，委托他人办理的，还需提供授权委托书和受托人居民身份证。',
  '材料齐全、符合法定形式的，经办机构当场受理，并在{days}个工作日内办结。',
  '对办理结果有异议的，可以自收到决定之日起60日内申请行政复议，或者在6个月内提起行政诉讼。',
  '该事项不收取任何费用。',
  '咨询电话：12345市民热线，工作时间为周一至周五上午9:00—12:00，下午13:30—17:30，法定节假日除外。',
  '具体办理要求以{dept}最新公布的规定为准。',
  '市民可关注“滨江发布”微信公众号查询办理进度和最新政策。',
  '对不符合条件的，经办机构应当书面告知申请人并说明理由。',
  '经办人员应当一次性告知申请人需要补正的全部材料，不得要求申请人重复提交。',
  '{place}已实现该事项“全城通办”，申请人可就近选择任一服务窗口办理。',
  '行动不便的老年人、残疾人可预约上门服务。',
  '申请人对政策有疑问的，可以在工作日到{dept}服务大厅咨询，也可以拨打12345热线。',
  '根据{year}年最新规定，部分材料可通过数据共享获取，申请人无需重复提供。',
  '办理进度可通过短信通知，办结后证件可选择邮寄送达。',
  '{who}办理{item}时，应当如实提供有关情况，提供虚假材料的，依法承担相应责任。',
  '本事项已纳入“免证办”清单，电子证照与纸质证照具有同等效力。',
  '周六上午政务服务中心提供延时服务，方便上班族错峰办理。',
  '涉及个人隐私的信息，工作人员应当严格保密。',
  '外地户籍人员可凭有效身份证件按同等条件申请。',
  '各区可结合实际制定具体实施办法，报市级主管部门备案。',
  '逾期未申请的，视为自动放弃，次年可重新提出。',
  '享受待遇期间情况发生变化的，应当在30日内主动申报。',
  '审核通过的，相关款项于次月15日前发放至本人社会保障卡银行账户。',
  '工作人员违反规定，推诿拖延、吃拿卡要的，依法依规追究责任。',
  '办事群众可以对服务进行“好差评”，差评件由专人回访整改。',
  '雨雪天气等特殊情况下，线下服务时间以现场公告为准。',
  '网上申请提交后，可在“我的办件”栏目查看审核意见。',
  '法律、法规另有规定的，从其规定。',
  '已经享受同类补助的，不得重复享受。',
  '相关表格可在{dept}官方网站“下载中心”获取。',
  '老年人、残疾人、孕妇等特殊群体可走绿色通道，优先办理。',
];

/** Sentences about the entry's own matter: they repeat the topic's words the way real answers do. */
export const ITEM_SENTENCES = [
  '{who}办理{f}{item}，可以登录“一网通办”平台，在“{k}专区”选择“{item}”事项在线提交。',
  '{place}{dept}负责{f}{item}的受理和审核，{who}也可以委托他人代为办理。',
  '{f}{item}的具体标准由{dept}会同财政部门根据经济社会发展水平适时调整，并向社会公布。',
  '{who}对{k}{item}有疑问的，可以先通过“滨江{k}”微信公众号查询常见问题。',
  '{year}年，全市共受理{f}{item}申请{amt}余件，群众满意率保持在95%以上。',
  '办理{k}{item}不需要提供{mat}复印件，窗口可通过数据共享调取。',
  '因{item}产生纠纷的，当事人可以向{place}人民调解委员会申请调解。',
  '{who}在{k}{item}过程中遇到推诿、拖延的，可以拨打12345热线投诉。',
  '{f}{item}相关政策自{year}年起在全市统一执行，各区不得自行提高或降低标准。',
  '{who}首次申请{item}的，应当提交{mat}。',
];

export const QA_TITLES = ['{f}{item}', '{who}{k}{item}', '{place}{f}{item}问答', '关于{k}{item}的咨询'];
export const QA_QUESTIONS = [
  '{who}{k}{item}的标准是多少？',
  '{who}如何办理{f}{item}？',
  '{place}{k}{item}需要哪些材料？',
  '{who}申请{item}需要什么条件？',
  '{k}{item}在哪里办理？',
  '{f}{item}多长时间可以办结？',
  '{who}{item}可以网上办理吗？',
  '{k}{item}有什么规定？',
];
export const QA_LEADS = ['您好，关于{who}{f}{item}的问题，答复如下：', '{who}咨询{k}{item}的，可按以下口径答复：', '答：'];
export const GUIDE_TITLES = [
  '{place}{f}{item}办事指南',
  '{who}{item}办理指南',
  '{f}{item}（{who}）服务指南',
  '{place}{k}{item}一件事办理指南',
];
export const POLICY_TITLES = [
  '{issuer}关于进一步做好{f}{item}工作的通知',
  '{place}{f}{item}管理办法',
  '{place}{year}年{f}{item}实施细则',
  '{issuer}关于调整{who}{f}{item}标准的通知',
  '{place}{f}{item}若干规定',
];
export const DUTY_TITLES = ['{issuer}{item}工作职责', '{issuer}{f}科职责', '{place}{k}{item}职责分工'];
