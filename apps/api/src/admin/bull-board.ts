import { AppConfig, QUEUES } from '@app/common';
import { AuthService } from '@app/identity';
import { createBullBoard } from '@bull-board/api';
import { BullAdapter } from '@bull-board/api/bullAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import { getQueueToken } from '@nestjs/bull';
import { INestApplication } from '@nestjs/common';
import type { Queue } from 'bull';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bearerToken } from '../auth/auth.guard';

export const BULL_BOARD_PATH = '/admin/queues';
const COOKIE = 'hotline_board_token';

function cookie(req: FastifyRequest, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return null;
}

/**
 * The Bull dashboard, for admins only. A browser opens it once as /admin/queues?token=<admin access token>;
 * the token then travels in an http-only cookie scoped to the dashboard for its assets and API calls.
 */
export async function mountBullBoard(app: INestApplication, fastify: FastifyInstance): Promise<void> {
  const auth = app.get(AuthService);
  const config = app.get(AppConfig);
  const queues = Object.values(QUEUES).map((name) => new BullAdapter(app.get<Queue>(getQueueToken(name), { strict: false })));
  const serverAdapter = new BullBoardFastifyAdapter();
  serverAdapter.setBasePath(BULL_BOARD_PATH);
  createBullBoard({ queues, serverAdapter, options: { uiConfig: { boardTitle: '12345 队列' } } });
  await fastify.register(async (scope) => {
    scope.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
      const fromQuery = (req.query as { token?: string } | undefined)?.token ?? null;
      const token = bearerToken(req.headers.authorization) ?? fromQuery ?? cookie(req, COOKIE);
      let ok = false;
      try {
        ok = !!token && auth.verifyAccessToken(token).role === 'admin';
      } catch {
        ok = false;
      }
      if (!ok) {
        return reply.code(token ? 403 : 401).send({
          statusCode: token ? 403 : 401,
          code: token ? 'AUTH.ROLE_NOT_ALLOWED' : 'AUTH.MISSING_TOKEN',
          message: '队列面板仅限系统管理员访问',
          requestId: req.id,
        });
      }
      if (fromQuery) {
        const secure = config.NODE_ENV === 'production' ? '; Secure' : '';
        reply.header(
          'set-cookie',
          `${COOKIE}=${encodeURIComponent(fromQuery)}; Path=${BULL_BOARD_PATH}; HttpOnly; SameSite=Strict${secure}`,
        );
      }
    });
    await scope.register(serverAdapter.registerPlugin() as never, { prefix: BULL_BOARD_PATH });
  });
}
