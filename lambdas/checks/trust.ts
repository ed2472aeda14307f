/**
 * A role's trust policy judged for one service principal's sts:AssumeRole (AWS Backup for a backup role, Amazon
 * ECS for an infrastructure role), and the finding with the trust policy that admits the service.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html
 */
import type { Check, Fact, Finding, PolicyDocument, PolicyStatement } from '../core/types.ts';
import { evaluateTrust, normalizeStatements } from '../policy/index.ts';
import type { ContextValue, EvalResult } from '../policy/index.ts';
import { fail, inconclusive, msg, pass, pretty, shellJson } from './finding.ts';
import { undecidedGap } from './lookup.ts';
import { statementsOf } from './policy-edit.ts';

/** A trust check's role and the service that must be able to assume it. */
export interface TrustQuestion {
  readonly arn: string;
  readonly name: string;
  readonly trust: PolicyDocument;
  /** The service principal, lower case ("backup.amazonaws.com"). */
  readonly service: string;
  /** The service as the reasons name it ("AWS Backup", "ECS"). */
  readonly serviceName: string;
  /** The account the service acts for (aws:SourceAccount in its request), when known. */
  readonly account: string | undefined;
  /** The statements that admit the service, which the fix adds. */
  readonly grant: readonly PolicyStatement[];
  readonly docs: string;
  /** The facts to show, from the decision and the principals the policy admits ("-" for none). */
  readonly facts: (result: EvalResult, admitted: string) => Fact[];
  /** The finding's subject, when the check names one. */
  readonly subject?: string;
}

/**
 * The finding of a trust check, with its messages `pass`, `undecided` (the evaluator, or a condition key whose
 * value in the service's request is not documented, leaves it open), `fail` with `denyDetail` or `failDetail`,
 * and `fix` (the trust policy without the denying statements and with `grant`).
 */
export function trustFinding(check: Pick<Check, 'id' | 'category'>, q: TrustQuestion): Finding {
  const context: Record<string, ContextValue> = q.account ? { 'aws:SourceAccount': q.account } : {};
  const { result, admitted, unknownKeys } = judgeTrust(q.trust, q.service, context);
  const admittedText = admitted.length > 0 ? admitted.join(', ') : '-';
  const shown = q.facts(result, admittedText);
  const role = q.name;
  if (result.decision === 'allowed') return pass(check, { title: msg(check, 'pass', { role }), facts: shown });
  const undecided = (reasons: readonly string[]): Finding =>
    inconclusive(check, {
      title: msg(check, 'undecided', { role }),
      facts: shown,
      missing: [undecidedGap(`the trust policy of ${q.arn} for ${q.service}`, q.arn, reasons)],
    });
  if (result.decision === 'inconclusive') return undecided(result.reasons);
  if (unknownKeys.length > 0) {
    return undecided([
      `the decision depends on ${unknownKeys.join(', ')}, whose value in ${q.serviceName}'s sts:AssumeRole request is not known`,
    ]);
  }
  const fixed = admittingTrustPolicy(q.trust, result, q.grant);
  return fail(check, {
    title: msg(check, 'fail', { role }),
    detail:
      result.decision === 'explicit-deny'
        ? msg(check, 'denyDetail', { role, statements: result.statements.join(', ') })
        : msg(check, 'failDetail', { role, admitted: admittedText }),
    facts: shown,
    fix: {
      summary: msg(check, 'fix', { role }),
      command: `aws iam update-assume-role-policy --role-name ${role} --policy-document ${shellJson(fixed)}`,
      snippet: pretty(fixed),
      docs: q.docs,
    },
    confidence: 0.95,
    ...(q.subject ? { subject: q.subject } : {}),
  });
}

/** What a trust policy says about one service. */
interface TrustVerdict {
  readonly result: EvalResult;
  /** Every principal that an Allow statement names ("*" for a wildcard), each once. */
  readonly admitted: readonly string[];
  /**
   * Condition keys, not in the request context, of the statements that decide for the service: the Allow
   * statements naming it and the Deny statements that denied it.
   */
  readonly unknownKeys: readonly string[];
}

/** Evaluates sts:AssumeRole by `service` against a trust policy. */
function judgeTrust(
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

/** The trust policy that admits the service: its statements without the Deny statements that denied it, then `grant`. */
function admittingTrustPolicy(
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
