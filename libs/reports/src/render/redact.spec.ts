import { maskPersonalData } from './redact';

describe('maskPersonalData', () => {
  it('masks ID card, mobile and landline numbers, and leaves figures alone', () => {
    expect(maskPersonalData('身份证110101199003071234，手机13812345678，座机010-62345678。')).toBe(
      '身份证110101********1234，手机138****5678，座机010-****5678。',
    );
    expect(maskPersonalData('共受理1,234,567件，工单号20240101000123')).toBe('共受理1,234,567件，工单号20240101000123');
  });
});
