import { XMLBuilder } from 'fast-xml-parser';

export const OPEN311_FORMATS = ['json', 'xml'] as const;
export type Open311Format = (typeof OPEN311_FORMATS)[number];

export const OPEN311_CONTENT_TYPES: Record<Open311Format, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
};

/** The element each list's items are written as in XML (the spec's names). */
const XML_ITEMS: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
  errors: 'error',
};

// Attributes are only ever the XML declaration's: data keys never start with '@_'.
const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: false, suppressEmptyNode: false });

/** Characters XML 1.0 cannot carry at all (control characters a client may have sent): dropped, or the document is invalid. */
const NOT_XML = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function toXml(value: unknown, key = ''): unknown {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) {
    const item = XML_ITEMS[key];
    return item ? { [item]: value.map((v) => toXml(v, item)) } : value.map((v) => toXml(v));
  }
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toXml(v, k)]));
  }
  if (typeof value === 'string') return value.replace(NOT_XML, '');
  return String(value);
}

/**
 * One GeoReport v2 response in the format the client asked for by the extension. JSON is the data
 * as it is (lists are top-level arrays); XML wraps it in the spec's root element, each list item in its
 * own element (<services><service>…, <service_requests><request>…), after the UTF-8 declaration.
 */
export function renderOpen311(format: Open311Format, root: string, data: unknown): { contentType: string; body: string } {
  if (format === 'json') return { contentType: OPEN311_CONTENT_TYPES.json, body: JSON.stringify(data) };
  const tree = toXml(data, root);
  const body = builder.build({ '?xml': { '@_version': '1.0', '@_encoding': 'utf-8' }, [root]: tree }) as string;
  return { contentType: OPEN311_CONTENT_TYPES.xml, body };
}

/** `services.json` → json; anything else is refused by the caller. */
export function parseFormat(ext: string | undefined): Open311Format | null {
  const f = (ext ?? '').toLowerCase();
  return (OPEN311_FORMATS as readonly string[]).includes(f) ? (f as Open311Format) : null;
}

/** `010101.json` → ['010101', 'json']: the resource id and its extension, split at the last dot. */
export function splitResource(file: string): [string, string | undefined] {
  const dot = file.lastIndexOf('.');
  return dot <= 0 ? [file, undefined] : [file.slice(0, dot), file.slice(dot + 1)];
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsIn(d: Date, tz: string): Record<string, number> {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return Object.fromEntries(f.formatToParts(d).map((p) => [p.type, Number(p.value)]));
}

/** Minutes the zone is ahead of UTC at that instant (+480 for Asia/Shanghai). */
export function zoneOffsetMinutes(d: Date, tz: string): number {
  const p = partsIn(d, tz);
  const local = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((local - Math.floor(d.getTime() / 1000) * 1000) / 60_000);
}

const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');

/** A W3C datetime in the city's zone, with its offset: 2026-11-22T08:30:00+08:00. Null stays null. */
export function cityDateTime(d: Date | string | null | undefined, tz: string): string | null {
  if (d === null || d === undefined) return null;
  const date = d instanceof Date ? d : new Date(d);
  const p = partsIn(date, tz);
  const off = zoneOffsetMinutes(date, tz);
  const sign = off < 0 ? '-' : '+';
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${sign}${pad(Math.trunc(off / 60))}:${pad(off % 60)}`;
}

const W3C_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const W3C_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A W3C datetime as the spec's clients send it: with a zone (Z or ±hh:mm), or a bare date, taken as
 * midnight in the city. Anything else (including a time without a zone) is null: the caller refuses it.
 */
export function parseW3cDateTime(s: string, tz: string): Date | null {
  const day = W3C_DATE.exec(s);
  if (day) {
    const utcMidnight = Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]));
    const d = new Date(utcMidnight - zoneOffsetMinutes(new Date(utcMidnight), tz) * 60_000);
    return Number.isNaN(d.getTime()) || cityDateTime(d, tz)!.slice(0, 10) !== s ? null : d;
  }
  if (!W3C_DATETIME.test(s)) return null;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : d;
}

const DIGIT = '0-9０-９';
/**
 * Dates are kept (2026-11-02, 2026年11月2日); any other run of 7 or more digits, with the separators
 * people write numbers with, is taken for a phone, ID card or account number.
 */
const NUMBERS = new RegExp(
  `(\\d{4}[-/.年]\\d{1,2}[-/.月]\\d{1,2}日?)|([+＋]?[${DIGIT}](?:[${DIGIT}\\s\\-－()（）]*[${DIGIT}])?[Xx]?)`,
  'g',
);
const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)+/g;

/**
 * What a public list may show of a citizen's text: phone numbers, ID card numbers and e-mail
 * addresses become ***. Names cannot be told apart from other words; the citizen agreed to publish the text.
 */
export function scrubPersonalData(text: string | null | undefined): string {
  if (!text) return '';
  return text.replace(EMAIL, '***').replace(NUMBERS, (m: string, date: string | undefined) => {
    if (date) return m;
    return (m.match(new RegExp(`[${DIGIT}]`, 'g')) ?? []).length >= 7 ? '***' : m;
  });
}
