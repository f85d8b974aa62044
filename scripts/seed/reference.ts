import type { Role, UnitType } from '@app/identity';
import { CATEGORY_TREE, LeafDef } from './categories.data';
import { HOTLINES, HotlineDef } from './hotlines.data';
import { Rng } from './random';
import { CITY_NAME, DISTRICTS, DistrictDef } from './regions.data';
import {
  CENTRE,
  CENTRE_STAFF,
  DEPARTMENTS,
  GIVEN_NAME_CHARS,
  STAFFED_COMMUNITIES,
  STAFFED_STREETS_PER_DISTRICT,
  SURNAMES,
} from './units.data';

/** Rows exactly as the tables hold them (snake_case), with ids chosen here. */
export interface CategoryRow {
  id: number;
  code: string;
  name: string;
  level: number;
  parent_id: number | null;
  sort_order: number;
}
export interface RegionRow {
  id: number;
  code: string;
  name: string;
  level: 'district' | 'street' | 'community';
  parent_id: number | null;
}
export interface UnitRow {
  id: number;
  code: string;
  name: string;
  type: UnitType;
  parent_id: number | null;
  path: string;
  region_id: number | null;
  head_user_id: number | null;
  deputy_head_user_id: number | null;
}
export interface UserRow {
  id: number;
  username: string;
  display_name: string;
  password_hash: string;
  role: Role;
  unit_id: number;
  phone: string | null;
}
export interface HotlineRow {
  id: number;
  number: string;
  name: string;
  mode: string;
  default_unit_id: number | null;
  default_category_id: number | null;
  active: boolean;
}

export interface LeafRef {
  id: number;
  code: string;
  def: LeafDef;
  family: string;
}

export interface PlaceUnit {
  region: RegionRow;
  unit: UnitRow;
  staffed: boolean;
}
export interface StreetRef extends PlaceUnit {
  communities: PlaceUnit[];
}
export interface DistrictRef extends PlaceUnit {
  def: DistrictDef;
  streets: StreetRef[];
}

/** The demo city as the order generator sees it. */
export interface World {
  categories: CategoryRow[];
  leaves: LeafRef[];
  regions: RegionRow[];
  districts: DistrictRef[];
  units: UnitRow[];
  unitByCode: Map<string, UnitRow>;
  users: UserRow[];
  /** The liaison (联络员) of each staffed unit: the one who signs, replies and sub-dispatches. */
  handlerOf: Map<number, UserRow>;
  centre: UnitRow;
  staff: Record<'agent' | 'dispatcher' | 'supervisor' | 'manager' | 'admin' | 'knowledge_admin', UserRow[]>;
  hotlines: { row: HotlineRow; def: HotlineDef }[];
  /** Levels below the root, as UnitDirectory.depth counts them. */
  depth: (unitId: number) => number;
}

/** First free id of each table, so that explicit ids never collide with rows already there. */
export interface IdBase {
  category: number;
  region: number;
  unit: number;
  app_user: number;
  hotline: number;
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const pad3 = (n: number) => String(n).padStart(3, '0');

function buildCategories(base: number): { rows: CategoryRow[]; leaves: LeafRef[] } {
  const rows: CategoryRow[] = [];
  const leaves: LeafRef[] = [];
  let id = base;
  CATEGORY_TREE.forEach((fam, fi) => {
    const famRow: CategoryRow = { id: id++, code: pad2(fi + 1), name: fam.name, level: 1, parent_id: null, sort_order: fi + 1 };
    rows.push(famRow);
    fam.subs.forEach((sub, si) => {
      const subRow: CategoryRow = {
        id: id++,
        code: famRow.code + pad2(si + 1),
        name: sub.name,
        level: 2,
        parent_id: famRow.id,
        sort_order: si + 1,
      };
      rows.push(subRow);
      sub.leaves.forEach((def, li) => {
        const row: CategoryRow = {
          id: id++,
          code: subRow.code + pad2(li + 1),
          name: def.name,
          level: 3,
          parent_id: subRow.id,
          sort_order: li + 1,
        };
        rows.push(row);
        leaves.push({ id: row.id, code: row.code, def, family: fam.name });
      });
    });
  });
  return { rows, leaves };
}

/** Random but plausible Chinese personal names. */
export function personName(rng: Rng): string {
  const surname = SURNAMES[Math.floor(Math.pow(rng.next(), 1.6) * SURNAMES.length)];
  const given = rng.chance(0.3) ? rng.pick(GIVEN_NAME_CHARS) : rng.pick(GIVEN_NAME_CHARS) + rng.pick(GIVEN_NAME_CHARS);
  return surname + given;
}

export function mobile(rng: Rng): string {
  return rng.pick(['13', '15', '18', '17', '19']) + rng.int(0, 9) + rng.digits(8);
}

export function buildWorld(rng: Rng, base: IdBase, passwordHash: string): World {
  const { rows: categories, leaves } = buildCategories(base.category);
  const regions: RegionRow[] = [];
  const units: UnitRow[] = [];
  let regionId = base.region;
  let unitId = base.unit;

  const addUnit = (code: string, name: string, type: UnitType, parent: UnitRow | null, regionIdOf: number | null): UnitRow => {
    const id = unitId++;
    const row: UnitRow = {
      id,
      code,
      name,
      type,
      parent_id: parent?.id ?? null,
      path: `${parent?.path ?? '/'}${id}/`,
      region_id: regionIdOf,
      head_user_id: null,
      deputy_head_user_id: null,
    };
    units.push(row);
    return row;
  };

  const centre = addUnit(CENTRE.code, CENTRE.name, 'centre', null, null);
  const staffedCommunities = new Set(STAFFED_COMMUNITIES);
  const districts: DistrictRef[] = DISTRICTS.map((d, di) => {
    const dRegion: RegionRow = { id: regionId++, code: d.code, name: d.name, level: 'district', parent_id: null };
    regions.push(dRegion);
    const dCode = `D${pad2(di + 1)}`;
    const dUnit = addUnit(dCode, `${CITY_NAME}${d.name}人民政府`, 'district', centre, dRegion.id);
    const streets = d.streets.map((s, si): StreetRef => {
      const sRegion: RegionRow = { id: regionId++, code: d.code + pad3(si + 1), name: s.name, level: 'street', parent_id: dRegion.id };
      regions.push(sRegion);
      const office = s.name.endsWith('街道') ? `${d.name}${s.name}办事处` : `${d.name}${s.name}人民政府`;
      const sUnit = addUnit(`${dCode}-S${pad2(si + 1)}`, office, 'street', dUnit, sRegion.id);
      const communities = s.communities.map((c, ci): PlaceUnit => {
        const cRegion: RegionRow = {
          id: regionId++,
          code: sRegion.code + pad3(ci + 1),
          name: c,
          level: 'community',
          parent_id: sRegion.id,
        };
        regions.push(cRegion);
        const committee = c.endsWith('村') ? `${c}村民委员会` : `${c}居民委员会`;
        const cUnit = addUnit(`${sUnit.code}-C${pad2(ci + 1)}`, `${s.name}${committee}`, 'community', sUnit, cRegion.id);
        return { region: cRegion, unit: cUnit, staffed: staffedCommunities.has(cUnit.code) };
      });
      return { region: sRegion, unit: sUnit, staffed: si < STAFFED_STREETS_PER_DISTRICT, communities };
    });
    return { region: dRegion, unit: dUnit, staffed: true, def: d, streets };
  });
  for (const dep of DEPARTMENTS) addUnit(dep.code, dep.name, dep.type, centre, null);
  const unitByCode = new Map(units.map((u) => [u.code, u]));

  // --- users: the centre's staff, then a liaison, a head and a deputy head for each staffed unit ---
  const users: UserRow[] = [];
  let userId = base.app_user;
  const addUser = (username: string, role: Role, unit: UnitRow): UserRow => {
    const row: UserRow = {
      id: userId++,
      username,
      display_name: personName(rng),
      password_hash: passwordHash,
      role,
      unit_id: unit.id,
      phone: mobile(rng),
    };
    users.push(row);
    return row;
  };
  const staff: World['staff'] = { agent: [], dispatcher: [], supervisor: [], manager: [], admin: [], knowledge_admin: [] };
  for (const s of CENTRE_STAFF) staff[s.role].push(addUser(s.username, s.role, centre));

  const handlerOf = new Map<number, UserRow>();
  const staffUnit = (unit: UnitRow, short: string) => {
    handlerOf.set(unit.id, addUser(`handler_${short}`, 'handler', unit));
    unit.head_user_id = addUser(`head_${short}`, 'handler', unit).id;
    unit.deputy_head_user_id = addUser(`deputy_${short}`, 'handler', unit).id;
  };
  for (const d of districts) {
    staffUnit(d.unit, d.unit.code.toLowerCase());
    for (const s of d.streets) {
      if (s.staffed) staffUnit(s.unit, s.unit.code.toLowerCase().replace(/-/g, ''));
      for (const c of s.communities) if (c.staffed) staffUnit(c.unit, c.unit.code.toLowerCase().replace(/-/g, ''));
    }
  }
  for (const dep of DEPARTMENTS) staffUnit(unitByCode.get(dep.code)!, dep.short);

  // --- hotlines ---
  let hotlineId = base.hotline;
  const leafByName = new Map(leaves.map((l) => [l.def.name, l]));
  const hotlines = HOTLINES.map((def) => {
    const unit = def.unit ? unitByCode.get(def.unit) : undefined;
    const leaf = def.category ? leafByName.get(def.category) : undefined;
    if ((def.unit && !unit) || (def.category && !leaf)) throw new Error(`hotline ${def.number}: unknown unit or category`);
    const row: HotlineRow = {
      id: hotlineId++,
      number: def.number,
      name: def.name,
      mode: def.mode,
      default_unit_id: unit?.id ?? null,
      default_category_id: leaf?.id ?? null,
      active: def.active ?? true,
    };
    return { row, def };
  });

  const unitById = new Map(units.map((u) => [u.id, u]));
  const depth = (id: number) => unitById.get(id)!.path.split('/').filter(Boolean).length - 1;
  return { categories, leaves, regions, districts, units, unitByCode, users, handlerOf, centre, staff, hotlines, depth };
}
