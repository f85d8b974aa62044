import { callbackScript, cityDate, cityDateTime, smsInvitation, wechatInvitation } from './callback-text';

describe('callback texts', () => {
  const order = {
    no: '20261122-00000042',
    title: '菜市场门口占道经营',
    replyText: '已组织城管队员清理，并安排每日早市巡查。',
    receivedAt: new Date('2026-11-20T17:30:00Z'), // 11月21日 in Beijing time
    unitName: '东城区',
    confidential: false,
    anonymous: false,
  };

  it('dates in city time', () => {
    expect(cityDate(order.receivedAt, 'Asia/Shanghai')).toBe('11月21日');
    expect(cityDateTime(order.receivedAt, 'Asia/Shanghai')).toBe('2026年11月21日 01:30');
  });

  it('builds the callback script from the order, the unit and the reply', () => {
    const s = callbackScript(order, 'handled', 0, 'Asia/Shanghai');
    expect(s).toContain('11月21日反映的“菜市场门口占道经营”（工单号20261122-00000042）');
    expect(s).toContain('东城区已办理并答复：“已组织城管队员清理，并安排每日早市巡查”。');
    expect(s).toContain('非常满意、满意、基本满意、不满意，还是非常不满意');
    expect(s).not.toContain('保密件');
    expect(callbackScript(order, 'handled', 1, 'Asia/Shanghai')).toContain('经第2次办理');
    expect(callbackScript(order, 'sample', 0, 'Asia/Shanghai')).toContain('热线当时答复您');
  });

  it('reminds the agent of confidential and anonymous orders', () => {
    expect(callbackScript({ ...order, confidential: true }, 'handled', 0, 'Asia/Shanghai')).toMatch(/^【保密件】由热线中心回访/);
    expect(callbackScript({ ...order, anonymous: true }, 'handled', 0, 'Asia/Shanghai')).toMatch(/^【匿名件】.*不要询问姓名/);
  });

  it('puts the digits and the link in the SMS, and the link in the WeChat message', () => {
    const url = 'https://12345.example.gov.cn/public/callbacks/abc';
    const sms = smsInvitation({ ...order, replyText: '长'.repeat(100) }, url, 72);
    expect(sms.title).toBe('工单20261122-00000042回访');
    expect(sms.body).toContain('回复数字评价：1非常满意 2满意 3基本满意 4不满意 5非常不满意');
    expect(sms.body).toContain(`${url} 评价（72小时内有效）`);
    expect(sms.body).toContain('长'.repeat(39) + '…');
    const wx = wechatInvitation(order, url, 72);
    expect(wx).toContain(url);
    expect(wx).not.toContain('回复数字');
  });
});
