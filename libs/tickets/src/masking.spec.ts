import { maskName, maskPhone, mayViewPersonalData } from './masking';

describe('masking personal data', () => {
  it('masks names and phones', () => {
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('李')).toBe('李*');
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('12345')).toBe('***45');
    expect(maskName(null)).toBeNull();
  });

  it('shows the caller only to roles whose work needs it, and never on confidential orders', () => {
    const open = { confidential: false, anonymous: false };
    expect(mayViewPersonalData('agent', open)).toBe(true);
    expect(mayViewPersonalData('handler', open)).toBe(true);
    expect(mayViewPersonalData('manager', open)).toBe(false);
    expect(mayViewPersonalData('admin', open)).toBe(false);
    expect(mayViewPersonalData('agent', { confidential: true, anonymous: false })).toBe(false);
  });
});
