import { Category, Hotline, Region } from '@app/catalog';
import { Unit } from '@app/identity';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Reference data for the registration and dispatch screens, in display order. */
@Injectable()
export class ReferenceService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  categories(includeInactive = false) {
    return this.dataSource.getRepository(Category).find({
      where: includeInactive ? {} : { active: true },
      order: { level: 'ASC', sortOrder: 'ASC', code: 'ASC' },
    });
  }

  regions() {
    return this.dataSource.getRepository(Region).find({ order: { code: 'ASC' } });
  }

  hotlines() {
    return this.dataSource.getRepository(Hotline).find({ where: { active: true }, order: { number: 'ASC' } });
  }

  units() {
    return this.dataSource.getRepository(Unit).find({
      select: ['id', 'code', 'name', 'type', 'parentId', 'regionId', 'active'],
      order: { path: 'ASC' },
    });
  }
}
