import { IsPhone, IsText } from '@app/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDate,
  IsEmail,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { PublicFileDto } from '../../public/public-file.dto';
import { SUBMISSION_ID } from '../web/public-appeal.dto';

/** 市长信箱来信: subject, body, who wrote, how to reach them, attachments, and consent to publish. */
export class MailboxLetterDto {
  @ApiProperty({ description: '来信编号（客户端生成或原信箱系统的编号），重试时保持不变', example: 'letter-20261121-0001' })
  @IsString()
  @Matches(SUBMISSION_ID, { message: 'letterId 须为 8-64 位字母、数字、下划线或连字符' })
  letterId: string;

  @ApiPropertyOptional({ description: '验证码凭据（启用验证码时必填；批量导入不需要）' })
  @IsOptional()
  @IsText(2048)
  captchaToken?: string;

  @ApiProperty({ description: '标题' })
  @IsText(200)
  subject: string;

  @ApiProperty({ description: '正文' })
  @IsText(4000)
  body: string;

  @ApiPropertyOptional({ description: '姓名' })
  @IsOptional()
  @IsText(64)
  name?: string;

  @ApiPropertyOptional({ description: '联系电话' })
  @IsOptional()
  @IsPhone()
  phone?: string;

  @ApiPropertyOptional({ description: '电子邮箱' })
  @IsOptional()
  @IsEmail({}, { message: 'email 不是有效的邮箱地址' })
  @MaxLength(128)
  email?: string;

  @ApiPropertyOptional({ type: [PublicFileDto], maxItems: 3 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(3, { message: '最多上传 3 个附件' })
  @ValidateNested({ each: true })
  @Type(() => PublicFileDto)
  attachments?: PublicFileDto[];

  @ApiProperty({ description: '是否同意公开（不含个人信息）' })
  @IsBoolean()
  consentToPublish: boolean;

  @ApiPropertyOptional({ description: '来信时间（批量导入时为原系统的收信时间）' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  sentAt?: Date;
}
