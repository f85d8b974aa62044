import { SERVICE_ATTRIBUTES, checkAttributes, toAttributeView } from './open311-attributes';
import { ATTRIBUTE_DATATYPES } from './open311.types';

const TZ = 'Asia/Shanghai';
const noise = SERVICE_ATTRIBUTES['夜间施工噪声'];
const road = SERVICE_ATTRIBUTES['道路破损坑洼'];

describe('Open311 service attributes', () => {
  it('defines each attribute once per service, of a spec datatype, with values exactly for the lists', () => {
    for (const [service, defs] of Object.entries(SERVICE_ATTRIBUTES)) {
      expect(new Set(defs.map((d) => d.code)).size).toBe(defs.length);
      for (const d of defs) {
        expect(ATTRIBUTE_DATATYPES).toContain(d.datatype);
        expect([service, d.code, (d.values?.length ?? 0) > 0]).toEqual([service, d.code, d.datatype.endsWith('valuelist')]);
      }
    }
  });

  it('numbers attributes in order and marks information as not variable', () => {
    const view = toAttributeView(noise);
    expect(view.map((a) => [a.order, a.code, a.variable])).toEqual([
      [1, 'night_work_rule', false],
      [2, 'noise_time', true],
      [3, 'noise_source', true],
      [4, 'started_at', true],
    ]);
    expect(view[1]).toMatchObject({
      datatype: 'singlevaluelist',
      required: true,
      values: expect.arrayContaining([{ key: 'night', name: '夜间（22时至次日6时）' }]),
    });
  });

  it('turns valid answers into readable lines, in the definition’s order', () => {
    const r = checkAttributes(
      noise,
      { started_at: ['2026-11-21T15:00:00Z'], noise_source: ['piling', 'cutting'], noise_time: ['night'] },
      TZ,
    );
    expect(r.errors).toEqual([]);
    expect(r.answers.map((a) => `${a.label}：${a.text}`)).toEqual([
      '噪声时段：夜间（22时至次日6时）',
      '噪声来源：打桩、切割、破碎',
      '开始时间：2026-11-21T23:00:00+08:00',
    ]);
    expect(checkAttributes(noise, { noise_time: ['night'], noise_source: ['piling,trucks'] }, TZ).answers[1].text).toBe(
      '打桩、渣土运输车辆',
    );
  });

  it('names every problem: missing required, unknown code, information answered, wrong value or type', () => {
    expect(checkAttributes(noise, {}, TZ).errors).toEqual(['attribute[noise_time]（噪声通常出现在什么时段？） 为必填项']);
    const r = checkAttributes(
      noise,
      { noise_time: ['midnight'], colour: ['red'], night_work_rule: ['x'], noise_source: ['piling', 'lasers'], started_at: ['now'] },
      TZ,
    );
    expect(r.errors).toHaveLength(5);
    expect(r.errors.join('\n')).toMatch(
      /colour\] 不是该服务定义的属性[\s\S]*night_work_rule\] 仅为说明[\s\S]*noise_time.*取值无效[\s\S]*noise_source.*lasers 无效[\s\S]*started_at.*W3C/,
    );
    expect(checkAttributes(road, { damage_size: ['small', 'large'] }, TZ).errors[0]).toContain('只能有一个值');
    expect(checkAttributes(road, { damage_size: ['small'], lanes_affected: ['11'] }, TZ).errors[0]).toContain('0 至 10 的整数');
    expect(checkAttributes(road, { damage_size: ['small'], lanes_affected: ['two'] }, TZ).errors[0]).toContain('必须是数字');
    expect(checkAttributes(road, { damage_size: ['medium'], lanes_affected: ['2'] }, TZ).errors).toEqual([]);
  });

  it('has no attributes for a service not in the table', () => {
    expect(checkAttributes([], {}, TZ)).toEqual({ answers: [], errors: [] });
    expect(checkAttributes([], { anything: ['1'] }, TZ).errors).toEqual(['attribute[anything] 不是该服务定义的属性']);
  });
});
