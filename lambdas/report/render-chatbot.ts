/**
 * The AWS Chatbot (Amazon Q Developer in chat applications) form: a custom notification published to the SNS
 * topic that a chat channel subscribes to. `version` must be "1.0", `source` must be "custom", and
 * "client-markdown" is the only textType; the text is rendered as the chat platform's markdown, so values are
 * escaped as for Slack. Lengths are kept within Slack's block limits, which the rendered message must fit.
 * @see https://docs.aws.amazon.com/chatbot/latest/adminguide/custom-notifs.html
 */
import { createHash } from 'node:crypto';
import type { Diagnosis, Lang } from '../model/types.ts';
import { type Report, type ResolvedFinding, buildReport } from './model.ts';
import { codeBlock, escapeSlack, inlineCode, quote, truncateMrkdwn, truncatePlain } from './mrkdwn.ts';
import { linkLine } from './render-slack.ts';
import { jsonSafe } from './unsafe.ts';
import type { MessageTable } from './translate.ts';

/** The custom notification event schema. */
export interface ChatbotNotification {
  readonly version: '1.0';
  readonly source: 'custom';
  readonly id?: string;
  readonly content: {
    readonly textType: 'client-markdown';
    readonly title?: string;
    readonly description: string;
    readonly nextSteps?: readonly string[];
    readonly keywords?: readonly string[];
  };
  readonly metadata?: {
    readonly threadId?: string;
    readonly summary?: string;
    readonly relatedResources?: readonly string[];
  };
}

/** Bounds for each field, chosen so that the rendered message stays within Slack's block limits. */
export const CHATBOT_LIMITS = {
  title: 150,
  description: 3000,
  nextSteps: 5,
  nextStep: 500,
  keywords: 5,
  keyword: 50,
  summary: 150,
  relatedResources: 5,
} as const;

const MAX_FAILING_SHOWN = 5;
const MAX_FACT_VALUE = 200;

const EMOJI: Record<ResolvedFinding['verdict'], string> = {
  fail: ':x:',
  inconclusive: ':grey_question:',
  error: ':warning:',
  pass: ':white_check_mark:',
  'not-applicable': ':heavy_minus_sign:',
};

/** A command as mrkdwn, whole: inline when it is one line, else a code block. */
function command(cmd: string): string {
  return cmd.includes('\n') ? `\n${codeBlock(cmd)}` : ` ${inlineCode(cmd)}`;
}

/**
 * One next step: the text, then its command and document whole. A step that would be longer than a next step may
 * be is never cut (a cut command is a broken command, and a cut step may say "below" with nothing below): it is
 * replaced by `tooLong`, which says where the whole step is.
 */
function step(text: string, cmd: string | undefined, snippet: string | undefined, tooLong: () => string): string {
  const whole = `${escapeSlack(text)}${cmd ? command(cmd) : ''}${snippet ? `\n${codeBlock(snippet)}` : ''}`;
  return whole.length <= CHATBOT_LIMITS.nextStep ? whole : truncateMrkdwn(escapeSlack(tooLong()), CHATBOT_LIMITS.nextStep);
}

function description(r: Report): string {
  const out: string[] = [`*${escapeSlack(r.t('label.category'))}:* ${escapeSlack(r.category.label)}`];
  if (r.hint) out.push(escapeSlack(r.hint.text));
  for (const row of r.summary) out.push(`*${escapeSlack(row.label)}:* ${escapeSlack(truncatePlain(row.value, 300))}`);
  // Early in the description, so that a long one is never cut inside a link.
  if (r.links.length > 0) out.push(linkLine(r));
  out.push('', `*${escapeSlack(r.t('section.statusMessage'))}*`);
  out.push(r.statusMessage ? quote(truncatePlain(r.statusMessage, 800)) : `_${escapeSlack(r.t('label.noStatusMessage'))}_`);

  if (r.failing.length > 0) {
    out.push('', `*${escapeSlack(r.t('section.cause'))}*`);
    for (const f of r.failing.slice(0, MAX_FAILING_SHOWN)) {
      out.push(`${EMOJI.fail} *${escapeSlack(f.title.text)}*`);
      if (f.detail) out.push(escapeSlack(truncatePlain(f.detail.text, 500)));
      for (const fact of f.facts.slice(0, 8)) {
        out.push(`• ${escapeSlack(fact.label)}: ${inlineCode(truncatePlain(fact.value, MAX_FACT_VALUE))}`);
      }
    }
    const hidden = r.failing.length - MAX_FAILING_SHOWN;
    if (hidden > 0) out.push(`_${escapeSlack(r.t('label.moreFindings', { count: hidden }))}_`);
  }
  if (r.unresolved.length > 0) {
    out.push('', `*${escapeSlack(r.t('section.couldNotCheck'))}*`);
    for (const f of r.unresolved.slice(0, MAX_FAILING_SHOWN)) {
      out.push(`${EMOJI[f.verdict]} ${escapeSlack(truncatePlain(f.title.text, 300))}`);
      for (const g of (f.missing ?? []).slice(0, 3)) out.push(`      ${escapeSlack(truncatePlain(g.text, 300))}`);
    }
    const hidden = r.unresolved.length - MAX_FAILING_SHOWN;
    if (hidden > 0) out.push(`_${escapeSlack(r.t('label.moreFindings', { count: hidden }))}_`);
  }
  if (r.otherGaps.length > 0) {
    out.push('', `*${escapeSlack(r.t('section.alsoNotRead'))}*`);
    for (const g of r.otherGaps.slice(0, 3)) out.push(`– ${escapeSlack(truncatePlain(g.text, 300))}`);
    if (r.otherGaps.length > 3) out.push(`_${escapeSlack(r.t('label.moreGaps', { count: r.otherGaps.length - 3 }))}_`);
  }
  if (r.passed.length > 0) {
    out.push('', `*${escapeSlack(r.t('section.passed'))}*`);
    out.push(r.passed.map((f) => `${EMOJI.pass} ${escapeSlack(truncatePlain(f.title.text, 150))}`).join('\n'));
  }
  return truncateMrkdwn(out.join('\n'), CHATBOT_LIMITS.description);
}

function nextSteps(r: Report): string[] {
  const steps: string[] = [];
  for (const f of r.failing) {
    if (!f.fix) continue;
    const title = truncatePlain(f.title.text, 200);
    steps.push(step(f.fix.summary.text, f.fix.command, f.fix.snippet, () => r.t('chat.fixTooLong', { title })));
  }
  for (const s of r.nextSteps) {
    steps.push(step(s.text.text, s.command, undefined, () => `${truncatePlain(s.text.text, 250)} ${r.t('chat.commandTooLong')}`));
  }
  return steps.slice(0, CHATBOT_LIMITS.nextSteps);
}

/** A short, stable thread id per root cause, so that follow-ups of one cause share a thread. */
export function threadIdOf(fingerprint: string): string {
  return `backup-doctor-${createHash('sha256').update(fingerprint).digest('hex').slice(0, 20)}`;
}

/** Builds the custom notification of a diagnosis. */
export function chatbotNotification(diagnosis: Diagnosis, lang: Lang, table: MessageTable): ChatbotNotification {
  const r = buildReport(diagnosis, lang, table);
  const { event } = diagnosis;
  const steps = nextSteps(r);
  const related = [
    ...new Set([event.resourceArn, event.roleArn, event.vaultArn, event.destinationVaultArn, event.ecs?.taskArn]),
  ]
    .filter((v): v is string => Boolean(v))
    .slice(0, CHATBOT_LIMITS.relatedResources)
    // Chatbot shows these as text: they come from the event, so they are escaped like every other value.
    .map((v) => truncatePlain(escapeSlack(v), 500));
  const keywords = [diagnosis.category, event.kind, event.state]
    .filter(Boolean)
    .map((k) => truncatePlain(escapeSlack(k), CHATBOT_LIMITS.keyword))
    .slice(0, CHATBOT_LIMITS.keywords);
  return {
    version: '1.0',
    source: 'custom',
    id: truncatePlain(escapeSlack(event.id), 200),
    content: {
      textType: 'client-markdown',
      title: truncateMrkdwn(`${r.failing.length > 0 ? EMOJI.fail : EMOJI.error} ${escapeSlack(r.headline.text)}`, CHATBOT_LIMITS.title),
      description: description(r),
      ...(steps.length > 0 ? { nextSteps: steps } : {}),
      keywords,
    },
    metadata: {
      threadId: threadIdOf(diagnosis.fingerprint),
      summary: truncateMrkdwn(escapeSlack(r.headline.text), CHATBOT_LIMITS.summary),
      ...(related.length > 0 ? { relatedResources: related } : {}),
    },
  };
}

/** Renders the custom notification as the JSON string to publish to SNS. */
export function renderChatbotWith(diagnosis: Diagnosis, lang: Lang, table: MessageTable): string {
  return jsonSafe(JSON.stringify(chatbotNotification(diagnosis, lang, table)));
}
