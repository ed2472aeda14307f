import { describe, expect, it } from 'vitest';
import type { Diagnosis, Gap } from '../../lambdas/model/types.ts';
import { mergeMessages } from '../../lambdas/report/index.ts';
import { messageTable, renderChatbot, renderSlack, renderText } from '../../lambdas/pipeline/report.ts';
import { failWithFix, TEST_MESSAGES } from './fixtures.ts';

const table = mergeMessages(TEST_MESSAGES, messageTable());
const TASK = 'arn:aws:ecs:us-west-2:1112233445566:task/default/abc';
const uncited: Gap = { what: `ecs:DescribeTasks ${TASK}`, subject: TASK, action: 'ecs:DescribeTasks', why: 'access-denied', detail: 'AccessDeniedException' };
const withGap: Diagnosis = { ...failWithFix, gaps: [...failWithFix.gaps, uncited, uncited] };

describe('evidence that no finding cites', () => {
  it.each(['en', 'ja'] as const)('lists it once in its own section of the text form (%s)', (lang) => {
    const text = renderText(withGap, { lang, table });
    const title = lang === 'en' ? 'Could not read either' : 'そのほかに読み取れなかった情報';
    expect(text).toContain(title);
    expect(text.split(TASK).length - 1).toBe(1);
  });

  it('shows it in Slack and Chatbot too', () => {
    expect(renderSlack(withGap, { lang: 'en', table })).toContain('Could not read either');
    expect(renderChatbot(withGap, { lang: 'en', table })).toContain('Could not read either');
  });

  it('adds no section when every gap is cited by a finding', () => {
    expect(renderText(failWithFix, { lang: 'en', table })).not.toContain('Could not read either');
  });
});
