import { pickRule } from './deadline.service';
import { TimeLimitRule } from './time-limit-rule.entity';

const r = (code: string, over: Partial<TimeLimitRule>): TimeLimitRule =>
  ({ code, active: true, manualOnly: false, appealType: null, urgency: null, categoryId: null, priority: 0, ...over }) as TimeLimitRule;

const rules = [
  r('standard', {}),
  r('complaint', { appealType: 'complaint' }),
  r('urgent', { urgency: 'urgent' }),
  r('heating', { categoryId: 70 }),
  r('heating-outage', { categoryId: 71 }),
  r('complex', { manualOnly: true, priority: 100 }),
  r('old', { appealType: 'complaint', active: false, priority: 100 }),
];

describe('choosing the time-limit rule', () => {
  it('takes the appeal type’s rule over the catch-all', () => {
    expect(pickRule(rules, { appealType: 'complaint', urgency: 'normal', categoryId: 5 }, [5])?.code).toBe('complaint');
    expect(pickRule(rules, { appealType: 'praise', urgency: 'normal', categoryId: 5 }, [5])?.code).toBe('standard');
  });

  it('lets urgency beat the appeal type', () => {
    expect(pickRule(rules, { appealType: 'complaint', urgency: 'urgent', categoryId: 5 }, [5])?.code).toBe('urgent');
  });

  it('lets a category override beat both, the nearest category first', () => {
    expect(pickRule(rules, { appealType: 'complaint', urgency: 'urgent', categoryId: 72 }, [72, 70])?.code).toBe('heating');
    expect(pickRule(rules, { appealType: 'complaint', urgency: 'normal', categoryId: 71 }, [71, 70])?.code).toBe('heating-outage');
  });

  it('never picks a manual-only or inactive rule by matching', () => {
    expect(pickRule(rules, { appealType: 'complaint', urgency: 'normal', categoryId: null }, [])?.code).toBe('complaint');
    expect(pickRule([r('complex', { manualOnly: true })], { appealType: 'help', urgency: 'normal', categoryId: null }, [])).toBeNull();
  });
});
