import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { renderHtml } from './html';
import { findChromium, renderPdf, withEmbeddedCjkFont } from './pdf';
import { fixtureReportModel } from './report-model.fixture';

function pageCount(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type \/Page\b/g)?.length ?? 0;
}

describe('renderPdf', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'report-pdf-spec-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function fakeBrowser(name: string, script: string): string {
    const path = join(dir, name);
    writeFileSync(path, `#!/bin/sh\n${script}\n`);
    chmodSync(path, 0o755);
    return path;
  }

  it('falls back to pdfkit with the embedded CJK font when no Chromium is installed', async () => {
    const model = fixtureReportModel();
    const installed = findChromium();
    const result = await renderPdf(model, { engine: installed ? 'pdfkit' : 'auto' });
    expect(result.engine).toBe('pdfkit');
    expect(result.pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(result.pdf.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC/);
    // a cover page and one page at least per section
    expect(pageCount(result.pdf)).toBeGreaterThanOrEqual(12);
    expect(result.pdf.length).toBeLessThan(2_000_000);
  });

  it('uses a real Chromium when one is installed, else pdfkit', async () => {
    const installed = findChromium();
    const result = await renderPdf(fixtureReportModel());
    expect(result.engine).toBe(installed ? 'chromium' : 'pdfkit');
    expect(result.fallbackReason).toBeUndefined();
    expect(result.pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(result.pdf.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC/);
  });

  it('prints with Chromium when one is given, and passes it the HTML file', async () => {
    const chromium = fakeBrowser(
      'chromium',
      `for a in "$@"; do case "$a" in --print-to-pdf=*) out="\${a#--print-to-pdf=}";; file://*) src="\${a#file://}";; esac; done
grep -q '热点分析报告' "$src" && printf '%%PDF-1.4 fake' > "$out"`,
    );
    const result = await renderPdf(fixtureReportModel(), { chromiumPath: chromium });
    expect(result).toEqual({ pdf: Buffer.from('%PDF-1.4 fake'), engine: 'chromium', chromiumPath: chromium });
  });

  it('falls back to pdfkit, saying why, when Chromium fails', async () => {
    const broken = fakeBrowser('broken-chromium', 'echo "no display" >&2; exit 3');
    const result = await renderPdf(fixtureReportModel(), { chromiumPath: broken });
    expect(result.engine).toBe('pdfkit');
    expect(result.fallbackReason).toContain('no display');
    await expect(renderPdf(fixtureReportModel(), { chromiumPath: broken, engine: 'chromium' })).rejects.toThrow('no display');
  });

  it('gives Chromium the CJK font inline, allowed by the CSP and nothing else', () => {
    const html = withEmbeddedCjkFont(renderHtml(fixtureReportModel()));
    expect(html).toContain(`default-src 'none'; font-src data:;`);
    expect(
      html.match(/@font-face \{ font-family: 'Noto Sans SC'; font-weight: (400|700);[^}]*src: url\(data:font\/woff2;base64,d09GMg/g),
    ).toHaveLength(2);
  });

  it('finds only executables', () => {
    expect(findChromium(join(dir, 'missing'), [])).toBeUndefined();
  });
});
