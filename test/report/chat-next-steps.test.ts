/**
 * Why: AWS Chatbot next steps were cut at 500 characters, which broke a put-key-policy command in the middle of its
 * JSON, and they said "the document below" with no document following. A Chatbot next step (and the short chat
 * form) now carries a command or a document whole, or not at all and says where it is.
 */
import { describe, expect, it } from 'vitest';
import type { Diagnosis } from '../../lambdas/model/types.ts';
import { renderChatbot, renderChatSlack } from '../../lambdas/pipeline/report.ts';
import { COMMON_MESSAGES, chatMessages, mergeMessages } from '../../lambdas/report/index.ts';
import { CHATBOT_LIMITS } from '../../lambdas/report/render-chatbot.ts';
import { demoDiagnoses } from './demo-diagnoses.ts';
import { TEST_MESSAGES, failWithFix } from './fixtures.ts';

const unescape = (x: string) => x.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');

/** Every command and document a diagnosis carries, whole. */
function wholePieces(d: Diagnosis): string[] {
  return [
    ...d.findings.flatMap((f) => [f.fix?.command, f.fix?.snippet]),
    ...d.nextSteps.map((s) => s.command),
  ].filter((x): x is string => Boolean(x));
}

/** The code blocks and code spans of a mrkdwn text, unescaped; and the text outside them. */
function split(text: string): { code: string[]; prose: string } {
  const code: string[] = [];
  const prose = text
    .replace(/```\n?([\s\S]*?)\n?```/g, (_, c: string) => {
      code.push(unescape(c));
      return ' ';
    })
    .replace(/`([^`\n]*)`/g, (_, c: string) => {
      code.push(unescape(c));
      return ' ';
    });
  return { code, prose };
}

/** Words that point the reader to a command or document shown after them. */
const POINTS_BELOW = /\bbelow\b|follows it|以下|下記/;

const cases = demoDiagnoses().flatMap((x) => (['en', 'ja'] as const).map((lang) => ({ ...x, lang })));

describe('a Chatbot next step never cuts a command', () => {
  it.each(cases)('next steps carry commands and documents whole ($id, $lang)', ({ diagnosis, lang }) => {
    // Act
    const n = JSON.parse(renderChatbot(diagnosis, { lang })) as { content: { nextSteps?: string[] } };
    // Assess
    const whole = wholePieces(diagnosis);
    for (const step of n.content.nextSteps ?? []) {
      expect(step.length).toBeLessThanOrEqual(CHATBOT_LIMITS.nextStep);
      const { code, prose } = split(step);
      // A code span that is no whole command is an identifier the sentence names (a role, a CLI verb), never a cut.
      for (const c of code.filter((c) => c.length > 60)) expect(whole).toContain(c);
      expect(step).not.toMatch(/…`|…\n```/);
      // Any text that refers to a command or document below has it below.
      if (POINTS_BELOW.test(prose)) expect(code.length).toBeGreaterThan(0);
    }
  });

  it('a fix too long for a next step says where it is, in both languages, and cuts nothing', () => {
    // Prepare: a fix whose command and document are longer than a next step.
    const table = mergeMessages(COMMON_MESSAGES, TEST_MESSAGES, chatMessages);
    const longCommand = `aws kms put-key-policy --key-id k --policy-name default --policy '${JSON.stringify({ Statement: Array.from({ length: 20 }, (_, i) => ({ Sid: `S${i}`, Effect: 'Allow' })) })}'`;
    const d: Diagnosis = {
      ...failWithFix,
      findings: failWithFix.findings.map((f, i) => (i === 0 && f.fix ? { ...f, fix: { ...f.fix, command: longCommand, snippet: '{\n  "a": 1\n}' } } : f)),
    };
    for (const lang of ['en', 'ja'] as const) {
      // Act
      const n = JSON.parse(renderChatbot(d, { lang, table })) as { content: { nextSteps?: string[] } };
      // Assess
      const step = n.content.nextSteps?.[0] ?? '';
      expect(step).not.toContain('put-key-policy');
      expect(step).toContain('backup-doctor diagnose');
      expect(step.length).toBeLessThanOrEqual(CHATBOT_LIMITS.nextStep);
    }
  });
});

describe('the short chat form never points to a document it does not show', () => {
  it.each(cases)('what the fix line says is below is below ($id, $lang)', ({ diagnosis, lang }) => {
    // Act
    const payload = JSON.parse(renderChatSlack(diagnosis, { lang })) as { blocks: { text?: { text: string } }[] };
    // Assess
    const whole = wholePieces(diagnosis);
    for (const b of payload.blocks) {
      const { code, prose } = split(b.text?.text ?? '');
      for (const c of code.filter((c) => c.length > 60)) expect(whole).toContain(c);
      if (POINTS_BELOW.test(prose)) expect(code.length).toBeGreaterThan(0);
    }
  });
});

describe('the full form shows the document a finding it could not decide points to', () => {
  it('an undecided iam:PassRole finding says "the statement below grants it" and the statement follows', async () => {
    // Prepare: scenario 10 without the CloudTrail record of the launch call.
    const { loadScenarios } = await import('../../lambdas/cli/scenarios.ts');
    const { diagnose } = await import('../../lambdas/pipeline/index.ts');
    const { renderText } = await import('../../lambdas/pipeline/report.ts');
    const s = loadScenarios().find((x) => x.id === '10-ecs-passrole-denied')!;
    const d = diagnose(s.event, { ...s.evidence, trail: [] }, { now: s.now });
    const f = d.findings.find((x) => x.checkId === 'ecs-passrole')!;
    expect(f.verdict).toBe('inconclusive');
    for (const lang of ['en', 'ja'] as const) {
      // Act
      const text = renderText(d, { lang });
      // Assess
      const first = f.fix!.snippet!.split('\n')[1]!.trim();
      expect(text).toContain(first);
    }
  });
});

describe('the full Slack message never cuts a command or a document', () => {
  it.each(cases)('every code block is a whole command or document ($id, $lang)', async ({ diagnosis, lang }) => {
    // Act
    const { renderSlack } = await import('../../lambdas/pipeline/report.ts');
    const payload = JSON.parse(renderSlack(diagnosis, { lang })) as { blocks: { text?: { text: string } }[] };
    // Assess
    const whole = wholePieces(diagnosis);
    for (const b of payload.blocks) {
      // Code blocks hold commands and documents; inline code holds evidence values, shortened as evidence.
      const blocks = [...(b.text?.text ?? '').matchAll(/```\n?([\s\S]*?)\n?```/g)].map((m) => unescape(m[1]!));
      for (const c of blocks) expect(whole).toContain(c);
    }
  });
});
