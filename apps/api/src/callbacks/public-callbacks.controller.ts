import { CallbackLinksService, PAGE_HEADERS } from '@app/callbacks';
import { DomainError } from '@app/common';
import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/auth.decorators';

function setPageHeaders(reply: FastifyReply): void {
  for (const [name, value] of Object.entries(PAGE_HEADERS)) reply.header(name, value);
}

/**
 * The page a callback link opens (no login: the one-time token is the key). GET shows the form and
 * records nothing; POST records the rating once. A form post is answered with a page (thank you, or
 * the error's message with its status); a JSON post with JSON.
 */
@ApiTags('回访评价（公众）')
@Public()
@Controller('public/callbacks')
export class PublicCallbacksController {
  constructor(private readonly links: CallbackLinksService) {}

  @ApiOperation({ summary: '回访评价页（只显示，不记录）' })
  @Get(':token')
  async page(@Param('token') token: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const page = await this.links.page(token);
    reply.status(page.status);
    setPageHeaders(reply);
    return page.html;
  }

  @ApiOperation({ summary: '提交回访评价（表单或 JSON；链接一次有效）' })
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @Post(':token')
  @HttpCode(200)
  async submit(
    @Param('token') token: string,
    @Body() body: Record<string, unknown>,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const form = String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
    if (!form) return this.links.submit(token, body);
    let page: string;
    try {
      await this.links.submit(token, body);
      page = this.links.thankYouPage();
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      reply.status(e.status);
      page = this.links.errorPage(e);
    }
    setPageHeaders(reply);
    return page;
  }
}
