import { DomainError, badRequest } from '@app/common';
import { normalisePhone } from '../../phone-number';
import { parseW3cDateTime } from './open311-format';

/**
 * The GeoReport v2 arguments, read by hand rather than by a DTO: POST requests carry attribute[code]
 * keys no class can list, and every problem must reach the client in the spec's error list, all of
 * them at once.
 */

export const DESCRIPTION_MAX = 4000;
/** GET requests: at most this many days between start_date and end_date, and the default window. */
export const WINDOW_DAYS = 90;
/** GET requests: at most this many ids or service codes in one query. */
export const LIST_ARG_MAX = 100;

export interface CreateRequestInput {
  jurisdictionId: string | null;
  serviceCode: string;
  lat: number | null;
  long: number | null;
  addressString: string | null;
  addressId: string | null;
  attributes: Record<string, string[]>;
  email: string | null;
  deviceId: string | null;
  accountId: string | null;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  description: string;
  mediaUrl: string | null;
}

export interface ListQuery {
  jurisdictionId: string | null;
  /** When given, the other filters do not apply (the spec: "this overrides all other arguments"). */
  ids: string[] | null;
  serviceCodes: string[] | null;
  start: Date;
  end: Date;
  statuses: ('open' | 'closed')[] | null;
}

export const invalid = (errors: string[]): DomainError => badRequest('OPEN311.INVALID_REQUEST', errors.join('；'), { errors });

type Fields = Record<string, unknown>;

/** A form (already an object) or a JSON object; anything else is not a GeoReport request. */
export function readFields(body: unknown): Fields {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw invalid(['请求体须为 application/x-www-form-urlencoded 表单或 JSON 对象']);
  }
  return body as Fields;
}

/** One scalar argument, trimmed; absent or empty is null. */
export function oneValue(f: Fields, key: string, errors: string[]): string | null {
  const v = f[key];
  if (v === undefined || v === null) return null;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v !== 'string') {
    errors.push(`${key} 只能有一个文字值`);
    return null;
  }
  const s = v.trim();
  return s === '' ? null : s;
}

function bounded(f: Fields, key: string, max: number, errors: string[]): string | null {
  const v = oneValue(f, key, errors);
  if (v !== null && [...v].length > max) {
    errors.push(`${key} 不能超过 ${max} 个字符`);
    return null;
  }
  return v;
}

function coordinate(f: Fields, key: 'lat' | 'long', errors: string[]): number | null {
  const v = oneValue(f, key, errors);
  if (v === null) return null;
  const n = Number(v);
  const limit = key === 'lat' ? 90 : 180;
  if (!/^-?\d+(\.\d+)?$/.test(v) || Math.abs(n) > limit) {
    errors.push(`${key} 须为 -${limit} 至 ${limit} 之间的十进制度数（WGS84）`);
    return null;
  }
  return Math.round(n * 1e6) / 1e6;
}

const ATTRIBUTE_KEY = /^attribute\[([^\]]+)\](\[\])?$/;
const ATTRIBUTE_CODE = /^[\w-]{1,64}$/;

/** attribute[code]=v and attribute[code][]=v keys (forms), or an `attribute` object (JSON), as lists of strings. */
function readAttributes(f: Fields, errors: string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const add = (code: string, v: unknown) => {
    if (!ATTRIBUTE_CODE.test(code)) {
      errors.push(`attribute[${code.slice(0, 64)}] 的代码无效`);
      return;
    }
    const list = Array.isArray(v) ? v : [v];
    if (!list.every((x) => typeof x === 'string' || typeof x === 'number')) {
      errors.push(`attribute[${code}] 的值须为文字或数字`);
      return;
    }
    (out[code] ??= []).push(...list.map(String));
  };
  for (const [key, v] of Object.entries(f)) {
    const m = ATTRIBUTE_KEY.exec(key);
    if (m) add(m[1], v);
  }
  if (f.attribute !== undefined) {
    if (f.attribute === null || typeof f.attribute !== 'object' || Array.isArray(f.attribute))
      errors.push('attribute 须为 {代码: 值} 对象');
    else for (const [code, v] of Object.entries(f.attribute)) add(code, v);
  }
  return out;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * POST requests.{format}: everything but api_key (checked before anything else). A location is
 * required: lat and long together, or address_string, or address_id.
 */
export function parseCreateRequest(f: Fields): CreateRequestInput {
  const errors: string[] = [];
  const serviceCode = bounded(f, 'service_code', 16, errors);
  if (serviceCode === null && errors.length === 0) errors.push('service_code 为必填项');
  const locationErrors = errors.length;
  const lat = coordinate(f, 'lat', errors);
  const long = coordinate(f, 'long', errors);
  const addressString = bounded(f, 'address_string', 255, errors);
  const addressId = bounded(f, 'address_id', 64, errors);
  // Only when what was given was well-formed: a malformed lat is one problem, not two.
  if (errors.length === locationErrors) {
    if ((lat === null) !== (long === null)) errors.push('lat 和 long 须同时提供');
    else if (lat === null && addressString === null && addressId === null)
      errors.push('须提供位置：lat 和 long，或 address_string，或 address_id');
  }
  const email = bounded(f, 'email', 128, errors);
  if (email !== null && !EMAIL.test(email)) errors.push('email 不是有效的电子邮件地址');
  const rawPhone = bounded(f, 'phone', 32, errors);
  const phone = rawPhone === null ? null : normalisePhone(rawPhone);
  if (rawPhone !== null && phone === null) errors.push('phone 不是有效的电话号码');
  const description = bounded(f, 'description', DESCRIPTION_MAX, errors) ?? '';
  const mediaUrl = bounded(f, 'media_url', 1000, errors);
  if (mediaUrl !== null && !isHttpUrl(mediaUrl)) errors.push('media_url 须为 http 或 https 地址');
  const input: CreateRequestInput = {
    jurisdictionId: oneValue(f, 'jurisdiction_id', errors),
    serviceCode: serviceCode ?? '',
    lat,
    long,
    addressString,
    addressId,
    attributes: readAttributes(f, errors),
    email,
    deviceId: bounded(f, 'device_id', 64, errors),
    accountId: bounded(f, 'account_id', 64, errors),
    firstName: bounded(f, 'first_name', 32, errors),
    lastName: bounded(f, 'last_name', 32, errors),
    phone,
    description,
    mediaUrl,
  };
  if (errors.length > 0) throw invalid(errors);
  return input;
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** A comma-delimited argument (or the same argument repeated), as a list; null when absent. */
function listValue(f: Fields, key: string, errors: string[]): string[] | null {
  const v = f[key];
  if (v === undefined || v === null || v === '') return null;
  const parts = (Array.isArray(v) ? v : [v]).flatMap((x) => String(x).split(',')).map((x) => x.trim());
  const list = [...new Set(parts.filter((x) => x !== ''))];
  if (list.length > LIST_ARG_MAX) errors.push(`${key} 最多 ${LIST_ARG_MAX} 项`);
  return list.length > 0 ? list : null;
}

const DAY_MS = 86_400_000;

/**
 * GET requests.{format}: service_request_id, service_code, start_date, end_date, status. Without
 * dates, the last 90 days; with one date, 90 days from or up to it (never past now); a window of more
 * than 90 days is refused.
 */
export function parseListQuery(q: Fields, now: Date, tz: string): ListQuery {
  const errors: string[] = [];
  const ids = listValue(q, 'service_request_id', errors);
  if (ids?.some((id) => !/^[\w-]{1,24}$/.test(id))) errors.push('service_request_id 须为工单编号，多个以逗号分隔');
  const serviceCodes = listValue(q, 'service_code', errors);
  const date = (key: string) => {
    const v = oneValue(q, key, errors);
    if (v === null) return null;
    const d = parseW3cDateTime(v, tz);
    if (!d) errors.push(`${key} 须为带时区的 W3C 日期时间，例如 2026-11-01T00:00:00+08:00`);
    return d;
  };
  const startArg = date('start_date');
  const endArg = date('end_date');
  const end = endArg ?? (startArg ? new Date(Math.min(now.getTime(), startArg.getTime() + WINDOW_DAYS * DAY_MS)) : now);
  const start = startArg ?? new Date(end.getTime() - WINDOW_DAYS * DAY_MS);
  if (start > end) errors.push('start_date 不能晚于 end_date');
  else if (end.getTime() - start.getTime() > WINDOW_DAYS * DAY_MS) errors.push(`start_date 与 end_date 之间不能超过 ${WINDOW_DAYS} 天`);
  const statuses = listValue(q, 'status', errors);
  if (statuses?.some((s) => s !== 'open' && s !== 'closed')) errors.push('status 只能是 open 或 closed（多个以逗号分隔）');
  const jurisdictionId = oneValue(q, 'jurisdiction_id', errors);
  if (errors.length > 0) throw invalid(errors);
  return { jurisdictionId, ids, serviceCodes, start, end, statuses: statuses as ListQuery['statuses'] };
}
