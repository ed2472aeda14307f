/**
 * Policy normalisation: every element that AWS accepts as "one or many" becomes an array, and each Condition
 * entry becomes one {operator, key, values} record, so that evaluation never inspects raw JSON shapes.
 */
import type { OneOrMany, PolicyDocument, PolicyStatement, PrincipalBlock } from '../model/types.ts';

/** A principal block with every list as an array; `wildcard` is true for `"*"` and `{"AWS": "*"}`. */
export interface NormalizedPrincipal {
  readonly wildcard: boolean;
  readonly aws: readonly string[];
  readonly service: readonly string[];
  readonly federated: readonly string[];
  readonly canonicalUser: readonly string[];
}

/** One condition test: operator `StringLike`, key `kms:ViaService`, values `["backup.*.amazonaws.com"]`. */
export interface NormalizedCondition {
  /** The base operator as written, without set qualifier and without the IfExists suffix. */
  readonly operator: string;
  /** The condition key in lower case (condition key names are case-insensitive). */
  readonly key: string;
  readonly values: readonly string[];
  readonly ifExists: boolean;
  readonly setQualifier?: 'ForAnyValue' | 'ForAllValues';
  /** The operator exactly as the policy wrote it, for reasons and reports. */
  readonly raw: string;
}

/** A statement with every element normalised to arrays. */
export interface NormalizedStatement {
  /** The Sid, or "#<index>" when the statement has none. */
  readonly id: string;
  readonly effect: 'Allow' | 'Deny';
  readonly action?: readonly string[];
  readonly notAction?: readonly string[];
  readonly resource?: readonly string[];
  readonly notResource?: readonly string[];
  readonly principal?: NormalizedPrincipal;
  readonly notPrincipal?: NormalizedPrincipal;
  readonly conditions: readonly NormalizedCondition[];
  /** True when the document's Version is 2012-10-17, the only version in which `${...}` is a policy variable. */
  readonly variables: boolean;
}

const POLICY_VARIABLE_VERSION = '2012-10-17';

function list<T>(value: OneOrMany<T> | undefined): readonly T[] | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? (value as readonly T[]) : [value as T];
}

function principalOf(block: PrincipalBlock | undefined): NormalizedPrincipal | undefined {
  if (block === undefined) return undefined;
  if (block === '*') return { wildcard: true, aws: [], service: [], federated: [], canonicalUser: [] };
  const aws = list(block.AWS) ?? [];
  return {
    wildcard: aws.includes('*'),
    aws: aws.filter((a) => a !== '*'),
    service: list(block.Service) ?? [],
    federated: list(block.Federated) ?? [],
    canonicalUser: list(block.CanonicalUser) ?? [],
  };
}

const SET_PREFIX = /^(ForAnyValue|ForAllValues):(.+)$/i;

function conditionsOf(condition: PolicyStatement['Condition']): NormalizedCondition[] {
  if (!condition) return [];
  const out: NormalizedCondition[] = [];
  for (const [raw, block] of Object.entries(condition)) {
    let operator = raw;
    let setQualifier: NormalizedCondition['setQualifier'];
    const prefixed = SET_PREFIX.exec(raw);
    if (prefixed) {
      setQualifier = prefixed[1]!.toLowerCase() === 'foranyvalue' ? 'ForAnyValue' : 'ForAllValues';
      operator = prefixed[2]!;
    }
    // "Null" never takes the IfExists suffix; every other operator may.
    const ifExists = operator.length > 'IfExists'.length && /IfExists$/i.test(operator);
    if (ifExists) operator = operator.slice(0, -'IfExists'.length);
    for (const [key, value] of Object.entries(block ?? {})) {
      const values = (list(value) ?? []).map((v) => String(v));
      const base = { operator, key: key.toLowerCase(), values, ifExists, raw };
      out.push(setQualifier ? { ...base, setQualifier } : base);
    }
  }
  return out;
}

function statementOf(s: PolicyStatement, index: number, variables: boolean): NormalizedStatement {
  const action = list(s.Action);
  const notAction = list(s.NotAction);
  const resource = list(s.Resource);
  const notResource = list(s.NotResource);
  const principal = principalOf(s.Principal);
  const notPrincipal = principalOf(s.NotPrincipal);
  return {
    id: s.Sid !== undefined && s.Sid !== '' ? s.Sid : `#${index}`,
    effect: s.Effect,
    ...(action && { action }),
    ...(notAction && { notAction }),
    ...(resource && { resource }),
    ...(notResource && { notResource }),
    ...(principal && { principal }),
    ...(notPrincipal && { notPrincipal }),
    conditions: conditionsOf(s.Condition),
    variables,
  };
}

/**
 * Normalises a policy document: Action/NotAction/Resource/NotResource/Principal to arrays and Condition to a
 * list of {operator, key, values, ifExists, setQualifier}.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */
export function normalizeStatements(doc: PolicyDocument): NormalizedStatement[] {
  const variables = doc.Version === POLICY_VARIABLE_VERSION;
  return (list(doc.Statement) ?? []).map((s, i) => statementOf(s, i, variables));
}
