/**
 * Why: the demo output must show the short chat form and the full form, and the README both, as the CLI renders
 * them today (a README example that drifts from the output says something untrue).
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { blockAfter } from '../harness/readme.ts';
import { main } from '../../lambdas/cli/main.ts';
import { loadScenarios } from '../../lambdas/cli/scenarios.ts';
import { diagnose } from '../../lambdas/pipeline/index.ts';
import { renderChatText, renderText } from '../../lambdas/pipeline/report.ts';

async function run(args: string[]): Promise<string> {
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (c) => (out += String(c)));
  await main(args, { stdin: new PassThrough(), stdout, stderr: new PassThrough(), env: {} });
  return out;
}

describe('the demo and the README show the short chat form and the full form', () => {
  it.each(['en', 'ja'] as const)('the demo prints both forms for every scenario (%s)', async (lang) => {
    // Act
    const out = await run(['demo', '--lang', lang, '--no-color']);
    // Assess
    const scenarios = loadScenarios();
    const short = lang === 'en' ? '── Short form for chat' : '── チャット用の短い形式';
    const full = lang === 'en' ? '── Full form (email, CLI)' : '── 完全な形式';
    expect(out.split(short).length - 1).toBe(scenarios.length);
    expect(out.split(full).length - 1).toBe(scenarios.length);
    const first = scenarios[0]!;
    const d = diagnose(first.event, first.evidence, { now: first.now, agentProfiles: first.agentProfiles });
    expect(out).toContain(renderChatText(d, { lang }));
    expect(out).toContain(renderText(d, { lang }));
  });

  it('the README shows both forms of the first scenario exactly as they are rendered', () => {
    // Prepare
    const first = loadScenarios()[0]!;
    const d = diagnose(first.event, first.evidence, { now: first.now, agentProfiles: first.agentProfiles });
    // Act
    const short = blockAfter('short form:');
    const full = blockAfter('The same diagnosis, full form');
    // Assess
    expect(short).toBe(renderChatText(d, { lang: 'en' }));
    expect(full).toBe(renderText(d, { lang: 'en' }));
  });

  it('the demo can show one scenario in one form (by number, id or part of the id)', async () => {
    // Act
    const byNumber = await run(['demo', '07', '--format', 'email', '--lang', 'ja']);
    const byPart = await run(['demo', 'vault-lock', '--format', 'email', '--lang', 'ja']);
    // Assess
    expect(byNumber.match(/^Subject: /gm)).toHaveLength(1);
    expect(byNumber).toContain('compliance-vault');
    expect(byPart).toBe(byNumber);
  });
});
