/** One tsquery lexeme, quoted for to_tsquery('simple', …). */
const lexeme = (w: string) => `'${w.replace(/['\\]/g, '')}'`;

/**
 * Each query word with the words that mean the same (医保 → 医疗保险) and, given `parts`, its parts and
 * theirs (低保户 → 低保 → 最低生活保障): any of them counts as that word being present.
 */
export function expand(terms: string[], synonyms: Map<string, string[]>, parts: (w: string) => string[] = () => []): string[][] {
  return terms.map((t) => {
    const forms = [t, ...parts(t)];
    return [...new Set([...forms, ...forms.flatMap((f) => synonyms.get(f) ?? [])])];
  });
}

/** All words must match (each through any of its synonyms): precise, and fast on the GIN index. */
export function allOf(groups: string[][]): string {
  return groups.map((g) => `(${g.map(lexeme).join(' | ')})`).join(' & ');
}

/** Any two of the words together: a fallback the GIN index answers by intersecting small sets. */
export function pairs(groups: string[][]): string {
  const out: string[] = [];
  for (let i = 0; i < groups.length; i++) for (let j = i + 1; j < groups.length; j++) out.push(`(${allOf([groups[i], groups[j]])})`);
  return out.join(' | ');
}

/** Any word matches: the fallback when the precise query finds too little. */
export function anyOf(groups: string[][]): string {
  return groups.flat().map(lexeme).join(' | ');
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function plainText(html: string): string {
  return html
    .replace(/<(br|\/p|\/li|\/tr|\/h\d)[^>]*>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\n{2,}/g, '\n')
    .trim();
}

/**
 * A snippet of `text` around the first matched word, HTML-escaped, with every match wrapped in <em>.
 * Chinese has no spaces for PostgreSQL's ts_headline to find words by, so this is done here.
 */
export function highlight(text: string, words: string[], width = 90): string {
  const plain = plainText(text);
  const sorted = [...new Set(words.filter(Boolean))].sort((a, b) => b.length - a.length);
  const lower = plain.toLowerCase();
  let first = -1;
  for (const w of sorted) {
    const at = lower.indexOf(w.toLowerCase());
    if (at >= 0 && (first < 0 || at < first)) first = at;
  }
  const start = first < 0 ? 0 : Math.max(0, first - Math.floor(width / 3));
  const slice = plain.slice(start, start + width);
  let out = escapeHtml(slice);
  if (sorted.length) {
    const pattern = new RegExp(sorted.map((w) => escapeHtml(w).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gi');
    out = out.replace(pattern, (m) => `<em>${m}</em>`);
  }
  return `${start > 0 ? '…' : ''}${out}${start + width < plain.length ? '…' : ''}`;
}
