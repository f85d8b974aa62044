import { HOTLINE_MODES, Hotline, HotlineMode } from '@app/catalog';
import { IsId, IsText, conflict, notFound } from '@app/common';
import { CatalogLookup } from '@app/tickets';
import { Injectable } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsBoolean, IsIn, IsOptional, Matches } from 'class-validator';
import { DataSource } from 'typeorm';

export class HotlineDto {
  @ApiProperty({ example: '12315' })
  @Matches(/^\d{3,16}$/, { message: 'number 须为 3-16 位数字' })
  number: string;

  @ApiProperty({ example: '市场监管投诉举报热线' })
  @IsText(64)
  name: string;

  @ApiProperty({ enum: HOTLINE_MODES, description: 'merged 归并（座席并入12345）/ parallel 双号并行' })
  @IsIn(HOTLINE_MODES)
  mode: HotlineMode;

  @ApiPropertyOptional({ description: '默认承办单位' })
  @IsOptional()
  @IsId()
  defaultUnitId?: number;

  @ApiPropertyOptional({ description: '默认事项分类' })
  @IsOptional()
  @IsId()
  defaultCategoryId?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class HotlinePatchDto extends PartialType(HotlineDto) {}

/** 热线归并目录: admins add a former departmental line, change its mode, or retire it. */
@Injectable()
export class HotlineAdminService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalog: CatalogLookup,
  ) {}

  list() {
    return this.dataSource.getRepository(Hotline).find({ order: { number: 'ASC' } });
  }

  async create(dto: HotlineDto) {
    await this.check(dto);
    const repo = this.dataSource.getRepository(Hotline);
    if (await repo.findOne({ where: { number: dto.number } })) throw conflict('HOTLINE.NUMBER_TAKEN', `热线号码 ${dto.number} 已登记`);
    const saved = await repo.save(repo.create({ ...dto, active: dto.active ?? true }));
    this.forget();
    return saved;
  }

  async update(id: number, dto: HotlinePatchDto) {
    const repo = this.dataSource.getRepository(Hotline);
    const h = await repo.findOne({ where: { id } });
    if (!h) throw notFound('HOTLINE.NOT_FOUND', '热线不存在');
    if (dto.mode && h.mode === 'primary') throw conflict('HOTLINE.PRIMARY_FIXED', '12345 主号码的模式不能修改');
    if (dto.number && dto.number !== h.number && (await repo.findOne({ where: { number: dto.number } }))) {
      throw conflict('HOTLINE.NUMBER_TAKEN', `热线号码 ${dto.number} 已登记`);
    }
    await this.check(dto);
    const saved = await repo.save({ ...h, ...dto });
    this.forget();
    return saved;
  }

  private async check(dto: HotlinePatchDto) {
    if (dto.mode === 'primary') throw conflict('HOTLINE.PRIMARY_FIXED', '只能登记归并或双号并行的热线');
    await this.catalog.checkReferences({ categoryId: dto.defaultCategoryId });
    if (dto.defaultUnitId) await this.catalog.checkUnit(dto.defaultUnitId, 'defaultUnitId');
  }

  private forget() {
    this.catalog.invalidate();
  }
}
