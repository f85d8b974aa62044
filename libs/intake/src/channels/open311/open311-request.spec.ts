import { DomainError } from '@app/common';
import { parseCreateRequest, parseListQuery } from './open311-request';

const TZ = 'Asia/Shanghai';
const NOW = new Date('2026-11-22T04:00:00Z');
const DAY = 86_400_000;

function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).status).toBe(400);
    return (e as DomainError).details!.errors as string[];
  }
  throw new Error('expected a 400');
}

describe('POST requests arguments', () => {
  const form = { api_key: 'k', service_code: '010101', lat: '30.2741', long: '120.1551', description: '路面塌陷' };

  it('reads a form, with attribute[code] and attribute[code][] keys, and a JSON attribute object', () => {
    const input = parseCreateRequest({
      ...form,
      'attribute[damage_size]': 'large',
      'attribute[noise_source][]': ['piling', 'pump'],
      phone: '+86 138-1234-5678',
    });
    expect(input).toMatchObject({ serviceCode: '010101', lat: 30.2741, long: 120.1551, phone: '13812345678', description: '路面塌陷' });
    expect(input.attributes).toEqual({ damage_size: ['large'], noise_source: ['piling', 'pump'] });
    expect(parseCreateRequest({ ...form, lat: 30.1, long: 120.2, attribute: { lanes_affected: 2 } }).attributes).toEqual({
      lanes_affected: ['2'],
    });
  });

  it('needs one location: lat and long together, or an address string, or an address id', () => {
    const { lat: _lat, long: _long, ...noCoordinates } = form;
    expect(problems(() => parseCreateRequest(noCoordinates))).toEqual(['须提供位置：lat 和 long，或 address_string，或 address_id']);
    expect(problems(() => parseCreateRequest({ ...noCoordinates, lat: '30.1' }))).toEqual(['lat 和 long 须同时提供']);
    expect(problems(() => parseCreateRequest({ ...form, lat: '91' }))).toEqual(['lat 须为 -90 至 90 之间的十进制度数（WGS84）']);
    expect(parseCreateRequest({ ...noCoordinates, address_string: '东华路18号' }).addressString).toBe('东华路18号');
    expect(parseCreateRequest({ ...noCoordinates, address_id: 'A-1' }).addressId).toBe('A-1');
  });

  it('lists every problem at once', () => {
    const errors = problems(() =>
      parseCreateRequest({ description: '长'.repeat(4001), email: 'no-at', phone: '12', media_url: 'ftp://x', first_name: ['a', 'b'] }),
    );
    expect(errors).toEqual([
      'service_code 为必填项',
      '须提供位置：lat 和 long，或 address_string，或 address_id',
      'email 不是有效的电子邮件地址',
      'phone 不是有效的电话号码',
      'description 不能超过 4000 个字符',
      'media_url 须为 http 或 https 地址',
      'first_name 只能有一个文字值',
    ]);
    expect(parseCreateRequest({ ...form, description: '长'.repeat(4000) }).description).toHaveLength(4000);
  });
});

describe('GET requests arguments', () => {
  it('defaults to the last 90 days, all statuses and codes', () => {
    expect(parseListQuery({}, NOW, TZ)).toEqual({
      jurisdictionId: null,
      ids: null,
      serviceCodes: null,
      statuses: null,
      start: new Date(NOW.getTime() - 90 * DAY),
      end: NOW,
    });
  });

  it('reads comma lists (or repeated arguments) and one-sided windows', () => {
    const q = parseListQuery(
      { service_request_id: '20261122-00000001, 20261122-00000002', status: ['open', 'closed'], service_code: '01,02' },
      NOW,
      TZ,
    );
    expect(q).toMatchObject({ ids: ['20261122-00000001', '20261122-00000002'], statuses: ['open', 'closed'], serviceCodes: ['01', '02'] });
    const fromOnly = parseListQuery({ start_date: '2026-11-01' }, NOW, TZ);
    expect([fromOnly.start.toISOString(), fromOnly.end]).toEqual(['2026-10-31T16:00:00.000Z', NOW]);
    const toOnly = parseListQuery({ end_date: '2026-06-01T00:00:00+08:00' }, NOW, TZ);
    expect(toOnly.end.getTime() - toOnly.start.getTime()).toBe(90 * DAY);
  });

  it('refuses windows over 90 days, reversed windows, zoneless dates and unknown statuses', () => {
    expect(problems(() => parseListQuery({ start_date: '2026-01-01', end_date: '2026-06-01' }, NOW, TZ))).toEqual([
      'start_date 与 end_date 之间不能超过 90 天',
    ]);
    expect(problems(() => parseListQuery({ start_date: '2026-06-02', end_date: '2026-06-01' }, NOW, TZ))).toEqual([
      'start_date 不能晚于 end_date',
    ]);
    expect(problems(() => parseListQuery({ start_date: '2026-06-01T00:00:00', status: 'pending' }, NOW, TZ))).toEqual([
      'start_date 须为带时区的 W3C 日期时间，例如 2026-11-01T00:00:00+08:00',
      'status 只能是 open 或 closed（多个以逗号分隔）',
    ]);
  });
});
