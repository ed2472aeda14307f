/**
 * The Slack form: an incoming-webhook payload in Block Kit. Limits kept: header text ≤ 150 characters, section
 * text ≤ 3,000, ≤ 10 fields of ≤ 2,000 each, ≤ 50 blocks, and a `text` fallback for notifications.
 * @see https://api.slack.com/reference/block-kit/blocks
 */
import { jsonSafe } from './unsafe.ts';
import type { Diagnosis, Lang } from '../model/types.ts';
import { type Report, type ResolvedFinding, buildReport, formatUtc } from './model.ts';
import { codeBlock, escapeSlack, inlineCode, quote, truncateMrkdwn, truncatePlain } from './mrkdwn.ts';
import type { MessageTable } from './translate.ts';

/** Slack's documented limits for the blocks used here. */
export const SLACK_LIMITS = {
  headerText: 150,
  sectionText: 3000,
  fieldText: 2000,
  fields: 10,
  blocks: 50,
  fallbackText: 3000,
} as const;

/** Uncited gaps listed before "… and N more". */
const MAX_OTHER_GAPS = 8;
/** At most this many failing findings get their own blocks; the rest are counted. */
const MAX_FAILING_SHOWN = 10;
/**
 * Fact values and AWS messages are shortened: a channel is no place for whole policy documents. A command or a
 * document longer than its bound is not shown at all (never cut): the message says where it is.
 */
const MAX_FACT_VALUE = 300;
const MAX_SNIPPET = 600;
const MAX_COMMAND = 1500;
const MAX_STATUS_MESSAGE = 1500;

/** A Block Kit block, as plain JSON. */
export type SlackBlock = Record<string, unknown>;

/** An incoming-webhook payload. */
export interface SlackPayload {
  readonly text: string;
  readonly blocks: readonly SlackBlock[];
}

const section = (text: string): SlackBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text: truncateMrkdwn(text, SLACK_LIMITS.sectionText) },
});

const EMOJI: Record<ResolvedFinding['verdict'], string> = {
  fail: ':x:',
  inconclusive: ':grey_question:',
  error: ':warning:',
  pass: ':white_check_mark:',
  'not-applicable': ':heavy_minus_sign:',
};

/** A docs link, only for a plain https URL (anything else is shown as escaped text). */
function docsLink(url: string, label: string): string {
  return /^https:\/\/[^\s<>|]+$/.test(url) ? `<${url}|${escapeSlack(label)}>` : escapeSlack(url);
}

function findingHead(f: ResolvedFinding): string {
  return `${EMOJI[f.verdict]} *${escapeSlack(f.title.text)}*  ${inlineCode(f.checkId)}`;
}

function failingBlocks(f: ResolvedFinding, r: Report): SlackBlock[] {
  const lines = [findingHead(f)];
  if (f.detail) lines.push(escapeSlack(f.detail.text));
  if (f.facts.length > 0) {
    lines.push(`*${escapeSlack(r.t('section.evidence'))}*`);
    for (const fact of f.facts) {
      lines.push(`• ${escapeSlack(fact.label)}: ${inlineCode(truncatePlain(fact.value, MAX_FACT_VALUE))}`);
    }
  }
  const blocks = [section(lines.join('\n'))];
  if (f.fix) {
    const fix = [`*${escapeSlack(r.t('section.fix'))}:* ${escapeSlack(f.fix.summary.text)}`];
    // Whole or not at all: a cut command is a broken command, and a cut policy is a different policy.
    if (f.fix.command) fix.push(f.fix.command.length <= MAX_COMMAND ? codeBlock(f.fix.command) : `_${escapeSlack(r.t('chat.commandTooLong'))}_`);
    if (f.fix.snippet) fix.push(f.fix.snippet.length <= MAX_SNIPPET ? codeBlock(f.fix.snippet) : `_${escapeSlack(r.t('chat.documentTooLong'))}_`);
    if (f.fix.docs) fix.push(docsLink(f.fix.docs, r.t('section.docs')));
    blocks.push(section(fix.join('\n')));
  }
  return blocks;
}

/** Builds the Slack payload of a diagnosis. */
export function slackPayload(diagnosis: Diagnosis, lang: Lang, table: MessageTable): SlackPayload {
  const r = buildReport(diagnosis, lang, table);
  const blocks: SlackBlock[] = [];

  blocks.push({
    type: 'header',
    text: { type: 'plain_text', text: truncateMrkdwn(escapeSlack(r.headline.text), SLACK_LIMITS.headerText), emoji: true },
  });

  const intro = [`*${escapeSlack(r.t('label.category'))}:* ${escapeSlack(r.category.label)}`];
  if (r.hint) intro.push(escapeSlack(r.hint.text));
  blocks.push({
    ...section(intro.join('\n')),
    fields: r.summary.slice(0, SLACK_LIMITS.fields).map((row) => ({
      type: 'mrkdwn',
      text: truncateMrkdwn(`*${escapeSlack(row.label)}*\n${escapeSlack(truncatePlain(row.value, 500))}`, SLACK_LIMITS.fieldText),
    })),
  });

  blocks.push(
    section(
      `*${escapeSlack(r.t('section.statusMessage'))}*\n${
        r.statusMessage ? quote(truncatePlain(r.statusMessage, MAX_STATUS_MESSAGE)) : `_${escapeSlack(r.t('label.noStatusMessage'))}_`
      }`,
    ),
  );

  if (r.failing.length > 0) {
    blocks.push({ type: 'divider' }, section(`*${escapeSlack(r.t('section.cause'))}*`));
    for (const f of r.failing.slice(0, MAX_FAILING_SHOWN)) blocks.push(...failingBlocks(f, r));
    const hidden = r.failing.length - MAX_FAILING_SHOWN;
    if (hidden > 0) blocks.push(contextBlock(r.t('label.moreFindings', { count: hidden })));
  }

  if (r.unresolved.length > 0) {
    const lines = r.unresolved.map((f) =>
      [findingHead(f), ...(f.missing ?? []).map((g) => `      ${escapeSlack(truncatePlain(g.text, 400))}`)].join('\n'),
    );
    blocks.push(section(`*${escapeSlack(r.t('section.couldNotCheck'))}*\n${lines.join('\n')}`));
  }

  if (r.otherGaps.length > 0) {
    const lines = r.otherGaps.slice(0, MAX_OTHER_GAPS).map((g) => `– ${escapeSlack(truncatePlain(g.text, 300))}`);
    const hidden = r.otherGaps.length - MAX_OTHER_GAPS;
    if (hidden > 0) lines.push(`_${escapeSlack(r.t('label.moreGaps', { count: hidden }))}_`);
    blocks.push(section(`*${escapeSlack(r.t('section.alsoNotRead'))}*\n${lines.join('\n')}`));
  }

  if (r.passed.length > 0 || r.notApplicableCount > 0) {
    const lines = r.passed.map((f) => `${EMOJI.pass} ${escapeSlack(f.title.text)}`);
    if (r.notApplicableCount > 0) lines.push(`_${escapeSlack(r.t('label.notApplicableCount', { count: r.notApplicableCount }))}_`);
    blocks.push(section(`*${escapeSlack(r.t('section.passed'))}*\n${lines.join('\n')}`));
  }

  if (r.nextSteps.length > 0) {
    const lines = r.nextSteps.map(
      (step) =>
        `• ${escapeSlack(step.text.text)}${
          step.command ? `\n${step.command.length <= MAX_COMMAND ? codeBlock(step.command) : `_${escapeSlack(r.t('chat.commandTooLong'))}_`}` : ''
        }`,
    );
    blocks.push(section(`*${escapeSlack(r.t('section.nextSteps'))}*\n${lines.join('\n')}`));
  }

  if (r.links.length > 0) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: linkLine(r) }] });
  }

  blocks.push(
    contextBlock(
      `${r.t('label.generatedAt', { time: formatUtc(r.generatedAt) })} · ${r.t('label.fingerprint', { fingerprint: r.fingerprint })}`,
    ),
  );

  return {
    text: truncateMrkdwn(escapeSlack(`${r.headline.text} (${r.category.label})`), SLACK_LIMITS.fallbackText),
    blocks: blocks.slice(0, SLACK_LIMITS.blocks),
  };
}

/** The console links as one mrkdwn line: "<url|Role> · <url|Vault>" (the URLs are built, never taken from the event). */
export function linkLine(r: Report): string {
  return `*${escapeSlack(r.t('section.links'))}:* ${r.links.map((l) => `<${l.url}|${escapeSlack(l.label)}>`).join(' · ')}`;
}

function contextBlock(text: string): SlackBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: truncateMrkdwn(escapeSlack(text), SLACK_LIMITS.sectionText) }] };
}

/** Renders the Slack payload as the JSON string an incoming webhook takes. */
export function renderSlackWith(diagnosis: Diagnosis, lang: Lang, table: MessageTable): string {
  return jsonSafe(JSON.stringify(slackPayload(diagnosis, lang, table)));
}
