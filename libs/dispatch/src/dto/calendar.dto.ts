import { IsText } from '@app/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsNumber, IsOptional, Matches, Max, Min } from 'class-validator';
import { LIMIT_UNITS, LimitUnit } from '../deadlines/time-limit-rule.entity';

export class CalendarDayDto {
  @ApiProperty({ description: '是否工作日（节假日为 false，调休上班为 true）' })
  @IsBoolean()
  working: boolean;

  @ApiPropertyOptional({ example: '春节调休' })
  @IsOptional()
  @IsText(32)
  name?: string;
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export class WorkingHoursDto {
  @ApiProperty({ example: '08:30' })
  @Matches(HHMM, { message: 'start 须为 HH:MM' })
  start: string;

  @ApiProperty({ example: '17:30' })
  @Matches(HHMM, { message: 'end 须为 HH:MM' })
  end: string;
}

export class TimeLimitRuleDto {
  @ApiProperty() @IsNumber() @Min(0.25) @Max(365) signAmount: number;
  @ApiProperty({ enum: LIMIT_UNITS }) @IsIn(LIMIT_UNITS) signUnit: LimitUnit;
  @ApiProperty() @IsNumber() @Min(0.25) @Max(365) contactAmount: number;
  @ApiProperty({ enum: LIMIT_UNITS }) @IsIn(LIMIT_UNITS) contactUnit: LimitUnit;
  @ApiProperty() @IsNumber() @Min(0.25) @Max(365) finishAmount: number;
  @ApiProperty({ enum: LIMIT_UNITS }) @IsIn(LIMIT_UNITS) finishUnit: LimitUnit;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
}
