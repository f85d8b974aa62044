import { badRequest } from '@app/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsObject, IsOptional, IsString, MaxLength, validateSync } from 'class-validator';
import { parse as parseCsv } from 'csv-parse/sync';

export const BATCH_MAX_ROWS = 1000;

/** A batch import body: JSON rows, or CSV text whose header names the same fields. */
export class BatchDto {
  @ApiProperty({ enum: ['json', 'csv'] })
  @IsIn(['json', 'csv'])
  format: 'json' | 'csv';

  @ApiPropertyOptional({ description: 'format=json 时的记录数组（最多 1000 条）' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(BATCH_MAX_ROWS)
  @IsObject({ each: true })
  rows?: Record<string, unknown>[];

  @ApiPropertyOptional({ description: 'format=csv 时的 CSV 文本，首行为列名（与 JSON 字段同名）；多值字段用分号分隔' })
  @IsOptional()
  @IsString()
  @MaxLength(1_000_000)
  csv?: string;
}

export interface RowReport {
  row: number;
  externalId: string | null;
  status: 'created' | 'duplicate' | 'invalid';
  ticketNo?: string;
  errors?: string[];
}

/** The rows of a batch; CSV cells that are empty are absent, `listFields` split on semicolons. */
export function batchRows(dto: BatchDto, listFields: string[] = []): Record<string, unknown>[] {
  let rows: Record<string, unknown>[];
  if (dto.format === 'json') {
    if (!dto.rows) throw badRequest('IMPORT.NO_ROWS', 'format=json 时须提供 rows');
    rows = dto.rows;
  } else {
    if (!dto.csv) throw badRequest('IMPORT.NO_ROWS', 'format=csv 时须提供 csv');
    try {
      rows = parseCsv(dto.csv, { columns: true, skip_empty_lines: true, trim: true, bom: true });
    } catch (e) {
      throw badRequest('IMPORT.BAD_CSV', `CSV 无法解析：${(e as Error).message}`);
    }
    for (const r of rows) {
      for (const k of Object.keys(r)) if (r[k] === '') delete r[k];
      for (const f of listFields) if (typeof r[f] === 'string') r[f] = (r[f] as string).split(/[;；]/).filter(Boolean);
      for (const [k, v] of Object.entries(r)) if (v === 'true' || v === 'false') r[k] = v === 'true';
    }
  }
  if (rows.length === 0) throw badRequest('IMPORT.NO_ROWS', '没有可导入的记录');
  if (rows.length > BATCH_MAX_ROWS) throw badRequest('IMPORT.TOO_MANY_ROWS', `一次最多导入 ${BATCH_MAX_ROWS} 条`, { max: BATCH_MAX_ROWS });
  return rows;
}

/** Validates one row against its DTO as the API would; returns the row or the people-readable problems. */
export function validateRow<T extends object>(cls: new () => T, input: Record<string, unknown>): { value: T } | { errors: string[] } {
  const value = plainToInstance(cls, input);
  // One message per field, the most basic first (class-validator runs decorators bottom-up: 不能为空 before 长度).
  const errors = validateSync(value, { whitelist: true, forbidNonWhitelisted: true }).map((e) => {
    const messages = Object.values(e.constraints ?? {});
    return messages.find((m) => m.includes('不能为空')) ?? messages[0] ?? `${e.property} 格式不正确`;
  });
  return errors.length ? { errors } : { value };
}

export function summarise(reports: RowReport[]) {
  const count = (s: RowReport['status']) => reports.filter((r) => r.status === s).length;
  return { total: reports.length, created: count('created'), duplicates: count('duplicate'), invalid: count('invalid'), rows: reports };
}
