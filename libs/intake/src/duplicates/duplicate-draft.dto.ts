import { IsId, PHONE_PATTERN } from '@app/common';
import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

/** A form being filled in sends what it has: blank fields count as absent, not as errors. */
const blankToUndefined = (v: unknown, clean: (s: string) => string) => {
  if (typeof v !== 'string') return v;
  const s = clean(v);
  return s === '' ? undefined : s;
};

function DraftText(max: number) {
  return applyDecorators(
    Transform(({ value }) => blankToUndefined(value, (s) => s.trim())),
    IsOptional(),
    IsString(),
    MaxLength(max, { message: `$property 不能超过 ${max} 个字` }),
  );
}

function DraftPhone() {
  return applyDecorators(
    Transform(({ value }) => blankToUndefined(value, (s) => s.replace(/[\s-]/g, ''))),
    IsOptional(),
    IsString(),
    Matches(PHONE_PATTERN, { message: '$property 不是有效的电话号码' }),
  );
}

/** The order an agent is registering, as far as it is filled in; the same limits as registration. */
export class DuplicateDraftDto {
  @ApiPropertyOptional({ description: '联系电话' })
  @DraftPhone()
  citizenPhone?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsId()
  districtId?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsId()
  streetId?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsId()
  communityId?: number;

  @ApiPropertyOptional({ maxLength: 255 })
  @DraftText(255)
  address?: string;

  @ApiPropertyOptional({ description: '事项分类' })
  @IsOptional()
  @IsId()
  categoryId?: number;

  @ApiPropertyOptional({ maxLength: 200 })
  @DraftText(200)
  title?: string;

  @ApiPropertyOptional({ maxLength: 4000 })
  @DraftText(4000)
  content?: string;
}

export class DuplicateQueryDto {
  @ApiPropertyOptional({ default: 5, maximum: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(20)
  limit?: number;
}
