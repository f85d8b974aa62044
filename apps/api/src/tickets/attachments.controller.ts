import { DomainError } from '@app/common';
import { AuthUser } from '@app/identity';
import { AttachmentsService } from '@app/tickets';
import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser } from '../auth/auth.decorators';

@ApiTags('附件')
@ApiBearerAuth()
@Controller()
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  /** multipart/form-data with one field `file`. Too large: 413; a type not on the list: 415. */
  @ApiConsumes('multipart/form-data')
  @Post('tickets/:id/attachments')
  async upload(@CurrentUser() user: AuthUser, @Param('id') id: string, @Req() req: FastifyRequest) {
    if (!req.isMultipart()) throw new DomainError('ATTACHMENT.NOT_MULTIPART', '请以 multipart/form-data 上传文件', 415);
    const file = await req.file();
    if (!file) throw new DomainError('ATTACHMENT.MISSING_FILE', '请选择要上传的文件', 400);
    const saved = await this.attachments.save(user, id, { fileName: file.filename, mimeType: file.mimetype, stream: file.file });
    return { id: saved.id, fileName: saved.fileName, mimeType: saved.mimeType, sizeBytes: saved.sizeBytes, sha256: saved.sha256 };
  }

  @Get('attachments/:id')
  async download(@CurrentUser() user: AuthUser, @Param('id') id: string, @Res() reply: FastifyReply) {
    const { meta, stream } = await this.attachments.open(user, id);
    reply
      .header('content-type', meta.mimeType)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(meta.fileName)}`)
      .header('x-content-type-options', 'nosniff')
      .send(stream);
  }
}
