/**
 * Condition evaluation: the string, ARN, Bool, Null, numeric and date operators, the IfExists suffix, the
 * ForAnyValue/ForAllValues set qualifiers and policy variables. Anything else is undecidable, never true.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
import type { ContextValue } from './types.ts';
import type { NormalizedCondition } from './normalize.ts';
import { arnMatches, globMatch, isUnknown, unknown, type Unknown, type Verdict } from './match.ts';

/** The request's condition keys, by lower-case key name, plus keys known to exist with an unknown value. */
export interface ConditionContext {
  readonly values: ReadonlyMap<string, ContextValue>;
  /** Keys that AWS would set but whose value cannot be derived here, with the reason. */
  readonly unknownKeys: ReadonlyMap<string, string>;
}

type Family = 'string' | 'arn' | 'numeric' | 'date' | 'bool' | 'null';

interface OperatorSpec {
  readonly family: Family;
  readonly negated: boolean;
  /** Whether one policy value matches one request value. */
  readonly test: (policy: string, request: string) => Verdict;
}

function numberOf(s: string): number | undefined {
  return /^[+-]?(\d+\.?\d*|\.\d+)$/.test(s.trim()) ? Number(s) : undefined;
}

function dateOf(s: string): number | undefined {
  const t = s.trim();
  if (/^\d+$/.test(t)) return Number(t) * 1000;
  if (!/^\d{4}-\d{2}-\d{2}/.test(t)) return undefined;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? undefined : ms;
}

function compare(parse: (s: string) => number | undefined, kind: string, cmp: (a: number, b: number) => boolean) {
  return (policy: string, request: string): Verdict => {
    const p = parse(policy);
    if (p === undefined) return unknown(`"${policy}" is not a valid ${kind} value`);
    const r = parse(request);
    // A request value that does not parse compares as no match.
    return r === undefined ? false : cmp(r, p);
  };
}

const eq = (a: number, b: number): boolean => a === b;
const lt = (a: number, b: number): boolean => a < b;
const le = (a: number, b: number): boolean => a <= b;
const gt = (a: number, b: number): boolean => a > b;
const ge = (a: number, b: number): boolean => a >= b;

const strEq = (p: string, r: string): Verdict => p === r;
const strEqIc = (p: string, r: string): Verdict => p.toLowerCase() === r.toLowerCase();
const strLike = (p: string, r: string): Verdict => globMatch(p, r);
const arnLike = (p: string, r: string): Verdict => arnMatches(p, r);
const boolEq = (p: string, r: string): Verdict => p.toLowerCase() === r.toLowerCase();

const OPERATORS: ReadonlyMap<string, OperatorSpec> = new Map(
  (
    [
      ['StringEquals', 'string', false, strEq],
      ['StringNotEquals', 'string', true, strEq],
      ['StringEqualsIgnoreCase', 'string', false, strEqIc],
      ['StringNotEqualsIgnoreCase', 'string', true, strEqIc],
      ['StringLike', 'string', false, strLike],
      ['StringNotLike', 'string', true, strLike],
      // ArnEquals and ArnLike behave the same: both accept wildcards in every segment.
      ['ArnEquals', 'arn', false, arnLike],
      ['ArnLike', 'arn', false, arnLike],
      ['ArnNotEquals', 'arn', true, arnLike],
      ['ArnNotLike', 'arn', true, arnLike],
      ['NumericEquals', 'numeric', false, compare(numberOf, 'numeric', eq)],
      ['NumericNotEquals', 'numeric', true, compare(numberOf, 'numeric', eq)],
      ['NumericLessThan', 'numeric', false, compare(numberOf, 'numeric', lt)],
      ['NumericLessThanEquals', 'numeric', false, compare(numberOf, 'numeric', le)],
      ['NumericGreaterThan', 'numeric', false, compare(numberOf, 'numeric', gt)],
      ['NumericGreaterThanEquals', 'numeric', false, compare(numberOf, 'numeric', ge)],
      ['DateEquals', 'date', false, compare(dateOf, 'date', eq)],
      ['DateNotEquals', 'date', true, compare(dateOf, 'date', eq)],
      ['DateLessThan', 'date', false, compare(dateOf, 'date', lt)],
      ['DateLessThanEquals', 'date', false, compare(dateOf, 'date', le)],
      ['DateGreaterThan', 'date', false, compare(dateOf, 'date', gt)],
      ['DateGreaterThanEquals', 'date', false, compare(dateOf, 'date', ge)],
      ['Bool', 'bool', false, boolEq],
      ['Null', 'null', false, boolEq],
    ] as const
  ).map(([name, family, negated, test]) => [name.toLowerCase(), { family, negated, test }]),
);

const VARIABLE = /\$\{([^}]*)\}/g;
const SPECIAL: Readonly<Record<string, string>> = { '*': '*', '?': '?', $: '$' };

/**
 * Replaces `${key}` (and `${key, 'default'}`) with the request's value. A variable whose key is absent and has
 * no default, or holds several values, is undecidable.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 */
export function substitute(text: string, ctx: ConditionContext): string | Unknown {
  if (!text.includes('${')) return text;
  let failure: Unknown | undefined;
  const out = text.replace(VARIABLE, (whole, inner: string) => {
    const special = SPECIAL[inner];
    if (special !== undefined) return special;
    const m = /^\s*([^,\s]+)\s*(?:,\s*'([^']*)'\s*)?$/.exec(inner);
    if (!m) {
      failure ??= unknown(`policy variable ${whole} is not understood`);
      return whole;
    }
    const key = m[1]!.toLowerCase();
    const value = ctx.values.get(key);
    if (value === undefined || (Array.isArray(value) && value.length === 0)) {
      if (m[2] !== undefined) return m[2];
      failure ??= unknown(ctx.unknownKeys.get(key) ?? `policy variable ${whole} has no value in the request`);
      return whole;
    }
    if (Array.isArray(value)) {
      if (value.length === 1) return String(value[0]);
      failure ??= unknown(`policy variable ${whole} has several values`);
      return whole;
    }
    return String(value);
  });
  return failure ?? out;
}

/** Any policy value matches one request value (OR over the policy values). */
function anyMatch(spec: OperatorSpec, policyValues: readonly string[], request: string): Verdict {
  let pending: Unknown | undefined;
  for (const p of policyValues) {
    const v = spec.test(p, request);
    if (v === true) return true;
    if (isUnknown(v)) pending = v;
  }
  return pending ?? false;
}

/** The operator's outcome for one request value: negated operators are NOR over the policy values. */
function oneValue(spec: OperatorSpec, policyValues: readonly string[], request: string): Verdict {
  const v = anyMatch(spec, policyValues, request);
  if (isUnknown(v) || !spec.negated) return v;
  return !v;
}

function requestValues(value: ContextValue | undefined): readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map(String);
  return [String(value)];
}

/**
 * Evaluates one condition test against the request context. Returns false, true, or an unknown with the reason.
 */
export function evaluateCondition(c: NormalizedCondition, ctx: ConditionContext, variables: boolean): Verdict {
  const spec = OPERATORS.get(c.operator.toLowerCase());
  if (!spec) return unknown(`unsupported condition operator ${c.raw}`);
  if (c.setQualifier && spec.family !== 'string' && spec.family !== 'arn') {
    return unknown(`unsupported condition operator ${c.raw} (set qualifier on a non-string operator)`);
  }
  if (spec.family === 'null' && c.ifExists) return unknown(`unsupported condition operator ${c.raw}`);

  const unknownKey = ctx.unknownKeys.get(c.key);
  if (unknownKey !== undefined && !ctx.values.has(c.key)) return unknown(unknownKey);
  const present = requestValues(ctx.values.get(c.key));

  let policyValues = c.values;
  if (variables && (spec.family === 'string' || spec.family === 'arn') && c.values.some((v) => v.includes('${'))) {
    const resolved: string[] = [];
    for (const v of c.values) {
      const s = substitute(v, ctx);
      if (isUnknown(s)) return s;
      resolved.push(s);
    }
    policyValues = resolved;
  }

  if (spec.family === 'null') {
    const isNull = present === undefined ? 'true' : 'false';
    return policyValues.some((v) => v.toLowerCase() === isNull);
  }

  if (present === undefined) {
    // AWS: an absent key makes the condition false, except for negated operators (true), IfExists (true) and
    // the set qualifiers (ForAllValues over an empty set is true, ForAnyValue is false).
    if (c.ifExists) return true;
    if (c.setQualifier === 'ForAllValues') return true;
    if (c.setQualifier === 'ForAnyValue') return false;
    return spec.negated;
  }

  if (!c.setQualifier) {
    if (present.length > 1) {
      return unknown(`multivalued key ${c.key} tested by ${c.raw} without ForAnyValue or ForAllValues`);
    }
    return oneValue(spec, policyValues, present[0]!);
  }

  const all = c.setQualifier === 'ForAllValues';
  let pending: Unknown | undefined;
  for (const r of present) {
    const v = oneValue(spec, policyValues, r);
    if (isUnknown(v)) pending = v;
    else if (all && !v) return false;
    else if (!all && v) return true;
  }
  return pending ?? all;
}

/** Evaluates a statement's whole Condition block: every test must hold (AND). */
export function evaluateConditions(
  conditions: readonly NormalizedCondition[],
  ctx: ConditionContext,
  variables: boolean,
): Verdict {
  let pending: Unknown | undefined;
  for (const c of conditions) {
    const v = evaluateCondition(c, ctx, variables);
    if (v === false) return false;
    if (isUnknown(v)) pending ??= v;
  }
  return pending ?? true;
}
