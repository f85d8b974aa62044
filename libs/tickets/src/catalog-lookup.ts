import { Category, Hotline, Region } from '@app/catalog';
import { badRequest, unprocessable } from '@app/common';
import { UnitDirectory } from '@app/identity';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

const TTL_MS = 30_000;

/**
 * Reference data an order points at, cached in memory: the registration hot path checks every id
 * without a query. A cache miss reloads once before an id is called unknown.
 */
@Injectable()
export class CatalogLookup {
  private categories = new Map<number, Category>();
  private regions = new Map<number, Region>();
  private hotlines = new Map<number, Hotline>();
  private hotlinesByNumber = new Map<string, Hotline>();
  private loadedAt = 0;
  private loading: Promise<void> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly units: UnitDirectory,
  ) {}

  private async load(force = false): Promise<void> {
    if (!force && Date.now() - this.loadedAt < TTL_MS) return;
    this.loading ??= (async () => {
      const [c, r, h] = await Promise.all([
        this.dataSource.getRepository(Category).find(),
        this.dataSource.getRepository(Region).find(),
        this.dataSource.getRepository(Hotline).find(),
      ]);
      this.categories = new Map(c.map((x) => [x.id, x]));
      this.regions = new Map(r.map((x) => [x.id, x]));
      this.hotlines = new Map(h.map((x) => [x.id, x]));
      this.hotlinesByNumber = new Map(h.map((x) => [x.number, x]));
      this.loadedAt = Date.now();
    })().finally(() => (this.loading = null));
    await this.loading;
  }

  /** After an edit: the next lookup reloads. */
  invalidate(): void {
    this.loadedAt = 0;
  }

  private async find<T>(pick: () => Map<number, T>, id: number): Promise<T | undefined> {
    await this.load();
    if (!pick().has(id)) await this.load(true);
    return pick().get(id);
  }

  category(id: number) {
    return this.find(() => this.categories, id);
  }

  region(id: number) {
    return this.find(() => this.regions, id);
  }

  hotline(id: number) {
    return this.find(() => this.hotlines, id);
  }

  /** A line by the number dialled or named (active or not: the caller decides). */
  async hotlineByNumber(number: string): Promise<Hotline | undefined> {
    await this.load();
    if (!this.hotlinesByNumber.has(number)) await this.load(true);
    return this.hotlinesByNumber.get(number);
  }

  /** 12345 itself: the line a delivery came through when it names none. */
  async primaryHotline(): Promise<Hotline | undefined> {
    await this.load();
    return [...this.hotlines.values()].find((h) => h.mode === 'primary' && h.active);
  }

  /** The category and every category above it (a rule on 城市管理 applies to 占道经营 too). */
  async categoryAncestry(id: number | null): Promise<number[]> {
    const out: number[] = [];
    let cur = id ? await this.category(id) : undefined;
    while (cur && !out.includes(cur.id)) {
      out.push(cur.id);
      cur = cur.parentId ? await this.category(cur.parentId) : undefined;
    }
    return out;
  }

  /** Checks every reference of a new order, and that the location nests (community in street in district). */
  async checkReferences(ref: {
    categoryId?: number | null;
    hotlineId?: number | null;
    districtId?: number | null;
    streetId?: number | null;
    communityId?: number | null;
  }): Promise<void> {
    if (ref.categoryId) {
      const c = await this.category(ref.categoryId);
      if (!c || !c.active)
        throw unprocessable('CATALOG.UNKNOWN_CATEGORY', `事项分类 ${ref.categoryId} 不存在或已停用`, { categoryId: ref.categoryId });
    }
    if (ref.hotlineId) {
      const h = await this.hotline(ref.hotlineId);
      if (!h || !h.active)
        throw unprocessable('CATALOG.UNKNOWN_HOTLINE', `热线 ${ref.hotlineId} 不存在或已停用`, { hotlineId: ref.hotlineId });
    }
    const levels = [
      ['districtId', 'district', null],
      ['streetId', 'street', 'districtId'],
      ['communityId', 'community', 'streetId'],
    ] as const;
    for (const [key, level, parentKey] of levels) {
      const id = ref[key];
      if (!id) continue;
      const r = await this.region(id);
      if (!r || r.level !== level)
        throw unprocessable(
          'CATALOG.UNKNOWN_REGION',
          `${key} ${id} 不是有效的${{ district: '区', street: '街道/乡镇', community: '社区' }[level]}`,
          { [key]: id },
        );
      const parentId = parentKey ? ref[parentKey] : null;
      if (parentKey && parentId && r.parentId !== parentId) {
        throw badRequest('CATALOG.REGION_MISMATCH', `${r.name} 不属于所选的上级区域`, { [key]: id, [parentKey]: parentId });
      }
    }
  }

  /** A unit that may receive an order: it exists and is active. */
  async checkUnit(unitId: number, field = 'unitId'): Promise<void> {
    const u = await this.units.get(unitId);
    if (!u) throw unprocessable('UNIT.NOT_FOUND', `单位 ${unitId} 不存在`, { [field]: unitId });
    if (!u.active) throw unprocessable('UNIT.INACTIVE', `单位「${u.name}」已停用，不能接收工单`, { [field]: unitId });
  }
}
