import { IsId, IsIdList, IsText } from '@app/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsDate, IsIn, IsInt, IsOptional, Min, ValidateIf } from 'class-validator';
import {
  HandlingResult,
  OUT_OF_SCOPE_CODES,
  OutOfScope,
  RESULTS,
  SATISFACTION_LEVELS,
  Satisfaction,
  TRANSFER_TARGETS,
  TransferTarget,
} from '../ticket.types';

/** Every action carries the version the user saw; a stale one is refused with 409. */
export class ActionDto {
  @ApiProperty({ description: '工单版本号（乐观锁）' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional({ description: '意见' })
  @IsOptional()
  @IsText(2000)
  opinion?: string;
}

export class ReasonActionDto extends ActionDto {
  @ApiProperty({ description: '理由' })
  @IsText(2000)
  reason: string;
}

export class OpinionRequiredDto extends ActionDto {
  @ApiProperty({ description: '意见' })
  @IsText(2000)
  declare opinion: string;
}

export class CloseFirstContactDto extends ActionDto {
  @ApiProperty({ description: '答复内容' })
  @IsText(4000)
  answer: string;
}

export class TransferDto extends ActionDto {
  @ApiProperty({ enum: TRANSFER_TARGETS })
  @IsIn(TRANSFER_TARGETS)
  target: TransferTarget;

  @ApiPropertyOptional({ description: '对方接警单号' })
  @IsOptional()
  @IsText(64)
  externalRef?: string;
}

/** 不予受理: a reason, or one of the out-of-scope kinds, whose path to the right body becomes the answer. */
export class NotAcceptDto extends ActionDto {
  @ApiPropertyOptional({ description: '理由（选择“不属于受理范围”类型时可省略）' })
  @ValidateIf((o: NotAcceptDto) => o.outOfScope === undefined)
  @IsText(2000)
  reason?: string;

  @ApiPropertyOptional({ enum: OUT_OF_SCOPE_CODES, description: '不属于12345受理范围的类型' })
  @IsOptional()
  @IsIn(OUT_OF_SCOPE_CODES)
  outOfScope?: OutOfScope;
}

export class MergeDto extends ActionDto {
  @ApiProperty({ description: '主单编号（工单号或ID）' })
  @IsText(24)
  parent: string;
}

export class DispatchDto extends ActionDto {
  @ApiProperty({ description: '主办单位' })
  @IsId()
  leadUnitId: number;

  @ApiPropertyOptional({ type: [Number], description: '协办单位' })
  @IsOptional()
  @IsIdList(10)
  coUnitIds?: number[];

  @ApiPropertyOptional({ description: '办结期限（默认按时限规则计算）' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  dueAt?: Date;

  @ApiPropertyOptional({ description: '指定时限规则编码，如 complex（复杂事项，经批准）' })
  @IsOptional()
  @IsText(64)
  timeLimitCode?: string;
}

export class RequestReturnDto extends ReasonActionDto {
  @ApiProperty({ description: '建议的承办单位' })
  @IsId()
  suggestedUnitId: number;
}

export class RequestExtensionDto extends ReasonActionDto {
  @ApiProperty({ description: '申请延期至' })
  @Type(() => Date)
  @IsDate()
  newDueAt: Date;
}

export class SubDispatchDto extends ActionDto {
  @ApiProperty({ description: '下派至单位' })
  @IsId()
  unitId: number;

  @ApiPropertyOptional({ description: '下派期限，不晚于本单期限' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  dueAt?: Date;
}

export class ReplyDto extends ActionDto {
  @ApiProperty({ enum: RESULTS })
  @IsIn(RESULTS)
  result: HandlingResult;

  @ApiProperty({ description: '答复内容' })
  @IsText(4000)
  replyText: string;
}

export class CallbackDto extends ActionDto {
  @ApiProperty({ description: '是否联系上诉求人' })
  @IsBoolean()
  reached: boolean;

  @ApiPropertyOptional({ enum: RESULTS, description: '诉求人认为是否解决' })
  @IsOptional()
  @IsIn(RESULTS)
  resolved?: HandlingResult;

  @ApiPropertyOptional({ enum: SATISFACTION_LEVELS })
  @IsOptional()
  @IsIn(SATISFACTION_LEVELS)
  satisfaction?: Satisfaction;
}
