import { describe, expect, it } from 'vitest';
import { COMMON_MESSAGES, mergeMessages } from '../../lambdas/report/index.ts';
import { render, renderText } from '../../lambdas/pipeline/report.ts';
import { displayWidth } from '../../lambdas/report/wrap.ts';
import { FIX_COMMAND, NEXT_COMMAND, TEST_MESSAGES, failWithFix, hostile, inconclusiveWithGaps, unknownNoFindings } from './fixtures.ts';

const table = mergeMessages(COMMON_MESSAGES, TEST_MESSAGES);
const ANSI = /\x1b\[/;
/** The text with line breaks and indentation folded into single spaces, for phrases that may wrap. */
const flat = (s: string) => s.replace(/\s+/g, ' ');

describe('renderText', () => {
  it('puts the headline first, then the category, event, status message, cause, evidence, fix, passes and next steps', () => {
    // Act
    const text = renderText(failWithFix, { lang: 'en', table });
    const lines = text.split('\n');
    const at = (s: string) => lines.findIndex((l) => l.trim() === s);

    // Assess
    expect(lines[0]).toBe('Backup vault 9ab3e749-82c6-4342-9320-5edbf4918b86 does not exist');
    expect(lines[1]).toContain('Resource not found');
    const order = ['Event', 'Status message (as sent by AWS)', 'Cause', 'Evidence', 'Fix', 'Checked and fine', 'Next steps'].map(at);
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).toContain('2020-07-29 20:15:26 UTC');
    expect(flat(text)).toContain('Backup job failed because backup vault');
    expect(text).toContain('Checks that do not apply to this failure: 1');
  });

  it('keeps commands whole on one indented line, however long', () => {
    // Act
    const lines = renderText(failWithFix, { lang: 'en', table }).split('\n');

    // Assess
    expect(lines).toContain(`        ${FIX_COMMAND}`);
    expect(lines).toContain(`      ${NEXT_COMMAND}`);
    expect(NEXT_COMMAND.length).toBeGreaterThan(100);
  });

  it('wraps prose at 100 columns in English and Japanese', () => {
    for (const lang of ['en', 'ja'] as const) {
      // Act
      const lines = renderText(failWithFix, { lang, table }).split('\n');
      // Only commands and lines holding an unbreakable token (an ARN, an id) may run past the width.
      const long = lines.filter(
        (l) =>
          displayWidth(l) > 100 && ![FIX_COMMAND, NEXT_COMMAND].includes(l.trim()) && !l.split(' ').some((tok) => tok.length >= 40),
      );

      // Assess
      expect(long).toEqual([]);
    }
  });

  it('writes Japanese section titles and keeps dates in UTC', () => {
    // Act
    const text = renderText(failWithFix, { lang: 'ja', table });

    // Assess
    expect(text.split('\n')[0]).toBe('バックアップボールト 9ab3e749-82c6-4342-9320-5edbf4918b86 が存在しません');
    const lines = text.split('\n').map((l) => l.trim());
    for (const title of ['イベント', 'ステータスメッセージ（AWS から届いたまま）', '原因', '根拠', '対処', '次の手順']) {
      expect(lines).toContain(title);
    }
    expect(text).toContain('2020-07-29 20:15:26 UTC');
    expect(text).toContain('失敗 (FAILED)');
  });

  it('says what could not be checked and why, and shows a check that threw', () => {
    // Act
    const en = renderText(inconclusiveWithGaps, { lang: 'en', table });
    const ja = renderText(inconclusiveWithGaps, { lang: 'ja', table });

    // Assess
    expect(en).toContain('\nCould not check\n');
    expect(flat(en)).toContain('(AccessDeniedException on kms:GetKeyPolicy)');
    expect(flat(en)).toContain('(kms:ListGrants: it belongs to another account)');
    expect(flat(en)).toContain("The check test-thrower could not run: Cannot read properties of undefined (reading 'Statement')");
    expect(en).not.toContain('\nCause\n');
    expect(ja).toContain('\n確認できなかった項目\n');
    expect(flat(ja)).toContain('（kms:GetKeyPolicy で AccessDeniedException）');
  });

  it('shows the status message plainly when no rule or check explains the failure', () => {
    // Act
    const text = renderText(unknownNoFindings, { lang: 'en', table });

    // Assess
    expect(text).toMatch(/^No known cause matched the failure of/);
    expect(text).toContain('Category: Unknown');
    expect(flat(text)).toContain(
      'We are unable to copy resource tags to your backup because source or destination recovery point is unavailable',
    );
    expect(text).not.toContain('\nCause\n');
  });

  it('colours only when asked', () => {
    expect(renderText(failWithFix, { lang: 'en', table })).not.toMatch(ANSI);
    expect(renderText(failWithFix, { lang: 'en', table, color: false })).not.toMatch(ANSI);
    expect(renderText(failWithFix, { lang: 'en', table, color: true })).toMatch(ANSI);
  });

  it('shows control characters from AWS strings instead of passing them to the terminal', () => {
    // Act
    const text = renderText(hostile, { lang: 'en', table, color: false });

    // Assess
    expect(text).not.toMatch(ANSI);
    expect(text).toContain('\\x1b[31mred');
  });

  it('shortens huge evidence values but keeps the fix snippet whole', () => {
    // Act
    const text = renderText(hostile, { lang: 'en', table });

    // Assess
    expect(text).toContain('(shortened)');
    expect(text).toContain('"Sid": "S199"');
  });

  it('renders the same text through render()', () => {
    expect(render(failWithFix, { format: 'text', lang: 'en', table })).toBe(renderText(failWithFix, { lang: 'en', table }));
  });
});
