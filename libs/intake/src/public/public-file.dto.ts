import { IsText } from '@app/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsBase64, MaxLength } from 'class-validator';

/** A picture or document carried in a public JSON submission (the body limit is 1 MB in all). */
export class PublicFileDto {
  @ApiProperty({ example: 'photo.jpg' })
  @IsText(255)
  fileName: string;

  @ApiProperty({ example: 'image/jpeg' })
  @IsText(100)
  mimeType: string;

  @ApiProperty({ description: 'base64 编码的文件内容（单个不超过约 300 KB）' })
  @IsBase64(undefined, { message: 'data 必须是 base64 编码' })
  @MaxLength(400_000, { message: '单个附件不能超过约 300 KB，较大的文件请在受理后补充' })
  data: string;
}
