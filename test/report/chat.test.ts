/**
 * The short chat form: under Slack's 3,000 characters for every demo scenario, commands whole or not at all,
 * console links for the objects named, and the first sentences of the cause.
 */
import { describe, expect, it } from 'vitest';
import { loadScenarios } from '../../lambdas/cli/scenarios.ts';
import { diagnose } from '../../lambdas/pipeline/index.ts';
import { firstSentences } from '../../lambdas/report/chat.ts';
import { renderChatSlack, renderChatText } from '../../lambdas/pipeline/report.ts';

const scenarios = loadScenarios();

describe('short chat form', () => {
  it.each(scenarios.flatMap((s) => (['en', 'ja'] as const).map((lang) => ({ id: s.id, lang, s }))))(
    'stays under 3,000 characters and never cuts a command ($id, $lang)',
    ({ s, lang }) => {
      // Act
      const d = diagnose(s.event, s.evidence, { now: s.now });
      const payload = renderChatSlack(d, { lang });
      // Assess
      expect(payload.length).toBeLessThan(3000);
      const parsed = JSON.parse(payload) as { text: string; blocks: { text?: { text: string } }[] };
      const commands = parsed.blocks.flatMap((b) => [...(b.text?.text ?? '').matchAll(/```\n?([\s\S]*?)\n?```/g)].map((m) => m[1]));
      const whole = d.findings.flatMap((f) => [f.fix?.command, f.fix?.snippet].filter((x): x is string => Boolean(x)));
      // Slack escapes &, < and > in every text; undone, each block is one of the fixes' commands or documents, whole.
      const unescape = (x: string) => x.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
      for (const c of commands) expect(whole).toContain(unescape(c!));
      // A failure in AWS links to the console; one reported from Azure or Alibaba Cloud has no AWS object to link.
      if (s.event.kind === 'external') expect(payload).not.toContain('console.aws.amazon.com');
      else expect(payload).toContain('console.aws.amazon.com');
    },
  );

  it('shows the headline, the cause, the fix command and links to the role, vault, plan and job', () => {
    // Prepare
    const s = scenarios.find((x) => x.id === '01-role-not-trusted')!;
    // Act
    const text = renderChatText(diagnose(s.event, s.evidence, { now: s.now }), { lang: 'en' });
    // Assess
    expect(text.split('\n')[0]).toBe('Role BackupRole cannot be assumed by backup.amazonaws.com');
    expect(text).toContain('  aws iam update-assume-role-policy --role-name BackupRole ');
    for (const label of ['Role:', 'Vault:', 'Backup plan:', 'Job:']) expect(text).toContain(label);
    expect(text).toContain('https://console.aws.amazon.com/iam/home#/roles/details/BackupRole');
  });

  it('keeps a dotted name inside a sentence', () => {
    expect(firstSentences('It names backup.amazonaws.com here. Second. Third.', 2)).toBe('It names backup.amazonaws.com here. Second.');
    expect(firstSentences('一文目。二文目。三文目。', 2)).toBe('一文目。二文目。');
  });
});
