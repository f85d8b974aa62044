import { IsId, IsText } from '@app/common';
import { ActionDto, ReasonActionDto } from '@app/tickets';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsOptional } from 'class-validator';

export class ApproveReturnDto extends ActionDto {
  @ApiPropertyOptional({ description: '同意后直接改派至此单位（不填则回到待派单）' })
  @IsOptional()
  @IsId()
  leadUnitId?: number;
}

export class CoReplyDto extends ActionDto {
  @ApiProperty({ description: '协办意见' })
  @IsText(4000)
  partReply: string;
}

export class InspectDto extends ActionDto {
  @ApiProperty({ description: '监督检查发现' })
  @IsText(4000)
  findings: string;
}

export class SuperviseDto extends ReasonActionDto {
  @ApiPropertyOptional({ description: '督办期限（默认若干工作日）' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  dueAt?: Date;
}
