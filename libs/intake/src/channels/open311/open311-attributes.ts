import { cityDateTime, parseW3cDateTime } from './open311-format';
import { AttributeDatatype, Open311AttributeView } from './open311.types';

/** One question a service asks besides the description (a GeoReport v2 service definition attribute). */
export interface AttributeDef {
  code: string;
  datatype: AttributeDatatype;
  required: boolean;
  /** The question (or, when not variable, the information) shown to the citizen. */
  description: string;
  /** How the answer is written into the order's content for the agent and the handling unit. */
  label: string;
  /** false: information only; the client shows it, nobody answers it. */
  variable?: boolean;
  datatypeDescription?: string;
  values?: { key: string; name: string }[];
  /** number: an integer within these bounds. */
  min?: number;
  max?: number;
}

const NOISE_TIME: AttributeDef = {
  code: 'noise_time',
  datatype: 'singlevaluelist',
  required: true,
  description: '噪声通常出现在什么时段？',
  label: '噪声时段',
  values: [
    { key: 'day', name: '白天（6时至18时）' },
    { key: 'evening', name: '傍晚（18时至22时）' },
    { key: 'night', name: '夜间（22时至次日6时）' },
    { key: 'all_day', name: '全天' },
  ],
};

/**
 * The services that ask more than a description, keyed by the leaf category's name (事项分类 names
 * are the same in every city's taxonomy, codes are not). A category not listed here has no
 * attributes: its service has metadata=false and an empty definition. Changing a code or a key here
 * changes the public API: add, do not rename.
 */
export const SERVICE_ATTRIBUTES: Readonly<Record<string, readonly AttributeDef[]>> = {
  夜间施工噪声: [
    {
      code: 'night_work_rule',
      datatype: 'string',
      required: false,
      variable: false,
      description: '夜间（22时至次日6时）禁止产生噪声的建筑施工；因工艺需要连续施工的，须取得证明并公告附近居民。',
      label: '说明',
    },
    NOISE_TIME,
    {
      code: 'noise_source',
      datatype: 'multivaluelist',
      required: false,
      description: '噪声来自哪些作业？（可多选）',
      label: '噪声来源',
      values: [
        { key: 'piling', name: '打桩' },
        { key: 'pump', name: '混凝土泵车' },
        { key: 'cutting', name: '切割、破碎' },
        { key: 'trucks', name: '渣土运输车辆' },
        { key: 'other', name: '其他' },
      ],
    },
    {
      code: 'started_at',
      datatype: 'datetime',
      required: false,
      description: '噪声从什么时候开始？',
      label: '开始时间',
      datatypeDescription: 'W3C 日期时间，带时区，例如 2026-11-21T23:00:00+08:00',
    },
  ],
  社会生活噪声: [
    NOISE_TIME,
    {
      code: 'noise_source',
      datatype: 'multivaluelist',
      required: false,
      description: '噪声来自哪里？（可多选）',
      label: '噪声来源',
      values: [
        { key: 'speakers', name: '商铺音响' },
        { key: 'renovation', name: '装修' },
        { key: 'square_dance', name: '广场舞' },
        { key: 'other', name: '其他' },
      ],
    },
  ],
  工业企业噪声: [NOISE_TIME],
  道路破损坑洼: [
    {
      code: 'damage_size',
      datatype: 'singlevaluelist',
      required: true,
      description: '破损面积大约多大？',
      label: '破损面积',
      values: [
        { key: 'small', name: '小于0.5平方米' },
        { key: 'medium', name: '0.5至2平方米' },
        { key: 'large', name: '大于2平方米' },
      ],
    },
    {
      code: 'lanes_affected',
      datatype: 'number',
      required: false,
      description: '影响几条车道？',
      label: '影响车道数',
      datatypeDescription: '0 至 10 的整数',
      min: 0,
      max: 10,
    },
  ],
  窨井盖缺失破损: [
    {
      code: 'cover_state',
      datatype: 'singlevaluelist',
      required: true,
      description: '井盖是什么情况？',
      label: '井盖情况',
      values: [
        { key: 'missing', name: '井盖缺失' },
        { key: 'broken', name: '井盖破损' },
        { key: 'loose', name: '井盖下沉或松动' },
      ],
    },
  ],
  路灯不亮: [
    {
      code: 'lamp_count',
      datatype: 'number',
      required: false,
      description: '有几盏路灯不亮？',
      label: '不亮的路灯',
      datatypeDescription: '1 至 100 的整数',
      min: 1,
      max: 100,
    },
    { code: 'pole_number', datatype: 'string', required: false, description: '灯杆上喷涂的编号', label: '灯杆编号' },
  ],
};

export function attributesOf(serviceName: string): readonly AttributeDef[] {
  return SERVICE_ATTRIBUTES[serviceName] ?? [];
}

export function toAttributeView(defs: readonly AttributeDef[]): Open311AttributeView[] {
  return defs.map((d, i) => ({
    variable: d.variable ?? true,
    code: d.code,
    datatype: d.datatype,
    required: d.required,
    datatype_description: d.datatypeDescription ?? null,
    order: i + 1,
    description: d.description,
    values: d.values ?? [],
  }));
}

const STRING_MAX = 200;
const TEXT_MAX = 1000;
const NUMBER = /^-?\d+(\.\d+)?$/;

/** One answer, as it is written into the order's content: "噪声时段：夜间（22时至次日6时）". */
export interface AttributeAnswer {
  code: string;
  label: string;
  text: string;
}

/**
 * Checks the attribute[code] values a client sent against the service's definition: every required
 * one present, no code the definition lacks, each value of its datatype (list values among the keys).
 * Returns the answers in the definition's order and every problem found, in words for the client.
 */
export function checkAttributes(
  defs: readonly AttributeDef[],
  given: Record<string, string[]>,
  tz: string,
): { answers: AttributeAnswer[]; errors: string[] } {
  const errors: string[] = [];
  const answers: AttributeAnswer[] = [];
  const byCode = new Map(defs.map((d) => [d.code, d]));
  for (const code of Object.keys(given)) {
    const d = byCode.get(code);
    if (!d) errors.push(`attribute[${code}] 不是该服务定义的属性`);
    else if (d.variable === false) errors.push(`attribute[${code}] 仅为说明，不接受填写`);
  }
  for (const d of defs) {
    if (d.variable === false) continue;
    const raw = (given[d.code] ?? []).map((v) => v.trim()).filter((v) => v !== '');
    const name = `attribute[${d.code}]（${d.description}）`;
    if (raw.length === 0) {
      if (d.required) errors.push(`${name} 为必填项`);
      continue;
    }
    const checked = checkValue(d, raw, tz);
    if (typeof checked === 'string') answers.push({ code: d.code, label: d.label, text: checked });
    else errors.push(`${name} ${checked.error}`);
  }
  return { answers, errors };
}

function checkValue(d: AttributeDef, raw: string[], tz: string): string | { error: string } {
  if (d.datatype !== 'multivaluelist' && raw.length > 1) return { error: '只能有一个值' };
  const v = raw[0];
  switch (d.datatype) {
    case 'string':
      return [...v].length > STRING_MAX || /[\r\n]/.test(v) ? { error: `须为一行文字，不超过 ${STRING_MAX} 个字` } : v;
    case 'text':
      return [...v].length > TEXT_MAX ? { error: `不能超过 ${TEXT_MAX} 个字` } : v;
    case 'number': {
      const n = Number(v);
      if (!NUMBER.test(v) || !Number.isFinite(n)) return { error: '必须是数字' };
      if (d.min !== undefined && (!Number.isInteger(n) || n < d.min || n > (d.max ?? Infinity))) {
        return { error: `必须是 ${d.min} 至 ${d.max} 的整数` };
      }
      return String(n);
    }
    case 'datetime': {
      const at = parseW3cDateTime(v, tz);
      return at ? cityDateTime(at, tz)! : { error: '必须是带时区的 W3C 日期时间，例如 2026-11-21T23:00:00+08:00' };
    }
    case 'singlevaluelist': {
      const hit = d.values?.find((x) => x.key === v);
      return hit ? hit.name : { error: `取值无效，可选：${keysOf(d)}` };
    }
    case 'multivaluelist': {
      // Repeated attribute[code][]=… values, or one comma-separated value: forms that keep only the last of a repeated key still work.
      const keys = [...new Set(raw.flatMap((x) => x.split(',')).map((x) => x.trim()))].filter((x) => x !== '');
      const bad = keys.filter((k) => !d.values?.some((x) => x.key === k));
      if (bad.length > 0) return { error: `取值 ${bad.join(',')} 无效，可选：${keysOf(d)}` };
      return keys.map((k) => d.values!.find((x) => x.key === k)!.name).join('、');
    }
  }
}

const keysOf = (d: AttributeDef) => (d.values ?? []).map((x) => x.key).join(', ');
