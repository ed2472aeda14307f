/**
 * The pure middle of the pipeline: an event plus its evidence in, a ranked diagnosis out.
 * The same function runs in the Lambda, in the CLI and in tests; it does no I/O and reads no clock.
 */
import { classifyEvent } from '../catalog/index.ts';
import { CHECKS } from '../checks/registry.ts';
import { runChecks } from '../checks/runner.ts';
import { proveFixes } from '../fixes/prove.ts';
import type { Category, Check, CheckContext, Diagnosis, Evidence, FailureEvent, Finding, Messages, Text } from '../model/types.ts';
import { retryAdvice } from '../schedule/advice.ts';
import { withAccountAccess } from '../organization/diagnosis.ts';
import { authorizationOf } from './authorization.ts';
import { changesOf } from './changes.ts';

/** Options of one diagnosis. `now` comes from outside so that windows and ages are reproducible. */
export interface DiagnoseOptions {
  readonly now: Date;
  /** The checks to run; all registered checks by default. */
  readonly checks?: readonly Check[];
  /** Agent permission profiles (built-in plus the user's) and the context map of role bindings. */
  readonly agentProfiles?: CheckContext['agentProfiles'];
  readonly profileBindings?: CheckContext['profileBindings'];
}

const VERDICT_ORDER: Record<Finding['verdict'], number> = {
  fail: 0,
  error: 1,
  inconclusive: 2,
  pass: 3,
  'not-applicable': 4,
};

/** Diagnoses one failure from its evidence. Never throws for a well-typed event; a throwing check becomes `error`. */
export function diagnose(event: FailureEvent, evidence: Evidence, opts: DiagnoseOptions): Diagnosis {
  const classification = classifyEvent(event);
  const ctx: CheckContext = {
    event,
    evidence,
    classification,
    now: opts.now,
    ...(opts.agentProfiles ? { agentProfiles: opts.agentProfiles } : {}),
    ...(opts.profileBindings ? { profileBindings: opts.profileBindings } : {}),
  };
  const checks = opts.checks ?? CHECKS;
  // Every fix that changes a document is proven on a copy of the evidence before it is shown.
  const findings = proveFixes(ctx, runChecks(ctx, checks), checks);
  const suspects = new Set(classification.suspects);

  // Failing findings the catalog suspected, or of the catalog's category, explain this message best.
  const score = (f: Finding): number =>
    (f.confidence ?? 0.5) + (suspects.has(f.checkId) ? 0.2 : 0) + (f.category === classification.category ? 0.1 : 0);
  const ranked = [...findings].sort(
    (a, b) => VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict] || score(b) - score(a),
  );

  const top = ranked[0]?.verdict === 'fail' ? ranked[0] : undefined;
  const category: Category = top?.category ?? classification.category;
  const unsure = ranked.some((f) => f.verdict === 'inconclusive' || f.verdict === 'error');
  const headline = headlineFor(top, classification.category, unsure, event);

  const changes = changesOf(ranked, evidence, event);
  const authorization = authorizationOf(event, evidence);
  const diagnosis: Diagnosis = {
    event,
    classification,
    category,
    headline,
    findings: ranked,
    nextSteps: retryAdvice(event, evidence, opts.now),
    fingerprint: fingerprintOf(event, category, top),
    gaps: evidence.gaps,
    generatedAt: opts.now.toISOString(),
    ...(changes ? { changes } : {}),
    ...(authorization ? { authorization } : {}),
  };
  // Organization deployments: a member account read through its role says so; one that refused it says how to fix it.
  return evidence.readAs ? withAccountAccess(diagnosis, evidence.readAs) : diagnosis;
}

function headlineFor(top: Finding | undefined, category: Category, unsure: boolean, event: FailureEvent): Text {
  if (top) return top.title;
  const object = event.resourceArn ?? event.ecs?.taskArn ?? event.ebs?.volumeArn ?? event.id;
  if (category !== 'unknown') return { key: 'pipeline.headline.classified', params: { category, object } };
  if (unsure) return { key: 'common.headline.inconclusive', params: { object } };
  return { key: 'common.headline.unknown', params: { object } };
}

/** Fact names that name the object at fault, most specific first. */
const SUBJECT_FACTS = ['key', 'keyArn', 'roleArn', 'role', 'vaultArn', 'vault', 'resourceArn'];

/** The object at fault for a finding: the subject it names, or the most specific ARN the event carries. */
function objectAtFault(event: FailureEvent, category: Category, top: Finding | undefined): string {
  if (top?.subject) return top.subject;
  const named = top?.facts.find((f) => SUBJECT_FACTS.includes(f.name) && f.value.startsWith('arn:'));
  if (named) return named.value;
  if (category === 'iam-trust' || category === 'iam-permission') {
    return event.roleArn ?? event.ecs?.attachment?.roleArn ?? '';
  }
  if (category === 'kms-key-state' || category === 'kms-key-policy') {
    return event.ebs?.keyArn ?? event.vaultArn ?? event.resourceArn ?? '';
  }
  if (category === 'vault-lock-range' || category === 'cross-account-copy') {
    return event.destinationVaultArn ?? event.vaultArn ?? '';
  }
  if (category === 'completion-window' || category === 'start-window') {
    return event.plan?.ruleId ?? event.resourceArn ?? '';
  }
  return event.resourceArn ?? event.ecs?.taskDefinitionArn ?? '';
}

/**
 * The root-cause fingerprint used for grouping: one alert per account, region, cause and object at fault.
 * Hundreds of jobs failing because of one role share one fingerprint.
 */
export function fingerprintOf(event: FailureEvent, category: Category, top?: Finding): string {
  return [event.account ?? '', event.region ?? '', category, top?.checkId ?? '', objectAtFault(event, category, top)].join(
    '|',
  );
}

/** The pipeline's own texts. */
export const pipelineMessages: Messages = {
  en: {
    'pipeline.headline.classified':
      'The status message of {object} points to a cause of type {category}, but no check could confirm it',
  },
  ja: {
    'pipeline.headline.classified':
      '{object} のステータスメッセージは {category} に分類される原因を示していますが、チェックでは確認できませんでした',
  },
};
