import { allOf, anyOf, expand, highlight, pairs } from './query';
import { Segmenter } from './segmenter';

describe('knowledge search building blocks', () => {
  const seg = new Segmenter(['滨江市', '江城区']);

  it('keeps local place names and policy terms whole, and drops filler', () => {
    expect(seg.terms('请问滨江市职工医保的门诊报销比例是多少？')).toEqual(['滨江市', '职工医保', '门诊', '报销', '比例']);
    expect(seg.terms('我想问一下住房公积金怎么提取')).toEqual(['住房公积金', '提取']);
  });

  it('indexes whole words and their parts, so a formal document is found by its pieces', () => {
    const indexed = seg.forIndex('滨江市住房公积金管理中心').split(' ');
    expect(indexed).toEqual(expect.arrayContaining(['滨江市', '住房公积金', '公积金', '管理中心']));
  });

  it('expands colloquial words into the formal ones, and builds the precise and the lenient query', () => {
    const groups = expand(['医保', '报销'], new Map([['医保', ['医疗保险']]]));
    expect(groups).toEqual([['医保', '医疗保险'], ['报销']]);
    expect(allOf(groups)).toBe("('医保' | '医疗保险') & ('报销')");
    expect(anyOf(groups)).toBe("'医保' | '医疗保险' | '报销'");
    expect(allOf([["it's"]])).toBe("('its')");
    expect(pairs([['a'], ['b'], ['c']])).toBe("(('a') & ('b')) | (('a') & ('c')) | (('b') & ('c'))");
  });

  it('highlights matches in a snippet around the first one, escaping HTML', () => {
    const s = highlight('<p>第五条 参保职工在定点医疗机构发生的普通门诊费用，报销比例为50%。</p><script>x</script>', ['门诊', '报销']);
    expect(s).toContain('<em>门诊</em>');
    expect(s).toContain('<em>报销</em>');
    expect(s).not.toContain('<p>');
    expect(s).not.toContain('<script>');
  });
});
