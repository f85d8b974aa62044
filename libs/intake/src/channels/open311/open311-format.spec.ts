import { cityDateTime, parseFormat, parseW3cDateTime, renderOpen311, scrubPersonalData, splitResource } from './open311-format';

const TZ = 'Asia/Shanghai';

describe('Open311 formats', () => {
  it('writes lists as the spec’s XML elements, after a UTF-8 declaration, and as plain JSON arrays', () => {
    const data = [{ service_code: '010101', metadata: true, keywords: null }];
    const xml = renderOpen311('xml', 'services', data);
    expect(xml.contentType).toBe('text/xml; charset=utf-8');
    expect(xml.body).toBe(
      '<?xml version="1.0" encoding="utf-8"?><services><service><service_code>010101</service_code><metadata>true</metadata><keywords></keywords></service></services>',
    );
    expect(JSON.parse(renderOpen311('json', 'services', data).body)).toEqual(data);
  });

  it('nests attribute values and escapes text, dropping characters XML cannot carry', () => {
    const def = { service_code: 'x', attributes: [{ code: 'a', values: [{ key: 'k', name: '<大>&' }] }] };
    expect(renderOpen311('xml', 'service_definition', def).body).toContain(
      '<service_definition><service_code>x</service_code><attributes><attribute><code>a</code><values><value><key>k</key><name>&lt;大&gt;&amp;</name></value></values></attribute></attributes></service_definition>',
    );
    expect(renderOpen311('xml', 'errors', [{ code: 400, description: 'a\u0001b' }]).body).toContain('<description>ab</description>');
  });

  it('knows the two formats and splits a resource from its extension', () => {
    expect([parseFormat('json'), parseFormat('XML'), parseFormat('yaml'), parseFormat(undefined)]).toEqual(['json', 'xml', null, null]);
    expect(splitResource('20261122-00000001.json')).toEqual(['20261122-00000001', 'json']);
    expect(splitResource('010101')).toEqual(['010101', undefined]);
  });
});

describe('Open311 datetimes', () => {
  it('writes instants in the city’s zone with its offset', () => {
    expect(cityDateTime(new Date('2026-11-21T16:30:05Z'), TZ)).toBe('2026-11-22T00:30:05+08:00');
    expect(cityDateTime(null, TZ)).toBeNull();
    expect(cityDateTime(new Date('2026-07-01T12:00:00Z'), 'America/New_York')).toBe('2026-07-01T08:00:00-04:00');
  });

  it('reads W3C datetimes with a zone, and bare dates as the city’s midnight; nothing zoneless or impossible', () => {
    expect(parseW3cDateTime('2026-11-01T08:00:00Z', TZ)?.toISOString()).toBe('2026-11-01T08:00:00.000Z');
    expect(parseW3cDateTime('2026-11-01T08:00+08:00', TZ)?.toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(parseW3cDateTime('2026-11-01', TZ)?.toISOString()).toBe('2026-10-31T16:00:00.000Z');
    expect(parseW3cDateTime('2026-11-01T08:00:00', TZ)).toBeNull();
    expect(parseW3cDateTime('2026-02-30', TZ)).toBeNull();
    expect(parseW3cDateTime('yesterday', TZ)).toBeNull();
  });
});

describe('scrubPersonalData', () => {
  it('hides phone, ID card and account numbers and e-mail addresses, however they are written', () => {
    const text =
      '联系我13812345678或 138 1234 5678、0571-88886666、+86 139-0000-1111，身份证11010519491231002X，邮箱 zhang.san@example.com';
    const out = scrubPersonalData(text);
    expect(out).not.toMatch(/\d{4}/);
    expect(out).not.toContain('@');
    expect(out).toBe('联系我***或 ***、***、***，身份证***，邮箱 ***');
  });

  it('keeps dates, times, house numbers, plates and amounts', () => {
    const text = '2026-11-02 22:30起，东华路18号3栋，车牌浙A12345，罚款500元，2026年11月2日';
    expect(scrubPersonalData(text)).toBe(text);
  });
});
