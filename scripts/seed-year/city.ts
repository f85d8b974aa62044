import { dataSourceOptions } from '@app/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { CATEGORY_TREE } from '../seed/categories.data';
import { seedDemo } from '../seed';

/** Seeds the demo city (units, regions, categories, hotlines, users; no orders) when the database has no units. */
export async function ensureCity(url: string, log: (s: string) => void): Promise<void> {
  const ds = new DataSource(dataSourceOptions(url, { extra: { max: 2 } }));
  await ds.initialize();
  try {
    const summary = await seedDemo(ds, { orders: 0 });
    if (summary.users.length) log(`seeded the demo city: ${summary.users.length} users`);
  } finally {
    await ds.destroy();
  }
}

/** A leaf category as the generator sees it. `unit`: a unit id, or 'D' / 'S' for the district / street of the place. */
export interface CityCategory {
  id: number;
  name: string;
  /** family > sub-family > leaf names, for matching seasons and trends. */
  path: string;
  weight: number;
  unit: number | 'D' | 'S';
  months: number[] | null;
  kind: 'handled' | 'transferred' | 'not_accepted';
  hotlineId: number | null;
}

export interface CityPlace {
  districtIndex: number;
  districtRegion: number;
  streetRegion: number;
  communityRegion: number;
  districtUnit: number;
  streetUnit: number;
  name: string;
}

export interface CityModel {
  categories: CityCategory[];
  places: CityPlace[];
  districts: number;
  /** Units that can lead an order, by id. */
  unitIds: number[];
  primaryHotline: number;
  agentId: number;
  dispatcherId: number;
  centreUnit: number;
  /** A handler of each unit, by unit id. */
  handlerOf: Map<number, number>;
}

interface LeafInfo {
  unit: string;
  weight: number;
  months?: number[];
  transfer?: string;
  notAccepted?: string;
}

function demoLeaves(): Map<string, LeafInfo> {
  const out = new Map<string, LeafInfo>();
  for (const f of CATEGORY_TREE) for (const s of f.subs) for (const l of s.leaves) out.set(`${f.name}>${s.name}>${l.name}`, l);
  return out;
}

/**
 * Reads the city from the database. Weights and handling units come from the demo taxonomy when a
 * leaf is known there; any other leaf gets weight 1, handled by the district of the place.
 */
export async function readCity(db: Client): Promise<CityModel> {
  const known = demoLeaves();
  const units = (await db.query(`SELECT id, code, type, region_id FROM unit WHERE active`)).rows as {
    id: number;
    code: string;
    type: string;
    region_id: number | null;
  }[];
  const unitByCode = new Map(units.map((u) => [u.code, u.id]));
  const unitByRegion = new Map(units.filter((u) => u.region_id !== null).map((u) => [u.region_id!, u.id]));
  const hotlines = (await db.query(`SELECT id, mode, default_category_id FROM hotline WHERE active`)).rows as {
    id: number;
    mode: string;
    default_category_id: number | null;
  }[];
  const primary = hotlines.find((h) => h.mode === 'primary');
  if (!primary) throw new Error('the city has no primary hotline');
  const hotlineOf = new Map(hotlines.filter((h) => h.default_category_id !== null).map((h) => [h.default_category_id!, h.id]));

  const cats = (
    await db.query(`
      SELECT l.id, l.name, f.name || '>' || s.name || '>' || l.name AS path
      FROM category l JOIN category s ON s.id = l.parent_id JOIN category f ON f.id = s.parent_id
      WHERE l.level = 3 AND l.active ORDER BY l.id`)
  ).rows as { id: number; name: string; path: string }[];
  const categories: CityCategory[] = [];
  for (const c of cats) {
    const leaf = known.get(c.path);
    const weight = leaf ? leaf.weight : 1;
    if (weight <= 0 && !leaf?.transfer && !leaf?.notAccepted) continue;
    const u = leaf?.unit ?? 'D';
    categories.push({
      id: c.id,
      name: c.name,
      path: c.path,
      // Special outcomes (transfers, out of scope) have weight 0 in the demo: a small steady share here.
      weight: weight > 0 ? weight : 0.4,
      unit: u === 'D' || u === 'S' ? u : (unitByCode.get(u) ?? 'D'),
      months: leaf?.months ?? null,
      kind: leaf?.transfer ? 'transferred' : leaf?.notAccepted ? 'not_accepted' : 'handled',
      hotlineId: hotlineOf.get(c.id) ?? null,
    });
  }

  const regions = (
    await db.query(`
      SELECT d.id AS district, s.id AS street, c.id AS community, c.name
      FROM region c JOIN region s ON s.id = c.parent_id JOIN region d ON d.id = s.parent_id
      WHERE c.level = 'community' ORDER BY d.code, s.code, c.code`)
  ).rows as { district: number; street: number; community: number; name: string }[];
  const districtIds = [...new Set(regions.map((r) => r.district))];
  const places: CityPlace[] = regions.map((r) => ({
    districtIndex: districtIds.indexOf(r.district),
    districtRegion: r.district,
    streetRegion: r.street,
    communityRegion: r.community,
    districtUnit: unitByRegion.get(r.district)!,
    streetUnit: unitByRegion.get(r.street) ?? unitByRegion.get(r.district)!,
    name: r.name,
  }));
  if (!places.length || places.some((p) => !p.districtUnit))
    throw new Error('the city needs district > street > community regions with units');

  const users = (await db.query(`SELECT id, role, unit_id FROM app_user WHERE active ORDER BY id`)).rows as {
    id: number;
    role: string;
    unit_id: number;
  }[];
  const first = (role: string) => users.find((u) => u.role === role)?.id ?? users[0]?.id;
  const handlerOf = new Map<number, number>();
  for (const u of users) if (u.role === 'handler' && !handlerOf.has(u.unit_id)) handlerOf.set(u.unit_id, u.id);
  const centre = units.find((u) => u.type === 'centre') ?? units.find((u) => u.code === 'CENTRE');
  return {
    categories,
    places,
    districts: districtIds.length,
    unitIds: units.map((u) => u.id),
    primaryHotline: primary.id,
    agentId: first('agent'),
    dispatcherId: first('dispatcher'),
    centreUnit: centre?.id ?? units[0].id,
    handlerOf,
  };
}
