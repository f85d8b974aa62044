import { RESULT_LABELS, SATISFACTION_LABELS, SATISFACTION_LEVELS, RESULTS } from '@app/tickets';
import { REASON_MAX } from './rating-form';

/** Headers for every public callback page: the URL carries the token, so it is not cached, indexed or referred. */
export const PAGE_HEADERS: Record<string, string> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-robots-tag': 'noindex, nofollow',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
};

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STYLE = `
body{margin:0;font:16px/1.6 -apple-system,"PingFang SC","Microsoft YaHei",sans-serif;background:#f2f4f7;color:#1f2329}
main{max-width:560px;margin:0 auto;padding:16px}
h1{font-size:20px;margin:8px 0 16px;color:#c0272d}
section{background:#fff;border-radius:8px;padding:14px 16px;margin-bottom:12px}
.no{color:#646a73;font-size:14px}.reply{white-space:pre-wrap;background:#f7f8fa;border-radius:6px;padding:10px}
fieldset{border:0;margin:0 0 12px;padding:0}legend{font-weight:600;margin-bottom:6px}
label{display:block;padding:9px 10px;margin:4px 0;border:1px solid #dee0e3;border-radius:6px}
input[type=radio]{margin-right:8px}textarea{width:100%;box-sizing:border-box;min-height:88px;font:inherit;padding:8px;border:1px solid #dee0e3;border-radius:6px}
button{width:100%;padding:12px;font-size:17px;color:#fff;background:#c0272d;border:0;border-radius:8px}
.hint{color:#646a73;font-size:13px}`;

function layout(title: string, body: string): string {
  return (
    `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex,nofollow">` +
    `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`
  );
}

function radios(name: string, options: readonly string[], labels: Record<string, string>): string {
  return options.map((v) => `<label><input type="radio" name="${name}" value="${v}" required>${labels[v]}</label>`).join('');
}

export interface RatingPageInput {
  no: string;
  title: string;
  replyText: string | null;
  /** When the link expires, as the citizen reads it (city time). */
  expires: string;
}

/**
 * The rating page a callback link opens: the order, the reply, and a form. Showing it records nothing;
 * only submitting the form does (a link scanner that follows the link cannot rate). No scripts, no
 * external assets: it works on any phone browser and under the strict CSP above.
 */
export function renderRatingPage(p: RatingPageInput): string {
  const about = { handling: '办理过程和结果', policy: '相关政策规定', other: '其他' };
  return layout(
    '12345 回访评价',
    `<h1>12345 回访评价</h1>` +
      `<section><div class="no">工单号 ${escapeHtml(p.no)}</div><div><strong>${escapeHtml(p.title)}</strong></div>` +
      `<p>承办单位的答复：</p><div class="reply">${escapeHtml(p.replyText ?? '（无答复内容）')}</div></section>` +
      `<form method="post"><section>` +
      `<fieldset><legend>1. 您反映的问题解决了吗？</legend>${radios('resolved', RESULTS, RESULT_LABELS)}</fieldset>` +
      `<fieldset><legend>2. 您对办理结果的评价</legend>${radios('satisfaction', SATISFACTION_LEVELS, SATISFACTION_LABELS)}</fieldset>` +
      `<fieldset><legend>3. 如不满意，主要是对：</legend>` +
      Object.entries(about)
        .map(([v, l]) => `<label><input type="radio" name="complaintAbout" value="${v}">${l}</label>`)
        .join('') +
      `</fieldset>` +
      `<fieldset><legend>4. 您的意见（选填）</legend><textarea name="reason" maxlength="${REASON_MAX}"></textarea></fieldset>` +
      `<button type="submit">提交评价</button>` +
      `<p class="hint">评价只能提交一次。链接有效期至 ${escapeHtml(p.expires)}。</p>` +
      `</section></form>`,
  );
}

/** A thank-you or an error, as a page. */
export function renderNoticePage(title: string, message: string): string {
  return layout(title, `<h1>${escapeHtml(title)}</h1><section><p>${escapeHtml(message)}</p></section>`);
}
