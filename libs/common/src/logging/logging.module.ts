import { Module } from '@nestjs/common';
import { randomUUID } from 'crypto';
import { IncomingMessage } from 'http';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../config/app-config';

/** The request id: the caller's X-Request-Id when it sends a sane one, else a new one. Fastify and pino share it. */
export function requestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
  req.headers['x-request-id'] = id;
  return id;
}

/** JSON logs for the api and the worker alike; HTTP lines carry the request id and the user. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          level: config.LOG_LEVEL,
          genReqId: (req: IncomingMessage) => (req.headers['x-request-id'] as string) ?? requestId(req),
          redact: ['req.headers.authorization', 'req.headers.cookie'],
          customProps: (req: IncomingMessage & { user?: { userId: number } }) => ({ userId: req.user?.userId }),
          autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' || req.url === '/metrics' },
        },
      }),
    }),
  ],
  exports: [LoggerModule],
})
export class LoggingModule {}
