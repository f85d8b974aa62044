import type { EntityManager } from 'typeorm';
import { AUTO_DISPATCH_CATEGORIES, DISPATCH_RULES, DISTRICT_GOVERNMENT, FAMILIES_WITHOUT_DEFAULT } from './dispatch-rules.data';
import type { CategoryRow, DistrictRef, World } from './reference';
import { ColumnSpec, bulkInsert } from './sql';

/** A dispatch_rule row as inserted (the id comes from the identity). */
export interface DispatchRuleRow {
  category_id: number;
  region_id: number | null;
  keywords: string[];
  lead_unit_id: number;
  co_unit_ids: number[];
  priority: number;
  auto_dispatch: boolean;
  active: boolean;
  note: string;
}

const RULE_COLUMNS: ColumnSpec = [
  ['category_id', 'int'],
  ['region_id', 'int'],
  ['keywords', 'text[]'],
  ['lead_unit_id', 'int'],
  ['co_unit_ids', 'int[]'],
  ['priority', 'int'],
  ['auto_dispatch', 'boolean'],
  ['active', 'boolean'],
  ['note', 'varchar'],
];

/** The catalogue in dispatch-rules.data.ts, resolved against the world; throws on any code that does not resolve. */
export function buildDispatchRules(w: World): DispatchRuleRow[] {
  const categoryByCode = new Map(w.categories.map((c) => [c.code, c]));
  const category = (code: string, name: string): CategoryRow => {
    const c = categoryByCode.get(code);
    if (!c) throw new Error(`dispatch rules: no category with code ${code} (${name})`);
    if (c.name !== name)
      throw new Error(`dispatch rules: category ${code} is ${c.name}, not ${name}: has categories.data.ts been reordered?`);
    return c;
  };
  const unit = (code: string, district: DistrictRef | null): number => {
    if (code === DISTRICT_GOVERNMENT) {
      if (!district) throw new Error(`dispatch rules: '${DISTRICT_GOVERNMENT}' (district government) in a city-wide rule`);
      return district.unit.id;
    }
    const u = w.unitByCode.get(code);
    if (!u) throw new Error(`dispatch rules: no unit with code ${code}`);
    return u.id;
  };

  const rows: DispatchRuleRow[] = [];
  for (const def of DISPATCH_RULES) {
    const c = category(def.category, def.name);
    for (const district of def.perDistrict ? w.districts : [null]) {
      const note = def.note.replaceAll('{district}', district?.region.name ?? '全市');
      if (note.length > 255) throw new Error(`dispatch rules: note of ${def.category} longer than 255 characters`);
      const lead = unit(def.lead, district);
      const co = (def.co ?? []).map((code) => unit(code, district));
      if (co.includes(lead)) throw new Error(`dispatch rules: ${def.category} ${def.name} names its lead unit as a co-handling unit`);
      rows.push({
        category_id: c.id,
        region_id: district?.region.id ?? null,
        keywords: def.keywords ?? [],
        lead_unit_id: lead,
        co_unit_ids: co,
        priority: def.priority ?? 0,
        auto_dispatch: def.auto ?? false,
        active: true,
        note,
      });
    }
  }

  for (const family of w.categories.filter((c) => c.level === 1)) {
    const hasDefault = rows.some((r) => r.category_id === family.id && r.region_id === null && r.keywords.length === 0);
    if (!hasDefault && !FAMILIES_WITHOUT_DEFAULT[family.code]) {
      throw new Error(`dispatch rules: family ${family.code} ${family.name} has no city-wide default rule`);
    }
  }
  return rows;
}

/** The category ids to switch to auto-dispatch; each must have a rule of its own marked auto. */
export function autoDispatchCategoryIds(w: World, rows: DispatchRuleRow[]): number[] {
  return AUTO_DISPATCH_CATEGORIES.map(({ category, name }) => {
    const c = w.categories.find((x) => x.code === category);
    if (!c || c.name !== name) throw new Error(`dispatch rules: auto-dispatch category ${category} ${name} not found`);
    if (!rows.some((r) => r.category_id === c.id && r.auto_dispatch)) {
      throw new Error(`dispatch rules: auto-dispatch is on for ${category} ${name}, but none of its rules is marked auto`);
    }
    return c.id;
  });
}

/** The dispatch catalogue, and auto-dispatch on for the few categories that are safe without a dispatcher. */
export async function insertDispatchRules(m: EntityManager, w: World): Promise<void> {
  const rows = buildDispatchRules(w);
  const autoIds = autoDispatchCategoryIds(w, rows);
  await bulkInsert(m, 'dispatch_rule', RULE_COLUMNS, rows, { overriding: false });
  await m.query(`UPDATE category SET auto_dispatch = true WHERE id = ANY($1::int[])`, [autoIds]);
}
