import { notFound, unprocessable } from '@app/common';
import { AuthUser } from '@app/identity';
import { CatalogLookup } from '@app/tickets';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DispatchRuleDto } from '../dto/dispatch-rule.dto';
import { DispatchRule } from './dispatch-rule.entity';

/** The dispatch catalogue, as admins edit it. */
@Injectable()
export class DispatchRulesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalog: CatalogLookup,
  ) {}

  list(categoryId?: number) {
    return this.dataSource
      .getRepository(DispatchRule)
      .find({ where: categoryId ? { categoryId } : {}, order: { categoryId: 'ASC', priority: 'DESC', id: 'ASC' } });
  }

  private async check(d: DispatchRuleDto): Promise<void> {
    await this.catalog.checkReferences({ categoryId: d.categoryId });
    if (d.regionId && !(await this.catalog.region(d.regionId))) throw unprocessable('CATALOG.UNKNOWN_REGION', `区域 ${d.regionId} 不存在`);
    await this.catalog.checkUnit(d.leadUnitId, 'leadUnitId');
    for (const u of d.coUnitIds ?? []) await this.catalog.checkUnit(u, 'coUnitIds');
  }

  async create(user: AuthUser, d: DispatchRuleDto): Promise<DispatchRule> {
    await this.check(d);
    const repo = this.dataSource.getRepository(DispatchRule);
    return repo.save(repo.create({ ...this.columns(d), updatedBy: user.userId }));
  }

  async update(user: AuthUser, id: number, d: DispatchRuleDto): Promise<DispatchRule> {
    const repo = this.dataSource.getRepository(DispatchRule);
    if (!(await repo.exist({ where: { id } }))) throw notFound('DISPATCH.RULE_NOT_FOUND', '派单规则不存在');
    await this.check(d);
    await repo.update({ id }, { ...this.columns(d), updatedBy: user.userId });
    return (await repo.findOne({ where: { id } }))!;
  }

  async remove(id: number): Promise<void> {
    const res = await this.dataSource.getRepository(DispatchRule).delete({ id });
    if (!res.affected) throw notFound('DISPATCH.RULE_NOT_FOUND', '派单规则不存在');
  }

  /** Turns auto-dispatch on or off for a category: rules marked auto-dispatch act only where this is on. */
  async setAutoDispatch(categoryId: number, on: boolean): Promise<void> {
    await this.catalog.checkReferences({ categoryId });
    await this.dataSource.query(`UPDATE category SET auto_dispatch = $2 WHERE id = $1`, [categoryId, on]);
    this.catalog.invalidate();
  }

  private columns(d: DispatchRuleDto): Partial<DispatchRule> {
    return {
      categoryId: d.categoryId,
      regionId: d.regionId ?? null,
      keywords: d.keywords ?? [],
      leadUnitId: d.leadUnitId,
      coUnitIds: d.coUnitIds ?? [],
      priority: d.priority ?? 0,
      autoDispatch: d.autoDispatch ?? false,
      active: d.active ?? true,
      note: d.note ?? null,
    };
  }
}
