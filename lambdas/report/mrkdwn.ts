/**
 * Slack mrkdwn helpers, shared by the Slack and Chatbot forms (Chatbot renders client-markdown as Slack's).
 * Every interpolated value is escaped: with &, < and > escaped, `<!channel>`, `<@U123>`, `<#C123>` and
 * `<!subteam^...>` in a status message stay text and never become mentions or links.
 * @see https://api.slack.com/reference/surfaces/formatting#escaping
 */
import { neutralise } from './unsafe.ts';

/** Breaks a run of three or more backticks so that AWS text cannot open or close a code block. */
function breakFences(s: string): string {
  return s.replace(/`{3,}/g, (m) => m.split('').join('\u200b'));
}

/**
 * Escapes &, < and > for Slack, breaks code fences, and shows control characters (other than newline and tab) and
 * bidirectional overrides as visible escapes.
 */
export function escapeSlack(s: string): string {
  return breakFences(
    neutralise(s)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;'),
  );
}

/** Cuts a plain string to at most `max` UTF-16 units at a code point boundary, ending with "…" when cut. */
export function truncatePlain(s: string, max: number): string {
  if (s.length <= max) return s;
  let out = '';
  for (const ch of s) {
    if (out.length + ch.length > max - 1) break;
    out += ch;
  }
  return `${out}…`;
}

const FENCE = '```';

/**
 * Cuts escaped mrkdwn to at most `max` UTF-16 units without splitting an entity (&amp;) or a surrogate pair, and
 * closes a code block that the cut left open.
 */
export function truncateMrkdwn(s: string, max: number): string {
  if (s.length <= max) return s;
  const closing = `\n${FENCE}`;
  let cut = truncatePlain(s, max - closing.length).slice(0, -1);
  cut = cut.replace(/&[a-z]{0,4}$/, '');
  const open = cut.split(FENCE).length % 2 === 0;
  return open ? `${cut}…${closing}` : `${cut}…`;
}

/** A code block: escaped, with fences inside broken so that AWS text cannot close the block early. */
export function codeBlock(s: string): string {
  return `${FENCE}\n${escapeSlack(s)}\n${FENCE}`;
}

/** An inline code span for an identifier (ARN, role name): escaped, no backticks inside. */
export function inlineCode(s: string): string {
  return `\`${escapeSlack(s.replace(/`/g, "'").replace(/\n/g, ' '))}\``;
}

/** A quoted paragraph (for AWS's status message), escaped line by line. */
export function quote(s: string): string {
  return s
    .split('\n')
    .map((line) => `>${escapeSlack(line)}`)
    .join('\n');
}
