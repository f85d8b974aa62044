import type { HandlingResult, Satisfaction } from '@app/tickets';
import { isDissatisfied } from './callback-rules';

/** The digits the callback SMS offers, in its words: 回复1非常满意 2满意 3基本满意 4不满意 5非常不满意. */
export const SMS_DIGITS: readonly Satisfaction[] = [
  'very_satisfied',
  'satisfied',
  'basically_satisfied',
  'dissatisfied',
  'very_dissatisfied',
];

// Longest first: 非常不满意 contains 不满意 contains 满意.
const SATISFACTION_WORDS: [string, Satisfaction][] = [
  ['非常不满意', 'very_dissatisfied'],
  ['非常满意', 'very_satisfied'],
  ['基本满意', 'basically_satisfied'],
  ['不满意', 'dissatisfied'],
  ['满意', 'satisfied'],
];
const RESOLUTION_WORDS: [string, HandlingResult][] = [
  ['部分解决', 'partly'],
  ['没有解决', 'unresolved'],
  ['未解决', 'unresolved'],
  ['没解决', 'unresolved'],
  ['已解决', 'resolved'],
  ['解决了', 'resolved'],
];

export interface SmsRating {
  satisfaction: Satisfaction;
  resolved: HandlingResult;
  /** False when the reply named no resolution and it was derived from the rating. */
  resolvedStated: boolean;
}

/**
 * Reads a digit reply to the callback SMS: one digit 1–5, optionally followed by the words it stands
 * for and whether the matter was solved ("2", "２满意", "4 不满意 未解决"). Returns null for anything
 * else (an appeal that starts with a number, "1号楼电梯坏了", is not a rating), and 'unclear' when the
 * words contradict the digit. Without a resolution word, 1–3 count as resolved and 4–5 as unresolved.
 */
export function parseSmsRating(text: string): SmsRating | 'unclear' | null {
  const s = text
    .normalize('NFKC')
    .replace(/[\s。.，,！!、;；:：()（）【】[\]"'“”‘’~～-]/g, '')
    .replace(/^(回复|评价)/, '');
  const m = /^([1-5])(.*)$/.exec(s);
  if (!m) return null;
  const satisfaction = SMS_DIGITS[Number(m[1]) - 1];
  let rest = m[2].replace(/^(分|号|星)/, '');
  let named: Satisfaction | null = null;
  let resolved: HandlingResult | null = null;
  for (let guard = 0; rest && guard < 3; guard++) {
    const word = SATISFACTION_WORDS.find(([w]) => rest.startsWith(w));
    const res = RESOLUTION_WORDS.find(([w]) => rest.startsWith(w));
    if (word && !named) {
      named = word[1];
      rest = rest.slice(word[0].length);
    } else if (res && !resolved) {
      resolved = res[1];
      rest = rest.slice(res[0].length);
    } else {
      return null;
    }
  }
  if (rest) return null;
  if (named && named !== satisfaction) return 'unclear';
  return {
    satisfaction,
    resolved: resolved ?? (isDissatisfied(satisfaction) ? 'unresolved' : 'resolved'),
    resolvedStated: resolved !== null,
  };
}
