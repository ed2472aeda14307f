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
        expect(subject).toMatch(/^[\x20-\x7e]+$/);
        expect(subject.startsWith('[backup-doctor] ')).toBe(true);
      });
    }
  }

  it('uses the English headline as the subject, also for Japanese mail', () => {
    // Act
    const en = emailMessage(failWithFix, 'en', table);
    const ja = emailMessage(failWithFix, 'ja', table);

    // Assess
    expect(en.subject).toBe('[backup-doctor] Backup vault 9ab3e749-82c6-4342-9320-5edbf4918b86 does not exist');
    expect(ja.subject).toBe(en.subject);
    expect(ja.body).toContain('原因');
  });

  it('falls back to the category and object when the headline is not ASCII', () => {
    // Act
    const { subject } = emailMessage(hostile, 'en', table);

    // Assess
    expect(subject).toMatch(/^\[backup-doctor\] IAM permissions: /);
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
