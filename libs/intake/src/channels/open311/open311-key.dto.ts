import { IsText } from '@app/common';
import { ApiProperty } from '@nestjs/swagger';

export class CreateOpen311KeyDto {
  @ApiProperty({ maxLength: 64, description: '密钥发给谁（如“市民通APP”）' })
  @IsText(64)
  name: string;
}
