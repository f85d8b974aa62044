import { CHANNEL_LABELS, Channel } from '@app/tickets';
import { UnitDirectory } from '@app/identity';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DimensionColumn } from './kpi-rollup';

/** What a KPI table can be cut by (groupBy), the column of the rollup it reads, and its header. */
export const DIMENSIONS = {
  unit: { label: '承办单位', column: 'unit_id' },
  district: { label: '区', column: 'district_id' },
  street: { label: '街道/乡镇', column: 'street_id' },
  category1: { label: '一级分类', column: 'category_id' },
  category2: { label: '二级分类', column: 'category_id' },
  category3: { label: '三级分类', column: 'category_id' },
  channel: { label: '来源渠道', column: 'channel' },
  hotline: { label: '热线', column: 'hotline_id' },
  period: { label: '时段', column: null },
} as const satisfies Record<string, { label: string; column: DimensionColumn | null }>;
export type Dimension = keyof typeof DIMENSIONS;
export const DIMENSION_KEYS = Object.keys(DIMENSIONS) as Dimension[];

interface Node {
  id: number;
  name: string;
  level: number | string;
  parentId: number | null;
}

const TTL_MS = 60_000;

/**
 * Names and trees for labelling and folding KPI rows: categories (three levels), regions, hotlines;
 * units come from UnitDirectory. Small tables, cached for a minute.
 */
@Injectable()
export class KpiCatalog {
  private categories = new Map<number, Node>();
  private regions = new Map<number, Node>();
  private hotlines = new Map<number, { id: number; number: string; name: string }>();
  private loadedAt = 0;
  private loading: Promise<void> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    readonly units: UnitDirectory,
  ) {}

  async ensure(): Promise<void> {
    if (Date.now() - this.loadedAt < TTL_MS) return;
    this.loading ??= this.load().finally(() => (this.loading = null));
    await this.loading;
  }

  private async load(): Promise<void> {
    const q = (sql: string) => this.dataSource.query(sql) as Promise<Record<string, any>[]>;
    const [cats, regions, hotlines] = await Promise.all([
      q('SELECT id, name, level, parent_id FROM category'),
      q('SELECT id, name, level, parent_id FROM region'),
      q('SELECT id, number, name FROM hotline'),
    ]);
    const node = (r: Record<string, any>): Node => ({ id: r.id, name: r.name, level: r.level, parentId: r.parent_id });
    this.categories = new Map(cats.map((r) => [r.id, node(r)]));
    this.regions = new Map(regions.map((r) => [r.id, node(r)]));
    this.hotlines = new Map(hotlines.map((r) => [r.id, { id: r.id, number: r.number, name: r.name }]));
    this.loadedAt = Date.now();
  }

  /** The category at `level` above (or at) this one; null when the category is coarser than that. */
  categoryAt(id: number, level: number): number | null {
    let cur = this.categories.get(id);
    while (cur && Number(cur.level) > level) cur = cur.parentId === null ? undefined : this.categories.get(cur.parentId);
    return cur && Number(cur.level) === level ? cur.id : null;
  }

  /** A category and every category below it. */
  categorySubtree(id: number): number[] {
    const out = [id];
    for (let i = 0; i < out.length; i++) for (const c of this.categories.values()) if (c.parentId === out[i]) out.push(c.id);
    return out;
  }

  hasCategory(id: number): boolean {
    return this.categories.has(id);
  }

  region(id: number): Node | undefined {
    return this.regions.get(id);
  }

  hotlineByNumber(number: string) {
    return [...this.hotlines.values()].find((h) => h.number === number);
  }

  hotlineById(id: number) {
    return this.hotlines.get(id);
  }

  /** The label of a row's key in a dimension. */
  async label(dim: Dimension, key: string | number | null): Promise<string> {
    if (dim === 'unit' && key !== null && key !== 0 && key !== '') return (await this.units.get(Number(key)))?.name ?? `单位 ${key}`;
    return this.labelSync(dim, key);
  }

  /** label() from this cache alone: every dimension but a unit's name. */
  labelSync(dim: Dimension, key: string | number | null): string {
    if (key === null || key === 0 || key === '') return dim === 'unit' ? '（未派单）' : '（未填写）';
    switch (dim) {
      case 'unit':
        return `单位 ${key}`;
      case 'district':
      case 'street':
        return this.regions.get(Number(key))?.name ?? `区域 ${key}`;
      case 'category1':
      case 'category2':
      case 'category3':
        return this.categories.get(Number(key))?.name ?? `分类 ${key}`;
      case 'channel':
        return CHANNEL_LABELS[key as Channel] ?? String(key);
      case 'hotline': {
        const h = this.hotlines.get(Number(key));
        return h ? `${h.name}（${h.number}）` : `热线 ${key}`;
      }
      case 'period':
        return String(key);
    }
  }
}
