import { AppConfig, DomainError } from '@app/common';
import { AuthService } from '@app/identity';
import { Controller, Get, Headers, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { timingSafeEqual } from 'crypto';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { bearerToken } from '../auth/auth.guard';
import { registry } from './metrics';

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

@ApiTags('运维')
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly config: AppConfig,
    private readonly auth: AuthService,
  ) {}

  /** Prometheus text format. Prometheus presents METRICS_TOKEN; a person needs an admin's token. */
  @Public()
  @Get()
  async metrics(@Headers('authorization') authorization: string | undefined, @Res() reply: FastifyReply) {
    const token = bearerToken(authorization);
    if (!token) throw new DomainError('AUTH.MISSING_TOKEN', '请先登录', 401);
    const scraper = this.config.METRICS_TOKEN && sameSecret(token, this.config.METRICS_TOKEN);
    if (!scraper && this.auth.verifyAccessToken(token).role !== 'admin') {
      throw new DomainError('AUTH.ROLE_NOT_ALLOWED', '只有系统管理员可以查看监控指标', 403);
    }
    reply.header('content-type', registry.contentType).send(await registry.metrics());
  }
}
