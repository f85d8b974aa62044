import { parseSmsRating } from './sms-rating';

describe('parseSmsRating', () => {
  it.each([
    ['1', 'very_satisfied', 'resolved'],
    [' 2 ', 'satisfied', 'resolved'],
    ['３', 'basically_satisfied', 'resolved'],
    ['4', 'dissatisfied', 'unresolved'],
    ['5。', 'very_dissatisfied', 'unresolved'],
    ['2满意', 'satisfied', 'resolved'],
    ['4 不满意', 'dissatisfied', 'unresolved'],
    ['5非常不满意', 'very_dissatisfied', 'unresolved'],
    ['1 非常满意！', 'very_satisfied', 'resolved'],
    ['回复3基本满意', 'basically_satisfied', 'resolved'],
  ])('reads %j as %s', (text, satisfaction, resolved) => {
    expect(parseSmsRating(text)).toEqual({ satisfaction, resolved, resolvedStated: false });
  });

  it('takes a resolution the citizen names', () => {
    expect(parseSmsRating('3 部分解决')).toEqual({ satisfaction: 'basically_satisfied', resolved: 'partly', resolvedStated: true });
    expect(parseSmsRating('4不满意，未解决')).toEqual({ satisfaction: 'dissatisfied', resolved: 'unresolved', resolvedStated: true });
  });

  it('flags words that contradict the digit', () => {
    expect(parseSmsRating('1不满意')).toBe('unclear');
    expect(parseSmsRating('4满意')).toBe('unclear');
  });

  it('leaves everything else to intake', () => {
    for (const text of ['', '满意', '6', '0', '12', '1号楼电梯坏了', '3天没人修路灯', '我要投诉', '2满意满意']) {
      expect(parseSmsRating(text)).toBeNull();
    }
  });
});
