import { IsId, IsPhone, IsText } from '@app/common';
import { ApiProperty, ApiPropertyOptional, IntersectionType, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsDate, IsIn, IsLatitude, IsLongitude, IsOptional, IsString, MaxLength } from 'class-validator';
import { ActionDto } from './ticket-action.dto';
import { APPEAL_TYPES, AppealType, CHANNELS, Channel, URGENCIES, Urgency } from '../ticket.types';

export class RegisterTicketDto {
  @ApiProperty({ enum: APPEAL_TYPES, description: '诉求类型' })
  @IsIn(APPEAL_TYPES)
  appealType: AppealType;

  @ApiPropertyOptional({ enum: URGENCIES, default: 'normal' })
  @IsOptional()
  @IsIn(URGENCIES)
  urgency?: Urgency;

  @ApiProperty({ enum: CHANNELS, description: '来源渠道' })
  @IsIn(CHANNELS)
  channel: Channel;

  @ApiPropertyOptional({ description: '来电热线' })
  @IsOptional()
  @IsId()
  hotlineId?: number;

  @ApiPropertyOptional({ description: '事项分类' })
  @IsOptional()
  @IsId()
  categoryId?: number;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(20, { each: true })
  tags?: string[];

  @ApiPropertyOptional({ description: '诉求人姓名' })
  @IsOptional()
  @IsText(64)
  citizenName?: string;

  @ApiPropertyOptional({ description: '联系电话' })
  @IsOptional()
  @IsPhone()
  citizenPhone?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsText(128)
  citizenEnterprise?: string;

  @ApiPropertyOptional({ description: '保密' })
  @IsOptional()
  @IsBoolean()
  confidential?: boolean;

  @ApiPropertyOptional({ description: '匿名' })
  @IsOptional()
  @IsBoolean()
  anonymous?: boolean;

  @ApiPropertyOptional({ description: '同意公开（不含个人信息）' })
  @IsOptional()
  @IsBoolean()
  publishable?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsId()
  districtId?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsId()
  streetId?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsId()
  communityId?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsText(255)
  address?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsLongitude()
  longitude?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsLatitude()
  latitude?: number;

  @ApiProperty({ maxLength: 200 })
  @IsText(200)
  title: string;

  @ApiProperty({ maxLength: 4000 })
  @IsText(4000)
  content: string;

  @ApiPropertyOptional({ description: '受理时间（渠道收到的时间），默认为现在' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  receivedAt?: Date;
}

/** 补全登记信息: any registration field but the channel, the line and the time received, with the version seen. */
export class AmendTicketDto extends IntersectionType(
  ActionDto,
  PartialType(OmitType(RegisterTicketDto, ['channel', 'hotlineId', 'receivedAt'] as const)),
) {}
