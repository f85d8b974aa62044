import { IsPhone, IsText } from '@app/common';
import { APPEAL_TYPES, AppealType, TRANSFER_TARGETS, TransferTarget, URGENCIES, Urgency } from '@app/tickets';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDate, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { BatchDto } from '../../public/batch';

export const FEED_SOURCES = ['opinion', 'upper_level', 'transfer_110', 'suggestion'] as const;
export type FeedSource = (typeof FEED_SOURCES)[number];
export const FEED_SOURCE_LABELS: Record<FeedSource, string> = {
  opinion: '舆情监测',
  upper_level: '上级交办（省12345、国务院“互联网+督查”）',
  transfer_110: '110等转办',
  suggestion: '建言献策',
};

/** One matter in a feed, as another system exported it. Codes, not ids: the other system knows our codes. */
export class FeedRowDto {
  @ApiProperty({ description: '来源系统的编号（去重依据）' })
  @IsText(128)
  externalId: string;

  @ApiProperty()
  @IsText(200)
  title: string;

  @ApiProperty()
  @IsText(4000)
  content: string;

  @ApiPropertyOptional({ enum: APPEAL_TYPES })
  @IsOptional()
  @IsIn(APPEAL_TYPES)
  appealType?: AppealType;

  @ApiPropertyOptional({ enum: URGENCIES })
  @IsOptional()
  @IsIn(URGENCIES)
  urgency?: Urgency;

  @ApiPropertyOptional({ description: '事项分类编码' })
  @IsOptional()
  @IsText(32)
  categoryCode?: string;

  @ApiPropertyOptional({ description: '区划编码（区、街道或社区）' })
  @IsOptional()
  @IsText(32)
  regionCode?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsText(255)
  address?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsText(64)
  citizenName?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsPhone()
  citizenPhone?: string;

  @ApiPropertyOptional({ description: '来源系统的受理时间' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  receivedAt?: Date;

  @ApiPropertyOptional({ description: '来源，如 省12345、国务院互联网+督查、微博' })
  @IsOptional()
  @IsText(32)
  origin?: string;

  @ApiPropertyOptional({ enum: TRANSFER_TARGETS, description: '转办方（110 转办来源时），默认 110' })
  @IsOptional()
  @IsIn(TRANSFER_TARGETS)
  partner?: TransferTarget;

  @ApiPropertyOptional({ description: '对方单号（如110接警单号）' })
  @IsOptional()
  @IsText(64)
  partnerRef?: string;

  @ApiPropertyOptional({ description: '热线号码（归并热线）' })
  @IsOptional()
  @IsText(16)
  hotline?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(20, { each: true })
  tags?: string[];
}

export class FeedImportDto extends BatchDto {
  @ApiProperty({ enum: FEED_SOURCES })
  @IsIn(FEED_SOURCES)
  source: FeedSource;
}
