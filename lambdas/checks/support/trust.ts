/**
 * A role's trust policy judged for one service principal's sts:AssumeRole (AWS Backup for a backup role, Amazon
 * ECS for an infrastructure role), and the finding with the trust policy that admits the service.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html
 */
import type { Check, Fact, Finding, Messages, PolicyDocument, PolicyStatement } from '../../model/types.ts';
import { evaluateTrust, normalizeStatements } from '../../policy/index.ts';
import type { ContextValue, EvalResult } from '../../policy/index.ts';
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

/** One condition test of a statement that admits the service, and whether it holds for the job's request. */
interface ServiceCondition {
  /** The statement's Sid, or "#<index>". */
  readonly statement: string;
  /** Its index in the trust policy's list of statements. */
  readonly index: number;
  /** The operator and key exactly as the policy writes them. */
  readonly operator: string;
  readonly key: string;
  readonly values: readonly string[];
  readonly holds: boolean | 'undecided';
}

/** Operators whose value can be corrected to the value the request presents, keeping the test as strict. */
const CORRECTABLE = new Set(['stringequals', 'stringlike', 'arnequals', 'arnlike']);

function asList(v: unknown): string[] {
  return (Array.isArray(v) ? v : [v]).map(String);
}

/** The condition tests of the Allow statements that name the service, each judged on its own against `context`. */
function serviceConditions(trust: PolicyDocument, service: string, context: Readonly<Record<string, ContextValue>>): ServiceCondition[] {
  const ids = normalizeStatements(trust);
  const out: ServiceCondition[] = [];
  statementsOf(trust).forEach((raw, index) => {
    const norm = ids[index];
    if (!norm || norm.effect !== 'Allow' || !norm.principal?.service.some((p) => p.toLowerCase() === service)) return;
    for (const [operator, block] of Object.entries(raw.Condition ?? {})) {
      for (const [key, value] of Object.entries(block)) {
        const alone: PolicyDocument = {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole', Condition: { [operator]: { [key]: value } } }],
        };
        const known = Object.keys(context).some((k) => k.toLowerCase() === key.toLowerCase());
        const d = evaluateTrust(alone, service, context).decision;
        const holds = !known && d !== 'allowed' ? 'undecided' : d === 'allowed' ? true : d === 'inconclusive' ? 'undecided' : false;
        out.push({ statement: norm.id, index, operator, key, values: asList(value), holds });
      }
    }
  });
  return out;
}

/** "StringEquals aws:SourceAccount 444455556666" */
function conditionText(c: ServiceCondition): string {
  return `${c.operator} ${c.key} ${c.values.join(' | ')}`;
}

/** The value the job's request presents for a key, or undefined when it is not known. */
function presented(context: Readonly<Record<string, ContextValue>>, key: string): string | undefined {
  const hit = Object.entries(context).find(([k]) => k.toLowerCase() === key.toLowerCase());
  return hit ? asList(hit[1]).join(', ') : undefined;
}

/** The trust policy with one condition's value corrected; every other statement and condition kept as written. */
function correctedTrustPolicy(trust: PolicyDocument, c: ServiceCondition, value: string): PolicyDocument {
  const statements = statementsOf(trust).map((raw, i) => {
    if (i !== c.index || !raw.Condition) return raw;
    const block = raw.Condition[c.operator] ?? {};
    return { ...raw, Condition: { ...raw.Condition, [c.operator]: { ...block, [c.key]: value } } };
  });
  return { Version: trust.Version ?? '2012-10-17', ...(trust.Id ? { Id: trust.Id } : {}), Statement: statements };
}

/**
 * The finding of a trust check, with its messages `pass`, `undecided` (the evaluator, or a condition key whose
 * value in the service's request is not documented, leaves it open), `fail` with `denyDetail` or `failDetail`,
 * and `fix` (the trust policy without the denying statements and with `grant`). A statement that names the
 * service but whose condition fails is named with the condition and the value the job presents, and its fix
 * corrects that value and keeps everything else.
 */
export function trustFinding(check: Pick<Check, 'id' | 'category'>, q: TrustQuestion): Finding {
  const context: Record<string, ContextValue> = q.account ? { 'aws:SourceAccount': q.account } : {};
  const { result, admitted, unknownKeys } = judgeTrust(q.trust, q.service, context);
  const admittedText = admitted.length > 0 ? admitted.join(', ') : '-';
  const shown = q.facts(result, admittedText);
  const role = q.name;
  if (result.decision === 'allowed') return pass(check, { title: msg(check, 'pass', { role }), facts: shown });
  const conditions = serviceConditions(q.trust, q.service, context);
  const conditionFacts = (list: readonly ServiceCondition[]): Fact[] =>
    list.flatMap((c) => [
      { name: 'trustCondition', value: `${conditionText(c)} (${c.statement})` },
      { name: 'presentedValue', value: `${c.key} = ${presented(context, c.key) ?? '?'}` },
    ]);
  const undecided = (reasons: readonly string[]): Finding =>
    inconclusive(check, {
      title: msg(check, 'undecided', { role }),
      facts: [...shown, ...conditionFacts(conditions.filter((c) => c.holds === 'undecided'))],
      missing: [undecidedGap(`the trust policy of ${q.arn} for ${q.service}`, q.arn, reasons)],
    });
  if (result.decision === 'inconclusive') return undecided(result.reasons);
  if (unknownKeys.length > 0) {
    return undecided([
      `the decision depends on ${unknownKeys.join(', ')}, whose value in ${q.serviceName}'s sts:AssumeRole request is not known`,
    ]);
  }
  const grantNeeds = [{ principal: q.service, actions: ['sts:AssumeRole'] }];
  const failing = conditions.filter((c) => c.holds === false);
  if (result.decision === 'implicit-deny' && failing.length > 0) {
    // The service is named, but a condition keeps this job out: correct the condition's value, keep the rest.
    const first = failing[0]!;
    const value = presented(context, first.key) ?? '';
    const fixable = failing.length === 1 && CORRECTABLE.has(first.operator.toLowerCase()) && value !== '';
    const fixed = correctedTrustPolicy(q.trust, first, value);
    const params = { role, service: q.service, statement: first.statement, condition: conditionText(first), key: first.key, value: value || '?' };
    return fail(check, {
      title: msg(check, 'fail', { role }),
      detail: { key: 'trust.conditionFails', params },
      facts: [...shown, ...conditionFacts(failing)],
      fix: fixable
        ? {
            summary: { key: 'trust.conditionFix', params },
            command: `aws iam update-assume-role-policy --role-name ${role} --policy-document ${shellJson(fixed)}`,
            snippet: pretty(fixed),
            docs: q.docs,
            patch: { kind: 'trust-policy', roleArn: q.arn, document: fixed, needs: [{ ...grantNeeds[0]!, context: { [first.key]: value } }] },
          }
        : { summary: { key: 'trust.conditionFixWords', params }, docs: q.docs },
      confidence: 0.95,
      ...(q.subject ? { subject: q.subject } : {}),
    });
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
      patch: { kind: 'trust-policy', roleArn: q.arn, document: fixed, needs: grantNeeds },
    },
    confidence: 0.95,
    ...(q.subject ? { subject: q.subject } : {}),
  });
}

/** The texts of a trust statement whose condition keeps the service out, shared by the trust checks. */
export const TRUST_MESSAGES: Messages = {
  en: {
    'trust.conditionFails':
      'Statement {statement} of the trust policy of {role} admits {service} only when {condition}; this job presents {key} = {value}, so the condition fails and the service cannot assume the role.',
    'trust.conditionFix':
      'Correct the condition of statement {statement} to {key} = {value} (the value this job presents), keeping the statement\'s other conditions and every other statement: replace the trust policy of {role} with the document below.',
    'trust.conditionFixWords':
      'Change the condition {condition} of statement {statement} so that it holds for {key} = {value}, keeping the statement\'s other conditions. No command is given because the change cannot be made by correcting one value.',
    'fact.trustCondition': 'Condition that fails (statement)',
    'fact.presentedValue': 'Value this job presents',
  },
  ja: {
    'trust.conditionFails':
      '{role} の信頼ポリシーのステートメント {statement} は、{condition} の場合にのみ {service} を許可します。このジョブでは {key} = {value} となるため条件を満たさず、サービスはロールを引き受けられません。',
    'trust.conditionFix':
      'ステートメント {statement} の条件を {key} = {value} (このジョブが示す値) に修正してください。このステートメントのほかの条件とほかのステートメントはそのまま残します。{role} の信頼ポリシーを以下のドキュメントに置き換えます。',
    'trust.conditionFixWords':
      'ステートメント {statement} の条件 {condition} を {key} = {value} で満たされるように変更してください。このステートメントのほかの条件は残してください。1 つの値の修正では変更できないため、コマンドは示していません。',
    'fact.trustCondition': '満たされない条件 (ステートメント)',
    'fact.presentedValue': 'このジョブが示す値',
  },
};

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
