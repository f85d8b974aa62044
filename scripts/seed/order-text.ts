import type { AppealType, Channel, HandlingResult } from '@app/tickets';
import { LeafRef, DistrictRef, PlaceUnit, StreetRef, World } from './reference';
import { Rng } from './random';
import { CITY_NAME } from './regions.data';
import { BUS_LINES, COMPANIES, DEMANDS, HOSPITALS, INTROS, PLACES, SCHOOLS, SHOPS } from './text-pools.data';

export interface Location {
  district: DistrictRef;
  street: StreetRef;
  community: PlaceUnit;
  address: string;
  longitude: string;
  latitude: string;
  /** What the templates call {place} and {road}. */
  place: string;
  road: string;
}

export interface Appeal {
  title: string;
  content: string;
  company: string;
}

/** Urban districts get more orders than the two counties. */
const DISTRICT_WEIGHTS = [25, 20, 14, 14, 13, 8, 6];

const NON_RESIDENTIAL = /(广场|大厦|天街|汇|公园)$/;

export function pickLocation(rng: Rng, world: World): Location {
  const district = rng.weightedBy(world.districts, (d) => DISTRICT_WEIGHTS[world.districts.indexOf(d)] ?? 5);
  const street = rng.pick(district.streets);
  const community = rng.pick(street.communities);
  const road = rng.pick(district.def.roads);
  const isVillage = community.region.name.endsWith('村');
  const compound = rng.pick(PLACES);
  const place = isVillage ? community.region.name : NON_RESIDENTIAL.test(compound) ? compound : `${compound}小区`;
  const address = isVillage
    ? `${CITY_NAME}${district.def.name}${street.region.name}${community.region.name}${rng.int(1, 12)}组${rng.int(1, 99)}号`
    : `${CITY_NAME}${district.def.name}${street.region.name}${road}${rng.int(1, 999)}号${place}`;
  const [lon, lat] = district.def.centre;
  return {
    district,
    street,
    community,
    address,
    place,
    road,
    longitude: (lon + rng.real(-0.04, 0.04)).toFixed(6),
    latitude: (lat + rng.real(-0.03, 0.03)).toFixed(6),
  };
}

function fill(rng: Rng, template: string, loc: Location, company: string): string {
  return template
    .replace(/\{place\}/g, loc.place)
    .replace(/\{road\}/g, loc.road)
    .replace(/\{shop\}/g, () => rng.pick(SHOPS))
    .replace(/\{company\}/g, company)
    .replace(/\{school\}/g, () => rng.pick(SCHOOLS))
    .replace(/\{hospital\}/g, () => rng.pick(HOSPITALS))
    .replace(/\{bus\}/g, () => rng.pick(BUS_LINES))
    .replace(/\{amount\}/g, () => String(rng.pick([200, 380, 1500, 2680, 5000, 12800, 36000])))
    .replace(/\{months\}/g, () => String(rng.int(2, 6)));
}

/** Appeal types a leaf can take: consultations need a question, the others a problem. */
export function fitAppealType(leaf: LeafRef, wanted: AppealType): AppealType {
  if (wanted === 'consultation' && leaf.def.questions.length === 0) return 'complaint';
  if (wanted !== 'consultation' && leaf.def.problems.length === 0) return 'consultation';
  return wanted;
}

/** Title and content of an order, the way agents write them up. */
export function composeAppeal(rng: Rng, leaf: LeafRef, type: AppealType, channel: Channel, loc: Location): Appeal {
  const company = rng.pick(COMPANIES);
  const intro = INTROS[channel] ?? INTROS.phone;
  const name = leaf.def.name;
  if (type === 'consultation') {
    const [title, body] = fill(rng, rng.pick(leaf.def.questions), loc, company).split('|');
    return { title: `咨询${title.replace(/^咨询/, '')}`, content: `${intro.ask}${body}`, company };
  }
  const [title, body] = fill(rng, rng.pick(leaf.def.problems), loc, company).split('|');
  switch (type) {
    case 'report':
      return { title: `举报${title}`, content: `${intro.report}${body}${rng.pick(DEMANDS.report)}`, company };
    case 'help':
      return { title: `求助：${title}`, content: `${intro.report}${body}${rng.pick(DEMANDS.help)}`, company };
    case 'suggestion':
      return {
        title: `关于解决${name}问题的建议`,
        content: `${intro.report}${body}建议相关部门加强日常巡查和长效管理，从源头上解决${name}问题。`,
        company,
      };
    case 'praise':
      return {
        title: `表扬：${name}问题处理及时`,
        content: `${intro.report}此前反映的“${title}”问题，相关单位处理及时、态度热情，问题已得到圆满解决，特此表示感谢。`,
        company,
      };
    case 'cannot_do':
      return {
        title: `办不成事：${title}`,
        content: `${intro.report}${body}诉求人称已多次到相关部门办理未果，反映“办不成事”，请求协调解决。`,
        company,
      };
    default:
      return { title, content: `${intro.report}${body}${rng.pick(DEMANDS.complaint)}`, company };
  }
}

/** What an agent answers at first contact. */
export function firstContactAnswer(rng: Rng, leaf: LeafRef, type: AppealType, loc: Location): string {
  if (type === 'consultation' && leaf.def.questions.length) {
    const answer = fill(rng, rng.pick(leaf.def.questions), loc, rng.pick(COMPANIES)).split('|')[2];
    if (answer) return answer;
  }
  if (type === 'praise') return '已记录市民表扬意见，将转达相关单位，感谢市民对政府工作的支持。';
  return `已根据知识库向诉求人解释${leaf.def.name}相关政策规定和办理渠道，诉求人表示理解，无需转办。`;
}

/** What units say they did, by family; replies to other families use the neutral default. */
const ACTIONS: Record<string, string[]> = {
  城市管理: ['会同属地街道开展联合执法', '安排执法队员到现场查处', '责令当事人限期整改'],
  市场监管: ['约谈相关经营者并督促整改', '安排执法人员现场检查', '组织双方进行调解'],
  生态环境: ['安排执法人员现场监测检查', '责令相关企业立即整改', '依法立案调查'],
  公共服务: ['安排抢修人员到现场处置', '组织技术人员上门检修'],
  人力社保: ['安排劳动保障监察员调查核实', '约谈用人单位并责令限期整改', '组织劳资双方调解'],
  default: ['安排工作人员到现场核实处置', '联系相关责任方协调处理', '责令相关责任方立即整改'],
};

const PARTLY = ['剩余问题需结合季度计划统筹推进', '后续整改需协调多方共同落实', '部分问题涉及历史遗留，需逐步解决'];
const UNRESOLVED = [
  '涉及历史遗留问题，现阶段暂不具备解决条件',
  '已纳入明年改造计划统筹解决',
  '属于民事纠纷，已建议诉求人通过协商或法律途径解决',
];

/** A unit's reply, matching the result it reports. */
export function replyText(rng: Rng, unitName: string, leaf: LeafRef, type: AppealType, result: HandlingResult): string {
  const name = leaf.def.name;
  if (type === 'praise') return `${unitName}已收悉市民表扬，将对相关工作人员予以通报表扬，继续做好服务工作。`;
  if (type === 'consultation') {
    return `经${unitName}核实，已电话联系诉求人，就其咨询的${name}相关问题进行了详细解答，诉求人表示清楚。`;
  }
  if (result === 'resolved') {
    return `经${unitName}核实，诉求人反映的${name}问题情况属实。我单位已${rng.pick(ACTIONS[leaf.family] ?? ACTIONS.default)}，目前问题已整改到位。已电话告知诉求人办理结果，诉求人表示认可。`;
  }
  if (result === 'partly') {
    return `经${unitName}核实，诉求人反映的${name}问题基本属实。我单位已${rng.pick(ACTIONS[leaf.family] ?? ACTIONS.default)}，问题已部分解决，${rng.pick(PARTLY)}，我单位将持续跟进。`;
  }
  return `经${unitName}核实，诉求人反映的${name}问题${rng.pick(UNRESOLVED)}。已向诉求人做好解释说明工作。`;
}

export function coUnitReply(coUnitName: string, leadName: string): string {
  return `${coUnitName}已配合${leadName}开展现场核查，按职责提供协助，相关情况已反馈主办单位。`;
}
