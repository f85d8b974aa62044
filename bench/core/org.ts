import { hashPassword } from '@app/identity';
import { Client } from 'pg';

/**
 * The benchmark's demo organisation, independent of the demo seed (scripts/seed) so that seed changes
 * never move the figures. Ids are explicit: paths and the order generator can be computed, not looked up.
 */

export const BENCH_PASSWORD = 'Bench#12345';
export const AGENT_USERNAME = 'bench_agent';
export const CENTRE_UNIT_ID = 1;

const DISTRICTS = ['江城区', '滨湖区', '新港区', '高新区', '东山区', '西岭区', '南湾区', '北塘区'];
const STREETS_PER_DISTRICT = 5;
const COMMUNITIES_PER_STREET = 4;
const STREET_NAMES = [
  ['解放', '中山', '白鹭', '北门', '江心'],
  ['湖滨', '翠湖', '金湖', '银杏', '长湾'],
  ['港口', '海星', '渔港', '望海', '新城'],
  ['科创', '软件', '创业', '未来', '智谷'],
  ['东山', '梅林', '松岗', '桃源', '竹园'],
  ['西岭', '枫桥', '石门', '云溪', '柳林'],
  ['南湾', '沙湾', '蓝湾', '金沙', '月湖'],
  ['北塘', '荷塘', '芦花', '青塘', '平湖'],
];
const COMMUNITY_SUFFIX = ['第一社区', '第二社区', '第三社区', '第四社区'];
const ROADS = ['路', '大道', '街', '巷'];

/** Ordered by size: the first ones get most orders (城管, 生态环境, 住建 are the big handlers in every city). */
const DEPARTMENTS = [
  '城市管理局',
  '生态环境局',
  '住房和城乡建设局',
  '市场监督管理局',
  '交通运输局',
  '人力资源和社会保障局',
  '公安局',
  '自然资源和规划局',
  '教育局',
  '卫生健康委员会',
  '医疗保障局',
  '民政局',
  '水利局',
  '农业农村局',
  '应急管理局',
  '营商环境建设局',
  '住房公积金管理中心',
  '司法局',
  '文化广电旅游局',
  '商务局',
  '发展和改革委员会',
  '财政局',
  '退役军人事务局',
  '数据资源局',
  '税务局',
];
const ENTERPRISES = ['水务集团', '供电公司', '燃气集团', '热力公司', '公交集团', '通信公司'];

/** Three levels: 6 families x 2 sub-families x 5 leaves = 60 leaf categories. */
const CATEGORIES: [string, [string, string[]][]][] = [
  [
    '城市管理',
    [
      ['市容环境', ['占道经营', '乱堆乱放', '违规广告', '垃圾清运', '违法建设']],
      ['市政设施', ['路面破损', '路灯故障', '井盖缺失', '排水不畅', '绿化养护']],
    ],
  ],
  [
    '生态环境',
    [
      ['噪声污染', ['夜间施工噪声', '社会生活噪声', '交通噪声', '餐饮油烟', '工业噪声']],
      ['污染防治', ['大气污染', '水体污染', '固废污染', '异味扰民', '秸秆焚烧']],
    ],
  ],
  [
    '住房城建',
    [
      ['物业管理', ['物业服务', '电梯故障', '小区停车', '维修资金', '小区绿化']],
      ['房产交易', ['房屋质量', '延期交房', '不动产登记', '租赁纠纷', '拆迁安置']],
    ],
  ],
  [
    '交通出行',
    [
      ['公共交通', ['公交服务', '出租车服务', '网约车', '地铁服务', '站点设置']],
      ['道路交通', ['交通信号', '停车收费', '道路拥堵', '非机动车管理', '交通设施']],
    ],
  ],
  [
    '市场监管',
    [
      ['消费维权', ['商品质量', '预付卡退费', '价格欺诈', '网购纠纷', '食品安全']],
      ['企业服务', ['营业执照', '政策咨询', '涉企收费', '招投标', '知识产权']],
    ],
  ],
  [
    '社会民生',
    [
      ['劳动社保', ['拖欠工资', '社保缴纳', '医保报销', '养老金', '就业创业']],
      ['公共服务', ['供水', '供电', '燃气', '供暖', '入学']],
    ],
  ],
];

export interface Place {
  d: number;
  s: number;
  c: number;
  districtRegion: number;
  streetRegion: number;
  communityRegion: number;
  districtUnit: number;
  streetUnit: number;
  communityUnit: number;
  place: string;
  road: string;
}

export interface Org {
  units: { id: number; code: string; name: string; type: string; parentId: number | null; path: string; regionId: number | null }[];
  regions: { id: number; code: string; name: string; level: string; parentId: number | null }[];
  categories: { id: number; code: string; name: string; level: number; parentId: number | null }[];
  users: { id: number; username: string; displayName: string; role: string; unitId: number }[];
  places: Place[];
  /** Departments and enterprises, biggest first. */
  handlingUnits: number[];
  /** Leaf category ids in popularity order (a fixed shuffle, so the big ones are not all one family). */
  leafRanking: { id: number; name: string }[];
  /** For every unit, the handler of its district/department: the actor of its flow records. */
  handlerOf: Map<number, number>;
  agentId: number;
}

/** Builds the organisation in memory: ~240 units, 208 regions, 78 categories, 40 users. */
export function buildOrg(): Org {
  const units: Org['units'] = [];
  const regions: Org['regions'] = [];
  const places: Place[] = [];
  const unit = (code: string, name: string, type: string, parent: Org['units'][number] | null, regionId: number | null) => {
    const id = units.length + 1;
    const u = { id, code, name, type, parentId: parent?.id ?? null, path: `${parent?.path ?? '/'}${id}/`, regionId };
    units.push(u);
    return u;
  };
  const region = (code: string, name: string, level: string, parentId: number | null) => {
    const r = { id: regions.length + 1, code, name, level, parentId };
    regions.push(r);
    return r;
  };
  const centre = unit('CENTRE', '滨江市12345政务服务便民热线中心', 'centre', null, null);
  DISTRICTS.forEach((dn, d) => {
    const dr = region(`3321${String(d + 1).padStart(2, '0')}`, dn, 'district', null);
    const du = unit(`D${d + 1}`, `${dn}人民政府`, 'district', centre, dr.id);
    STREET_NAMES[d].slice(0, STREETS_PER_DISTRICT).forEach((sn, s) => {
      const sr = region(`${dr.code}${String(s + 1).padStart(3, '0')}`, `${sn}街道`, 'street', dr.id);
      const su = unit(`D${d + 1}-S${s + 1}`, `${dn}${sn}街道办事处`, 'street', du, sr.id);
      for (let c = 0; c < COMMUNITIES_PER_STREET; c++) {
        const cr = region(`${sr.code}${String(c + 1).padStart(3, '0')}`, `${sn}${COMMUNITY_SUFFIX[c]}`, 'community', sr.id);
        const cu = unit(`D${d + 1}-S${s + 1}-C${c + 1}`, `${sn}${COMMUNITY_SUFFIX[c]}居委会`, 'community', su, cr.id);
        places.push({
          d,
          s,
          c,
          districtRegion: dr.id,
          streetRegion: sr.id,
          communityRegion: cr.id,
          districtUnit: du.id,
          streetUnit: su.id,
          communityUnit: cu.id,
          place: `${dn}${sn}街道`,
          road: `${sn}${ROADS[(s + c) % ROADS.length]}`,
        });
      }
    });
  });
  const handlingUnits = [
    ...DEPARTMENTS.map((n, i) => unit(`DEPT-${i + 1}`, `滨江市${n}`, 'department', centre, null).id),
    ...ENTERPRISES.map((n, i) => unit(`ENT-${i + 1}`, `滨江${n}`, 'enterprise', centre, null).id),
  ];

  const categories: Org['categories'] = [];
  const leaves: { id: number; name: string }[] = [];
  const cat = (code: string, name: string, level: number, parentId: number | null) => {
    const c = { id: categories.length + 1, code, name, level, parentId };
    categories.push(c);
    return c;
  };
  CATEGORIES.forEach(([fn, subs], f) => {
    const top = cat(`B${f + 1}`, fn, 1, null);
    subs.forEach(([sn, ls], s) => {
      const mid = cat(`B${f + 1}-${s + 1}`, sn, 2, top.id);
      ls.forEach((ln, l) => leaves.push(cat(`B${f + 1}-${s + 1}-${l + 1}`, ln, 3, mid.id)));
    });
  });
  // 37 is coprime with 60: a fixed permutation that interleaves the families.
  const leafRanking = leaves.map((_, i) => leaves[(i * 37) % leaves.length]);

  const users: Org['users'] = [];
  const user = (username: string, displayName: string, role: string, unitId: number) => {
    const u = { id: users.length + 1, username, displayName, role, unitId };
    users.push(u);
    return u;
  };
  const agent = user(AGENT_USERNAME, '话务员（压测）', 'agent', centre.id);
  user('bench_dispatcher', '派单员（压测）', 'dispatcher', centre.id);
  user('bench_supervisor', '督办员（压测）', 'supervisor', centre.id);
  const handlerOf = new Map<number, number>();
  for (const u of units.filter((x) => x.parentId === centre.id)) {
    const h = user(`bench_h_${u.code.toLowerCase()}`, `${u.name}联络员`, 'handler', u.id);
    for (const below of units.filter((x) => x.path.startsWith(u.path))) handlerOf.set(below.id, h.id);
  }
  return { units, regions, categories, users, places, handlingUnits, leafRanking, handlerOf, agentId: agent.id };
}

/** Multi-row INSERT for a small reference table: a few hundred rows, so one statement each. */
async function insertRows(db: Client, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  const params: unknown[] = [];
  const tuples = rows.map((r) => `(${r.map((v) => `$${params.push(v)}`).join(', ')})`);
  await db.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, params);
}

/** Ids are explicit, so each identity sequence must be moved past them for the API's own inserts. */
async function syncIdentity(db: Client, table: string): Promise<void> {
  await db.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT max(id) FROM ${table}))`);
}

export async function insertOrg(db: Client, org: Org): Promise<void> {
  const hash = await hashPassword(BENCH_PASSWORD);
  await insertRows(
    db,
    'region',
    ['id', 'code', 'name', 'level', 'parent_id'],
    org.regions.map((r) => [r.id, r.code, r.name, r.level, r.parentId]),
  );
  await insertRows(
    db,
    'unit',
    ['id', 'code', 'name', 'type', 'parent_id', 'path', 'region_id'],
    org.units.map((u) => [u.id, u.code, u.name, u.type, u.parentId, u.path, u.regionId]),
  );
  await insertRows(
    db,
    'category',
    ['id', 'code', 'name', 'level', 'parent_id', 'sort_order'],
    org.categories.map((c) => [c.id, c.code, c.name, c.level, c.parentId, c.id]),
  );
  await insertRows(
    db,
    'app_user',
    ['id', 'username', 'display_name', 'password_hash', 'role', 'unit_id'],
    org.users.map((u) => [u.id, u.username, u.displayName, hash, u.role, u.unitId]),
  );
  await insertRows(
    db,
    'hotline',
    ['id', 'number', 'name', 'mode', 'default_unit_id'],
    [
      [1, '12345', '滨江市12345政务服务便民热线', 'primary', CENTRE_UNIT_ID],
      [2, '12315', '市场监管投诉举报热线', 'merged', org.handlingUnits[3]],
      [3, '12333', '人力资源和社会保障服务热线', 'merged', org.handlingUnits[5]],
      [4, '12369', '生态环境投诉举报热线', 'merged', org.handlingUnits[1]],
    ],
  );
  for (const t of ['region', 'unit', 'category', 'app_user', 'hotline']) await syncIdentity(db, t);
}
