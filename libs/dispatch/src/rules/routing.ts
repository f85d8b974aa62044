import { DispatchRule } from './dispatch-rule.entity';

export interface OrderForRouting {
  categoryAncestry: number[];
  regionIds: number[];
  text: string;
}

export interface RuleMatch {
  rule: DispatchRule;
  score: number;
  matchedKeywords: string[];
}

/**
 * Which catalogue rules fit an order, best first. A rule on the order's own category beats one on a
 * parent category; a rule for its community beats its street beats its district beats the whole city;
 * a keyword hit adds weight; priority breaks ties. Rules whose keywords are all absent do not match.
 */
export function matchRules(rules: DispatchRule[], order: OrderForRouting): RuleMatch[] {
  const out: RuleMatch[] = [];
  for (const rule of rules) {
    if (!rule.active) continue;
    const depth = order.categoryAncestry.indexOf(rule.categoryId);
    if (depth < 0) continue;
    let regionScore = 0;
    if (rule.regionId !== null) {
      const at = order.regionIds.indexOf(rule.regionId);
      if (at < 0) continue;
      // regionIds run from the narrowest (community) to the widest (district): narrower scores higher.
      regionScore = 10 * (order.regionIds.length - at);
    }
    const matchedKeywords = rule.keywords.filter((k) => k && order.text.includes(k));
    if (rule.keywords.length > 0 && matchedKeywords.length === 0) continue;
    const score = 100 - depth * 20 + regionScore + (matchedKeywords.length ? 15 : 0) + rule.priority;
    out.push({ rule, score, matchedKeywords });
  }
  return out.sort((a, b) => b.score - a.score || a.rule.id - b.rule.id);
}
