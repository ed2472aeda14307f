/**
 * Evaluates a permission profile for the job's role, action by action, and builds the fix for what is missing:
 * attach the managed policy that grants it, or add an inline statement with exactly the missing actions.
 */
import type { Check, CheckContext, EvidencePatch, Fact, Finding, Gap, PolicyDocument, RoleFacts } from '../../model/types.ts';
import type { ProfileAction, ProfileEntry, ManagedPolicyName, TemplateVars } from '../../../profiles/index.ts';
import { managedPolicyArn, managedPolicyByArn, partitionOf, resolveContext, resolveTemplate } from '../../../profiles/index.ts';
import { fail, facts, inconclusive, msg, pass, pretty, shellJson } from './finding.ts';
import { dedupeGaps } from './lookup.ts';
import { arnName } from '../../model/arn.ts';
import { factMessages } from '../../model/fact-labels.ts';
import { notInEvent, roleArnOf, templateVarsOf } from './iam-job.ts';
import { type ActionOutcome, type RoleIdentity, decideForRole, outcomeGaps, statementList } from './iam-role-access.ts';

/** The profile's actions, decided. */
export interface ProfileVerdict {
  readonly profile: ProfileEntry;
  readonly outcomes: readonly ActionOutcome[];
  readonly missing: readonly ActionOutcome[];
  /**
   * Actions of a setting's choices (DynamoDB standard or advanced backup) that the role lacks in every choice:
   * the job needs one choice, whichever the setting is, and the role has none.
   */
  readonly missingOneOf: readonly ActionOutcome[];
  readonly denied: readonly ActionOutcome[];
  readonly boundaryBlocked: readonly ActionOutcome[];
  readonly undecided: readonly ActionOutcome[];
  /** Actions needed only in a variant of the job that the evidence does not tell. */
  readonly skipped: readonly ProfileAction[];
  /** What kept some actions from being decided. */
  readonly gaps: readonly Gap[];
}

/** Decides every action of a profile for the role. */
export function evaluateProfile(
  ctx: CheckContext,
  role: RoleFacts,
  identity: RoleIdentity,
  profile: ProfileEntry,
): ProfileVerdict {
  const vars = templateVarsOf(ctx);
  const outcomes: ActionOutcome[] = [];
  const skipped: ProfileAction[] = [];
  const gaps: Gap[] = [];
  const required = unavoidableVariants(role, identity, profile, vars);
  for (const a of profile.actions) {
    if (a.when && !required.has(a)) {
      skipped.push(a);
      continue;
    }
    const resource = resolveTemplate(a.resource, vars);
    const context = resolveContext(a.context, vars);
    if (resource === undefined || context === undefined) {
      outcomes.push({ action: a.action, resource: a.resource, decision: 'inconclusive', source: 'none', statements: [], reasons: [] });
      gaps.push(notInEvent(`the resource ARN of the job (needed for ${a.action})`));
      continue;
    }
    const outcome = decideForRole(role, identity, {
      action: a.action,
      resource,
      principal: role.arn,
      ...(Object.keys(context).length > 0 ? { context } : {}),
    });
    outcomes.push(outcome);
    gaps.push(...outcomeGaps(outcome, identity, role.arn));
  }
  const by = (p: (o: ActionOutcome) => boolean) => outcomes.filter(p);
  const variant = new Set([...required].map((a) => a.action));
  const lacking = (o: ActionOutcome) => o.decision === 'implicit-deny' && o.blockedBy === undefined;
  return {
    profile,
    outcomes,
    missing: by((o) => lacking(o) && !variant.has(o.action)),
    missingOneOf: by((o) => lacking(o) && variant.has(o.action)),
    denied: by((o) => o.blockedBy === 'explicit-deny'),
    boundaryBlocked: by((o) => o.blockedBy === 'boundary'),
    undecided: by((o) => o.decision === 'inconclusive'),
    skipped,
    gaps: dedupeGaps(gaps),
  };
}

/** The setting a variant belongs to: "dynamodb-standard" and "dynamodb-advanced" are both "dynamodb". */
function settingOf(when: string): string {
  const cut = when.lastIndexOf('-');
  return cut > 0 ? when.slice(0, cut) : when;
}

/**
 * The variant actions the job needs whatever the setting: when a profile lists every choice of one setting
 * (DynamoDB standard or advanced backup) and the role lacks an action in each, the job fails either way, so
 * the actions of all its choices are evaluated and reported. Otherwise a variant stays not evaluated.
 */
function unavoidableVariants(
  role: RoleFacts,
  identity: RoleIdentity,
  profile: ProfileEntry,
  vars: TemplateVars,
): Set<ProfileAction> {
  const bySetting = new Map<string, Map<string, ProfileAction[]>>();
  for (const a of profile.actions) {
    if (!a.when) continue;
    const choices = bySetting.get(settingOf(a.when)) ?? new Map<string, ProfileAction[]>();
    choices.set(a.when, [...(choices.get(a.when) ?? []), a]);
    bySetting.set(settingOf(a.when), choices);
  }
  const out = new Set<ProfileAction>();
  for (const choices of bySetting.values()) {
    if (choices.size < 2) continue;
    const lacking = (a: ProfileAction): boolean => {
      const resource = resolveTemplate(a.resource, vars);
      const context = resolveContext(a.context, vars);
      if (resource === undefined || context === undefined) return false;
      const o = decideForRole(role, identity, {
        action: a.action,
        resource,
        principal: role.arn,
        ...(Object.keys(context).length > 0 ? { context } : {}),
      });
      return o.decision === 'implicit-deny' || o.decision === 'explicit-deny';
    };
    if ([...choices.values()].every((actions) => actions.some(lacking))) {
      for (const actions of choices.values()) for (const a of actions) out.add(a);
    }
  }
  return out;
}

/** The unique action names of some outcomes, in profile order. */
export function actionNames(outcomes: readonly ActionOutcome[]): string[] {
  return [...new Set(outcomes.map((o) => o.action))];
}

/** The labels of the facts that profileFacts emits, for the messages of the checks that show them. */
export const PROFILE_FACT_LABELS = factMessages([
  'roleArn',
  'resourceType',
  'jobType',
  'profile',
  'missingActions',
  'missingOneOf',
  'deniedActions',
  'denyStatements',
  'boundaryBlocked',
  'boundary',
  'notEvaluated',
  'evaluatedWith',
]);

/** The facts every profile finding shows. */
export function profileFacts(v: ProfileVerdict, identity: RoleIdentity, role: RoleFacts): Fact[] {
  const list = (o: readonly ActionOutcome[]) => (o.length > 0 ? actionNames(o).join(', ') : undefined);
  const sources = new Set(v.outcomes.map((o) => o.source).filter((s) => s !== 'none'));
  return facts({
    roleArn: role.arn,
    resourceType: v.profile.resourceType,
    jobType: v.profile.jobType,
    profile: v.profile.id,
    missingActions: list(v.missing),
    missingOneOf: list(v.missingOneOf),
    deniedActions: list(v.denied),
    denyStatements: v.denied.length > 0 ? statementList(v.denied) || undefined : undefined,
    boundaryBlocked: list(v.boundaryBlocked),
    boundary: v.boundaryBlocked.length > 0 ? identity.boundaryName : undefined,
    notEvaluated: v.skipped.length > 0 ? [...new Set(v.skipped.map((a) => `${a.action} (${a.when})`))].join(', ') : undefined,
    evaluatedWith: sources.size > 0 ? [...sources].join(', ') : undefined,
  });
}

/** An inline policy that grants exactly these outcomes' actions on their resources. */
export function inlineStatement(outcomes: readonly ActionOutcome[]): Record<string, unknown> {
  const resources = [...new Set(outcomes.map((o) => o.resource))];
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: actionNames(outcomes),
        Resource: resources.includes('*') ? '*' : resources,
      },
    ],
  };
}

/** The managed policies (from the profile) that grant the missing actions and are not attached to the role. */
export function unattachedPolicies(v: ProfileVerdict, role: RoleFacts): ManagedPolicyName[] {
  const wanted = new Set([...v.missing, ...v.missingOneOf].map((o) => v.profile.actions.find((a) => a.action === o.action)?.policy));
  const attached = new Set((role.attachedPolicies ?? []).map((p) => managedPolicyByArn(p.arn)?.name));
  return [...wanted].filter((n): n is ManagedPolicyName => n !== undefined && !attached.has(n));
}

/**
 * The fix for missing actions: an inline policy that grants exactly the missing actions on their resources (a
 * managed policy would grant more than the check needs, so it is named in words only).
 */
export function missingFix(_ctx: CheckContext, v: ProfileVerdict, role: RoleFacts): { command: string; snippet: string; patch: EvidencePatch } {
  const name = arnName(role.arn);
  const outcomes = [...v.missing, ...v.missingOneOf];
  const inline = inlineStatement(outcomes) as unknown as PolicyDocument;
  const policyName = `${v.profile.id}-permissions`;
  return {
    command: `aws iam put-role-policy --role-name ${name} --policy-name ${policyName} --policy-document ${shellJson(inline)}`,
    snippet: pretty(inline),
    patch: {
      kind: 'role-inline-policy',
      roleArn: role.arn,
      policyName,
      document: inline,
      needs: [{ principal: role.arn, actions: actionNames(outcomes), resources: [...new Set(outcomes.map((o) => o.resource))] }],
    },
  };
}

/** The fix for a boundary that blocks actions: add them to the boundary policy. */
export function boundaryFix(v: ProfileVerdict, role: RoleFacts): { command: string; snippet: string } {
  const inline = inlineStatement(v.boundaryBlocked);
  const arn = role.permissionsBoundary?.arn ?? '<boundary-policy-arn>';
  return {
    command: `aws iam create-policy-version --policy-arn ${arn} --policy-document file://boundary-with-backup-actions.json --set-as-default`,
    snippet: pretty(inline),
  };
}

/** How a check words and weighs the findings that `verdictFinding` builds from a profile verdict. */
export interface VerdictWording {
  /** Parameters every text of the check receives (role, job, type, policy, ...). */
  readonly params: Readonly<Record<string, string | number>>;
  /** The message of the fix for missing actions (`fixMissing` unless the check says otherwise). */
  readonly missingFix?: string;
  /** Confidence of a missing-actions failure (0.85 by default). */
  readonly missingConfidence?: number;
  readonly docs: string;
}

/**
 * A profile verdict as the check's finding, in order of what explains the failure best: an explicit deny, a
 * blocking boundary, missing actions, undecided actions, else a pass. Texts are the check's own messages
 * `denied`, `boundary`, `fail`, `undecided`, `pass`, with `<name>Detail` where the check defines one, and the
 * fixes `fixDenied`, `fixBoundary` and `wording.missingFix`.
 */
export function verdictFinding(
  check: Check,
  ctx: CheckContext,
  role: RoleFacts,
  identity: RoleIdentity,
  v: ProfileVerdict,
  wording: VerdictWording,
): Finding {
  const f = profileFacts(v, identity, role);
  const { params, docs } = wording;
  const detail = (name: string, extra: Record<string, string | number>) =>
    Object.hasOwn(check.messages.en, `${check.id}.${name}Detail`) ? { detail: msg(check, `${name}Detail`, { ...params, ...extra }) } : {};
  if (v.denied.length > 0) {
    const extra = { statements: statementList(v.denied) || '-', actions: actionNames(v.denied).join(', ') };
    return fail(check, {
      title: msg(check, 'denied', { ...params, ...extra }),
      ...detail('denied', extra),
      facts: f,
      fix: { summary: msg(check, 'fixDenied', { ...params, ...extra }), docs },
      confidence: 0.9,
    });
  }
  if (v.boundaryBlocked.length > 0) {
    const extra = { boundary: identity.boundaryName ?? '-', actions: actionNames(v.boundaryBlocked).join(', ') };
    return fail(check, {
      title: msg(check, 'boundary', { ...params, ...extra }),
      ...detail('boundary', extra),
      facts: f,
      fix: { summary: msg(check, 'fixBoundary', { ...params, ...extra }), ...boundaryFix(v, role), docs },
      confidence: 0.85,
    });
  }
  if (v.missing.length > 0 || v.missingOneOf.length > 0) {
    const oneOf = actionNames(v.missingOneOf);
    const names = [...actionNames(v.missing), ...(oneOf.length > 0 ? [oneOf.join(' | ')] : [])];
    const extra = { count: names.length, actions: names.join(', ') };
    return fail(check, {
      title: msg(check, 'fail', { ...params, ...extra }),
      ...detail('fail', extra),
      facts: f,
      fix: { summary: msg(check, wording.missingFix ?? 'fixMissing', params), ...missingFix(ctx, v, role), docs },
      confidence: wording.missingConfidence ?? 0.85,
    });
  }
  if (v.undecided.length > 0) return inconclusive(check, { title: msg(check, 'undecided', params), facts: f, missing: v.gaps });
  return pass(check, { title: msg(check, 'pass', params), facts: f });
}
