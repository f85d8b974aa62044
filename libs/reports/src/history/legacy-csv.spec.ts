import { parseLegacyCsv, parseLegacyTime } from './legacy-csv';
import { buildCatalog, resolveLegacyOrder } from './legacy-resolve';

const HEADER = '工单编号,受理时间,来源渠道,诉求类型,事项分类(三级名称或编码),所属区,所属街道,承办单位,办结时间,是否超期,满意度,诉求内容';

describe('parseLegacyCsv', () => {
  it('accepts a good row, mapping labels to codes and local times to instants', () => {
    const csv = `${HEADER}\nL2024-0001,2024-03-05 14:22:10,电话,投诉,夜间施工噪声,江城区,江滨街道,滨江市生态环境局,2024/3/8 09:00,否,满意,工地夜间施工。影响休息`;
    const { missingColumns, rows } = parseLegacyCsv(csv);
    expect(missingColumns).toEqual([]);
    expect(rows).toHaveLength(1);
    expect(rows[0].report).toEqual({ row: 1, legacyNo: 'L2024-0001', status: 'accepted', reasons: [] });
    expect(rows[0].order).toMatchObject({
      legacyNo: 'L2024-0001',
      channel: 'phone',
      appealType: 'complaint',
      category: '夜间施工噪声',
      district: '江城区',
      street: '江滨街道',
      unit: '滨江市生态环境局',
      overdue: false,
      satisfaction: 'satisfied',
      callbackReached: true,
    });
    expect(rows[0].order!.receivedAt.toISOString()).toBe('2024-03-05T06:22:10.000Z');
    expect(rows[0].order!.closedAt.toISOString()).toBe('2024-03-08T01:00:00.000Z');
  });

  it('reports every reason a row is invalid, and repeated numbers as duplicates', () => {
    const csv = [
      HEADER,
      ',2024-13-01 10:00,飞鸽传书,吐槽,,,,,2024-01-01,也许,很好,',
      'A1,2024-05-01 10:00,微信,咨询,ABC,江城区,,,2024-04-30 10:00,否,,',
      'A2,2024-05-01 10:00,市长信箱,建议,物业收费,江城,,,2024-05-02 10:00,是,未回访,',
      'A2,2024-05-01 10:00,市长信箱,建议,物业收费,江城,,,2024-05-02 10:00,是,,',
    ].join('\n');
    const { rows } = parseLegacyCsv(csv);
    expect(rows.map((r) => r.report.status)).toEqual(['invalid', 'invalid', 'accepted', 'duplicate']);
    expect(rows[0].report.reasons).toEqual([
      '缺少工单编号',
      '受理时间无法识别: "2024-13-01 10:00"',
      '来源渠道无法识别: "飞鸽传书"',
      '诉求类型无法识别: "吐槽"',
      '缺少事项分类',
      '缺少所属区',
      '是否超期无法识别: "也许"',
      '满意度无法识别: "很好"',
    ]);
    expect(rows[1].report.reasons).toEqual(['办结时间早于受理时间']);
    expect(rows[2].order).toMatchObject({
      channel: 'mailbox',
      appealType: 'suggestion',
      overdue: true,
      satisfaction: null,
      callbackReached: false,
    });
    expect(rows[3].report.reasons).toEqual(['文件内工单编号重复']);
  });

  it('refuses an export without the required columns', () => {
    const { missingColumns, rows } = parseLegacyCsv('工单编号,受理时间\nX,2024-01-01');
    expect(missingColumns).toEqual(['来源渠道', '诉求类型', '事项分类', '所属区', '办结时间']);
    expect(rows).toEqual([]);
  });

  it('reads the usual date formats and refuses impossible dates', () => {
    expect(parseLegacyTime('2024年2月3日')?.toISOString()).toBe('2024-02-02T16:00:00.000Z');
    expect(parseLegacyTime('2024-02-03T10:00:00Z')?.toISOString()).toBe('2024-02-03T10:00:00.000Z');
    expect(parseLegacyTime('2023-02-29 10:00')).toBeNull();
    expect(parseLegacyTime('yesterday')).toBeNull();
  });
});

describe('resolveLegacyOrder', () => {
  const catalog = buildCatalog({
    categories: [
      { id: 7, name: '夜间施工噪声', code: '020101' },
      { id: 8, name: '其他', code: '990101' },
      { id: 9, name: '其他', code: '990201' },
    ],
    districts: [{ id: 1, name: '江城区' }],
    streets: [{ id: 11, name: '江滨街道', districtId: 1 }],
    units: [{ id: 100, name: '滨江市生态环境局' }],
  });
  const order = parseLegacyCsv(`${HEADER}\nA,2024-03-05 14:22,电话,投诉,020101,江城,江滨,滨江市生态环境局,2024-03-06 10:00,否,,`).rows[0]
    .order!;

  it('finds categories by code or name and places with or without their suffix', () => {
    expect(resolveLegacyOrder(order, catalog)).toEqual({
      resolved: { order, categoryId: 7, districtId: 1, streetId: 11, unitId: 100 },
      reasons: [],
    });
  });

  it('explains what cannot be placed', () => {
    const bad = { ...order, category: '其他', district: '江城区', street: '不存在街道', unit: '某局' };
    expect(resolveLegacyOrder(bad, catalog).reasons).toEqual([
      '事项分类名称不唯一，请用编码: "其他"',
      '所属街道不在江城区: "不存在街道"',
      '未知承办单位: "某局"',
    ]);
  });
});
