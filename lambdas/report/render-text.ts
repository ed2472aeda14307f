/**
 * The terminal and email form: headline first, then the event, AWS's own message, what failed with its
 * evidence and fix, what could not be checked and why, what passed, and what to do next.
 */
import type { Diagnosis, Lang } from '../model/types.ts';
import { type Report, type ResolvedFinding, buildReport, formatUtc } from './model.ts';
import type { MessageTable } from './translate.ts';
import { neutralise } from './unsafe.ts';
import { displayWidth, padEnd, wrap } from './wrap.ts';

/** Options of the text form. Colour is off unless asked for. */
export interface TextOptions {
  readonly lang: Lang;
  readonly color?: boolean;
  /** Prose is wrapped at this many columns; commands and snippets never are. */
  readonly width?: number;
}

const WIDTH = 100;
/** Evidence values (a whole policy, say) are shortened; the fix keeps its snippet whole. */
const MAX_FACT_CHARS = 1000;
const MAX_FACT_LINES = 15;
const MAX_HEADLINE_CHARS = 300;
/** AWS's message is shown in full up to this size; past it the JSON form (and the raw event) keeps the rest. */
const MAX_STATUS_CHARS = 50_000;
const MAX_STATUS_LINES = 500;

/** Shortens a long value to a number of lines and characters, marking the cut. */
function shorten(value: string, maxChars: number, maxLines: number, mark: string): string {
  const lines = value.split('\n');
  let out = lines.slice(0, maxLines).join('\n');
  if (out.length > maxChars) out = out.slice(0, maxChars);
  return out.length < value.length ? `${out}… ${mark}` : value;
}

interface Style {
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly red: (s: string) => string;
  readonly green: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly cyan: (s: string) => string;
}

const ansi = (code: string) => (s: string) => (s ? `\x1b[${code}m${s}\x1b[0m` : s);
const plain = (s: string) => s;
const COLOR: Style = { bold: ansi('1'), dim: ansi('2'), red: ansi('31'), green: ansi('32'), yellow: ansi('33'), cyan: ansi('36') };
const NO_COLOR: Style = { bold: plain, dim: plain, red: plain, green: plain, yellow: plain, cyan: plain };

/**
 * Control characters from AWS-provided strings are shown, not obeyed: an escape sequence in a status message
 * must not repaint the reader's terminal.
 */
export function sanitizeForTerminal(s: string): string {
  return neutralise(s);
}

const MARK: Record<ResolvedFinding['verdict'], string> = {
  fail: '✗',
  inconclusive: '?',
  error: '!',
  pass: '✓',
  'not-applicable': '-',
};

/** Renders a diagnosis as text for a terminal or an email body. */
export function renderTextWith(diagnosis: Diagnosis, opts: TextOptions, table: MessageTable): string {
  const report = buildReport(diagnosis, opts.lang, table);
  return layoutText(report, opts.color ? COLOR : NO_COLOR, opts.width ?? WIDTH);
}

function layoutText(r: Report, s: Style, width: number): string {
  const out: string[] = [];
  const clean = sanitizeForTerminal;
  const prose = (text: string, indent: string): string[] => wrap(clean(text), width, indent);
  // Commands and snippets: indented, never wrapped, coloured without their indentation (copy-paste stays clean).
  const block = (text: string, indent: string): string[] => clean(text).split('\n').map((l) => indent + s.cyan(l));
  const bullet = (text: string, indent: string, mark: string): string[] => {
    const lines = prose(text, `${indent}  `);
    lines[0] = `${indent}${mark} ${(lines[0] ?? '').trimStart()}`;
    return lines;
  };
  const section = (title: string): void => {
    out.push('', s.bold(title));
  };

  // Headline: the cause and the object.
  out.push(...prose(shorten(r.headline.text, MAX_HEADLINE_CHARS, 3, ''), '').map((l) => s.bold(l)));
  const meta = [
    `${r.t('label.category')}: ${r.category.label}`,
    ...(r.ruleId && r.ruleId !== 'unknown' ? [r.t('label.rule', { rule: r.ruleId })] : []),
  ].join(' · ');
  out.push(...prose(meta, '').map((l) => s.dim(l)));
  if (r.hint) out.push(...prose(r.hint.text, ''));

  section(r.t('section.event'));
  const labelWidth = Math.max(...r.summary.map((row) => displayWidth(row.label)));
  for (const row of r.summary) out.push(`  ${padEnd(row.label, labelWidth)}  ${clean(row.value)}`);

  section(r.t('section.statusMessage'));
  out.push(...(r.statusMessage ? prose(shorten(r.statusMessage, MAX_STATUS_CHARS, MAX_STATUS_LINES, r.t('label.truncated')), '  ') : prose(r.t('label.noStatusMessage'), '  ').map(s.dim)));

  if (r.failing.length > 0) {
    section(r.t('section.cause'));
    r.failing.forEach((f, i) => {
      if (i > 0) out.push('');
      out.push(...findingTitle(f, s.red, s, prose, width));
      if (f.detail) out.push(...prose(f.detail.text, '    '));
      if (f.facts.length > 0) {
        out.push(`    ${s.bold(r.t('section.evidence'))}`);
        const w = Math.max(...f.facts.map((fact) => displayWidth(fact.label)));
        for (const fact of f.facts) {
          const value = shorten(fact.value, MAX_FACT_CHARS, MAX_FACT_LINES, r.t('label.truncated'));
          const [first = '', ...rest] = clean(value).split('\n');
          out.push(`      ${padEnd(fact.label, w)}  ${first}`);
          for (const more of rest) out.push(`      ${' '.repeat(w)}  ${more}`);
        }
      }
      if (f.fix) {
        out.push(`    ${s.bold(r.t('section.fix'))}`);
        out.push(...prose(f.fix.summary.text, '      '));
        if (f.fix.command) out.push('', ...block(f.fix.command, '        '));
        if (f.fix.snippet) out.push('', ...block(f.fix.snippet, '        '));
        if (f.fix.docs) out.push('', `      ${r.t('section.docs')}: ${clean(f.fix.docs)}`);
      }
    });
  }

  if (r.unresolved.length > 0) {
    section(r.t('section.couldNotCheck'));
    for (const f of r.unresolved) {
      out.push(...findingTitle(f, s.yellow, s, prose, width));
      if (f.detail) out.push(...prose(f.detail.text, '    '));
      for (const gap of f.missing ?? []) out.push(...bullet(gap.text, '    ', '–'));
      if (f.fix?.command) out.push(...block(f.fix.command, '        '));
      // The finding may point to its document ("the statement below grants it"): it follows, whole.
      if (f.fix?.snippet) out.push(...block(f.fix.snippet, '        '));
    }
  }

  if (r.otherGaps.length > 0) {
    section(r.t('section.alsoNotRead'));
    for (const gap of r.otherGaps) out.push(...bullet(gap.text, '  ', '–'));
  }

  if (r.passed.length > 0 || r.notApplicableCount > 0) {
    section(r.t('section.passed'));
    for (const f of r.passed) out.push(...findingTitle(f, s.green, s, prose, width));
    if (r.notApplicableCount > 0) {
      out.push(...prose(r.t('label.notApplicableCount', { count: r.notApplicableCount }), '  ').map(s.dim));
    }
  }

  if (r.nextSteps.length > 0) {
    section(r.t('section.nextSteps'));
    for (const step of r.nextSteps) {
      out.push(...bullet(step.text.text, '  ', '•'));
      if (step.command) out.push(...block(step.command, '      '));
    }
  }

  if (r.links.length > 0) {
    section(r.t('section.links'));
    const w = Math.max(...r.links.map((l) => displayWidth(l.label)));
    for (const l of r.links) out.push(`  ${padEnd(l.label, w)}  ${l.url}`);
  }

  out.push(
    '',
    s.dim(r.t('label.generatedAt', { time: formatUtc(r.generatedAt) })),
    s.dim(r.t('label.fingerprint', { fingerprint: clean(r.fingerprint) })),
  );
  return `${out.join('\n')}\n`;
}

function findingTitle(
  f: ResolvedFinding,
  paint: (s: string) => string,
  s: Style,
  prose: (text: string, indent: string) => string[],
  width: number,
): string[] {
  const lines = prose(f.title.text, '    ');
  lines[0] = `  ${paint(MARK[f.verdict])} ${(lines[0] ?? '').trimStart()}`;
  const id = `[${f.checkId}]`;
  const last = lines[lines.length - 1] ?? '';
  if (displayWidth(`${last}  ${id}`) <= width) lines[lines.length - 1] = `${last}  ${s.dim(id)}`;
  else lines.push(`    ${s.dim(id)}`);
  return lines;
}
