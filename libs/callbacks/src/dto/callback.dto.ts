import { IsText } from '@app/common';
import { PageDto, RESULTS, SATISFACTION_LEVELS } from '@app/tickets';
import type { HandlingResult, Satisfaction } from '@app/tickets';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { Equals, IsIn, IsInt, IsOptional, Min } from 'class-validator';
import { FAILED_OUTCOMES } from '../callback-attempt.entity';
import { CALLBACK_CHANNELS, CALLBACK_KINDS, COMPLAINT_ABOUT } from '../callback-task.entity';
import type { CallbackChannel, CallbackKind, ComplaintAbout } from '../callback-task.entity';

export const WORK_LIST_STATES = ['due', 'pending', 'done', 'unreached', 'cancelled'] as const;
export type WorkListState = (typeof WORK_LIST_STATES)[number];

/** The work list: `due` = pending and due by the end of today (city time); `pending` = every open one. */
export class ListCallbacksDto extends PageDto {
  @ApiPropertyOptional({ enum: WORK_LIST_STATES, default: 'pending' })
  @IsOptional()
  @IsIn(WORK_LIST_STATES)
  state?: WorkListState;

  @ApiPropertyOptional({ enum: CALLBACK_KINDS })
  @IsOptional()
  @IsIn(CALLBACK_KINDS)
  kind?: CallbackKind;

  @ApiPropertyOptional({ description: '只看这个工单的回访' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  ticketId?: number;
}

export const ATTEMPT_INPUT_OUTCOMES = [...FAILED_OUTCOMES, 'refused'] as const;
export type AttemptInputOutcome = (typeof ATTEMPT_INPUT_OUTCOMES)[number];

/** A try that gave no rating: no answer, busy, wrong number (counted), or reached but refused to rate. */
export class CallbackAttemptDto {
  @ApiProperty({
    enum: ATTEMPT_INPUT_OUTCOMES,
    description: '未接听、占线、号码错误（计入失败次数）；拒绝评价（已联系上，不计入有效评价）',
  })
  @IsIn(ATTEMPT_INPUT_OUTCOMES)
  outcome: AttemptInputOutcome;

  @ApiPropertyOptional({ enum: CALLBACK_CHANNELS, default: 'phone', description: '未回复的短信或微信链接也可记为一次失败' })
  @IsOptional()
  @IsIn(CALLBACK_CHANNELS)
  channel?: CallbackChannel;

  @ApiPropertyOptional()
  @IsOptional()
  @IsText(500)
  note?: string;
}

/** The outcome of a callback by phone, with the citizen on the line. */
export class CallbackResultDto {
  @ApiProperty({ description: '联系上诉求人（未联系上请记录回访尝试）', enum: [true] })
  @Equals(true, { message: 'reached 须为 true；未联系上请记录回访尝试' })
  reached: true;

  @ApiProperty({ enum: RESULTS })
  @IsIn(RESULTS)
  resolved: HandlingResult;

  @ApiProperty({ enum: SATISFACTION_LEVELS })
  @IsIn(SATISFACTION_LEVELS)
  satisfaction: Satisfaction;

  @ApiPropertyOptional({ description: '诉求人的意见或不满意的原因' })
  @IsOptional()
  @IsText(1000)
  reason?: string;

  @ApiPropertyOptional({ enum: COMPLAINT_ABOUT, description: '不满意时必填：对办理结果（会自动重办）、政策或其他' })
  @IsOptional()
  @IsIn(COMPLAINT_ABOUT)
  complaintAbout?: ComplaintAbout;
}

/** 回访复核: a supervisor's corrected rating, with the reason. */
export class CallbackReviewDto {
  @ApiProperty({ enum: SATISFACTION_LEVELS })
  @IsIn(SATISFACTION_LEVELS)
  satisfaction: Satisfaction;

  @ApiProperty({ enum: RESULTS })
  @IsIn(RESULTS)
  resolved: HandlingResult;

  @ApiProperty({ description: '复核理由' })
  @IsText(1000)
  reason: string;
}
