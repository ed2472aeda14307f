/**
 * The README's summary and resolved notice are the ones the code renders: a README example that drifts from the
 * output says something untrue. The summary's long resource list is shortened in the README with one "  ..." line.
 */
import { describe, expect, it } from 'vitest';
import { blockAfter } from '../harness/readme.ts';
import { groupNoticeExamples } from '../../scripts/render-group-notices.ts';

describe('the README shows group notices as they are rendered', () => {
  it('shows the summary as rendered, its resource list shortened by one "..." line', () => {
    // Prepare
    const rendered = groupNoticeExamples().summary.trimEnd().split('\n');
    const [before, after] = blockAfter('A summary (email form)').trimEnd().split('\n  ...\n');
    // Assess
    expect(after, 'the README block keeps one "  ..." line').toBeDefined();
    const head = (before ?? '').split('\n');
    const tail = (after ?? '').split('\n');
    expect(rendered.slice(0, head.length)).toEqual(head);
    expect(rendered.slice(rendered.length - tail.length)).toEqual(tail);
  });

  it('shows the resolved notice exactly as rendered', () => {
    // Assess
    expect(blockAfter('A resolved notice:').trimEnd()).toBe(groupNoticeExamples().resolved.trimEnd());
  });

  it('keeps every email subject of the examples within SNS\'s 99 characters', () => {
    // Act
    const subjects = Object.values(groupNoticeExamples()).map((e) => e.split('\n')[0]!.replace(/^Subject: /, ''));
    // Assess
    for (const s of subjects) expect(s.length).toBeLessThanOrEqual(99);
    expect(subjects[0]).toMatch(/^\[backup-doctor\] Summary, 111122223333 ap-northeast-1: \+23 more jobs, same cause: /);
  });
});
