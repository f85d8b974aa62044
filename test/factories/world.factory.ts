import { Category, Region } from '@app/catalog';
import { hashPassword, Role, Unit, User } from '@app/identity';
import { randomBytes, randomInt } from 'crypto';
import { DataSource } from 'typeorm';
import { Http } from '../setup/http';

export const PASSWORD = 'Test#12345';
let passwordHash: Promise<string> | null = null;

export interface World {
  tag: string;
  units: { centre: Unit; district: Unit; street: Unit; community: Unit; district2: Unit; street2: Unit; department: Unit; inactive: Unit };
  regions: { district: Region; street: Region; community: Region; district2: Region; street2: Region };
  categories: { top: Category; mid: Category; leaf: Category; inactive: Category };
  users: Record<
    | 'headDistrict'
    | 'knowledgeAdmin'
    | 'deputyDistrict'
    | 'agent'
    | 'dispatcher'
    | 'dispatcher2'
    | 'supervisor'
    | 'manager'
    | 'admin'
    | 'handlerDistrict'
    | 'handlerStreet'
    | 'handlerCommunity'
    | 'handlerDistrict2'
    | 'handlerStreet2'
    | 'handlerDepartment',
    User
  >;
  tokens: Record<keyof World['users'], string>;
  http: Http;
}

/**
 * A small city of its own for one test file: a centre with two districts, streets, a community and a
 * department, regions and categories, and a signed-in user for each role. Names carry a random tag so
 * test files sharing a database never collide.
 */
export async function buildWorld(ds: DataSource, http: Http): Promise<World> {
  const tag = randomBytes(3).toString('hex');
  passwordHash ??= hashPassword(PASSWORD);
  const hash = await passwordHash;
  const unitRepo = ds.getRepository(Unit);
  const unit = async (code: string, name: string, type: Unit['type'], parent: Unit | null, active = true) => {
    const u = await unitRepo.save(
      unitRepo.create({ code: `${code}-${tag}`, name: `${name}${tag}`, type, parentId: parent?.id ?? null, path: '/', active }),
    );
    u.path = `${parent?.path ?? '/'}${u.id}/`;
    return unitRepo.save(u);
  };
  const centre = await unit('CENTRE', '热线中心', 'centre', null);
  const district = await unit('D1', '东城区', 'district', centre);
  const street = await unit('D1S1', '东华街道', 'street', district);
  const community = await unit('D1S1C1', '东华社区', 'community', street);
  const district2 = await unit('D2', '西城区', 'district', centre);
  const street2 = await unit('D2S1', '西华街道', 'street', district2);
  const department = await unit('CG', '市城市管理局', 'department', centre);
  const inactive = await unit('OLD', '已撤销单位', 'department', centre, false);

  const regionRepo = ds.getRepository(Region);
  const region = (code: string, name: string, level: Region['level'], parent: Region | null) =>
    regionRepo.save(regionRepo.create({ code: `${code}${tag}`, name, level, parentId: parent?.id ?? null }));
  const rd = await region('R1', '东城区', 'district', null);
  const rs = await region('R1S', '东华街道', 'street', rd);
  const rc = await region('R1SC', '东华社区', 'community', rs);
  const rd2 = await region('R2', '西城区', 'district', null);
  const rs2 = await region('R2S', '西华街道', 'street', rd2);

  const catRepo = ds.getRepository(Category);
  const cat = (code: string, name: string, level: number, parent: Category | null, active = true) =>
    catRepo.save(catRepo.create({ code: `${code}${tag}`, name, level, parentId: parent?.id ?? null, active }));
  const top = await cat('01', '城市管理', 1, null);
  const mid = await cat('0101', '市容环境', 2, top);
  const leaf = await cat('010101', '占道经营', 3, mid);
  const inactiveCat = await cat('010199', '已停用分类', 3, mid, false);

  const userRepo = ds.getRepository(User);
  const user = (key: string, role: Role, u: Unit, phone: string | null = null) =>
    userRepo.save(userRepo.create({ username: `${key}_${tag}`, displayName: key, passwordHash: hash, role, unitId: u.id, phone }));
  const users = {
    agent: await user('agent', 'agent', centre),
    dispatcher: await user('dispatcher', 'dispatcher', centre),
    dispatcher2: await user('dispatcher2', 'dispatcher', centre),
    supervisor: await user('supervisor', 'supervisor', centre),
    manager: await user('manager', 'manager', centre),
    admin: await user('admin', 'admin', centre),
    knowledgeAdmin: await user('kadmin', 'knowledge_admin', centre),
    handlerDistrict: await user('handler_d1', 'handler', district, newPhone()),
    headDistrict: await user('head_d1', 'handler', district, newPhone()),
    deputyDistrict: await user('deputy_d1', 'handler', district, newPhone()),
    handlerStreet: await user('handler_s1', 'handler', street),
    handlerCommunity: await user('handler_c1', 'handler', community),
    handlerDistrict2: await user('handler_d2', 'handler', district2),
    handlerStreet2: await user('handler_s2', 'handler', street2),
    handlerDepartment: await user('handler_cg', 'handler', department),
  };
  // The district's head and deputy: reminders escalate to them, supervision orders reach them.
  await unitRepo.update({ id: district.id }, { headUserId: users.headDistrict.id, deputyHeadUserId: users.deputyDistrict.id });
  const tokens = {} as World['tokens'];
  for (const [key, u] of Object.entries(users)) {
    const res = await http.post('/auth/login', { username: u.username, password: PASSWORD });
    if (res.status !== 200) throw new Error(`login ${u.username}: ${res.status} ${JSON.stringify(res.body)}`);
    tokens[key as keyof World['users']] = res.body.accessToken;
  }
  return {
    tag,
    units: { centre, district, street, community, district2, street2, department, inactive },
    regions: { district: rd, street: rs, community: rc, district2: rd2, street2: rs2 },
    categories: { top, mid, leaf, inactive: inactiveCat },
    users,
    tokens,
    http,
  };
}

const issuedPhones = new Set<string>();
/** A fresh, valid mobile number (random: jest reuses worker processes across files), so caller-history tests see only their own orders. */
export function newPhone(): string {
  let phone: string;
  do phone = `139${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;
  while (issuedPhones.has(phone));
  issuedPhones.add(phone);
  return phone;
}

export function registration(w: World, extra: Record<string, unknown> = {}) {
  return {
    appealType: 'complaint',
    channel: 'phone',
    categoryId: w.categories.leaf.id,
    citizenName: '张三丰',
    citizenPhone: newPhone(),
    districtId: w.regions.district.id,
    streetId: w.regions.street.id,
    communityId: w.regions.community.id,
    address: '东华路18号菜市场门口',
    title: '菜市场门口占道经营',
    content: '东华路菜市场门口每天早上有流动摊贩占道经营，行人只能走机动车道，存在安全隐患。',
    ...extra,
  };
}
