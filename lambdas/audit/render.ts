/**
 * Audit reports in the four output forms (text, json, Slack Block Kit, AWS Chatbot custom notification), en and
 * ja, and the change notification of the scheduled audit (new and resolved findings only).
 */
import type { Lang, Text } from '../model/types.ts';
import { messageTable, translate } from '../pipeline/report.ts';
import { escapeSlack, truncateMrkdwn, truncatePlain } from '../report/mrkdwn.ts';
import type { AuditFinding, AuditReport } from './run.ts';
import type { AuditFormatName } from '../cli/options.ts';

/** The output forms. */
/** The forms an audit report is rendered in (listed once, with the command's options). */
export type AuditFormat = AuditFormatName;

/** What a listed finding shows: its title, what it is about and its fix. A finding kept between runs has this much. */
export type ListedFinding = Pick<AuditFinding, 'key' | 'question' | 'checkId' | 'title' | 'scope' | 'changes'> & {
  readonly subject?: string;
  readonly fix?: { readonly summary: Text };
};

/** What changed between two audits. */
export interface AuditChanges {
  readonly report: AuditReport;
  readonly added: readonly ListedFinding[];
  /** Findings of the last audit that this one answered as fine, or whose object is gone. */
  readonly resolved: readonly ListedFinding[];
  /**
   * Findings of the last audit that this one could not decide (a read failed or was denied): neither new nor
   * resolved, they are kept until an audit decides them.
   */
  readonly carried: readonly ListedFinding[];
}

const t = (lang: Lang, key: string, params?: Record<string, string | number>) =>
  translate(params ? { key, params } : { key }, lang, messageTable());

function findingLines(f: ListedFinding & { readonly detail?: Text; readonly fix?: { readonly summary: Text; readonly command?: string } }, lang: Lang): string[] {
  const lines = [`✗ ${translate(f.title, lang)}  [${f.checkId}]`, `  ${t(lang, 'audit.scope')}: ${f.scope}`];
  if (f.detail) lines.push(`  ${translate(f.detail, lang)}`);
  if (f.fix) {
    lines.push(`  → ${translate(f.fix.summary, lang)}`);
    if (f.fix.command) lines.push(...f.fix.command.split('\n').map((l) => `    ${l}`));
  }
  const change = changeLine(f, lang);
  if (change) lines.push(`  ${change}`);
  return lines;
}

/** Who last changed the finding's object at fault, or that nobody did in 90 days, or that it was not looked up. */
function changeLine(f: { readonly changes?: AuditFinding['changes'] }, lang: Lang): string | undefined {
  const c = f.changes;
  if (!c) return undefined;
  const latest = c.latest[0];
  if (latest) return t(lang, 'chat.changedBy', { event: latest.eventName, who: latest.who, time: latest.eventTime.slice(0, 16).replace('T', ' ') });
  const object = t(lang, 'changes.object', { kind: t(lang, `changes.kind.${c.kind}`), subject: c.subject });
  if (c.outcome === 'unchanged') return t(lang, 'changes.unchanged', { object, since: c.since ?? '?' });
  if (c.outcome === 'not-allowed') return t(lang, 'changes.notAllowed', { object });
  return t(lang, 'changes.notRead', { object, detail: c.detail ?? '?' });
}

function gapLine(g: AuditReport['gaps'][number], lang: Lang): string {
  return `- ${t(lang, 'gap.line', { what: g.what, why: t(lang, `gap.${g.why}`) })}`;
}

/** The terminal form. */
export function auditText(r: AuditReport, lang: Lang): string {
  const out = [t(lang, 'audit.title', { account: r.account ?? '?', region: r.region ?? '?' }), t(lang, 'audit.counted', { ...countedParams(r) }), ''];
  if (r.findings.length === 0) out.push(t(lang, 'audit.none'));
  else {
    out.push(t(lang, 'audit.summary', { count: r.findings.length }), '');
    for (const f of r.findings) out.push(...findingLines(f, lang), '');
  }
  if (r.gaps.length > 0) out.push('', t(lang, 'audit.gaps'), ...r.gaps.map((g) => gapLine(g, lang)));
  return `${out.join('\n').trimEnd()}\n`;
}

function countedParams(r: AuditReport): Record<string, number> {
  const keys = ['rules', 'copyActions', 'selections', 'keys', 'windows', 'boundRoles'];
  return Object.fromEntries(keys.map((k) => [k, r.counted[k] ?? 0]));
}

/** The machine form: every finding with its texts resolved next to their keys. */
export function auditJson(r: AuditReport, lang: Lang): string {
  const resolve = (f: AuditFinding) => ({
    ...f,
    titleText: translate(f.title, lang),
    ...(f.detail ? { detailText: translate(f.detail, lang) } : {}),
    ...(f.fix ? { fixText: translate(f.fix.summary, lang) } : {}),
    ...(f.changes ? { changesText: changeLine(f, lang) } : {}),
  });
  return `${JSON.stringify({ ...r, lang, findings: r.findings.map(resolve) }, null, 2)}\n`;
}

/** A Slack incoming-webhook payload (Block Kit), within Slack's limits (section text ≤ 3,000, ≤ 50 blocks). */
export function auditSlack(r: AuditReport, lang: Lang, changes?: Pick<AuditChanges, 'added' | 'resolved'>): string {
  const title = changes
    ? t(lang, 'audit.changes', { account: r.account ?? '?', new: changes.added.length, resolved: changes.resolved.length })
    : t(lang, 'audit.title', { account: r.account ?? '?', region: r.region ?? '?' });
  const blocks: unknown[] = [{ type: 'header', text: { type: 'plain_text', text: truncatePlain(title, 150) } }];
  const section = (text: string) => blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncateMrkdwn(text, 3000) } });
  const list = (fs: readonly ListedFinding[], mark: string) => {
    for (const f of fs.slice(0, 20)) {
      const change = changeLine(f, lang);
      section(`${mark} *${escapeSlack(translate(f.title, lang))}*\n${escapeSlack(f.scope)}${f.fix ? `\n→ ${escapeSlack(translate(f.fix.summary, lang))}` : ''}${change ? `\n_${escapeSlack(change)}_` : ''}`);
    }
  };
  if (changes) {
    if (changes.added.length > 0) section(`*${escapeSlack(t(lang, 'audit.new'))}*`);
    list(changes.added, ':x:');
    if (changes.resolved.length > 0) section(`*${escapeSlack(t(lang, 'audit.resolved'))}*`);
    list(changes.resolved, ':white_check_mark:');
  } else if (r.findings.length === 0) section(escapeSlack(t(lang, 'audit.none')));
  else list(r.findings, ':x:');
  return JSON.stringify({ text: truncatePlain(title, 150), blocks: blocks.slice(0, 50) });
}

/** An AWS Chatbot custom notification (version 1.0, source custom, client-markdown). */
export function auditChatbot(r: AuditReport, lang: Lang, changes?: Pick<AuditChanges, 'added' | 'resolved'>): string {
  const title = changes
    ? t(lang, 'audit.changes', { account: r.account ?? '?', new: changes.added.length, resolved: changes.resolved.length })
    : t(lang, 'audit.title', { account: r.account ?? '?', region: r.region ?? '?' });
  const lines = (fs: readonly ListedFinding[], mark: string) =>
    fs.map((f) => {
      const change = changeLine(f, lang);
      return `${mark} ${translate(f.title, lang)}${change ? `\n    ${change}` : ''}`;
    });
  const body = changes
    ? [...(changes.added.length ? [`*${t(lang, 'audit.new')}*`, ...lines(changes.added, '✗')] : []), ...(changes.resolved.length ? [`*${t(lang, 'audit.resolved')}*`, ...lines(changes.resolved, '✓')] : [])]
    : r.findings.length === 0
      ? [t(lang, 'audit.none')]
      : lines(r.findings, '✗');
  return JSON.stringify({
    version: '1.0',
    source: 'custom',
    content: {
      textType: 'client-markdown',
      title: truncatePlain(title, 150),
      description: truncatePlain(body.join('\n'), 3000),
      keywords: ['backup-doctor', 'audit'],
    },
  });
}

/** Renders an audit report in one form. */
export function renderAudit(r: AuditReport, format: AuditFormat, lang: Lang): string {
  switch (format) {
    case 'json':
      return auditJson(r, lang);
    case 'slack':
      return `${auditSlack(r, lang)}\n`;
    case 'chatbot':
      return `${auditChatbot(r, lang)}\n`;
    default:
      return auditText(r, lang);
  }
}

/**
 * The change between the last finding set and this audit. New: found now, not before. Resolved: found before,
 * not now, and either its question was answered (fine, or failing for another reason, which is then new) or it
 * was not asked at all by an audit that read everything (its plan, selection, key or role is gone). Carried: found
 * before, not now, and not decided, because a read failed: never guessed to be resolved.
 */
export function auditChanges(report: AuditReport, previous: readonly ListedFinding[]): AuditChanges {
  const before = new Set(previous.map((f) => f.key));
  const now = new Set(report.findings.map((f) => f.key));
  const complete = report.complete;
  const resolved: ListedFinding[] = [];
  const carried: ListedFinding[] = [];
  for (const f of previous) {
    if (now.has(f.key)) continue;
    const answer = report.answers[f.question];
    // Undecided for want of facts about objects this finding does not name (a resource's key, say): what it named
    // was read. A finding names its subject and the objects in its title; without them it stays open.
    const missing = report.undecided[f.question] ?? ['*'];
    const named = f.subject !== undefined && f.title.params ? [f.subject, ...Object.values(f.title.params).map(String)] : undefined;
    const decidedForIt = answer === 'undecided' && named !== undefined && !missing.includes('*') && !missing.some((m) => named.some((n) => n.includes(m)));
    if (answer === 'clear' || answer === 'fail' || decidedForIt || (answer === undefined && complete)) resolved.push(f);
    else carried.push(f);
  }
  return { report, added: report.findings.filter((f) => !before.has(f.key)), resolved, carried };
}

/** The most findings and gaps a change notice lists; the rest are counted. */
export const NOTICE_LISTED = 20;

/** The kinds of change notice a scheduled audit sends. */
export type NoticeKind = 'new' | 'resolved';

/** The email (and plain text) form of a change notice: the new or the resolved findings, and what could not be read. */
export function auditNoticeText(
  r: Pick<AuditReport, 'account' | 'region' | 'gaps'>,
  kind: NoticeKind,
  findings: readonly ListedFinding[],
  lang: Lang,
  opts: { readonly cause?: Text; readonly carried?: number } = {},
): string {
  const out = [t(lang, `audit.notice.${kind}`, { count: findings.length, account: r.account ?? '?', region: r.region ?? '?' })];
  if (opts.cause) out.push(translate(opts.cause, lang));
  out.push('');
  for (const f of findings.slice(0, NOTICE_LISTED)) {
    const lines = findingLines(f, lang);
    out.push(...(kind === 'resolved' ? [lines[0]!.replace(/^✗/, '✓'), ...lines.slice(1, 2)] : lines), '');
  }
  if (findings.length > NOTICE_LISTED) out.push(t(lang, 'audit.notice.moreFindings', { count: findings.length - NOTICE_LISTED }), '');
  if (opts.carried) out.push(t(lang, 'audit.notice.carried', { count: opts.carried }), '');
  if (r.gaps.length > 0) {
    out.push(t(lang, 'audit.gaps'), ...r.gaps.slice(0, NOTICE_LISTED).map((g) => gapLine(g, lang)));
    if (r.gaps.length > NOTICE_LISTED) out.push(t(lang, 'audit.notice.moreGaps', { count: r.gaps.length - NOTICE_LISTED }));
  }
  return `${out.join('\n').trimEnd()}\n`;
}
