import type { UnitType } from '@app/identity';

/**
 * Units of the demo city besides the district/street/community tree (which is built from
 * regions.data.ts). `short` names the unit's demo users: handler_cg, head_cg, deputy_cg.
 */
export interface DepartmentDef {
  code: string;
  short: string;
  name: string;
  type: Extract<UnitType, 'department' | 'enterprise'>;
}

export const CENTRE = { code: 'CENTRE', name: '滨江市12345政务服务便民热线中心' };

export const DEPARTMENTS: DepartmentDef[] = [
  { code: 'DEPT-CG', short: 'cg', name: '滨江市城市管理局', type: 'department' },
  { code: 'DEPT-EE', short: 'ee', name: '滨江市生态环境局', type: 'department' },
  { code: 'DEPT-ZJ', short: 'zj', name: '滨江市住房和城乡建设局', type: 'department' },
  { code: 'DEPT-JT', short: 'jt', name: '滨江市交通运输局', type: 'department' },
  { code: 'DEPT-SJ', short: 'sj', name: '滨江市市场监督管理局', type: 'department' },
  { code: 'DEPT-RS', short: 'rs', name: '滨江市人力资源和社会保障局', type: 'department' },
  { code: 'DEPT-YB', short: 'yb', name: '滨江市医疗保障局', type: 'department' },
  { code: 'DEPT-JY', short: 'jy', name: '滨江市教育局', type: 'department' },
  { code: 'DEPT-WJ', short: 'wj', name: '滨江市卫生健康委员会', type: 'department' },
  { code: 'DEPT-GA', short: 'ga', name: '滨江市公安局', type: 'department' },
  { code: 'DEPT-ZR', short: 'zr', name: '滨江市自然资源和规划局', type: 'department' },
  { code: 'DEPT-MZ', short: 'mz', name: '滨江市民政局', type: 'department' },
  { code: 'DEPT-NY', short: 'ny', name: '滨江市农业农村局', type: 'department' },
  { code: 'DEPT-YJ', short: 'yj', name: '滨江市应急管理局', type: 'department' },
  { code: 'DEPT-YS', short: 'ys', name: '滨江市营商环境建设局', type: 'department' },
  { code: 'DEPT-GJJ', short: 'gjj', name: '滨江市住房公积金管理中心', type: 'department' },
  { code: 'DEPT-SF', short: 'sf', name: '滨江市司法局', type: 'department' },
  { code: 'DEPT-WL', short: 'wl', name: '滨江市文化广电旅游局', type: 'department' },
  { code: 'DEPT-SWJ', short: 'swj', name: '国家税务总局滨江市税务局', type: 'department' },
  { code: 'DEPT-FL', short: 'fl', name: '滨江市妇女联合会', type: 'department' },
  { code: 'DEPT-ZGH', short: 'zgh', name: '滨江市总工会', type: 'department' },
  { code: 'DEPT-TSW', short: 'tsw', name: '共青团滨江市委员会', type: 'department' },
  { code: 'ENT-WATER', short: 'water', name: '滨江市水务集团有限公司', type: 'enterprise' },
  { code: 'ENT-POWER', short: 'power', name: '国网滨江供电公司', type: 'enterprise' },
  { code: 'ENT-GAS', short: 'gas', name: '滨江燃气集团有限公司', type: 'enterprise' },
  { code: 'ENT-HEAT', short: 'heat', name: '滨江热力有限公司', type: 'enterprise' },
  { code: 'ENT-BUS', short: 'bus', name: '滨江公交集团有限公司', type: 'enterprise' },
];

/** How many streets of each district get demo users (the first ones); the others are reached through their district. */
export const STAFFED_STREETS_PER_DISTRICT = 2;

/** Communities with demo users, by unit code: enough for third-level dispatch to show up. */
export const STAFFED_COMMUNITIES = ['D01-S01-C01', 'D02-S01-C01', 'D03-S01-C01'];

export const DEMO_PASSWORD = 'Demo#12345';

/** The hotline centre's own staff. */
export const CENTRE_STAFF: { username: string; role: 'agent' | 'dispatcher' | 'supervisor' | 'manager' | 'admin' | 'knowledge_admin' }[] = [
  { username: 'agent01', role: 'agent' },
  { username: 'agent02', role: 'agent' },
  { username: 'agent03', role: 'agent' },
  { username: 'agent04', role: 'agent' },
  { username: 'dispatcher01', role: 'dispatcher' },
  { username: 'dispatcher02', role: 'dispatcher' },
  { username: 'supervisor01', role: 'supervisor' },
  { username: 'supervisor02', role: 'supervisor' },
  { username: 'manager01', role: 'manager' },
  { username: 'admin', role: 'admin' },
  { username: 'kadmin01', role: 'knowledge_admin' },
];

/** For display names: common surnames first, so that they come up more often. */
export const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split(
    '',
  );

export const GIVEN_NAME_CHARS =
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华志强玉兰红梅海燕晓东文博子涵欣怡浩然宇轩梓萱俊杰佳怡思远雨桐嘉豪婷婷'.split(
    '',
  );
