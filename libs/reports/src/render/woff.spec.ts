import { readFileSync } from 'fs';
import PDFDocument from 'pdfkit';
import { FALLBACK_FONT_FILES } from './pdf-fallback';
import { woffToSfnt } from './woff';

describe('woffToSfnt', () => {
  it('unpacks the fallback CJK font into a TrueType font that measures text like the WOFF', () => {
    const woff = readFileSync(require.resolve(FALLBACK_FONT_FILES.regular));
    const ttf = woffToSfnt(woff);
    expect(ttf.readUInt32BE(0)).toBe(woff.readUInt32BE(4));
    expect(ttf.readUInt16BE(4)).toBe(woff.readUInt16BE(12));
    const doc = new PDFDocument();
    doc.registerFont('woff', woff);
    doc.registerFont('ttf', ttf);
    const text = '违法建设类诉求同比下降78%，';
    const width = doc.font('ttf').fontSize(10).widthOfString(text);
    expect(width).toBeGreaterThan(100);
    expect(width).toBe(doc.font('woff').fontSize(10).widthOfString(text));
  });

  it('refuses what is not WOFF 1.0', () => {
    expect(() => woffToSfnt(Buffer.from('wOF2 not this one'))).toThrow('not a WOFF 1.0 font');
  });
});
