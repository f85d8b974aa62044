import { IsText } from '@app/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsOptional } from 'class-validator';

/** One inbound SMS as the gateway pushes it. */
export class SmsInboundDto {
  @ApiProperty({ description: '网关的短信编号（去重依据）', example: 'sms-88120031' })
  @IsText(64)
  id: string;

  @ApiProperty({ description: '发送人号码', example: '+8613912345678' })
  @IsText(20)
  from: string;

  @ApiProperty({ description: '接收的服务号码', example: '10691234512345' })
  @IsText(20)
  to: string;

  @ApiProperty({ description: '短信内容' })
  @IsText(4000)
  text: string;

  @ApiPropertyOptional({ description: '网关收到的时间' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  time?: Date;
}
