/**
 * A Diagnosis with every Text resolved in one language and its findings sorted into the report's sections.
 * Every output format (text, JSON, Slack, Chatbot, email) is drawn from this one view, so they never disagree.
 */
import type {
  Category,
  Diagnosis,
  FailureEvent,
  Finding,
  Gap,
  Lang,
  Text,
  Verdict,
} from '../model/types.ts';
import { type ConsoleLink, consoleLinks } from './links.ts';
import { type MessageTable, labelOr, translateWith } from './translate.ts';

/** A Text together with its resolution, so that machines keep the key and people read the sentence. */
export interface ResolvedText {
  readonly key: string;
  readonly params?: Readonly<Record<string, string | number>>;
  readonly text: string;
}

/** A fact with its translated label. */
export interface ResolvedFact {
  readonly name: string;
  readonly label: string;
  readonly value: string;
}

/** The diagnosis' gaps that no finding lists in `missing`, once each. */
function uncited(diagnosis: Diagnosis): Gap[] {
  const key = (g: Gap) => `${g.what}|${g.action ?? ''}|${g.why}`;
  const cited = new Set(diagnosis.findings.flatMap((f) => (f.missing ?? []).map(key)));
  const seen = new Set<string>();
  return diagnosis.gaps.filter((g) => {
    const k = key(g);
    if (cited.has(k) || seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** A gap with its "could not read X (why)" sentence. */
export interface ResolvedGap extends Gap {
  readonly text: string;
}

/** A finding in one language. */
export interface ResolvedFinding {
  readonly checkId: string;
  readonly category: Category;
  readonly categoryLabel: string;
  readonly verdict: Verdict;
  readonly verdictLabel: string;
  readonly title: ResolvedText;
  readonly detail?: ResolvedText;
  readonly facts: readonly ResolvedFact[];
  readonly fix?: {
    readonly summary: ResolvedText;
    readonly command?: string;
    readonly snippet?: string;
    readonly docs?: string;
    /** Whether the fix was proven on a copy of the evidence, and against which checks. */
    readonly verified: boolean;
    readonly verifiedAgainst: readonly string[];
    readonly notVerifiedBecause?: readonly string[];
  };
  readonly missing?: readonly ResolvedGap[];
  readonly confidence?: number;
  readonly subject?: string;
}

/** One row of the event summary: a translated label and the value as AWS sent it. */
export interface SummaryRow {
  readonly label: string;
  readonly value: string;
}

/** The report, ready to lay out. */
export interface Report {
  readonly lang: Lang;
  readonly headline: ResolvedText;
  readonly category: { readonly id: Category; readonly label: string };
  readonly ruleId: string;
  readonly confidence: number;
  readonly hint?: ResolvedText;
  readonly kindLabel: string;
  readonly stateLabel: string;
  readonly summary: readonly SummaryRow[];
  readonly statusMessage?: string;
  /** Failing findings, in the diagnosis's order. */
  readonly failing: readonly ResolvedFinding[];
  /** Inconclusive findings and checks that threw. */
  readonly unresolved: readonly ResolvedFinding[];
  readonly passed: readonly ResolvedFinding[];
  readonly notApplicableCount: number;
  readonly nextSteps: readonly { readonly text: ResolvedText; readonly command?: string }[];
  readonly gaps: readonly ResolvedGap[];
  /** Gaps that no finding cites: evidence that was not read although no check's verdict rests on it. */
  readonly otherGaps: readonly ResolvedGap[];
  /** Console deep links to the role, key, vault, plan and job, with their labels. */
  readonly links: readonly (ConsoleLink & { readonly label: string })[];
  readonly generatedAt: string;
  readonly fingerprint: string;
  /** Looks up any other common text (section titles, labels) in the report's language. */
  readonly t: (key: string, params?: Text['params']) => string;
}

/** Formats an ISO time as "YYYY-MM-DD HH:MM:SS UTC"; a value that is not a time is shown as is. */
export function formatUtc(value: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** Resolves a Text, keeping its key and params. */
export function resolveText(text: Text, lang: Lang, table: MessageTable): ResolvedText {
  return { key: text.key, ...(text.params ? { params: text.params } : {}), text: translateWith(text, lang, table) };
}

/** The sentence for one gap: "could not read {what} (AccessDenied on kms:GetKeyPolicy)". */
export function gapText(gap: Gap, lang: Lang, table: MessageTable): string {
  const label = translateWith({ key: `gap.${gap.why}` }, lang, table);
  // `what` is English prose; in other languages the subject (with the action in the reason) says it untranslated.
  const what = lang !== 'en' && gap.action ? (gap.subject ?? gap.action) : gap.what;
  // An AWS error code reads best as "AccessDenied on kms:GetKeyPolicy"; our own label as "kms:ListGrants: ...".
  const why = gap.action
    ? translateWith(
        { key: gap.detail ? 'gap.reasonOn' : 'gap.actionReason', params: { reason: gap.detail ?? label, action: gap.action } },
        lang,
        table,
      )
    : (gap.detail ?? label);
  return translateWith({ key: 'gap.line', params: { what, why } }, lang, table);
}

function resolveGap(gap: Gap, lang: Lang, table: MessageTable): ResolvedGap {
  return { ...gap, text: gapText(gap, lang, table) };
}

/** A withheld command's reason in the reader's language, when the table words it (fixes.reason.*); else as given. */
function reasonText(reason: string, lang: Lang, table: MessageTable): string {
  const key = Object.entries(table.en ?? {}).find(([k, text]) => k.startsWith('fixes.reason.') && text === reason)?.[0];
  return key ? translateWith({ key }, lang, table) : reason;
}

/** A fix whose command was withheld says so, and why, after its summary (an unproven patch says it itself). */
function withheldNote(summary: ResolvedText, f: Finding, lang: Lang, table: MessageTable): ResolvedText {
  const v = f.fix?.verification;
  if (!v || v.verified || f.fix?.summary.key.startsWith('fixes.unproven')) return summary;
  const note = translateWith({ key: 'fixes.withheld', params: { reason: reasonText(v.reasons?.[0] ?? '-', lang, table) } }, lang, table);
  return { ...summary, text: `${summary.text} ${note}` };
}

/** Resolves one finding in a language. */
export function resolveFinding(f: Finding, lang: Lang, table: MessageTable): ResolvedFinding {
  return {
    checkId: f.checkId,
    category: f.category,
    categoryLabel: labelOr(`category.${f.category}`, lang, table, f.category),
    verdict: f.verdict,
    verdictLabel: labelOr(`verdict.${f.verdict}`, lang, table, f.verdict),
    title: resolveText(f.title, lang, table),
    ...(f.detail ? { detail: resolveText(f.detail, lang, table) } : {}),
    facts: f.facts.map((fact) => ({
      name: fact.name,
      label: labelOr(`fact.${fact.name}`, lang, table, fact.name),
      value: fact.value,
    })),
    ...(f.fix
      ? {
          fix: {
            summary: withheldNote(resolveText(f.fix.summary, lang, table), f, lang, table),
            ...(f.fix.command ? { command: f.fix.command } : {}),
            ...(f.fix.snippet ? { snippet: f.fix.snippet } : {}),
            ...(f.fix.docs ? { docs: f.fix.docs } : {}),
            verified: f.fix.verification?.verified ?? false,
            verifiedAgainst: f.fix.verification?.against ?? [],
            ...(f.fix.verification?.reasons
              ? { notVerifiedBecause: f.fix.verification.reasons }
              : f.fix.verification
                ? {}
                : { notVerifiedBecause: ['the fix does not rewrite a policy document, so it is not expressed as a change to the evidence'] }),
          },
        }
      : {}),
    ...(f.missing ? { missing: f.missing.map((g) => resolveGap(g, lang, table)) } : {}),
    ...(f.confidence !== undefined ? { confidence: f.confidence } : {}),
    ...(f.subject ? { subject: f.subject } : {}),
  };
}

/** "FAILED" in English; "失敗 (FAILED)" where the label says more than the state itself. */
function stateLabelOf(state: string, lang: Lang, table: MessageTable): string {
  const label = labelOr(`state.${state}`, lang, table, state);
  return label.toLowerCase() === state.toLowerCase() ? state : `${label} (${state})`;
}

function summaryRows(event: FailureEvent, kindLabel: string, stateLabel: string, t: Report['t']): SummaryRow[] {
  const rows: SummaryRow[] = [{ label: t('label.kind'), value: `${kindLabel} · ${stateLabel}` }];
  const add = (key: string, value: string | undefined): void => {
    if (value) rows.push({ label: t(key), value });
  };
  add('label.jobId', event.jobId);
  add('label.resource', event.resourceArn ? `${event.resourceArn}${event.resourceType ? ` (${event.resourceType})` : ''}` : undefined);
  add('label.task', event.ecs?.taskArn);
  add('label.volume', event.ecs?.attachment?.volumeName ?? event.ebs?.volumeArn);
  add('label.role', event.roleArn ?? event.ecs?.attachment?.roleArn);
  add('label.vault', event.vaultName ?? event.vaultArn);
  add('label.destinationVault', event.destinationVaultArn);
  add('label.time', event.time ? formatUtc(event.time) : event.creationDate ? formatUtc(event.creationDate) : undefined);
  add('label.account', [event.account, event.region].filter(Boolean).join(' · ') || undefined);
  return rows;
}

/** Facts that say how a check worked, not what it found: kept in the JSON output, left out of what people read. */
const INTERNAL_FACTS = new Set(['profile', 'evaluatedWith']);

function forPeople(f: ResolvedFinding): ResolvedFinding {
  return { ...f, facts: f.facts.filter((x) => !INTERNAL_FACTS.has(x.name)) };
}

/** Builds the report view of a diagnosis in one language. */
export function buildReport(diagnosis: Diagnosis, lang: Lang, table: MessageTable): Report {
  const t: Report['t'] = (key, params) => translateWith(params ? { key, params } : { key }, lang, table);
  const { event } = diagnosis;
  const kindLabel = labelOr(`kind.${event.kind}`, lang, table, event.kind);
  const stateLabel = stateLabelOf(event.state, lang, table);
  const findings = diagnosis.findings.map((f) => resolveFinding(f, lang, table));
  const status = event.statusMessage ?? event.ecs?.attachment?.statusReason ?? event.ecs?.stoppedReason ?? event.ebs?.cause;
  return {
    lang,
    headline: resolveText(diagnosis.headline, lang, table),
    category: { id: diagnosis.category, label: labelOr(`category.${diagnosis.category}`, lang, table, diagnosis.category) },
    ruleId: diagnosis.classification.ruleId,
    confidence: diagnosis.classification.confidence,
    // The catalog's hint speaks of the message's usual cause; shown only when no check named another one.
    // Once a check confirmed a cause, the catalog's generic sentence would only repeat the headline less exactly.
    ...(diagnosis.classification.hint && diagnosis.category === diagnosis.classification.category && diagnosis.findings[0]?.verdict !== 'fail'
      ? { hint: resolveText(diagnosis.classification.hint, lang, table) }
      : {}),
    kindLabel,
    stateLabel,
    summary: [
      ...summaryRows(event, kindLabel, stateLabel, t),
      ...(diagnosis.readAs?.outcome === 'assumed'
        ? [{ label: t('organization.readAs'), value: t('organization.readAs.value', { account: diagnosis.readAs.account, role: diagnosis.readAs.roleArn }) }]
        : []),
    ],
    ...(status ? { statusMessage: status } : {}),
    failing: findings.filter((f) => f.verdict === 'fail').map(forPeople),
    unresolved: findings.filter((f) => f.verdict === 'inconclusive' || f.verdict === 'error').map(forPeople),
    passed: findings.filter((f) => f.verdict === 'pass').map(forPeople),
    notApplicableCount: findings.filter((f) => f.verdict === 'not-applicable').length,
    nextSteps: diagnosis.nextSteps.map((s) => ({
      text: resolveText(s.text, lang, table),
      ...(s.command ? { command: s.command } : {}),
    })),
    gaps: diagnosis.gaps.map((g) => resolveGap(g, lang, table)),
    otherGaps: uncited(diagnosis).map((g) => resolveGap(g, lang, table)),
    links: consoleLinks(diagnosis).map((l) => ({ ...l, label: t(`label.link.${l.kind}`) })),
    generatedAt: diagnosis.generatedAt,
    fingerprint: diagnosis.fingerprint,
    t,
  };
}
