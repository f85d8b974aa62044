import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { CALL_STATES, CallEventType } from './call-state';

/** The switch's ids: letters, digits and . _ : - (they appear in URLs and logs). */
const SWITCH_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const DAY_SECONDS = 86_400;

/**
 * One CTI event from the call-centre switch (POST /channels/cti/events). Every event names its call
 * and the numbers, so whichever event arrives first can open the call record.
 */
export class CtiEventDto {
  @ApiProperty({ description: "The switch's id for this event; a redelivery carries the same id", example: 'sw1-20260511-000123-3' })
  @IsString()
  @Matches(SWITCH_ID, { message: 'eventId 只能包含字母、数字和 . _ : -，最多64个字符' })
  eventId: string;

  @ApiProperty({ enum: CALL_STATES })
  @IsIn(CALL_STATES)
  type: CallEventType;

  @ApiProperty({ description: "The switch's id for the call", example: 'sw1-20260511-000123' })
  @IsString()
  @Matches(SWITCH_ID, { message: 'callId 只能包含字母、数字和 . _ : -，最多64个字符' })
  callId: string;

  @ApiProperty({ description: 'When it happened, ISO 8601 with offset', example: '2026-05-11T09:02:13+08:00' })
  @IsISO8601({ strict: true })
  occurredAt: string;

  @ApiPropertyOptional({ description: 'Caller number (主叫); absent when withheld', example: '13912345678' })
  @IsOptional()
  @IsString()
  @Matches(/^\+?[0-9]{0,31}$/, { message: 'callerNumber 必须是数字' })
  callerNumber?: string;

  @ApiProperty({ description: 'The number dialled (被叫): 12345 or a merged line in the hotline registry', example: '12345' })
  @IsString()
  @Matches(/^[0-9]{3,16}$/, { message: 'dialledNumber 必须是3到16位数字' })
  dialledNumber: string;

  @ApiPropertyOptional({ description: 'answered: the agent, as our username', example: 'agent01' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_.@-]{1,64}$/, { message: 'agent 必须是坐席的用户名' })
  agent?: string;

  @ApiPropertyOptional({ description: 'answered / abandoned: seconds from the offer to the answer or the hang-up' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(DAY_SECONDS)
  waitSeconds?: number;

  @ApiPropertyOptional({ description: 'ended: seconds of conversation' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(DAY_SECONDS)
  talkSeconds?: number;

  @ApiPropertyOptional({ description: "ended: the recording's reference in the switch's store" })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  // eslint-disable-next-line no-control-regex
  @Matches(/^[^\u0000-\u001f\u007f]*$/, { message: 'recordingRef 不能包含控制字符' })
  recordingRef?: string;
}

/** What the switch is told: received (or seen before), and what the call is now. */
export interface CtiAck {
  accepted: true;
  duplicate: boolean;
  callId: string;
  state: string;
  outcome: string;
  warning?: { code: string; message: string };
}
