import type { LegacyOrder } from './legacy-csv';

/** The city's names, to turn an export's words into ids. Built from the database by the importer. */
export interface LegacyCatalog {
  /** Leaf categories by name and by code (a name used by two leaves maps to null: ambiguous). */
  categories: Map<string, number | null>;
  districts: Map<string, number>;
  /** Streets by `${districtId}|${name}`. */
  streets: Map<string, number>;
  units: Map<string, number>;
}

export interface ResolvedOrder {
  order: LegacyOrder;
  categoryId: number;
  districtId: number;
  streetId: number | null;
  unitId: number | null;
}

/** Names in exports come with or without the administrative suffix: 江城区 / 江城, 江滨街道 / 江滨. */
const bare = (s: string) => s.replace(/\s+/g, '').replace(/(街道办事处|街道|镇|乡|区|县)$/, '');

export function buildCatalog(rows: {
  categories: { id: number; name: string; code: string }[];
  districts: { id: number; name: string }[];
  streets: { id: number; name: string; districtId: number }[];
  units: { id: number; name: string }[];
}): LegacyCatalog {
  const categories = new Map<string, number | null>();
  for (const c of rows.categories) {
    categories.set(c.code, c.id);
    categories.set(c.name, categories.has(c.name) && categories.get(c.name) !== c.id ? null : c.id);
  }
  const districts = new Map<string, number>();
  for (const d of rows.districts) {
    districts.set(d.name, d.id);
    districts.set(bare(d.name), d.id);
  }
  const streets = new Map<string, number>();
  for (const s of rows.streets) {
    streets.set(`${s.districtId}|${s.name}`, s.id);
    streets.set(`${s.districtId}|${bare(s.name)}`, s.id);
  }
  return { categories, districts, streets, units: new Map(rows.units.map((u) => [u.name, u.id])) };
}

/** The ids an order needs, or the reasons it cannot be placed in this city. */
export function resolveLegacyOrder(order: LegacyOrder, cat: LegacyCatalog): { resolved?: ResolvedOrder; reasons: string[] } {
  const reasons: string[] = [];
  const categoryId = cat.categories.get(order.category);
  if (categoryId === undefined) reasons.push(`未知事项分类: "${order.category}"`);
  else if (categoryId === null) reasons.push(`事项分类名称不唯一，请用编码: "${order.category}"`);
  const districtId = cat.districts.get(order.district) ?? cat.districts.get(bare(order.district));
  if (districtId === undefined) reasons.push(`未知所属区: "${order.district}"`);
  let streetId: number | null = null;
  if (order.street && districtId !== undefined) {
    streetId = cat.streets.get(`${districtId}|${order.street}`) ?? cat.streets.get(`${districtId}|${bare(order.street)}`) ?? null;
    if (streetId === null) reasons.push(`所属街道不在${order.district}: "${order.street}"`);
  }
  let unitId: number | null = null;
  if (order.unit) {
    unitId = cat.units.get(order.unit) ?? null;
    if (unitId === null) reasons.push(`未知承办单位: "${order.unit}"`);
  }
  if (reasons.length) return { reasons };
  return { resolved: { order, categoryId: categoryId!, districtId: districtId!, streetId, unitId }, reasons };
}
