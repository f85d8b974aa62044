import { AppConfig, HttpErrorFilter, createValidationPipe, requestId } from '@app/common';
import fastifyMultipart from '@fastify/multipart';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { IncomingMessage } from 'http';
import { Logger } from 'nestjs-pino';
import { mountBullBoard } from './admin/bull-board';
import { AppModule } from './app.module';
import { httpDuration } from './metrics/metrics';
import { RedisIoAdapter } from './realtime/redis-io.adapter';

function unsupportedMediaType(): Error {
  return Object.assign(new Error('Unsupported Media Type'), { statusCode: 415, code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' });
}

/** A form body as an object; a key that repeats (Open311's attribute[code][]=a&…=b) becomes an array. */
function formFields(body: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(body)) {
    const had = out[k];
    out[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
  }
  return out;
}

export type HttpAdapterName = 'fastify' | 'express';

/** JSON bodies above this are refused with 413; files go through multipart, not JSON. */
const JSON_BODY_LIMIT = 1024 * 1024;
/** XML (WeChat pushes) and form (Open311 POSTs) bodies are small messages: refused with 413 above this. */
const CHANNEL_BODY_LIMIT = 64 * 1024;
/**
 * Legacy CSV exports (the history import) are refused with 413 above this, the limit of JSON bodies; a
 * county's year (~100k rows) goes through `npm run import:legacy` on the server.
 */
const CSV_BODY_LIMIT = 1024 * 1024;
const CSV_IMPORT_ROUTE = '/reports/history/import';

/**
 * Builds the api: HTTP on Fastify (chosen on measured figures, docs/PERFORMANCE.md), the socket.io
 * gateway on the same port. The Express variant exists only so the benchmark can compare the two on
 * the real registration path; uploads and the Bull dashboard are wired for Fastify.
 */
export async function createApiApp(adapter: HttpAdapterName = 'fastify'): Promise<NestFastifyApplication> {
  const app =
    adapter === 'fastify'
      ? await NestFactory.create<NestFastifyApplication>(
          AppModule,
          new FastifyAdapter({
            bodyLimit: JSON_BODY_LIMIT,
            genReqId: (req: unknown) => requestId(req as IncomingMessage),
            trustProxy: true,
            logger: false,
          }),
          // bodyParser off: Nest would add a form parser; the API speaks JSON (and multipart for files) only.
          { bufferLogs: true, bodyParser: false },
        )
      : ((await NestFactory.create(AppModule, new ExpressAdapter(), {
          bufferLogs: true,
          bodyParser: true,
        })) as unknown as NestFastifyApplication);
  app.useLogger(app.get(Logger));
  const config = app.get(AppConfig);
  // Nest routes Fastify's own errors (bad JSON, wrong content type, too large) through this filter too.
  app.useGlobalFilters(new HttpErrorFilter());
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  if (config.SOCKET_REDIS_ADAPTER) app.useWebSocketAdapter(new RedisIoAdapter(app, config.REDIS_URL, config.REDIS_PREFIX));

  if (adapter === 'fastify') {
    const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
    // JSON in, JSON out: a text body is refused with 415 instead of reaching validation empty. Channels
    // that speak XML or forms register their own parsers on their own routes.
    fastify.removeContentTypeParser('text/plain');
    // JSON as before (Fastify's own parser, with its prototype-poisoning checks), keeping the exact bytes
    // on the request: webhooks (SMS gateway, CTI switch) sign the body as sent.
    const parseJson = fastify.getDefaultJsonParser('error', 'error');
    fastify.removeContentTypeParser('application/json');
    fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: JSON_BODY_LIMIT }, (req, body, done) => {
      (req as FastifyRequest & { rawBody?: string }).rawBody = body as string;
      parseJson(req, body as string, done);
    });
    // XML arrives as a string, for WeChat only; the channel parses it itself (no DTD, no entities). Forms
    // only for Open311 and the callback rating page, as an object. Everywhere else these types stay 415.
    fastify.addContentTypeParser(
      ['text/xml', 'application/xml'],
      { parseAs: 'string', bodyLimit: CHANNEL_BODY_LIMIT },
      (req, body, done) => (req.url.startsWith('/channels/wechat') ? done(null, body) : done(unsupportedMediaType(), undefined)),
    );
    fastify.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: CHANNEL_BODY_LIMIT },
      (req, body, done) =>
        req.url.startsWith('/open311/') || req.url.startsWith('/public/callbacks/')
          ? done(null, formFields(body as string))
          : done(unsupportedMediaType(), undefined),
    );
    // CSV only for the history import, as bytes: the route decodes them strictly, so a GBK export is
    // refused by name, not mangled.
    fastify.addContentTypeParser('text/csv', { parseAs: 'buffer', bodyLimit: CSV_BODY_LIMIT }, (req, bytes, done) =>
      req.url === CSV_IMPORT_ROUTE || req.url.startsWith(`${CSV_IMPORT_ROUTE}?`)
        ? done(null, bytes)
        : done(unsupportedMediaType(), undefined),
    );
    fastify.addHook('onSend', async (req: FastifyRequest, reply: FastifyReply) => {
      reply.header('x-request-id', req.id);
    });
    fastify.addHook('onResponse', async (req: FastifyRequest, reply: FastifyReply) => {
      httpDuration.observe(
        { method: req.method, route: req.routeOptions?.url ?? 'unmatched', status: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      );
    });
    await app.register(fastifyMultipart as never, { limits: { fileSize: config.ATTACHMENT_MAX_BYTES + 1, files: 1, fields: 5 } });
    await mountBullBoard(app, fastify);
  }

  if (config.SWAGGER_ENABLED) {
    const doc = new DocumentBuilder()
      .setTitle('12345 政务服务便民热线平台 API')
      .setDescription('工单受理、派单、办理、回访与统计。错误统一为 { statusCode, code, message, details, requestId }。')
      .setVersion('0.1')
      .addBearerAuth()
      .build();
    SwaggerModule.setup('api/docs', app, SwaggerModule.createDocument(app, doc));
  }
  return app;
}
