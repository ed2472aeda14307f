/**
 * The decisions: identity policies, resource and trust policies, and the combined same-account decision with
 * permissions boundaries and the KMS key-policy rule. Undecidable parts are carried as "maybe" and only make
 * the result inconclusive when the decision actually depends on them.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
import type { PolicyDocument } from '../model/types.ts';
import type { AccessInput, AccessRequest, ContextValue, Decision, EvalResult } from './types.ts';
import { normalizeStatements, type NormalizedStatement } from './normalize.ts';
import { evaluateConditions, substitute, type ConditionContext } from './conditions.ts';
import { arnMatches, globMatch, isUnknown, parsePrincipal, principalMatches, unknown, type ParsedPrincipal, type PrincipalMatch, type Unknown, type Verdict } from './match.ts';
import { splitArn } from '../model/arn.ts';

/** A normalised statement with its action patterns lower-cased once (action names are case-insensitive). */
interface Compiled {
  readonly s: NormalizedStatement;
  readonly actions?: readonly string[];
  readonly notActions?: readonly string[];
}

const cache = new WeakMap<PolicyDocument, Compiled[]>();

function statementsOf(doc: PolicyDocument): Compiled[] {
  let compiled = cache.get(doc);
  if (!compiled) {
    compiled = normalizeStatements(doc).map((s) => ({
      s,
      ...(s.action && { actions: s.action.map((a) => a.toLowerCase()) }),
      ...(s.notAction && { notActions: s.notAction.map((a) => a.toLowerCase()) }),
    }));
    cache.set(doc, compiled);
  }
  return compiled;
}

/** A prepared request: parsed principal and the condition context with the keys AWS always sets. */
interface Prepared {
  /** Lower-cased. */
  readonly action: string;
  readonly resource: string;
  readonly who: ParsedPrincipal;
  readonly ctx: ConditionContext;
}

function prepare(request: AccessRequest, resourceAccount?: string): Prepared {
  const who = parsePrincipal(request.principal);
  const values = new Map<string, ContextValue>();
  for (const [k, v] of Object.entries(request.context ?? {})) values.set(k.toLowerCase(), v);
  const unknownKeys = new Map<string, string>();
  const setDefault = (key: string, value: string | undefined): void => {
    if (value !== undefined && !values.has(key)) values.set(key, value);
  };
  if (who.kind === 'service') setDefault('aws:principalservicename', who.raw);
  else if (who.account !== undefined) {
    setDefault('aws:principalaccount', who.account);
    if (who.kind === 'session') {
      // The session ARN drops the role's path, so the role ARN that aws:PrincipalArn carries is not derivable.
      unknownKeys.set('aws:principalarn', 'aws:PrincipalArn of an assumed-role session was not supplied');
    } else {
      setDefault('aws:principalarn', who.raw);
    }
  }
  setDefault('aws:resourceaccount', resourceAccount);
  return { action: request.action.toLowerCase(), resource: request.resource, who, ctx: { values, unknownKeys } };
}

/** How one statement relates to the request. */
interface Applied {
  readonly statement: NormalizedStatement;
  /** true, false, or unknown when a part could not be evaluated. */
  readonly verdict: Verdict;
  /** For resource-policy statements: how the principal matched. */
  readonly match?: PrincipalMatch;
}

/** Kleene AND of two verdicts: false wins, then unknown. */
function both(a: Verdict, b: Verdict): Verdict {
  if (a === false || b === false) return false;
  return isUnknown(a) ? a : b;
}

function actionApplies(c: Compiled, action: string): Verdict {
  if (c.actions) return c.actions.some((p) => globMatch(p, action));
  if (c.notActions) return !c.notActions.some((p) => globMatch(p, action));
  return unknown(`statement ${c.s.id} has neither Action nor NotAction`);
}

function anyResource(patterns: readonly string[], s: NormalizedStatement, p: Prepared): Verdict {
  let pending: Unknown | undefined;
  for (const raw of patterns) {
    const pattern = s.variables ? substitute(raw, p.ctx) : raw;
    if (isUnknown(pattern)) {
      pending = pattern;
      continue;
    }
    const v = arnMatches(pattern, p.resource);
    if (v === true) return true;
    if (isUnknown(v)) pending = v;
  }
  return pending ?? false;
}

function resourceApplies(s: NormalizedStatement, p: Prepared): Verdict {
  if (s.resource) return anyResource(s.resource, s, p);
  if (s.notResource) {
    const v = anyResource(s.notResource, s, p);
    return isUnknown(v) ? v : !v;
  }
  // Trust policies have no Resource element: the statement is about the role it is attached to.
  return true;
}

/** How a statement relates to the request, or undefined when it certainly does not apply. */
function apply(c: Compiled, p: Prepared, withPrincipal: boolean): Applied | undefined {
  const s = c.s;
  let verdict = actionApplies(c, p.action);
  if (verdict === false) return undefined;
  verdict = both(verdict, resourceApplies(s, p));
  if (verdict === false) return undefined;
  let match: PrincipalMatch | undefined;
  if (withPrincipal) {
    const m = principalMatches(s.principal, s.notPrincipal, p.who);
    if (m === undefined) return undefined;
    // An undecided principal counts as the strongest match, so that it matters wherever it could.
    match = isUnknown(m) ? 'direct' : m;
    if (isUnknown(m)) verdict = both(verdict, m);
  }
  if (s.conditions.length > 0) verdict = both(verdict, evaluateConditions(s.conditions, p.ctx, s.variables));
  if (verdict === false) return undefined;
  return match === undefined ? { statement: s, verdict } : { statement: s, verdict, match };
}

/** A three-valued flag: known true, known false, or depending on something undecidable. */
type Flag = boolean | 'maybe';

/** Statements applied to one request, grouped for the decision. */
class Tally {
  readonly denies: Applied[] = [];
  readonly allows: Applied[] = [];
  readonly reasons: string[] = [];

  constructor(
    readonly label: string,
    applied: readonly Applied[],
  ) {
    for (const a of applied) {
      if (isUnknown(a.verdict)) this.reasons.push(`${label} ${a.statement.id}: ${a.verdict.unknown}`);
      (a.statement.effect === 'Deny' ? this.denies : this.allows).push(a);
    }
  }

  /** Whether some statement of this effect (and principal-match kind) applies. */
  flag(effect: 'Allow' | 'Deny', kinds?: readonly PrincipalMatch[]): Flag {
    let result: Flag = false;
    for (const a of effect === 'Deny' ? this.denies : this.allows) {
      if (kinds && (a.match === undefined || !kinds.includes(a.match))) continue;
      if (a.verdict === true) return true;
      result = 'maybe';
    }
    return result;
  }

  /** The ids of the statements of this effect (and kind) that certainly apply. */
  ids(effect: 'Allow' | 'Deny', kinds?: readonly PrincipalMatch[]): string[] {
    return (effect === 'Deny' ? this.denies : this.allows)
      .filter((a) => a.verdict === true && (!kinds || (a.match !== undefined && kinds.includes(a.match))))
      .map((a) => a.statement.id);
  }
}

function tally(label: string, docs: readonly PolicyDocument[], p: Prepared, withPrincipal: boolean): Tally {
  const applied: Applied[] = [];
  for (const doc of docs) {
    for (const c of statementsOf(doc)) {
      const a = apply(c, p, withPrincipal);
      if (a) applied.push(a);
    }
  }
  return new Tally(label, applied);
}

/**
 * Decides over every combination of the "maybe" flags; the result is conclusive only when all combinations
 * agree.
 */
function resolve<K extends string>(flags: Record<K, Flag>, decide: (f: Record<K, boolean>) => Decision): Decision {
  const keys = (Object.keys(flags) as K[]).filter((k) => flags[k] === 'maybe');
  const base = { ...flags } as Record<K, boolean>;
  let decision: Decision | undefined;
  for (let mask = 0; mask < 1 << keys.length; mask++) {
    keys.forEach((k, i) => {
      base[k] = (mask & (1 << i)) !== 0;
    });
    const d = decide(base);
    if (decision === undefined) decision = d;
    else if (d !== decision) return 'inconclusive';
  }
  return decision ?? 'inconclusive';
}

function result(decision: Decision, statements: readonly string[], reasons: readonly string[]): EvalResult {
  if (decision === 'inconclusive') return { decision, statements: [], reasons: [...new Set(reasons)] };
  return { decision, statements: [...new Set(statements)], reasons: [] };
}

function simple(t: Tally): EvalResult {
  const decision = resolve({ deny: t.flag('Deny'), allow: t.flag('Allow') }, (f) =>
    f.deny ? 'explicit-deny' : f.allow ? 'allowed' : 'implicit-deny',
  );
  const statements = decision === 'explicit-deny' ? t.ids('Deny') : decision === 'allowed' ? t.ids('Allow') : [];
  return result(decision, statements, t.reasons);
}

/**
 * Evaluates identity policies (managed and inline) for one request: an explicit deny wins, otherwise an allow,
 * otherwise implicit-deny.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 */
export function evaluateIdentity(policies: readonly PolicyDocument[], request: AccessRequest): EvalResult {
  return simple(tally('identity policy', policies, prepare(request), false));
}

/**
 * Evaluates a resource policy (key policy, bucket policy, trust policy) on its own: whether it allows or denies
 * this principal. A statement naming the principal's account counts as allowing here.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 */
export function evaluateResourcePolicy(
  policy: PolicyDocument,
  request: AccessRequest,
  resourceAccount?: string,
): EvalResult {
  return simple(tally('resource policy', [policy], prepare(request, resourceAccount), true));
}

/**
 * Evaluates a role's trust policy: may this principal (a service such as "backup.amazonaws.com", or an IAM
 * ARN) call sts:AssumeRole (or another sts action) with this context (aws:SourceAccount, aws:SourceArn, ...)?
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html
 */
export function evaluateTrust(
  trustPolicy: PolicyDocument,
  principal: string,
  context?: Readonly<Record<string, ContextValue>>,
  action = 'sts:AssumeRole',
): EvalResult {
  const request: AccessRequest = context ? { action, resource: '*', principal, context } : { action, resource: '*', principal };
  return evaluateResourcePolicy(trustPolicy, request);
}

const ASSUME_ROLE = /^sts:assumerole/i;

function accountOfResource(resource: string): string | undefined {
  const parts = splitArn(resource);
  const account = parts?.[4];
  return account !== undefined && /^\d{12}$/.test(account) ? account : undefined;
}

/**
 * The decision for a principal acting on a resource, combining identity policies, the permissions boundary and
 * the resource policy. For `kms-key` (and for sts:AssumeRole against a trust policy) an identity-policy allow
 * counts only when the resource policy has an allowing statement for the principal's account (the statement
 * that "enables IAM policies"); a statement naming the principal allows by itself; an explicit deny anywhere
 * wins. A boundary limits identity grants and resource grants made to a role ARN, not those made to the exact
 * session or user ARN. Across accounts, both sides must allow.
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
 */
export function evaluateAccess(input: AccessInput): EvalResult {
  const { request, boundary, resourcePolicy } = input;
  const who = parsePrincipal(request.principal);
  const resourceAccount = input.resourceAccount ?? accountOfResource(request.resource) ?? who.account;
  const p = prepare(request, resourceAccount);
  const trustRequired = input.resourceKind === 'kms-key' || ASSUME_ROLE.test(request.action);

  if (trustRequired && !resourcePolicy) {
    const what = input.resourceKind === 'kms-key' ? 'the key policy' : 'the trust policy';
    return result('inconclusive', [], [`${what} of ${request.resource} was not provided`]);
  }
  if (who.kind === 'service') {
    // A service principal has no identity policies: only the resource policy can grant it anything.
    if (!resourcePolicy) return result('implicit-deny', [], []);
    return simple(tally('resource policy', [resourcePolicy], p, true));
  }
  if (who.kind === 'root' || who.kind === 'other') {
    return result('inconclusive', [], [`principal ${request.principal} is not a role, session or user`]);
  }

  const id = tally('identity policy', input.identityPolicies, p, false);
  const pb = boundary ? tally('permissions boundary', [boundary], p, false) : undefined;
  const rp = resourcePolicy ? tally('resource policy', [resourcePolicy], p, true) : undefined;
  const sameAccount = resourceAccount === who.account;

  const flags = {
    idDeny: id.flag('Deny'),
    idAllow: id.flag('Allow'),
    pbDeny: pb ? pb.flag('Deny') : false,
    pbAllow: pb ? pb.flag('Allow') : true,
    rDeny: rp ? rp.flag('Deny') : false,
    rDirect: rp ? rp.flag('Allow', ['direct']) : false,
    rRole: rp ? rp.flag('Allow', ['role']) : false,
    rWildcard: rp ? rp.flag('Allow', ['wildcard']) : false,
    rAccount: rp ? rp.flag('Allow', ['account']) : false,
    // Whether a "*" grant escapes an implicit deny of the boundary is not documented for role sessions.
    wildcardEscapesBoundary: 'maybe' as Flag,
  };

  const grants = (f: Record<keyof typeof flags, boolean>): { identity: boolean; resource: boolean } => {
    const boundaryAllows = f.pbAllow;
    if (!sameAccount) {
      const resourceSide = f.rDirect || f.rRole || f.rWildcard || f.rAccount;
      return { identity: f.idAllow && boundaryAllows && resourceSide, resource: false };
    }
    return {
      identity: f.idAllow && boundaryAllows && (!trustRequired || f.rAccount),
      resource:
        f.rDirect || (f.rRole && boundaryAllows) || (f.rWildcard && (boundaryAllows || f.wildcardEscapesBoundary)),
    };
  };

  const decision = resolve(flags, (f) => {
    if (f.idDeny || f.pbDeny || f.rDeny) return 'explicit-deny';
    const g = grants(f);
    return g.identity || g.resource ? 'allowed' : 'implicit-deny';
  });

  const tallies = [id, ...(pb ? [pb] : []), ...(rp ? [rp] : [])];
  if (decision === 'inconclusive') {
    const reasons = tallies.flatMap((t) => t.reasons);
    if (reasons.length === 0) {
      reasons.push('a grant through Principal "*" to a principal whose permissions boundary does not allow the action');
    }
    return result(decision, [], reasons);
  }
  if (decision === 'explicit-deny') return result(decision, tallies.flatMap((t) => t.ids('Deny')), []);
  if (decision === 'implicit-deny') return result(decision, [], []);
  const known = Object.fromEntries(Object.entries(flags).map(([k, v]) => [k, v === true])) as Record<
    keyof typeof flags,
    boolean
  >;
  const g = grants(known);
  const statements = [
    ...(g.identity ? [...id.ids('Allow'), ...(pb ? pb.ids('Allow') : [])] : []),
    ...(g.identity && rp ? rp.ids('Allow', ['account']) : []),
    ...(g.resource && rp ? rp.ids('Allow', ['direct', 'role', 'wildcard']) : []),
  ];
  return result(decision, statements, []);
}
