import { IsId, IsText } from '@app/common';
import { ActionDto } from '@app/tickets';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { ENTRY_KINDS, EntryKind } from '../knowledge-entry.entity';

export class EntryDto {
  @ApiProperty({ enum: ENTRY_KINDS }) @IsIn(ENTRY_KINDS) kind: EntryKind;
  @ApiProperty() @IsText(200) title: string;
  @ApiPropertyOptional() @IsOptional() @IsText(300) question?: string;
  @ApiProperty({ description: '正文（纯文本或 HTML，HTML 会被净化）' }) @IsText(100_000) body: string;
  @ApiPropertyOptional() @IsOptional() @IsText(64) docNumber?: string;
  @ApiPropertyOptional() @IsOptional() @IsText(100) issuingUnit?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20) sourceEntryId?: string;
  @ApiPropertyOptional() @IsOptional() @IsText(4000) sourceParagraph?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20) serviceEntryId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUrl({ protocols: ['https', 'http'], require_protocol: true }) @MaxLength(500) serviceUrl?: string;
  @ApiProperty({ description: '责任单位' }) @IsId() ownerUnitId: number;
  @ApiPropertyOptional({ type: [Number] }) @IsOptional() @IsArray() @ArrayMaxSize(20) @IsInt({ each: true }) categoryIds?: number[];
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(20, { each: true })
  tags?: string[];
  @ApiPropertyOptional({ type: [Number] }) @IsOptional() @IsArray() @ArrayMaxSize(50) @IsInt({ each: true }) regionIds?: number[];
  @ApiProperty({ example: '2024-01-01' }) @IsDateString({ strict: true }) effectiveFrom: string;
  @ApiPropertyOptional() @IsOptional() @IsDateString({ strict: true }) expiresOn?: string;
  @ApiPropertyOptional({ description: '坐席内部提示，不对外公开' }) @IsOptional() @IsText(2000) internalNote?: string;
  @ApiPropertyOptional({ description: '修改说明' }) @IsOptional() @IsText(500) changeNote?: string;
}

const toBool = ({ value }: { value: unknown }) => value === true || value === 'true';

export class SearchDto {
  @ApiProperty({ description: '问题或关键词（最长100字）' }) @IsText(100) q: string;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) categoryId?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) regionId?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) ownerUnitId?: number;
  @ApiPropertyOptional({ enum: ENTRY_KINDS }) @IsOptional() @IsIn(ENTRY_KINDS) kind?: EntryKind;
  @ApiPropertyOptional({ description: '包含已失效条目' }) @IsOptional() @Transform(toBool) @IsBoolean() includeExpired?: boolean;
  @ApiPropertyOptional({ default: 10 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(50) limit?: number;
}

export class SuggestDto {
  @ApiProperty({ description: '坐席正在录入的诉求内容' }) @IsText(4000) text: string;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) categoryId?: number;
  @ApiPropertyOptional({ description: '正在登记的工单（无结果时记入知识缺口）' })
  @IsOptional()
  @IsString()
  @MaxLength(24)
  ticketId?: string;
}

export class AnswerWithEntryDto extends ActionDto {
  @ApiProperty() @IsString() @MaxLength(20) entryId: string;
  @ApiPropertyOptional({ description: '答复内容（默认取条目答案）' }) @IsOptional() @IsText(4000) answer?: string;
}

export class GapDto {
  @ApiProperty() @IsText(300) question: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(24) ticketId?: string;
  @ApiPropertyOptional() @IsOptional() @IsId() categoryId?: number;
}

export class ImportDto {
  @ApiProperty({ enum: ['json', 'csv'] }) @IsIn(['json', 'csv']) format: 'json' | 'csv';
  @ApiProperty({ description: 'JSON 数组或 CSV 文本（表头为字段名，数组字段以 | 分隔）' })
  @IsString()
  @MaxLength(20_000_000)
  content: string;
}
