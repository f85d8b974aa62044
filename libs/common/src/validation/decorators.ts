import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsNotEmpty, IsString, Matches, MaxLength, Min } from 'class-validator';

/** Mainland mobile (1xxxxxxxxxx) or landline with optional area code and extension; digits only after trimming separators. */
export const PHONE_PATTERN = /^(1[3-9]\d{9}|0\d{2,3}\d{7,8}(\d{1,6})?|\d{7,8})$/;

export function IsPhone() {
  return applyDecorators(
    Transform(({ value }) => (typeof value === 'string' ? value.replace(/[\s-]/g, '') : value)),
    IsString(),
    Matches(PHONE_PATTERN, { message: '$property 不是有效的电话号码' }),
  );
}

/** A required free-text field, trimmed, with an upper bound on its length. */
export function IsText(max: number) {
  return applyDecorators(
    Transform(({ value }) => (typeof value === 'string' ? value.trim() : value)),
    IsString(),
    IsNotEmpty({ message: '$property 不能为空' }),
    MaxLength(max, { message: `$property 不能超过 ${max} 个字` }),
  );
}

/** A positive integer id, as it arrives in a JSON body. */
export function IsId() {
  return applyDecorators(IsInt({ message: '$property 必须是整数编号' }), Min(1));
}

/** A list of positive integer ids, at most `max` of them (co-handling units, categories …). */
export function IsIdList(max: number) {
  return applyDecorators(
    IsArray({ message: '$property 必须是编号数组' }),
    ArrayMaxSize(max, { message: `$property 最多 ${max} 项` }),
    IsInt({ each: true, message: '$property 必须是整数编号' }),
    Min(1, { each: true }),
  );
}
