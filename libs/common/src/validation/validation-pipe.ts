import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

/** class-validator's constraint names, said in words a user of the system reads. */
const MESSAGES: Record<string, (c: string) => string> = {
  whitelistValidation: () => '不是可接受的字段',
  isIn: (c) => `取值无效（${c.replace(/^.*: /, '')}）`,
  isString: () => '必须是文字',
  isInt: () => '必须是整数',
  isBoolean: () => '必须是 true 或 false',
  isDate: () => '必须是有效的日期时间（ISO 8601）',
  isArray: () => '必须是数组',
  isLatitude: () => '不是有效的纬度',
  isLongitude: () => '不是有效的经度',
  min: (c) => c.replace(/^.*must not be less than (\S+).*$/, '不能小于 $1'),
  max: (c) => c.replace(/^.*must not be greater than (\S+).*$/, '不能大于 $1'),
  minLength: () => '内容太短',
  arrayMaxSize: (c) => c.replace(/^.*must contain no more than (\S+).*$/, '最多 $1 项'),
};

function flatten(errors: ValidationError[], prefix = ''): { field: string; message: string; constraint: string }[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([constraint, raw]) => {
      // Messages written in Chinese in our decorators are kept; library defaults are translated.
      const translated = /[\u4e00-\u9fff]/.test(raw) ? raw : `${field} ${MESSAGES[constraint]?.(raw) ?? raw}`;
      return { field, constraint, message: translated };
    });
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** The global pipe: unknown fields refused, types converted, one clear message per field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const list = flatten(errors);
      return new BadRequestException({
        code: 'REQUEST.VALIDATION_FAILED',
        message: '输入有误：' + list.map((e) => e.message).join('；'),
        details: { errors: list },
      });
    },
  });
}
