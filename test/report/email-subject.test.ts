/**
 * Why: email subjects said only "[backup-doctor] <headline>", with no account or region, and Japanese mail had an
 * English subject although SNS now takes UTF-8 subjects. A subject is "[backup-doctor] <account> <region>: <cause
 * headline>" in the mail's language, within SNS's limit (less than 100 characters, no line breaks or control
 * characters), built in one place for single diagnoses and group notices alike.
 */
import { describe, expect, it } from 'vitest';
import { groupSubject } from '../../lambdas/grouping/notices.ts';
import { emailMessage, messageTable, translate } from '../../lambdas/pipeline/report.ts';
import { snsSubject } from '../../lambdas/publish/sns-message.ts';
import { demoDiagnoses } from './demo-diagnoses.ts';

const cases = demoDiagnoses().flatMap((x) => (['en', 'ja'] as const).map((lang) => ({ ...x, lang })));

describe('an email subject names the account, the region and the cause within 99 characters', () => {
  it.each(cases)('$id, $lang', ({ diagnosis, lang }) => {
    // Act
    const { subject } = emailMessage(diagnosis, lang);
    // Assess
    const { account, region } = diagnosis.event;
    const where = [account, region].filter(Boolean).join(' ');
    const prefix = `[backup-doctor] ${where ? `${where}: ` : ''}`;
    expect(subject.startsWith(prefix)).toBe(true);
    expect(subject.length).toBeLessThanOrEqual(99);
    expect(subject).not.toMatch(/[\p{Cc}\u2028\u2029]/u);
    // The headline in the mail's language, whole or cut at the end.
    const headline = translate(diagnosis.headline, lang).replace(/\s+/g, ' ');
    const shown = subject.slice(prefix.length).replace(/\.\.\.$/, '');
    expect(headline.startsWith(shown)).toBe(true);
    // SNS's last check leaves it as it is.
    expect(snsSubject(subject, 'x')).toBe(subject);
  });

  it('a Japanese mail has a Japanese subject', () => {
    // Prepare
    const d = demoDiagnoses().find((x) => x.id === '01-role-not-trusted')!.diagnosis;
    // Act
    const { subject } = emailMessage(d, 'ja');
    // Assess
    expect(subject).toBe('[backup-doctor] 111122223333 ap-northeast-1: ロール BackupRole を backup.amazonaws.com が引き受けられません');
  });

  it('a vault-lock subject names the vault, never the resource', () => {
    // Prepare
    const d = demoDiagnoses().find((x) => x.id === '07-retention-outside-vault-lock')!.diagnosis;
    for (const lang of ['en', 'ja'] as const) {
      // Act
      const { subject } = emailMessage(d, lang);
      // Assess
      expect(subject).toContain('compliance-vault');
      expect(subject).not.toContain(d.event.resourceArn!.slice(d.event.resourceArn!.lastIndexOf('/') + 1));
    }
  });

  it('a group notice subject comes from the same builder, with its kind first', () => {
    // Act
    const subject = groupSubject('new', '111122223333', 'ap-northeast-1', 'Role BackupRole cannot be assumed', messageTable());
    // Assess
    expect(subject).toBe('[backup-doctor] New, 111122223333 ap-northeast-1: Role BackupRole cannot be assumed');
    expect(groupSubject('resolved', '111122223333', 'ap-northeast-1', 'x'.repeat(200), messageTable())).toHaveLength(99);
  });

  it('line breaks, control characters and bidirectional overrides never reach the subject', () => {
    expect(snsSubject('a\nb\u0007c\u202ed', 'x')).toBe('a b c d');
  });
});
