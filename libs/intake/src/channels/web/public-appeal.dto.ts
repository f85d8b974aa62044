import { IsPhone, IsText } from '@app/common';
import { APPEAL_TYPES, AppealType } from '@app/tickets';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsLatitude,
  IsLongitude,
  IsOptional,
  IsString,
  Matches,
  Min,
  ValidateNested,
} from 'class-validator';
import { PublicFileDto } from '../../public/public-file.dto';

/** The submission id a client makes up once per appeal and repeats on retry: intake is idempotent on it. */
export const SUBMISSION_ID = /^[A-Za-z0-9_-]{8,64}$/;

/** 网站/APP 提交诉求: a citizen's appeal from the public web form or the mobile app. */
export class PublicAppealDto {
  @ApiProperty({ description: '客户端生成的提交编号，重试时保持不变（8-64位字母数字）', example: 'web-7f3c9a2b1d' })
  @IsString()
  @Matches(SUBMISSION_ID, { message: 'submissionId 须为 8-64 位字母、数字、下划线或连字符' })
  submissionId: string;

  @ApiProperty({ enum: ['web', 'app'] })
  @IsIn(['web', 'app'])
  channel: 'web' | 'app';

  @ApiPropertyOptional({ description: '验证码凭据（启用验证码时必填）' })
  @IsOptional()
  @IsText(2048)
  captchaToken?: string;

  @ApiPropertyOptional({ description: '姓名' })
  @IsOptional()
  @IsText(64)
  name?: string;

  @ApiProperty({ description: '联系电话（用于回访和查询进度）' })
  @IsPhone()
  phone: string;

  @ApiPropertyOptional({ description: '对办理单位保密个人信息' })
  @IsOptional()
  @IsBoolean()
  confidential?: boolean;

  @ApiPropertyOptional({ enum: APPEAL_TYPES })
  @IsOptional()
  @IsIn(APPEAL_TYPES)
  appealType?: AppealType;

  @ApiPropertyOptional({ description: '事项分类' })
  @IsOptional()
  @IsInt()
  @Min(1)
  categoryId?: number;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsText(200)
  title?: string;

  @ApiProperty({ maxLength: 4000 })
  @IsText(4000)
  content: string;

  @ApiPropertyOptional({ description: '地址' })
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

  @ApiPropertyOptional({ description: '区' })
  @IsOptional()
  @IsInt()
  @Min(1)
  districtId?: number;

  @ApiPropertyOptional({ description: '街道' })
  @IsOptional()
  @IsInt()
  @Min(1)
  streetId?: number;

  @ApiPropertyOptional({ type: [PublicFileDto], maxItems: 3 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(3, { message: '最多上传 3 个附件' })
  @ValidateNested({ each: true })
  @Type(() => PublicFileDto)
  attachments?: PublicFileDto[];

  @ApiPropertyOptional({ description: '同意公开（不含个人信息）' })
  @IsOptional()
  @IsBoolean()
  consentToPublish?: boolean;
}

export class ProgressQueryDto {
  @ApiProperty({ description: '联系电话后四位' })
  @IsString()
  @Matches(/^\d{4}$/, { message: 'phoneLast4 须为电话号码后四位数字' })
  phoneLast4: string;
}
