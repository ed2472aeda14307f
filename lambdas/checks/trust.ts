/**
 * A role's trust policy judged for one service principal's sts:AssumeRole (AWS Backup for a backup role, Amazon
 * ECS for an infrastructure role), and the trust policy that admits the service.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html
 */
import type { PolicyDocument, PolicyStatement } from '../core/types.ts';
import { evaluateTrust, normalizeStatements } from '../policy/index.ts';
import type { ContextValue, EvalResult } from '../policy/index.ts';
import { pretty, shellJson } from './finding.ts';
import { statementsOf } from './policy-edit.ts';

/** What a trust policy says about one service. */
export interface TrustVerdict {
  readonly result: EvalResult;
  /** Every principal that an Allow statement names ("*" for a wildcard), each once. */
  readonly admitted: readonly string[];
  /**
   * Condition keys, not in the request context, of the statements that decide for the service: the Allow
   * statements naming it and the Deny statements that denied it.
   */
  readonly unknownKeys: readonly string[];
}

/** Evaluates sts:AssumeRole by `service` (lower case, e.g. "backup.amazonaws.com") against a trust policy. */
export function judgeTrust(
  trust: PolicyDocument,
  service: string,
  context: Readonly<Record<string, ContextValue>>,
): TrustVerdict {
  const result = evaluateTrust(trust, service, context);
  const statements = normalizeStatements(trust);
  const admitted = [
    ...new Set(
      statements
        .filter((s) => s.effect === 'Allow' && s.principal)
        .flatMap((s) => [
          ...(s.principal?.wildcard ? ['*'] : []),
          ...(s.principal?.service ?? []),
          ...(s.principal?.aws ?? []),
          ...(s.principal?.federated ?? []),
        ]),
    ),
  ];
  // A condition on a key whose value in the service's AssumeRole request is not documented (aws:SourceArn, ...)
  // cannot be decided: absent in our request, it may be present in the real one.
  const supplied = new Set(Object.keys(context).map((k) => k.toLowerCase()));
  const denies = denyingStatements(result);
  const unknownKeys = [
    ...new Set(
      statements
        .filter(
          (s) =>
            (s.effect === 'Allow' && s.principal?.service.some((p) => p.toLowerCase() === service)) ||
            (s.effect === 'Deny' && denies.has(s.id)),
        )
        .flatMap((s) => s.conditions.map((c) => c.key))
        .filter((k) => !supplied.has(k)),
    ),
  ];
  return { result, admitted, unknownKeys };
}

function denyingStatements(result: EvalResult): Set<string> {
  return result.decision === 'explicit-deny' ? new Set(result.statements) : new Set<string>();
}

/**
 * The trust policy that admits the service: the current statements without the Deny statements that denied it,
 * then `grant`.
 */
export function admittingTrustPolicy(
  trust: PolicyDocument,
  result: EvalResult,
  grant: readonly PolicyStatement[],
): PolicyDocument {
  const ids = normalizeStatements(trust).map((s) => s.id);
  const denies = denyingStatements(result);
  const kept = statementsOf(trust).filter((_, i) => {
    const id = ids[i];
    return id === undefined || !denies.has(id);
  });
  return { Version: '2012-10-17', Statement: [...kept, ...grant] };
}

/** The command that replaces a role's trust policy with `doc`, and the document as a snippet. */
export function trustPolicyFix(roleName: string, doc: PolicyDocument): { readonly command: string; readonly snippet: string } {
  return {
    command: `aws iam update-assume-role-policy --role-name ${roleName} --policy-document ${shellJson(doc)}`,
    snippet: pretty(doc),
  };
}
