import { WechatQuery, WechatService } from '@app/intake';
import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators';

/**
 * WeChat's server calls this (公众号 → 基本配置 → 服务器地址). Public: what authenticates a call is
 * WeChat's signature over the token, checked by the adapter. XML bodies arrive as a string (64 KiB at most).
 */
@ApiTags('渠道接入')
@Public()
@Controller('channels/wechat')
export class WechatController {
  constructor(private readonly wechat: WechatService) {}

  /** URL verification: echoes echostr when the signature is right. */
  @Get()
  verify(@Query() query: WechatQuery, @Res({ passthrough: true }) reply: FastifyReply): string {
    const echo = this.wechat.verifyUrl(query);
    reply.header('content-type', 'text/plain; charset=utf-8').header('x-content-type-options', 'nosniff');
    return echo;
  }

  /** A message or event push: 200 with a passive reply (XML, encrypted in safe mode) or "success". */
  @ApiConsumes('text/xml', 'application/xml')
  @Post()
  @HttpCode(200)
  async receive(@Query() query: WechatQuery, @Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const answer = await this.wechat.receive(query, body);
    reply.header('content-type', answer.contentType);
    return answer.body;
  }
}
