import { Segmenter } from '@app/knowledge';
import { TERM_MAX_CHARS, TERM_STOPWORDS, TermExtractor, extractTerms, placeStopwords, termStopwords } from './term-extract';
import { termDelta, termSpans } from './term-rollup';

const PLACES = ['江城区', '解放街道', '解放路社区', '东港镇', '盐场村'];

describe('term extraction', () => {
  const seg = new Segmenter(PLACES);
  const stop = termStopwords(PLACES);

  it('keeps the topic words of an order, unique and sorted, without its formulas', () => {
    const text = '解放路社区附近夜间施工噪声问题\n诉求人反映：解放路社区附近夜间施工噪声，希望有关部门尽快核实处理并答复。';
    expect(extractTerms(text, stop, seg)).toEqual(['噪声', '夜间施工']);
  });

  it('drops place names whole and by their stem', () => {
    expect(placeStopwords(['江城区', '解放路社区', '东港镇', '区'])).toEqual([
      '江城区',
      '江城',
      '解放路社区',
      '解放路',
      '东港镇',
      '东港',
      '区',
    ]);
    const terms = extractTerms('江城区解放街道东港镇盐场村的垃圾清运不及时，江城的解放路也一样', stop, seg);
    expect(terms).toEqual(expect.arrayContaining(['垃圾清运']));
    for (const place of ['江城区', '江城', '解放街道', '东港镇', '盐场村', '解放路']) expect(terms).not.toContain(place);
  });

  it('keeps only words of two letters or more: no digits, punctuation, symbols or single characters', () => {
    const terms = extractTerms('3号楼电梯故障！！已停运2天，K2路公交、5G信号差 @物业 A', stop, seg);
    expect(terms).toEqual(expect.arrayContaining(['电梯', '故障', '物业']));
    for (const t of terms) {
      expect([...t].length).toBeGreaterThanOrEqual(2);
      expect([...t].length).toBeLessThanOrEqual(TERM_MAX_CHARS);
      expect(t).toMatch(/^\p{L}+$/u);
    }
  });

  it('lower-cases latin words and drops the stopwords among them', () => {
    expect(extractTerms('市民通过APP反映WiFi信号差', stop, seg)).toEqual(['wifi', '信号']);
  });

  it('lists each stopword once, and only words of two characters or more', () => {
    for (const w of TERM_STOPWORDS) expect([...w].length).toBeGreaterThanOrEqual(2);
    expect(new Set(TERM_STOPWORDS).size).toBe(TERM_STOPWORDS.length);
  });

  it('works with the plain segmenter when none is given', () => {
    expect(extractTerms('小区电梯故障', new Set())).toEqual(['小区', '故障', '电梯']);
  });
});

describe('TermExtractor', () => {
  const seg = new Segmenter(PLACES);
  const stop = termStopwords(PLACES);

  it('gives what extractTerms gives on title and content joined', () => {
    const ex = new TermExtractor(seg, stop);
    const pairs: [string, string][] = [
      ['反映解放路社区电梯故障', '市民来电反映：小区电梯经常故障，困人多次，希望尽快维修。'],
      ['', '占道经营严重'],
      ['夜间施工噪声', ''],
      ['停水', '停水三天了'],
    ];
    for (const [title, content] of pairs) expect(ex.terms(title, content)).toEqual(extractTerms(`${title}\n${content}`, stop, seg));
  });

  it('memoizes repeated texts in a bounded LRU', () => {
    const ex = new TermExtractor(seg, stop, 2);
    ex.terms('电梯故障', '');
    ex.terms('电梯故障', '');
    expect([ex.hits, ex.misses]).toEqual([1, 1]);
    ex.terms('停水', '');
    ex.terms('电梯故障', ''); // refreshed: now the most recent
    ex.terms('停电', ''); // evicts 停水
    expect(ex.size).toBe(2);
    ex.terms('电梯故障', '');
    ex.terms('停水', '');
    expect([ex.hits, ex.misses]).toEqual([3, 4]);
  });

  it('does not keep long texts', () => {
    const ex = new TermExtractor(seg, stop);
    const long = '小区电梯故障。'.repeat(60);
    expect(ex.terms('', long)).toEqual(['小区', '故障', '电梯'].filter((t) => !stop.has(t)));
    expect(ex.size).toBe(0);
  });
});

describe('termDelta', () => {
  const c = (unitId: number, terms: string[], month = '2025-03-01') => ({ month, districtId: 7, unitId, terms });

  it('is empty when nothing changed', () => {
    expect(termDelta(c(5, ['停水', '电梯']), c(5, ['停水', '电梯']))).toEqual([]);
  });

  it('moves every term when the unit changes, and only the edited terms otherwise', () => {
    expect(termDelta(c(0, ['停水']), c(5, ['停水']))).toEqual([
      { month: '2025-03-01', districtId: 7, unitId: 0, term: '停水', n: -1 },
      { month: '2025-03-01', districtId: 7, unitId: 5, term: '停水', n: 1 },
    ]);
    expect(termDelta(c(5, ['停水', '电梯']), c(5, ['停水', '噪声']))).toEqual([
      { month: '2025-03-01', districtId: 7, unitId: 5, term: '电梯', n: -1 },
      { month: '2025-03-01', districtId: 7, unitId: 5, term: '噪声', n: 1 },
    ]);
  });

  it('adds a first contribution and removes a last one', () => {
    expect(termDelta(null, c(5, ['停水'])).map((d) => d.n)).toEqual([1]);
    expect(termDelta(c(5, ['停水']), null).map((d) => d.n)).toEqual([-1]);
  });
});

describe('termSpans', () => {
  it('reads a year, a half, a quarter and a month from as few stored spans as there are', () => {
    expect(termSpans('2025-01-01', '2026-01-01')).toEqual([{ months: 12, month: '2025-01-01' }]);
    expect(termSpans('2025-07-01', '2026-01-01')).toEqual([
      { months: 3, month: '2025-07-01' },
      { months: 3, month: '2025-10-01' },
    ]);
    expect(termSpans('2025-04-01', '2025-07-01')).toEqual([{ months: 3, month: '2025-04-01' }]);
    expect(termSpans('2025-03-01', '2025-04-01')).toEqual([{ months: 1, month: '2025-03-01' }]);
  });

  it('covers any other run of whole months exactly once', () => {
    expect(termSpans('2024-11-01', '2026-05-01')).toEqual([
      { months: 1, month: '2024-11-01' },
      { months: 1, month: '2024-12-01' },
      { months: 12, month: '2025-01-01' },
      { months: 3, month: '2026-01-01' },
      { months: 1, month: '2026-04-01' },
    ]);
    expect(termSpans('2025-02-15', '2025-06-10')).toEqual([
      { months: 1, month: '2025-03-01' },
      { months: 3, month: '2025-04-01' },
    ]);
    expect(termSpans('2025-05-01', '2025-05-01')).toEqual([]);
  });
});
