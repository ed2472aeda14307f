/**
 * The known-message catalog and its matcher: a status message in, a category and the checks to suspect out.
 * The message alone never decides the diagnosis; it tells the pipeline where to look first.
 */
import type { Classification, FailureEvent, Messages } from '../model/types.ts';
import { EC2_CODE_SHAPES, EC2_CODES, ec2RuleId } from './ec2-codes.ts';
import { classifyExternal, externalMessages, externalSourceOf } from './external.ts';
import { accessDeniedRules } from './rules/access-denied.ts';
import { backupCopyRules } from './rules/backup-copy.ts';
import { backupIamRules } from './rules/backup-iam.ts';
import { backupKmsRules } from './rules/backup-kms.ts';
import { backupResourceRules } from './rules/backup-resource.ts';
import { backupWindowRules } from './rules/backup-windows.ts';
import { ecsEbsRules } from './rules/ecs-ebs.ts';
import { s3Rules, vmwareRules } from './rules/vmware-s3.ts';
import type { CatalogHint, CatalogJobType, CatalogRule, Ec2CodeEntry, MessageSource } from './types.ts';
import { unwrap } from './unwrap.ts';
import { matchesPattern } from './pattern.ts';

export type { CatalogRule, CatalogSample, CatalogHint, Ec2CodeEntry, MessageSource } from './types.ts';
export { EC2_CODE_SHAPES, EC2_CODES, ec2RuleId } from './ec2-codes.ts';
export { unwrap } from './unwrap.ts';
export { matchesPattern, regexesOf, type RulePattern } from './pattern.ts';

/** Every catalog rule, once. Ties in confidence go to the earlier rule. */
export const RULES: readonly CatalogRule[] = [
  ...ecsEbsRules,
  ...s3Rules,
  ...vmwareRules,
  ...backupCopyRules,
  ...backupKmsRules,
  ...backupWindowRules,
  ...backupResourceRules,
  ...accessDeniedRules,
  ...backupIamRules,
];

/** The answer when nothing matched: say so, never guess. */
export const UNKNOWN: Classification = { category: 'unknown', ruleId: 'unknown', confidence: 0, suspects: [] };

/** Rules that read the job state when there is no message to read. */
export const STATE_RULES: readonly (Omit<CatalogRule, 'pattern' | 'samples'> & { readonly state: string })[] = [
  {
    id: 'backup-expired-without-message',
    state: 'EXPIRED',
    category: 'completion-window',
    confidence: 0.5,
    suspects: ['backup-completion-window', 'backup-start-window'],
    hint: {
      en: 'The job EXPIRED without a message: it either did not start within its start window or did not finish within its completion window; compare its times with the rule\'s windows.',
      ja: 'ジョブはメッセージなしで EXPIRED になりました。開始ウィンドウ内に開始しなかったか、完了ウィンドウ内に完了しなかったかのどちらかです。ジョブの時刻とルールのウィンドウを比較してください。',
    },
  },
];

/** What classify() reads. `source`, `jobType` and `state` narrow the rules that may apply. */
export interface ClassifyInput {
  readonly text: string;
  readonly source?: string;
  readonly jobType?: string;
  readonly state?: string;
}

const EC2_BY_CODE = new Map<string, Ec2CodeEntry>(EC2_CODES.map((e) => [e.code.toLowerCase(), e]));

function normSource(source: string | undefined): MessageSource | undefined {
  const s = source?.toLowerCase();
  if (!s) return undefined;
  if (s.includes('ecs')) return 'ecs';
  if (s.includes('ebs') || s === 'ec2') return 'ebs';
  if (s.includes('backup')) return 'backup';
  return undefined;
}

function normJobType(jobType: string | undefined): CatalogJobType | undefined {
  const match = /\b(backup|copy|restore)/i.exec(jobType ?? '');
  return match?.[1] ? (match[1].toLowerCase() as CatalogJobType) : undefined;
}

function applies(rule: CatalogRule, source?: MessageSource, jobType?: CatalogJobType, state?: string): boolean {
  if (source && rule.sources && !rule.sources.includes(source)) return false;
  if (jobType && rule.jobTypes && !rule.jobTypes.includes(jobType)) return false;
  if (state && rule.states && !rule.states.includes(state)) return false;
  return true;
}

function fromRule(rule: { id: string; category: CatalogRule['category']; confidence: number; suspects: readonly string[] }): Classification {
  return {
    category: rule.category,
    ruleId: rule.id,
    confidence: rule.confidence,
    suspects: rule.suspects,
    hint: { key: `catalog.${rule.id}.hint` },
  };
}

function ec2Code(text: string): Ec2CodeEntry | undefined {
  for (const shape of EC2_CODE_SHAPES) {
    const matches = shape.global ? [...text.matchAll(shape)] : [shape.exec(text)];
    for (const match of matches) {
      const code = match?.[1];
      const entry = code ? EC2_BY_CODE.get(code.replace(/^(?:Client|Server)\./i, '').toLowerCase()) : undefined;
      if (entry) return entry;
    }
  }
  return undefined;
}

/**
 * Rules are matched against the first 64 KiB of each unwrapped message. AWS status messages are a few hundred
 * characters; this bounds the cost of hostile megabyte input, which every pattern already reads in linear time.
 */
export const MAX_MATCHED_CHARS = 65_536;

/**
 * The most of a message that classify reads: an EventBridge event and an SNS message are each at most 256 KiB,
 * so no status message AWS sends is longer.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html
 */
export const MAX_READ_CHARS = 262_144;

/** Classifies one status message. Unmatched text gives `unknown` with confidence 0. */
export function classify(input: ClassifyInput): Classification {
  // Kubernetes backups in Azure and Alibaba Cloud have their own catalogs; AWS rules never read their texts.
  const external = externalSourceOf(input.source);
  if (external) return classifyExternal(input.text ?? '', external);
  const source = normSource(input.source);
  const jobType = normJobType(input.jobType);
  const state = input.state?.trim().toUpperCase() || undefined;
  let best: Classification | undefined;
  const consider = (c: Classification): void => {
    if (!best || c.confidence > best.confidence) best = c;
  };
  const raw = input.text ?? '';
  const { candidates } = unwrap(raw.length > MAX_READ_CHARS ? raw.slice(0, MAX_READ_CHARS) : raw);
  for (const full of candidates) {
    const text = full.length > MAX_MATCHED_CHARS ? full.slice(0, MAX_MATCHED_CHARS) : full;
    for (const rule of RULES) {
      if (applies(rule, source, jobType, state) && matchesPattern(rule.pattern, text)) consider(fromRule(rule));
    }
    const code = ec2Code(text);
    if (code) consider(fromRule({ ...code, id: ec2RuleId(code.code) }));
  }
  if (best) return best;
  if (candidates.length === 0 && state) {
    const byState = STATE_RULES.find((r) => r.state === state);
    if (byState) return fromRule(byState);
  }
  return UNKNOWN;
}

function sourceOf(event: FailureEvent): MessageSource | undefined {
  if (event.kind === 'ecs-volume-attachment') return 'ecs';
  if (event.kind === 'ebs-volume-notification') return 'ebs';
  if (event.kind === 'backup-job' || event.kind === 'copy-job' || event.kind === 'restore-job') return 'backup';
  return undefined;
}

/**
 * Classifies a normalised event: its status message, the ECS attachment status reason and stopped reason,
 * the EBS notification cause. An EXPIRED job with no message falls back to the completion window.
 */
export function classifyEvent(event: FailureEvent): Classification {
  if (event.kind === 'external') return classifyExternal(event.statusMessage ?? '', event.external?.source, event.external?.code);
  const source = sourceOf(event);
  const jobType = event.kind.endsWith('-job') ? event.kind.replace(/-job$/, '') : undefined;
  const texts = [event.statusMessage, event.ecs?.attachment?.statusReason, event.ecs?.stoppedReason, event.ebs?.cause].filter(
    (t): t is string => typeof t === 'string' && t.trim().length > 0,
  );
  let best: Classification = UNKNOWN;
  for (const text of texts) {
    const c = classify({ text, source, jobType, state: event.state });
    if (c.confidence > best.confidence) best = c;
  }
  if (best.category !== 'unknown') return best;
  if (texts.length === 0) return classify({ text: '', source, jobType, state: event.state });
  return UNKNOWN;
}

function hintsOf(): { id: string; hint: CatalogHint }[] {
  return [
    ...RULES.map((r) => ({ id: r.id, hint: r.hint })),
    ...STATE_RULES.map((r) => ({ id: r.id, hint: r.hint })),
    ...EC2_CODES.map((e) => ({ id: ec2RuleId(e.code), hint: e.hint })),
  ];
}

/** Every hint text of the catalog, keyed `catalog.<ruleId>.hint`, in every language. */
export function catalogMessages(): Messages {
  const en: Record<string, string> = {};
  const ja: Record<string, string> = {};
  for (const { id, hint } of hintsOf()) {
    en[`catalog.${id}.hint`] = hint.en;
    ja[`catalog.${id}.hint`] = hint.ja;
  }
  const external = externalMessages();
  return { en: { ...en, ...external.en }, ja: { ...ja, ...external.ja } };
}
