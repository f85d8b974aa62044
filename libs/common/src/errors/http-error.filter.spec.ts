import { BadRequestException, NotFoundException } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { DomainError } from './domain-error';
import { HttpErrorFilter } from './http-error.filter';

describe('HttpErrorFilter.toBody', () => {
  const filter = new HttpErrorFilter();

  it('keeps a domain error’s code, message and details', () => {
    expect(filter.toBody(new DomainError('TICKET.STALE_VERSION', '工单已被他人更新', 409, { currentVersion: 3 }))).toEqual({
      statusCode: 409,
      code: 'TICKET.STALE_VERSION',
      message: '工单已被他人更新',
      details: { currentVersion: 3 },
    });
  });

  it('names body-parser failures, throttling and unknown routes', () => {
    expect(filter.toBody(new BadRequestException("Body is not valid JSON but content-type is set to 'application/json'")).code).toBe(
      'REQUEST.MALFORMED_JSON',
    );
    expect(filter.toBody(new ThrottlerException())).toMatchObject({ statusCode: 429, code: 'REQUEST.TOO_MANY' });
    expect(filter.toBody(new NotFoundException('Cannot GET /nope'))).toMatchObject({ statusCode: 404, code: 'REQUEST.NOT_FOUND' });
  });

  it('never leaks the internals of an unexpected error', () => {
    const body = filter.toBody(new Error('relation "ticket" does not exist at /srv/app/secret.ts:12'));
    expect(body).toEqual({ statusCode: 500, code: 'INTERNAL', message: '服务器内部错误，请稍后再试' });
  });
});
