import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
  Validate,
  ValidateNested,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';

/** A row given by its index or by its key value. */
@ValidatorConstraint({ name: 'rowRef' })
class RowRef implements ValidatorConstraintInterface {
  validate(v: unknown): boolean {
    return (typeof v === 'number' && Number.isInteger(v) && v >= 0) || (typeof v === 'string' && v.length > 0 && v.length <= 100);
  }

  defaultMessage(): string {
    return 'figureRef.row 须为行号（从 0 开始）或该行的键值';
  }
}

export class StartReportDto {
  @ApiProperty({ enum: ['city', 'district', 'unit'], description: '范围：全市、某区（region id）或某单位（含下级单位）' })
  @IsIn(['city', 'district', 'unit'], { message: 'scope 须为 city、district 或 unit' })
  scope: 'city' | 'district' | 'unit';

  @ApiPropertyOptional({ description: '区的 region id 或单位 id；全市报告不填' })
  @IsOptional()
  @IsInt({ message: 'scopeId 须为整数' })
  @Min(1)
  scopeId?: number;

  @ApiProperty({ enum: ['year', 'half', 'quarter', 'month'] })
  @IsIn(['year', 'half', 'quarter', 'month'], { message: 'period 须为 year、half、quarter 或 month' })
  period: 'year' | 'half' | 'quarter' | 'month';

  @ApiProperty({ example: 2025 })
  @IsInt({ message: 'year 须为整数' })
  @Min(2000)
  @Max(2100)
  year: number;

  @ApiPropertyOptional({ description: '半年 1-2、季度 1-4、月份 1-12；年度报告不填' })
  @IsOptional()
  @IsInt({ message: 'index 须为整数' })
  index?: number;
}

export class FigureRefDto {
  @IsString()
  @MaxLength(64)
  tableId: string;

  @IsString()
  @MaxLength(64)
  column: string;

  @ApiProperty({ description: '行号（从 0 开始）或该行的键值', oneOf: [{ type: 'integer' }, { type: 'string' }] })
  @IsDefined({ message: 'figureRef.row 须为行号或该行的键值' })
  @Validate(RowRef)
  row: number | string;
}

export class FindingDto {
  @ApiProperty({ example: '违法建设类诉求同比下降78.0%' })
  @IsString()
  @Length(1, 500, { message: '每条分析结论须为 1-500 字' })
  text: string;

  @ApiPropertyOptional({ type: FigureRefDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => FigureRefDto)
  figureRef?: FigureRefDto;
}

export class CaseDto {
  @IsString()
  @Length(1, 100, { message: '案例标题须为 1-100 字' })
  title: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  category?: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  district?: string;

  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(2000, { each: true, message: '案例每段不超过 2000 字' })
  paragraphs: string[];
}

export class EditReportDto {
  @ApiPropertyOptional({ description: '编辑所基于的版本；已被他人修改时返回 409 REPORT.STALE_VERSION' })
  @IsOptional()
  @IsInt()
  expectedVersion?: number;

  @ApiPropertyOptional({ type: [FindingDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => FindingDto)
  findings?: FindingDto[];

  @ApiPropertyOptional({ type: [CaseDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => CaseDto)
  cases?: CaseDto[];
}

export class ReviewReportDto {
  @ApiProperty({ description: '审核人阅读的版本号' })
  @IsInt({ message: 'version 须为整数' })
  @Min(1)
  version: number;
}

export class FileQueryDto {
  @ApiProperty({ example: 'report.pdf' })
  @IsString()
  @MaxLength(120)
  name: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version?: number;
}
