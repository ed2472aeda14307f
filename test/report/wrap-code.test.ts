/**
 * Why: the Japanese text wrapped inside a cron expression. Wrapping never breaks inside a `code span` or a
 * schedule expression (cron(...), rate(...)), in Japanese or English, for every demo's text form.
 */
import { describe, expect, it } from 'vitest';
import { messageTable } from '../../lambdas/pipeline/report.ts';
import { renderTextWith } from '../../lambdas/report/render-text.ts';
import { wrap } from '../../lambdas/report/wrap.ts';
import { demoDiagnoses } from './demo-diagnoses.ts';

/** The code spans and schedule expressions of a text. */
const UNBREAKABLE = /`[^`\n]+`|\b(?:cron|rate)\([^()\n]*\)/g;

describe('wrapping never breaks inside a code span or a cron expression', () => {
  it('keeps a cron expression on one line in Japanese', () => {
    // Act
    const lines = wrap('ルール daily-0500 の次回のスケジュール実行は 2026-11-21T20:00:00Z です (Etc/UTC の cron(0 20 ? * * *))。', 40);
    // Assess
    expect(lines.filter((l) => l.includes('cron(0 20 ? * * *)'))).toHaveLength(1);
    for (const l of lines) expect(l.trimEnd().length).toBeGreaterThan(0);
  });

  it('keeps a code span on one line in Japanese and in English', () => {
    // Act
    const ja = wrap('詳細は、この診断のメール、または `backup-doctor diagnose EVENT.json` で確認できます。', 30);
    const en = wrap('Details are in the email, or run `backup-doctor diagnose EVENT.json` to see them.', 30);
    // Assess
    expect(ja.filter((l) => l.includes('`backup-doctor diagnose EVENT.json`'))).toHaveLength(1);
    expect(en.filter((l) => l.includes('`backup-doctor diagnose EVENT.json`'))).toHaveLength(1);
  });

  it('still breaks Japanese between characters outside the expression', () => {
    // Act
    const lines = wrap(`${'あ'.repeat(30)} cron(0 20 ? * * *) ${'い'.repeat(30)}`, 40);
    // Assess
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.filter((l) => l.includes('cron(0 20 ? * * *)'))).toHaveLength(1);
  });

  it.each(demoDiagnoses().flatMap((x) => [40, 60, 100].map((width) => ({ ...x, width }))))(
    'every code span and cron expression of $id stays whole at width $width in Japanese',
    ({ diagnosis, width }) => {
      // Prepare: the expressions the text holds, read from an unwrapped rendering.
      const table = messageTable();
      const unwrapped = renderTextWith(diagnosis, { lang: 'ja', width: 100_000 }, table);
      const expected = [...unwrapped.matchAll(UNBREAKABLE)].map((m) => m[0]);
      // Act
      const wrapped = renderTextWith(diagnosis, { lang: 'ja', width }, table);
      // Assess: each expression is found whole as often as before, each within one line.
      const found = wrapped.split('\n').flatMap((line) => [...line.matchAll(UNBREAKABLE)].map((m) => m[0]));
      expect(found.sort()).toEqual(expected.sort());
    },
  );
});
