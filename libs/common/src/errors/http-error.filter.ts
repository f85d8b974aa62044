import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { DomainError } from './domain-error';

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: unknown;
  requestId?: string;
}

const STATUS_CODES: Record<number, [string, string]> = {
  400: ['REQUEST.INVALID', '请求格式不正确'],
  401: ['AUTH.UNAUTHENTICATED', '请先登录'],
  403: ['AUTH.FORBIDDEN', '无权执行此操作'],
  404: ['REQUEST.NOT_FOUND', '请求的资源不存在'],
  405: ['REQUEST.METHOD_NOT_ALLOWED', '不支持的请求方法'],
  409: ['REQUEST.CONFLICT', '请求与当前状态冲突'],
  413: ['REQUEST.TOO_LARGE', '请求内容过大'],
  415: ['REQUEST.UNSUPPORTED_MEDIA_TYPE', '不支持的内容类型，请以 application/json 提交'],
  429: ['REQUEST.TOO_MANY', '请求过于频繁，请稍后再试'],
};

/** Maps every error to one body shape; a 500 never leaks internals. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<{ id?: string; raw?: { id?: string } }>();
    const reply = ctx.getResponse();
    const body = this.toBody(exception);
    body.requestId = String(req.id ?? req.raw?.id ?? '');
    if (body.statusCode >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    if (typeof reply.status === 'function' && typeof reply.send === 'function' && 'code' in reply) {
      reply.status(body.statusCode).send(body); // fastify
    } else {
      reply.status(body.statusCode).json(body); // express
    }
  }

  toBody(exception: unknown): ErrorBody {
    if (exception instanceof DomainError) {
      return { statusCode: exception.status, code: exception.code, message: exception.message, details: exception.details };
    }
    if (exception instanceof ThrottlerException) {
      return { statusCode: 429, code: 'REQUEST.TOO_MANY', message: STATUS_CODES[429][1] };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse() as string | { message?: string | string[]; code?: string; details?: unknown };
      const [defaultCode, defaultMessage] = STATUS_CODES[status] ?? ['REQUEST.ERROR', '请求失败'];
      if (typeof response === 'object' && response.code) {
        return { statusCode: status, code: response.code, message: String(response.message ?? defaultMessage), details: response.details };
      }
      const raw = typeof response === 'string' ? response : response.message;
      // Nest hands body-parser failures over as plain 400s; name them.
      if (status === 400 && typeof raw === 'string' && /JSON/.test(raw)) {
        return { statusCode: 400, code: 'REQUEST.MALFORMED_JSON', message: '请求体不是有效的 JSON', details: { reason: raw } };
      }
      if (Array.isArray(raw)) {
        return { statusCode: status, code: 'REQUEST.VALIDATION_FAILED', message: '输入有误：' + raw.join('；'), details: { errors: raw } };
      }
      return { statusCode: status, code: defaultCode, message: defaultMessage, details: raw ? { reason: raw } : undefined };
    }
    const err = exception as { statusCode?: number; code?: string; message?: string };
    // Fastify's own errors (bad JSON, wrong content type, body too large) carry a 4xx statusCode.
    if (typeof err?.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
      const [code, message] = STATUS_CODES[err.statusCode] ?? ['REQUEST.INVALID', '请求格式不正确'];
      if (err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
        return { statusCode: 400, code: 'REQUEST.MALFORMED_JSON', message: '请求体不是有效的 JSON', details: { reason: err.message } };
      }
      return { statusCode: err.statusCode, code, message, details: err.message ? { reason: err.message } : undefined };
    }
    return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, code: 'INTERNAL', message: '服务器内部错误，请稍后再试' };
  }
}
