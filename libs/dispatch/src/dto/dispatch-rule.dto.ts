import { IsId, IsIdList, IsText } from '@app/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class DispatchRuleDto {
  @ApiProperty({ description: '事项分类（可为一、二、三级）' })
  @IsId()
  categoryId: number;

  @ApiPropertyOptional({ description: '限定区域（区/街道/社区），不填为全市' })
  @IsOptional()
  @IsId()
  regionId?: number;

  @ApiPropertyOptional({ type: [String], description: '关键词（任一命中即适用），不填则不限' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(20, { each: true })
  keywords?: string[];

  @ApiProperty({ description: '主办单位' })
  @IsId()
  leadUnitId: number;

  @ApiPropertyOptional({ type: [Number], description: '协办单位' })
  @IsOptional()
  @IsIdList(10)
  coUnitIds?: number[];

  @ApiPropertyOptional({ default: 0 })
  @IsOptional()
  @IsInt()
  @Min(-1000)
  @Max(1000)
  priority?: number;

  @ApiPropertyOptional({ description: '高置信规则：分类开启自动派单时，无需派单员直接派出' })
  @IsOptional()
  @IsBoolean()
  autoDispatch?: boolean;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsText(255)
  note?: string;
}

export class AutoDispatchDto {
  @ApiProperty()
  @IsBoolean()
  enabled: boolean;
}
