/**
 * Matching of the Action, Resource and Principal elements: IAM wildcards (`*`, `?`), segment-wise ARN
 * matching, and the principal forms that resource and trust policies accept.
 */
import type { NormalizedPrincipal } from './normalize.ts';
import { ARN_SEGMENTS, splitArn } from '../model/arn.ts';

/** A verdict that could not be reached, with the reason. */
export interface Unknown {
  readonly unknown: string;
}

/** true, false, or "cannot tell, because ...". */
export type Verdict = boolean | Unknown;

/** Builds an undecidable verdict. */
export function unknown(reason: string): Unknown {
  return { unknown: reason };
}

/** Whether a verdict is undecidable. */
export function isUnknown<T>(v: T | Unknown): v is Unknown {
  return typeof v === 'object' && v !== null && 'unknown' in v;
}

/**
 * Glob match with `*` (any run of characters, including none) and `?` (exactly one character), over the whole
 * string, without building a regular expression. Used for actions (lower-cased first: action names are
 * case-insensitive), StringLike values and ARN segments.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
 */
export function globMatch(pattern: string, value: string): boolean {
  if (pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0) return pattern === value;
  let p = 0;
  let v = 0;
  let star = -1;
  let mark = 0;
  while (v < value.length) {
    const c = pattern.charCodeAt(p);
    if (p < pattern.length && (c === 63 /* ? */ || c === value.charCodeAt(v))) {
      p++;
      v++;
    } else if (p < pattern.length && c === 42 /* * */) {
      star = p++;
      mark = v;
    } else if (star >= 0) {
      p = star + 1;
      v = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern.charCodeAt(p) === 42) p++;
  return p === pattern.length;
}

/**
 * ARN matching as the Resource element and the Arn* condition operators do it: each of the six segments is
 * matched on its own (a wildcard never crosses a segment's colon), case-sensitively.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN
 */
export function arnMatches(pattern: string, value: string): Verdict {
  if (pattern === '*') return true;
  if (pattern === value) return true;
  const p = splitArn(pattern);
  if (!p) return unknown(`"${pattern}" is neither "*" nor an ARN with six segments`);
  const v = splitArn(value);
  if (!v) return false;
  for (let i = 0; i < ARN_SEGMENTS; i++) {
    if (!globMatch(p[i]!, v[i]!)) return false;
  }
  return true;
}

/** The kinds of request principal that policies distinguish. */
export type PrincipalKind = 'service' | 'root' | 'role' | 'session' | 'user' | 'other';

/** A request principal, parsed once per request. */
export interface ParsedPrincipal {
  readonly raw: string;
  readonly kind: PrincipalKind;
  readonly account?: string;
  /** The role name: of a role ARN (last path segment) or of an assumed-role session. */
  readonly roleName?: string;
  readonly partition?: string;
}

/** Parses a request principal: a service principal or an IAM/STS ARN. */
export function parsePrincipal(raw: string): ParsedPrincipal {
  let parsed = parsedPrincipals.get(raw);
  if (parsed === undefined) {
    // Bounded: principals come from evidence and events, a handful per diagnosis.
    if (parsedPrincipals.size >= 4096) parsedPrincipals.clear();
    parsed = parsePrincipalUncached(raw);
    parsedPrincipals.set(raw, parsed);
  }
  return parsed;
}

const parsedPrincipals = new Map<string, ParsedPrincipal>();

function parsePrincipalUncached(raw: string): ParsedPrincipal {
  if (!raw.startsWith('arn:')) return { raw, kind: raw.includes('.') ? 'service' : 'other' };
  const parts = splitArn(raw);
  if (!parts) return { raw, kind: 'other' };
  const [, partition, service, , account, resource] = parts as [string, string, string, string, string, string];
  const base = { raw, partition, account };
  if (service === 'iam' && resource === 'root') return { ...base, kind: 'root' };
  if (service === 'iam' && resource.startsWith('role/')) {
    return { ...base, kind: 'role', roleName: resource.slice(resource.lastIndexOf('/') + 1) };
  }
  if (service === 'iam' && resource.startsWith('user/')) return { ...base, kind: 'user' };
  if (service === 'sts' && resource.startsWith('assumed-role/')) {
    const rest = resource.slice('assumed-role/'.length);
    const slash = rest.indexOf('/');
    if (slash > 0) return { ...base, kind: 'session', roleName: rest.slice(0, slash) };
  }
  return { ...base, kind: 'other' };
}

/**
 * How a statement's principal block matched the request principal, strongest first:
 * - `direct`: it names exactly this user, session, service or root user;
 * - `role`: it names the role ARN (of the role itself, or of the role behind an assumed-role session);
 * - `wildcard`: `"*"` or `{"AWS": "*"}` (or a NotPrincipal that excludes someone else);
 * - `account`: it names the principal's account ("123456789012" or "arn:aws:iam::123456789012:root").
 */
export type PrincipalMatch = 'direct' | 'role' | 'wildcard' | 'account';

const RANK: Record<PrincipalMatch, number> = { direct: 3, role: 2, wildcard: 1, account: 0 };

function stronger(a: PrincipalMatch | undefined, b: PrincipalMatch): PrincipalMatch {
  return a === undefined || RANK[b] > RANK[a] ? b : a;
}

const ACCOUNT_ID = /^\d{12}$/;

function awsEntryMatch(entry: string, who: ParsedPrincipal): PrincipalMatch | undefined | Unknown {
  if (ACCOUNT_ID.test(entry)) {
    if (who.account !== entry) return undefined;
    return who.kind === 'root' ? 'direct' : 'account';
  }
  if (!entry.startsWith('arn:')) return undefined; // a unique id (AROA..., AIDA...) left behind by a deleted principal
  if (entry.includes('*') || entry.includes('?')) {
    return unknown(`principal "${entry}" holds a wildcard, which the Principal element does not support`);
  }
  const e = parsePrincipal(entry);
  if (e.kind === 'root') {
    if (e.account !== who.account || who.account === undefined) return undefined;
    return who.kind === 'root' ? 'direct' : 'account';
  }
  if (entry === who.raw) return who.kind === 'role' ? 'role' : 'direct';
  if (e.kind === 'role' && who.kind === 'session' && e.account === who.account && e.roleName === who.roleName) {
    return 'role';
  }
  return undefined;
}

function blockMatch(block: NormalizedPrincipal, who: ParsedPrincipal): PrincipalMatch | undefined | Unknown {
  let best: PrincipalMatch | undefined;
  if (block.wildcard) best = 'wildcard';
  if (who.kind === 'service') {
    const name = who.raw.toLowerCase();
    if (block.service.some((s) => s.toLowerCase() === name)) return 'direct';
    return best;
  }
  let pending: Unknown | undefined;
  for (const entry of block.aws) {
    const m = awsEntryMatch(entry, who);
    if (m === undefined) continue;
    if (isUnknown(m)) pending = m;
    else best = stronger(best, m as PrincipalMatch);
  }
  if (block.federated.includes(who.raw) || block.canonicalUser.includes(who.raw)) best = stronger(best, 'direct');
  if (best === 'direct' || best === 'role') return best;
  return pending ?? best;
}

/**
 * Matches a statement's Principal or NotPrincipal block against the request principal.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 */
export function principalMatches(
  principal: NormalizedPrincipal | undefined,
  notPrincipal: NormalizedPrincipal | undefined,
  who: ParsedPrincipal,
): PrincipalMatch | undefined | Unknown {
  if (principal) return blockMatch(principal, who);
  if (notPrincipal) {
    const m = blockMatch(notPrincipal, who);
    if (m === undefined) return 'wildcard';
    // AWS evaluates NotPrincipal against the session, the role and the account separately, so an exclusion
    // that names any of them is not decided here.
    return unknown('NotPrincipal names the requesting principal, its role or its account');
  }
  return unknown('a resource-policy statement without Principal or NotPrincipal');
}
