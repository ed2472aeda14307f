/**
 * The short form of a diagnosis for chat (Slack): the headline, the cause in one or two sentences, the fix
 * command, console links, and where the details are. The full form stays for email and the CLI. A command is
 * never cut: one too long for chat is replaced by a pointer to the full form.
 */
import type { Diagnosis, Lang } from '../model/types.ts';
import { type ResolvedFinding, buildReport } from './model.ts';
import { codeBlock, escapeSlack } from './mrkdwn.ts';
import type { MessageTable } from './translate.ts';

/** The longest command the short form carries whole; longer ones are pointed to, never cut. */
export const CHAT_MAX_COMMAND = 900;

/** The first one or two sentences of a text (English or Japanese sentence ends). */
export function firstSentences(text: string, count = 2): string {
  let found = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    // A full stop ends a sentence only before a space or the end ("backup.amazonaws.com" is one word).
    const ends = '。！？'.includes(c) || ('.!?'.includes(c) && (i + 1 === text.length || /\s/.test(text[i + 1]!)));
    if (ends && ++found === count) return text.slice(0, i + 1).trim();
  }
  return text.trim();
}

/** The short form as plain parts, shared by the Slack payload and the text shown in the demo. */
export interface ChatParts {
  readonly headline: string;
  readonly cause?: string;
  readonly fixLabel: string;
  readonly command?: string;
  /** Said instead of the command when there is none or it is too long for chat. */
  readonly fixNote?: string;
  /** The document the note refers to (a policy to add), whole, when there is no command. */
  readonly snippet?: string;
  readonly links: readonly { readonly label: string; readonly url: string }[];
  readonly details: string;
}

/** The parts of the short form in one language. */
export function chatParts(diagnosis: Diagnosis, lang: Lang, table: MessageTable): ChatParts {
  const r = buildReport(diagnosis, lang, table);
  const top: ResolvedFinding | undefined = r.failing[0] ?? r.unresolved[0];
  const cause = top?.detail?.text ?? (top ? undefined : r.hint?.text);
  const command = top?.fix?.command;
  const fitting = command && command.length <= CHAT_MAX_COMMAND ? command : undefined;
  // Without a command, the fix's words may refer to its document ("add the statement below"): the document follows
  // them whole, or the note says where the fix is.
  const snippet = !command && top?.fix?.snippet;
  const snippetFits = snippet && snippet.length <= CHAT_MAX_COMMAND ? snippet : undefined;
  const fixNote = fitting
    ? undefined
    : command
      ? r.t('chat.commandTooLong')
      : top?.fix
        ? snippet && !snippetFits
          ? r.t('chat.fixTooLong', { title: top.title.text })
          : firstSentences(top.fix.summary.text, 2)
        : undefined;
  return {
    headline: r.headline.text,
    ...(cause ? { cause: firstSentences(cause, 2) } : {}),
    fixLabel: r.t('section.fix'),
    ...(fitting ? { command: fitting } : {}),
    ...(fixNote ? { fixNote } : {}),
    ...(snippetFits ? { snippet: snippetFits } : {}),
    links: r.links.map((l) => ({ label: l.label, url: l.url })),
    details: r.t('chat.details'),
  };
}

/** The Slack incoming-webhook payload of the short form (Block Kit), as a JSON string. */
export function renderChatSlackWith(diagnosis: Diagnosis, lang: Lang, table: MessageTable): string {
  const p = chatParts(diagnosis, lang, table);
  const blocks: unknown[] = [{ type: 'header', text: { type: 'plain_text', text: p.headline.slice(0, 150), emoji: true } }];
  const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
  if (p.cause) blocks.push(section(escapeSlack(p.cause)));
  const fix = [`*${escapeSlack(p.fixLabel)}:*`];
  if (p.fixNote) fix.push(escapeSlack(p.fixNote));
  if (p.command) fix.push(codeBlock(p.command));
  if (p.snippet) fix.push(`\n${codeBlock(p.snippet)}`);
  if (p.command || p.fixNote) blocks.push(section(fix.join(p.command ? '\n' : ' ')));
  if (p.links.length > 0) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: p.links.map((l) => `<${l.url}|${escapeSlack(l.label)}>`).join(' · ') }] });
  }
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: escapeSlack(p.details) }] });
  return JSON.stringify({ text: p.headline, blocks }, null, 2);
}

/** The short form as plain text (the demo and the README show it). */
export function renderChatTextWith(diagnosis: Diagnosis, lang: Lang, table: MessageTable): string {
  const p = chatParts(diagnosis, lang, table);
  const out = [p.headline];
  if (p.cause) out.push(p.cause);
  if (p.command) out.push(`${p.fixLabel}:`, `  ${p.command}`);
  else if (p.fixNote) out.push(`${p.fixLabel}: ${p.fixNote}`);
  if (p.snippet) out.push(...p.snippet.split('\n').map((l) => `  ${l}`));
  for (const l of p.links) out.push(`${l.label}: ${l.url}`);
  out.push(p.details);
  return `${out.join('\n')}\n`;
}

/** The texts of the short form. */
export const chatMessages = {
  en: {
    'chat.commandTooLong': 'The command is too long for chat: it is in the full diagnosis (email, or `backup-doctor diagnose`).',
    'chat.details': 'Details (evidence, checks that passed, next steps): the email of this diagnosis, or `backup-doctor diagnose EVENT.json`.',
    'chat.documentTooLong': 'The document is too long for chat: it is in the full diagnosis (the email of this diagnosis, or `backup-doctor diagnose EVENT.json`).',
    'chat.fixTooLong': 'The fix for “{title}” is too long for chat: it is in the full diagnosis (the email of this diagnosis, or `backup-doctor diagnose EVENT.json`).',
  },
  ja: {
    'chat.commandTooLong': 'コマンドはチャットには長すぎるため、完全な診断 (メール、または `backup-doctor diagnose`) に記載しています。',
    'chat.details': '詳細 (証拠、問題のなかったチェック、次の手順) は、この診断のメール、または `backup-doctor diagnose EVENT.json` で確認できます。',
    'chat.documentTooLong': 'ドキュメントはチャットには長すぎるため、完全な診断 (この診断のメール、または `backup-doctor diagnose EVENT.json`) に記載しています。',
    'chat.fixTooLong': '「{title}」の修正方法はチャットには長すぎるため、完全な診断 (この診断のメール、または `backup-doctor diagnose EVENT.json`) に記載しています。',
  },
} as const;
