import { describe, expect, it } from 'vitest';
import { COMMON_MESSAGES, mergeMessages } from '../../lambdas/report/index.ts';
import { emailMessage, render, renderEmail, renderText } from '../../lambdas/pipeline/report.ts';
import { TEST_MESSAGES, failWithFix, hostile, inconclusiveWithGaps, unknownNoFindings } from './fixtures.ts';

const table = mergeMessages(COMMON_MESSAGES, TEST_MESSAGES);
const ALL = { failWithFix, inconclusiveWithGaps, unknownNoFindings, hostile };

describe('emailMessage', () => {
  for (const [name, diagnosis] of Object.entries(ALL)) {
    for (const lang of ['en', 'ja'] as const) {
      it(`writes an SNS-safe subject for ${name} in ${lang}`, () => {
        // Act
        const { subject } = emailMessage(diagnosis, lang, table);

        // Assess
        expect(subject.length).toBeGreaterThan(0);
        expect(subject.length).toBeLessThan(100);
        expect(subject).not.toMatch(/[\p{Cc}\p{Cf}]/u);
        expect(subject.startsWith('[backup-doctor] 1112233445566 us-west-2: ')).toBe(true);
      });
    }
  }

  it('writes the subject in the language of the mail', () => {
    // Act
    const en = emailMessage(failWithFix, 'en', table);
    const ja = emailMessage(failWithFix, 'ja', table);

    // Assess
    expect(en.subject).toBe('[backup-doctor] 1112233445566 us-west-2: Backup vault 9ab3e749-82c6-4342-9320-5edbf4918b86 does...');
    expect(ja.subject).toBe('[backup-doctor] 1112233445566 us-west-2: バックアップボールト 9ab3e749-82c6-4342-9320-5edbf4918b86 が存在しません');
    expect(ja.body).toContain('原因');
  });

  it('drops control characters and bidirectional overrides of a hostile headline', () => {
    // Act
    const { subject } = emailMessage(hostile, 'en', table);

    // Assess
    expect(subject).toMatch(/^\[backup-doctor\] /);
    expect(subject).not.toMatch(/[\p{Cc}\p{Cf}]/u);
  });

  it('shortens a long subject with an ASCII ellipsis', () => {
    // Act
    const { subject } = emailMessage(inconclusiveWithGaps, 'en', table);

    // Assess
    expect(subject.endsWith('...')).toBe(true);
    expect(subject.length).toBe(99);
  });

  it('uses the text form without colour as the body', () => {
    // Act
    const mail = renderEmail(failWithFix, { lang: 'ja', table, color: true });

    // Assess
    expect(mail.body).toBe(renderText(failWithFix, { lang: 'ja', table }));
    expect(mail.body).not.toMatch(/\x1b\[/);
    expect(render(failWithFix, { format: 'email', lang: 'ja', table })).toBe(mail.body);
  });

  it('keeps the body within what SNS can send', () => {
    // Act
    const { body } = emailMessage(hostile, 'en', table);

    // Assess
    expect(Buffer.byteLength(body, 'utf8')).toBeLessThanOrEqual(200_000);
    expect(body.trimEnd().endsWith('(shortened)')).toBe(true);
  });
});
