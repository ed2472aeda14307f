/**
 * `backup-doctor demo`: diagnoses the bundled scenarios offline, without credentials, and says for each
 * whether the diagnosis found the cause the scenario was built around.
 */
import { diagnose } from '../pipeline/index.ts';
import type { Diagnosis, Lang } from '../model/types.ts';
import { render, renderChatText } from '../pipeline/report.ts';
import { colorWanted, formatOption, type Io, langOption, parseOptions, UsageError } from './options.ts';
import { renderDiagnoses } from './output.ts';
import { deliverSigned } from '../webhook/in-process.ts';
import { loadScenarios } from './scenarios.ts';

const DEMO_TEXT = {
  en: { scenario: 'Scenario', expected: 'expected cause', found: 'found', chat: 'Short form for chat (Slack, AWS Chatbot)', full: 'Full form (email, CLI)', ok: 'diagnosed correctly', bad: 'NOT diagnosed as expected', summary: '{ok} of {total} scenarios diagnosed correctly', webhook: 'signed and delivered through the webhook' },
  ja: { scenario: 'シナリオ', expected: '想定される原因', found: '診断結果', chat: 'チャット用の短い形式 (Slack、AWS Chatbot)', full: '完全な形式 (メール、CLI)', ok: '正しく診断されました', bad: '想定どおりに診断されませんでした', summary: '{total} 件中 {ok} 件のシナリオを正しく診断しました', webhook: '署名付きで Webhook 経由で配信' },
} as const;

/**
 * The scenarios named on the command line: by id ("01-role-not-trusted"), by its number ("01") or by any part of the
 * id ("vault-lock"); all of them when none is named. A name that matches nothing is a usage error.
 */
function selectScenarios<T extends { readonly id: string }>(all: readonly T[], names: readonly string[]): T[] {
  if (names.length === 0) return [...all];
  return names.flatMap((name) => {
    const exact = all.filter((s) => s.id === name || s.id.startsWith(`${name}-`));
    const found = exact.length > 0 ? exact : all.filter((s) => s.id.includes(name));
    if (found.length === 0) throw new UsageError(`no demo scenario matches "${name}" (scenarios: ${all.map((s) => s.id).join(', ')})`);
    return found;
  });
}

/** Runs the demo. Exit code 1 when a scenario is not diagnosed as expected. */
export async function demoCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions('demo', args);
  const lang: Lang = langOption(values['lang']);
  const format = formatOption(values['format']);
  const color = colorWanted(values, io) && format === 'text';
  const t = DEMO_TEXT[lang];
  const paint = (code: string, s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);

  const scenarios = selectScenarios(loadScenarios(), positionals);
  let ok = 0;
  const diagnoses: Diagnosis[] = [];
  for (const [i, scenario] of scenarios.entries()) {
    // A webhook scenario is signed and delivered through the webhook's handling, then read from its queue message.
    let event = scenario.event;
    let delivered = '';
    if (scenario.via === 'webhook') {
      const delivery = await deliverSigned(scenario.rawEvent, scenario.now);
      const first = delivery.events[0];
      if (!first) throw new Error(`scenario ${scenario.id}: the webhook answered HTTP ${delivery.response.statusCode} and queued nothing`);
      event = first;
      delivered = ` · ${t.webhook} (HTTP ${delivery.response.statusCode})`;
    }
    const diagnosis = diagnose(event, scenario.evidence, { now: scenario.now, agentProfiles: scenario.agentProfiles });
    const top = diagnosis.findings[0];
    const good =
      top?.verdict === 'fail' && top.checkId === scenario.expect.checkId && diagnosis.category === scenario.expect.category;
    if (good) ok += 1;
    if (format !== 'text') {
      diagnoses.push(diagnosis);
      continue;
    }
    const rule = '═'.repeat(100);
    io.stdout.write(`${paint('2', rule)}\n`);
    io.stdout.write(`${paint('1', `${t.scenario} ${i + 1}/${scenarios.length}: ${scenario.title[lang]}`)}  ${paint('2', `(seed ${scenario.seed}, ${scenario.id}${delivered})`)}\n`);
    io.stdout.write(`${paint('2', rule)}\n`);
    io.stdout.write(`${paint('1', `── ${t.chat}`)}\n`);
    io.stdout.write(renderChatText(diagnosis, { lang }));
    io.stdout.write(`\n${paint('1', `── ${t.full}`)}\n`);
    io.stdout.write(render(diagnosis, { format: 'text', lang, color }));
    io.stdout.write('\n');
    const verdict = good ? paint('32', `✔ ${t.ok}`) : paint('31', `✘ ${t.bad}`);
    io.stdout.write(`${verdict}  ${paint('2', `${t.expected}: ${scenario.expect.category} (${scenario.expect.checkId}); ${t.found}: ${diagnosis.category} (${top?.checkId ?? '-'})`)}\n\n`);
  }
  // One document for the machine formats: a JSON array, JSON Lines, or the emails one after another.
  if (format !== 'text') io.stdout.write(renderDiagnoses(diagnoses, { format, lang, color: false, alwaysArray: true }));
  if (format === 'text') {
    const summary = t.summary.replace('{ok}', String(ok)).replace('{total}', String(scenarios.length));
    io.stdout.write(`${paint(ok === scenarios.length ? '1;32' : '1;31', summary)}\n`);
  }
  return ok === scenarios.length ? 0 : 1;
}
