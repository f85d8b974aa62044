import { renderNoticePage, renderRatingPage } from './callback-page';

describe('callback pages', () => {
  it('shows the order, the reply and a form that posts back, with nothing from outside', () => {
    const html = renderRatingPage({
      no: '20261122-00000042',
      title: '路灯不亮<script>alert(1)</script>',
      replyText: '已修复 & 复查',
      expires: '2026年11月25日 10:00',
    });
    expect(html).toContain('工单号 20261122-00000042');
    expect(html).toContain('路灯不亮&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).toContain('已修复 &amp; 复查');
    expect(html).toContain('<form method="post">');
    expect(html).toContain('有效期至 2026年11月25日 10:00');
    for (const v of ['very_satisfied', 'satisfied', 'basically_satisfied', 'dissatisfied', 'very_dissatisfied', 'partly', 'policy']) {
      expect(html).toContain(`value="${v}"`);
    }
    expect(html).toContain('name="viewport"');
    expect(html).not.toMatch(/(src|href)=["']?https?:/);
  });

  it('escapes notices', () => {
    expect(renderNoticePage('出错了', '<b>x</b>')).toContain('&lt;b&gt;x&lt;/b&gt;');
  });
});
