import { rng } from './generator';
import { DISTRICTS, TOPICS } from './topics';

/** How callers put it: colloquial words (医保, 公积金, 户口, 驾照, 房产证), filler, sometimes a place. */
const ASKS = [
  '请问{k}{item}怎么办理',
  '{k}{item}需要带什么材料',
  '我想问一下{who}{k}{item}是什么标准',
  '{k}{item}在哪里办，{place}有窗口吗',
  '{k}{item}一般要多久能办好',
  '你好，{who}可以申请{k}{item}吗',
  '{k}{item}网上能办吗',
];

/** Questions as an agent would type them from a call. */
const HAND_WRITTEN = [
  '请问医保门诊报销比例是多少',
  '公积金怎么提取',
  '低保怎么申请',
  '户口怎么迁过来',
  '驾照到期了怎么换',
  '房产证丢了怎么补办',
  '社保断缴了怎么补',
  '新生儿怎么上户口',
  '居住证怎么办',
  '欠薪去哪里投诉',
  '暖气不热找谁',
  '小区停水什么时候来水',
  '营业执照怎么注销',
  '个税怎么退税',
  '退休金什么时候涨',
  '失业金怎么领',
  '工伤认定要多久',
  '生育津贴怎么领',
  '身份证丢了怎么补办',
  '狂犬疫苗在哪里打',
  '高龄津贴怎么申请',
  '残疾证怎么办理',
  '出租车拒载怎么投诉',
  '老年卡怎么办',
  '公租房怎么申请',
  '加装电梯有补贴吗',
  '创业补贴怎么申请',
  '港澳通行证怎么续签',
  '结婚登记要带什么',
  '出生证明丢了怎么办',
  '楼下烧烤油烟很大',
  '买到过期食品怎么赔偿',
  '健身卡退费',
  '物业费标准是多少',
  '夜间施工噪音扰民',
  '异地就医备案怎么办',
  '公积金贷款额度是多少',
  '医保卡丢了怎么补',
];

/** Words that rarely meet in one entry: the precise query finds little and the lenient one fills the page. */
export const LENIENT = [
  '公积金提取可以交物业费吗',
  '医保卡丢了还能看病买药吗',
  '孩子上学要交社保吗',
  '退休了公积金怎么取出来',
  '停电了冰箱里东西坏了谁赔',
  '房东不退押金怎么办',
  '楼上装修太吵了晚上还在施工',
  '外卖吃坏肚子了找谁',
  '驾照过期了还能开车吗',
  '户口迁到滨江孩子能上学吗',
  '暖气不热能不能退钱',
  '老人坐公交要钱吗',
];

/** One very common word and nothing else to narrow it down. */
export const COMMON = ['办理需要什么材料', '怎么申请', '在哪里办理', '申请条件是什么', '多长时间能办结', '网上可以办理吗'];

/** At least 200 distinct questions: five template questions per topic, the hand-written ones, the hard ones. */
export function callerQuestions(seed = 12345): string[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const out = new Set<string>([...HAND_WRITTEN, ...LENIENT, ...COMMON]);
  for (const t of TOPICS) {
    const asks = [...ASKS];
    for (let i = asks.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [asks[i], asks[j]] = [asks[j], asks[i]];
    }
    asks.slice(0, 5).forEach((a, i) => {
      // The common matters are asked about most, as with real calls.
      const item = r() < 0.6 ? t.items[i % 3] : pick(t.items);
      const slots: Record<string, string> = { k: t.k, item, who: pick(t.who), place: pick(DISTRICTS) };
      out.add(a.replace(/\{(\w+)\}/g, (_, key: string) => slots[key]));
    });
  }
  return [...out];
}
