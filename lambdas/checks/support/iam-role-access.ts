/**
 * Decides whether the job's role may perform an action: our evaluator over the role's identity policies and
 * permissions boundary, or, when a document could not be read, the SimulatePrincipalPolicy result.
 */
import type { CheckContext, Gap, PolicyDocument, RoleFacts } from '../../model/types.ts';
import { evaluateAccess } from '../../policy/index.ts';
import type { AccessRequest, Decision } from '../../policy/index.ts';
import { dedupeGaps, gapsOrNotCollected, undecidedGap } from './lookup.ts';

/** A role's identity policies and boundary as documents, with what could not be read. */
export interface RoleIdentity {
  readonly policies: readonly PolicyDocument[];
  readonly boundary?: PolicyDocument;
  readonly boundaryName?: string;
  readonly missing: readonly Gap[];
}

/** Collects the documents of a role's attached and inline policies and its boundary. */
export function roleIdentity(ctx: CheckContext, role: RoleFacts): RoleIdentity {
  const missing: Gap[] = [];
  const policies: PolicyDocument[] = [];
  if (role.attachedPolicies === undefined) {
    missing.push(...gapsOrNotCollected(ctx, role.arn, `iam:ListAttachedRolePolicies ${role.arn}`));
  }
  if (role.inlinePolicies === undefined) {
    missing.push(...gapsOrNotCollected(ctx, role.arn, `iam:ListRolePolicies ${role.arn}`));
  }
  for (const p of [...(role.attachedPolicies ?? []), ...(role.inlinePolicies ?? [])]) {
    if (p.document) policies.push(p.document);
    else missing.push(...gapsOrNotCollected(ctx, p.arn ?? role.arn, `policy document ${p.name} of ${role.arn}`));
  }
  const b = role.permissionsBoundary;
  if (b && !b.document) missing.push(...gapsOrNotCollected(ctx, b.arn ?? role.arn, `permissions boundary ${b.name} of ${role.arn}`));
  return {
    policies,
    ...(b?.document ? { boundary: b.document, boundaryName: b.name } : {}),
    missing: dedupeGaps(missing),
  };
}

/** The outcome for one action. `blockedBy` names what keeps an otherwise granted action from the role. */
export interface ActionOutcome {
  readonly action: string;
  readonly resource: string;
  readonly decision: Decision;
  readonly source: 'evaluator' | 'simulation' | 'none';
  /** Deny statements for explicit-deny, allow statements for allowed. */
  readonly statements: readonly string[];
  readonly reasons: readonly string[];
  readonly blockedBy?: 'boundary' | 'explicit-deny';
}

/** Decides one request for the role; `none` when neither the documents nor a simulation result exist. */
export function decideForRole(role: RoleFacts, identity: RoleIdentity, request: AccessRequest): ActionOutcome {
  const base = { action: request.action, resource: request.resource };
  if (identity.missing.length === 0) {
    const r = evaluateAccess({
      request,
      identityPolicies: identity.policies,
      ...(identity.boundary ? { boundary: identity.boundary } : {}),
    });
    if (r.decision === 'explicit-deny') {
      return { ...base, decision: r.decision, source: 'evaluator', statements: r.statements, reasons: [], blockedBy: 'explicit-deny' };
    }
    if (r.decision === 'implicit-deny' && identity.boundary) {
      const without = evaluateAccess({ request, identityPolicies: identity.policies });
      if (without.decision === 'allowed') {
        return { ...base, decision: r.decision, source: 'evaluator', statements: [], reasons: [], blockedBy: 'boundary' };
      }
    }
    return { ...base, decision: r.decision, source: 'evaluator', statements: r.statements, reasons: r.reasons };
  }
  const simulated = role.simulation?.[request.action];
  if (simulated) {
    const decision: Decision =
      simulated === 'allowed' ? 'allowed' : simulated === 'explicitDeny' ? 'explicit-deny' : 'implicit-deny';
    return {
      ...base,
      decision,
      source: 'simulation',
      statements: [],
      reasons: [],
      ...(decision === 'explicit-deny' ? { blockedBy: 'explicit-deny' as const } : {}),
    };
  }
  return { ...base, decision: 'inconclusive', source: 'none', statements: [], reasons: [] };
}

/**
 * What kept an outcome from being decided: the role's unread documents when nothing decided it, else the
 * evaluator's reasons. Empty for a decided outcome.
 */
export function outcomeGaps(outcome: ActionOutcome, identity: RoleIdentity, roleArn: string): Gap[] {
  if (outcome.decision !== 'inconclusive') return [];
  if (outcome.source === 'none') return [...identity.missing];
  return [undecidedGap(`a decision on ${outcome.action} for ${roleArn}`, roleArn, outcome.reasons)];
}

/** The statements (Sids) behind some outcomes, each once, comma-separated; empty when none is known. */
export function statementList(outcomes: readonly { readonly statements: readonly string[] }[]): string {
  return [...new Set(outcomes.flatMap((o) => o.statements))].join(', ');
}
