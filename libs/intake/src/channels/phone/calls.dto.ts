import { RegisterTicketDto } from '@app/tickets';
import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { MISSED_CALLBACK_OUTCOMES, MissedCallbackOutcome } from './call-record.entity';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));

/**
 * 来电登记: the registration form without what the call itself says: the channel (phone), the line
 * (the number dialled) and the time received (when the call came in).
 */
export class RegisterFromCallDto extends OmitType(RegisterTicketDto, ['channel', 'hotlineId', 'receivedAt'] as const) {}

export class MissedCallbackDto {
  @ApiProperty({ enum: MISSED_CALLBACK_OUTCOMES, description: 'reached 已接通 / unreached 未接通 / not_needed 无需回拨' })
  @IsIn(MISSED_CALLBACK_OUTCOMES)
  outcome: MissedCallbackOutcome;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class MissedCallsQueryDto {
  @ApiPropertyOptional({ default: 50, maximum: 200 })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor from the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

export class CallStatsQueryDto {
  @ApiProperty({ description: 'From (inclusive), by when the call came in', example: '2026-05-11T00:00:00+08:00' })
  @IsISO8601({ strict: true })
  from: string;

  @ApiProperty({ description: 'To (exclusive)', example: '2026-05-12T00:00:00+08:00' })
  @IsISO8601({ strict: true })
  to: string;

  @ApiPropertyOptional({ description: 'Only this line (its number, e.g. 12315)' })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9]{3,16}$/)
  hotline?: string;
}
