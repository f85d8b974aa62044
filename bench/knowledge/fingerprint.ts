import { KnowledgeText, plainText } from '@app/knowledge';
import { createHash } from 'crypto';
import { EntryGenerator } from './generator';
import { SEED } from './load';
import { callerQuestions } from './questions';

/**
 * What the stored search vectors depend on besides the data: jieba and its dictionary, the user
 * words, the region names and synonyms the app adds. Segmenting a fixed sample (generated entries on
 * a fixed date, the caller questions) and hashing the words tells whether a reused database still
 * matches the segmenter the api will search with.
 */
export async function segmenterFingerprint(text: KnowledgeText): Promise<string> {
  const seg = await text.seg();
  const gen = new EntryGenerator(SEED, Date.UTC(2025, 0, 1));
  const hash = createHash('sha1');
  for (let i = 0; i < 50; i++) {
    const e = gen.next();
    hash.update(seg.forIndex(`${e.title} ${e.question ?? ''} ${e.tags.join(' ')} ${plainText(e.body)}`) + '\n');
  }
  for (const q of callerQuestions()) hash.update(seg.terms(q).join(' ') + '\n');
  return hash.digest('hex').slice(0, 16);
}
