import { XMLValidator } from 'fast-xml-parser';
import { escapeHtml, renderHtml } from './html';
import { REPORT_SECTION_KEYS, REPORT_SECTION_TITLES } from './report-model';
import { HOSTILE_TEXT, fixtureReportModel } from './report-model.fixture';

describe('renderHtml', () => {
  const html = renderHtml(fixtureReportModel());

  it('has every section title, in order', () => {
    let from = html.indexOf('<section');
    expect(from).toBeGreaterThan(0);
    REPORT_SECTION_KEYS.forEach((key, i) => {
      const at = html.indexOf(`<h2>${i + 1}. ${REPORT_SECTION_TITLES[key]}</h2>`, from);
      expect(at).toBeGreaterThan(from);
      from = at;
    });
    expect(html.match(/<section class="report-section"/g)).toHaveLength(11);
  });

  it('escapes text from the model', () => {
    expect(html).not.toContain('<script');
    expect(html).toContain(escapeHtml(HOSTILE_TEXT));
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 市民&#39;投诉&#39;');
  });

  it('is self-contained: inline SVG, no external URL, no script', () => {
    expect(html.match(/<svg /g)).toHaveLength(4);
    expect(html).not.toMatch(/\b(src|href)="(https?:)?\/\//);
    expect(html).not.toMatch(/url\((?!#)/);
    expect(html).toContain("default-src 'none'");
    for (const svg of html.match(/<svg [\s\S]*?<\/svg>/g) ?? []) expect(XMLValidator.validate(svg)).toBe(true);
  });

  it('masks phone numbers left in typical cases', () => {
    expect(html).toContain('市民（电话138****5678）反映');
    expect(html).not.toContain('13812345678');
  });

  it('prints on A4 with a page per section', () => {
    expect(html).toContain('@page { size: A4;');
    expect(html).toContain('section.report-section { break-before: page;');
  });

  it('shows the trace of a figure as tooltip and footnote, and highlights rises, drops and misses', () => {
    expect(html).toMatch(
      /<td [^>]*class="num drop" title="显著下降；1,200 \/ 5,455；来源：report.category_yoy">−78%<sup class="fn">1<\/sup><\/td>/,
    );
    expect(html).toContain('<li>同比（−78%）：1,200 / 5,455；来源：report.category_yoy</li>');
    expect(html).toMatch(/class="num rise"[^>]*>\+41%/);
    expect(html).toMatch(/class="num belowTarget"[^>]*>95\.0%/);
  });

  it('links each finding to the figure behind it', () => {
    expect(html).toContain('违法建设类诉求同比下降78%');
    expect(html).toContain('<a href="#cell-top-categories-1-yoy">一级分类前十 · 同比 −78%，1,200 / 5,455；来源：report.category_yoy</a>');
    expect(html).toContain('id="cell-top-categories-1-yoy"');
    expect(html).toContain('<a href="#cell-units-0-satisfaction">承办单位排行 · 满意率 98.5%');
  });

  it('is the same for the same model', () => {
    expect(renderHtml(fixtureReportModel())).toBe(html);
  });
});
