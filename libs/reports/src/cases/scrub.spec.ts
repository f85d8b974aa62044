import { scrubPersonalData, stripHouseNumbers } from './scrub';

describe('scrubPersonalData', () => {
  const known = {
    names: ['王小明'],
    phones: ['13812345678'],
    enterprise: '滨江市天成科技有限公司',
    address: '幸福路12号3栋502室',
  };

  it('removes what the order says about its citizen, wherever it appears', () => {
    const text = '王小明（13812345678，138-1234-5678）系滨江市天成科技有限公司员工，家住幸福路12号3栋502室，反映楼下噪声。';
    expect(scrubPersonalData(text, known)).toBe('市民（***，***）系某企业员工，家住幸福路，反映楼下噪声。');
  });

  it('turns 王先生/李女士 and 诉求人XXX into 市民', () => {
    expect(scrubPersonalData('诉求人反映：望江社区附近占道经营。')).toBe('市民反映：望江社区附近占道经营。');
    expect(scrubPersonalData('诉求人张三丰反映小区停车难，来电人：李四，称已多次反映。')).toBe('市民反映小区停车难，市民，称已多次反映。');
    expect(scrubPersonalData('已与王先生、欧阳女士和赵师傅电话沟通，市民李女士表示满意。')).toBe(
      '已与市民、市民和市民电话沟通，市民表示满意。',
    );
    expect(scrubPersonalData('诉求人：幸福路路面破损')).toBe('市民：幸福路路面破损');
    expect(scrubPersonalData('诉求人王小明（男）反映', { names: ['王小明'] })).toBe('市民（男）反映');
  });

  it('leaves words that only look like names', () => {
    const text = '该女士称学校老师和孤寡老人都受影响，诉求人所在小区物业不作为。';
    expect(scrubPersonalData(text)).toBe(text);
  });

  it('removes ID card, bank card, mobile, landline, e-mail, WeChat and plate numbers not given', () => {
    const text =
      '身份证110101199003071234，银行卡6222021234567890123，手机 139 8765 4321，+8613900001111，座机(010)62345678、0371-6234567转123，' +
      '邮箱zhang.san@example.com，微信号：zhangsan_88，车牌京A12345，联系电话：62345678。';
    const out = scrubPersonalData(text);
    expect(out).toBe('身份证***，银行卡***，手机 ***，***，座机***、***，邮箱***，微信号：***，车牌***，联系电话：***。');
  });

  it('drops house numbers but keeps the road, dates, ordinals, metro lines and counts', () => {
    expect(scrubPersonalData('人民路88号院2号楼1单元301门口，3月5号起地铁2号线施工，第3号通告，涉及120户、5000元。')).toBe(
      '人民路门口，3月5号起地铁2号线施工，第3号通告，涉及120户、5000元。',
    );
    expect(scrubPersonalData('望江社区27号附近', { address: '望江社区27号' })).toBe('望江社区附近');
    expect(scrubPersonalData('１２号楼漏水')).toBe('漏水');
  });

  it('leaves report figures and order numbers alone', () => {
    const text = '共受理1,234,567件，工单号20250101-00000123，办理时限5个工作日，拨打12345热线。';
    expect(scrubPersonalData(text)).toBe(text);
  });

  it('ignores empty and one-character known values instead of erasing every 王', () => {
    expect(scrubPersonalData('王家坝积水', { names: ['王', ''], phones: [''], enterprise: null, address: null })).toBe('王家坝积水');
  });
});

describe('stripHouseNumbers', () => {
  it('keeps the street and community, drops the numbers', () => {
    expect(stripHouseNumbers('幸福路12号3栋502室')).toBe('幸福路');
    expect(stripHouseNumbers('新河社区176号')).toBe('新河社区');
    expect(stripHouseNumbers('滨江大道')).toBe('滨江大道');
  });
});
