import { readFileSync } from 'fs';
import { join } from 'path';
import { lifecycleMarkdown } from './lifecycle-table';

describe('docs/LIFECYCLE.md', () => {
  it('shows the transition table exactly as the code defines it', () => {
    const doc = readFileSync(join(__dirname, '..', '..', '..', '..', 'docs', 'LIFECYCLE.md'), 'utf8');
    const between = doc.split('<!-- transitions:start -->')[1]?.split('<!-- transitions:end -->')[0]?.trim();
    expect(between).toBe(lifecycleMarkdown());
  });
});
