import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsNumber, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

const toBool = ({ value }: { value: unknown }) =>
  value === 'true' || value === true ? true : value === 'false' || value === false ? false : value;

/**
 * GET /kpi (and its exports). KPI keys, the dimension and the period are checked by the service, so an
 * unknown one gets its own code (KPI.UNKNOWN_KPI, KPI.UNKNOWN_DIMENSION) and dates get KPI.BAD_RANGE.
 */
export class KpiRangeDto {
  @ApiPropertyOptional({ enum: ['day', 'week', 'month', 'quarter', 'year', 'custom'], default: 'month' })
  @IsOptional()
  @IsString()
  @MaxLength(16)
  period?: string;

  @ApiPropertyOptional({ description: '开始日期 YYYY-MM-DD（含）；周期型按所在周期的起点' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  from?: string;

  @ApiPropertyOptional({ description: '结束日期 YYYY-MM-DD（不含）' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  to?: string;

  @ApiPropertyOptional({ description: '承办单位' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  unitId?: number;

  @ApiPropertyOptional({ description: '含下级单位：筛选时包括下级；按单位分组时每行含其下级' })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  includeSubUnits?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  districtId?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  streetId?: number;

  @ApiPropertyOptional({ description: '事项分类（任一级，含其下级分类）' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  categoryId?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(16)
  channel?: string;

  @ApiPropertyOptional({ description: '热线号码，如 12345' })
  @IsOptional()
  @IsString()
  @MaxLength(16)
  hotline?: string;
}

export class KpiQueryDto extends KpiRangeDto {
  @ApiPropertyOptional({ description: '指标，逗号分隔；缺省为全部（见 GET /kpi/definitions）' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  kpis?: string;

  @ApiPropertyOptional({ enum: ['unit', 'district', 'street', 'category1', 'category2', 'category3', 'channel', 'hotline', 'period'] })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  groupBy?: string;
}

export class KpiLeagueDto extends KpiRangeDto {
  @ApiProperty({ description: '排名所依据的指标' })
  @IsString()
  @MaxLength(40)
  kpi: string;

  @ApiPropertyOptional({ description: '排名对象：unit（缺省）、district、street、category1..3、channel、hotline' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  by?: string;

  @ApiPropertyOptional({ description: '目标值（比率用小数，如 0.96）；缺省取 KPI_TARGETS' })
  @IsOptional()
  @Type(() => Number)
  @IsNumber()
  @Min(0)
  @Max(1_000_000)
  target?: number;
}
