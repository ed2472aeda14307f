import { describe, expect, it } from 'vitest';
import { displayWidth, wrap } from '../../lambdas/report/wrap.ts';

describe('wrap', () => {
  it('counts Japanese characters as two columns', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('ロール')).toBe(6);
  });

  it('breaks English between words and Japanese between characters, within the width', () => {
    // Prepare
    const en = 'The role cannot be assumed by the service because its trust policy names another principal.';
    const ja = 'ロールの信頼ポリシーに backup.amazonaws.com が含まれていないため、AWS Backup はこのロールを引き受けることができません。';

    // Act
    const enLines = wrap(en, 30, '  ');
    const jaLines = wrap(ja, 30, '  ');

    // Assess
    expect(enLines.every((l) => displayWidth(l) <= 30)).toBe(true);
    expect(enLines.map((l) => l.trim()).join(' ')).toBe(en);
    expect(jaLines.every((l) => displayWidth(l) <= 30)).toBe(true);
    expect(jaLines.join('').replace(/ /g, '')).toBe(ja.replace(/ /g, ''));
  });

  it('never starts a line with closing punctuation', () => {
    // Prepare
    const ja = 'あいうえおかきくけこさしすせそたちつてと。なにぬねの、はひふへほ';

    // Act
    const lines = wrap(ja, 20);

    // Assess
    expect(lines.some((l) => /^[、。]/.test(l))).toBe(false);
  });

  it('keeps a token wider than the line whole', () => {
    // Prepare
    const arn = 'arn:aws:kms:us-west-2:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab';

    // Act
    const lines = wrap(`the key ${arn} is disabled`, 40);

    // Assess
    expect(lines).toContain(arn);
  });
});
