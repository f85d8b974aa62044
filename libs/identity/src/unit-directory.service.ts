import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Unit } from './unit.entity';

interface UnitNode {
  id: number;
  parentId: number | null;
  active: boolean;
  type: string;
  name: string;
}

/** How long a process trusts its copy of the unit tree. Units change rarely; edits call invalidate(). */
const TREE_TTL_MS = 30_000;

/**
 * The unit hierarchy, cached in memory: scoping every request by "my unit and its sub-units"
 * must not cost a query.
 */
@Injectable()
export class UnitDirectory {
  private nodes = new Map<number, UnitNode>();
  private children = new Map<number, number[]>();
  private loadedAt = 0;
  private loading: Promise<void> | null = null;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  invalidate(): void {
    this.loadedAt = 0;
  }

  private async ensure(): Promise<void> {
    if (Date.now() - this.loadedAt < TREE_TTL_MS) return;
    this.loading ??= this.load().finally(() => (this.loading = null));
    await this.loading;
  }

  private async load(): Promise<void> {
    const rows = await this.dataSource.getRepository(Unit).find({ select: ['id', 'parentId', 'active', 'type', 'name'] });
    const nodes = new Map<number, UnitNode>();
    const children = new Map<number, number[]>();
    for (const r of rows) {
      nodes.set(r.id, r);
      if (r.parentId !== null) children.set(r.parentId, [...(children.get(r.parentId) ?? []), r.id]);
    }
    this.nodes = nodes;
    this.children = children;
    this.loadedAt = Date.now();
  }

  async get(id: number): Promise<UnitNode | undefined> {
    await this.ensure();
    return this.nodes.get(id);
  }

  /** The unit and every unit below it. */
  async subtree(id: number): Promise<number[]> {
    await this.ensure();
    const out: number[] = [];
    const stack = [id];
    while (stack.length) {
      const u = stack.pop()!;
      out.push(u);
      stack.push(...(this.children.get(u) ?? []));
    }
    return out;
  }

  /** The unit and every unit above it, up to the root. */
  async ancestry(id: number): Promise<number[]> {
    await this.ensure();
    const out: number[] = [];
    let cur: number | null | undefined = id;
    while (cur !== null && cur !== undefined && !out.includes(cur)) {
      out.push(cur);
      cur = this.nodes.get(cur)?.parentId;
    }
    return out;
  }

  /** True when `unitId` is `ancestorId` or below it. */
  async isWithin(unitId: number, ancestorId: number): Promise<boolean> {
    return (await this.ancestry(unitId)).includes(ancestorId);
  }

  /** Units without a parent: the hotline centre. */
  async roots(): Promise<number[]> {
    await this.ensure();
    return [...this.nodes.values()].filter((n) => n.parentId === null).map((n) => n.id);
  }

  async isRoot(id: number): Promise<boolean> {
    await this.ensure();
    return this.nodes.get(id)?.parentId === null;
  }

  /** Levels below the root: the centre is 0, a district or department 1, a street 2, a community 3. */
  async depth(id: number): Promise<number> {
    return (await this.ancestry(id)).length - 1;
  }
}
