import type { HotlineMode } from '@app/catalog';

/**
 * 12345 and the departmental lines merged into it (seats absorbed) or kept in parallel (双号并行).
 * `unit` is a unit code, `category` a leaf name from categories.data.ts; `share` is how much of the
 * phone traffic still arrives by that number, relative to the others (12345 itself takes the rest; 0 = no demo
 * orders arrive by it).
 */
export interface HotlineDef {
  number: string;
  name: string;
  mode: HotlineMode;
  unit: string | null;
  category: string | null;
  share: number;
  active?: boolean;
}

export const HOTLINES: HotlineDef[] = [
  { number: '12345', name: '滨江市12345政务服务便民热线', mode: 'primary', unit: 'CENTRE', category: null, share: 0 },
  { number: '12315', name: '市场监管投诉举报热线', mode: 'merged', unit: 'DEPT-SJ', category: '预付卡退费', share: 10 },
  { number: '12333', name: '人力资源和社会保障服务热线', mode: 'merged', unit: 'DEPT-RS', category: '养老保险', share: 8 },
  { number: '12369', name: '生态环境投诉举报热线', mode: 'merged', unit: 'DEPT-EE', category: '夜间施工噪声', share: 5 },
  { number: '12319', name: '城建服务热线', mode: 'merged', unit: 'DEPT-CG', category: '路灯不亮', share: 4 },
  { number: '12358', name: '价格举报热线', mode: 'merged', unit: 'DEPT-SJ', category: '价格欺诈', share: 2 },
  { number: '12331', name: '食品药品投诉举报热线', mode: 'merged', unit: 'DEPT-SJ', category: '餐饮卫生', share: 2 },
  { number: '12365', name: '质量技术监督投诉举报热线', mode: 'merged', unit: 'DEPT-SJ', category: '商品质量', share: 1 },
  { number: '12338', name: '妇女维权公益服务热线', mode: 'merged', unit: 'DEPT-FL', category: '妇女权益保障', share: 1 },
  { number: '12320', name: '卫生健康服务热线', mode: 'merged', unit: 'DEPT-WJ', category: '医疗服务态度', share: 3 },
  { number: '12393', name: '医疗保障服务热线', mode: 'merged', unit: 'DEPT-YB', category: '医保报销', share: 4 },
  { number: '12328', name: '交通运输服务监督热线', mode: 'merged', unit: 'DEPT-JT', category: '出租车拒载绕路', share: 3 },
  { number: '12329', name: '住房公积金服务热线', mode: 'merged', unit: 'DEPT-GJJ', category: '公积金提取', share: 4 },
  { number: '12336', name: '自然资源违法行为举报热线', mode: 'merged', unit: 'DEPT-ZR', category: '违法占地', share: 1 },
  { number: '12350', name: '安全生产举报投诉热线', mode: 'merged', unit: 'DEPT-YJ', category: '企业安全隐患', share: 1 },
  { number: '12316', name: '三农服务热线', mode: 'merged', unit: 'DEPT-NY', category: '农业补贴', share: 1 },
  { number: '12349', name: '民政养老服务热线', mode: 'merged', unit: 'DEPT-MZ', category: '高龄补贴', share: 1 },
  { number: '12318', name: '文化市场举报热线', mode: 'merged', unit: 'DEPT-WL', category: '文化市场经营', share: 1 },
  { number: '12351', name: '职工服务热线', mode: 'merged', unit: 'DEPT-ZGH', category: '拖欠工资', share: 1 },
  { number: '12355', name: '青少年服务热线', mode: 'merged', unit: 'DEPT-TSW', category: '青少年权益保护', share: 1 },
  { number: '96116', name: '供水服务热线', mode: 'merged', unit: 'ENT-WATER', category: '停水', share: 3 },
  { number: '96777', name: '燃气服务热线', mode: 'parallel', unit: 'ENT-GAS', category: '燃气开户缴费', share: 2 },
  { number: '95598', name: '国家电网供电服务热线', mode: 'parallel', unit: 'ENT-POWER', category: '停电', share: 2 },
  { number: '12348', name: '公共法律服务热线', mode: 'parallel', unit: 'DEPT-SF', category: '法律援助', share: 1 },
  { number: '12366', name: '纳税缴费服务热线', mode: 'parallel', unit: 'DEPT-SWJ', category: '个人所得税', share: 2 },
  { number: '12356', name: '心理援助热线', mode: 'parallel', unit: 'DEPT-WJ', category: '心理健康服务', share: 1 },
  // The city's old mayor's line, merged and switched off; kept so that old statistics still resolve.
  { number: '87654321', name: '原滨江市长公开电话', mode: 'merged', unit: 'CENTRE', category: null, share: 0, active: false },
];
