/**
 * Whether a fix weakens security: the policy documents before and after it are compared on structure (no dropped
 * Deny, no removed condition, no new wildcard, no new principal beyond the one needed) and with the project's own
 * evaluator over probe requests (the after-policy allows nothing the before-policy did not, except what was needed).
 */
import type { EvidencePatch, NeededAccess, PolicyDocument, PolicyStatement } from '../model/types.ts';
import { evaluateIdentity, evaluateResourcePolicy, evaluateTrust, normalizeStatements } from '../policy/index.ts';
import type { ContextValue, EvalResult } from '../policy/index.ts';
import { globMatch } from '../policy/match.ts';
import { statementsOf } from '../checks/support/policy-edit.ts';

/** One probe request and how the documents decided it. */
export interface Widening {
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly context: Readonly<Record<string, string>>;
}

/** What the comparison found: empty lists mean the fix weakens nothing. */
export interface SafetyReport {
  /** Structural rules broken, one line each. */
  readonly broken: readonly string[];
  /** Probe requests allowed after the fix, not before, and not needed. */
  readonly widened: readonly Widening[];
  /** How many probe requests were compared. */
  readonly probes: number;
}

/** Actions probed beyond those the documents name: a sample of what an attacker would want. */
const SAMPLE_ACTIONS = [
  'sts:AssumeRole',
  'sts:TagSession',
  'kms:Decrypt',
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:CreateGrant',
  'kms:DescribeKey',
  'kms:PutKeyPolicy',
  'kms:ScheduleKeyDeletion',
  'iam:PassRole',
  'iam:PutRolePolicy',
  's3:GetObject',
  's3:DeleteBucket',
  'dynamodb:DeleteTable',
  'ec2:TerminateInstances',
  'backup:DeleteRecoveryPoint',
];
const OUTSIDE_ACCOUNT = '999999999999';
const OUTSIDERS = [
  `arn:aws:iam::${OUTSIDE_ACCOUNT}:root`,
  `arn:aws:iam::${OUTSIDE_ACCOUNT}:role/Outsider`,
  'ec2.amazonaws.com',
  'lambda.amazonaws.com',
];

/** A statement as a canonical string (keys sorted), so that equal statements compare equal. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

function list(v: unknown): string[] {
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).map(String);
}

/** Every principal a statement names ("*" for a wildcard), as strings the evaluator takes. */
function principalsOf(s: PolicyStatement): string[] {
  const p = s.Principal;
  if (p === undefined) return [];
  if (p === '*') return ['*'];
  return [...list(p.AWS), ...list(p.Service), ...list(p.Federated), ...list(p.CanonicalUser)].map((x) =>
    /^\d{12}$/.test(x) ? `arn:aws:iam::${x}:root` : x,
  );
}

function conditionKeys(s: PolicyStatement): Set<string> {
  const keys = new Set<string>();
  for (const [op, block] of Object.entries(s.Condition ?? {})) {
    for (const key of Object.keys(block)) keys.add(`${op.toLowerCase()}|${key.toLowerCase()}`);
  }
  return keys;
}

function isSubset<T>(a: Set<T>, b: Set<T>): boolean {
  return [...a].every((x) => b.has(x));
}

/** The structural rules, one line per rule broken. */
function structure(before: readonly PolicyDocument[], after: readonly PolicyDocument[], patch: EvidencePatch): string[] {
  const b = before.flatMap((d) => statementsOf(d));
  const a = after.flatMap((d) => statementsOf(d));
  const aSet = new Set(a.map(canonical));
  const bSet = new Set(b.map(canonical));
  const broken: string[] = [];
  for (const s of b) {
    if (s.Effect === 'Deny' && !aSet.has(canonical(s))) broken.push(`drops or changes the Deny statement ${s.Sid ?? canonical(s)}`);
  }
  const added = a.filter((s) => !bSet.has(canonical(s)));
  const neededPrincipals = new Set(patch.needs.map((n) => n.principal.toLowerCase()));
  for (const s of added) {
    if (s.Effect !== 'Allow') continue;
    const label = s.Sid ?? canonical(s);
    if (s.NotPrincipal || s.NotAction || s.NotResource) broken.push(`adds a Not* element (${label})`);
    const principals = principalsOf(s);
    if (principals.includes('*')) broken.push(`adds a wildcard principal (${label})`);
    if (list(s.Action).includes('*')) broken.push(`adds the action "*" (${label})`);
    for (const p of principals) {
      const earlier = b.filter((x) => x.Effect === 'Allow' && principalsOf(x).some((q) => q.toLowerCase() === p.toLowerCase()));
      if (earlier.length === 0) {
        if (!neededPrincipals.has(p.toLowerCase())) broken.push(`admits a new principal ${p} (${label})`);
        continue;
      }
      // A principal admitted before only under conditions keeps at least the conditions of one of its statements.
      const keys = conditionKeys(s);
      if (!earlier.some((x) => isSubset(conditionKeys(x), keys))) {
        broken.push(`admits ${p} with fewer conditions than before (${label})`);
      }
    }
  }
  return broken;
}

function conditionValues(docs: readonly PolicyDocument[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const d of docs) {
    for (const s of normalizeStatements(d)) {
      for (const c of s.conditions) {
        const set = out.get(c.key) ?? new Set<string>();
        for (const v of c.values) set.add(v);
        out.set(c.key, set);
      }
    }
  }
  return out;
}

function literalActions(docs: readonly PolicyDocument[]): string[] {
  return docs.flatMap((d) => statementsOf(d).flatMap((s) => list(s.Action))).filter((a) => !a.includes('*') && !a.includes('?'));
}

function literalResources(docs: readonly PolicyDocument[]): string[] {
  return docs.flatMap((d) => statementsOf(d).flatMap((s) => list(s.Resource))).filter((r) => !r.includes('*') && !r.includes('?'));
}

/** Whether a needed principal covers a probe's: itself, or (the account root) every principal of its account. */
function covers(needed: string, principal: string): boolean {
  if (needed.toLowerCase() === principal.toLowerCase()) return true;
  // A key policy statement for the account root delegates to IAM: every principal of the account is then
  // decided by its own IAM policies, which is what such a fix is for.
  const root = /^arn:[^:]+:iam::(\d{12}):root$/.exec(needed);
  return root !== null && principal.startsWith('arn:') && principal.split(':')[4] === root[1];
}

function needed(needs: readonly NeededAccess[], w: Widening): boolean {
  return needs.some(
    (n) =>
      covers(n.principal, w.principal) &&
      n.actions.some((pattern) => globMatch(pattern.toLowerCase(), w.action.toLowerCase())) &&
      (!n.resources || n.resources.some((r) => globMatch(r, w.resource))) &&
      // Condition key names are case-insensitive.
      (!n.context ||
        Object.entries(n.context).every(([k, v]) =>
          Object.entries(w.context).some(([pk, pv]) => pk.toLowerCase() === k.toLowerCase() && pv === v),
        )),
  );
}

/** The probe requests for a patch: principals, actions, resources and contexts drawn from both documents. */
function probes(before: readonly PolicyDocument[], after: readonly PolicyDocument[], patch: EvidencePatch): Widening[] {
  const docs = [...before, ...after];
  const actions = [...new Set([...literalActions(docs), ...SAMPLE_ACTIONS, ...patch.needs.flatMap((n) => n.actions).filter((a) => !a.includes('*'))])];
  const values = conditionValues(docs);
  const contexts: Record<string, string>[] = [{}];
  for (const n of patch.needs) if (n.context) contexts.push({ ...n.context });
  for (const [key, vals] of values) {
    for (const v of vals) contexts.push({ [key]: v });
    contexts.push({ [key]: `${OUTSIDE_ACCOUNT}-not-this-value` });
    contexts.push({ [key]: OUTSIDE_ACCOUNT });
  }
  let principals: string[];
  let resources: string[];
  if (patch.kind === 'role-inline-policy') {
    principals = [patch.roleArn];
    resources = [...new Set([...literalResources(docs), ...patch.needs.flatMap((n) => n.resources ?? []), '*', `arn:aws:s3:::${OUTSIDE_ACCOUNT}-bucket`])];
  } else {
    const named = docs.flatMap((d) => statementsOf(d).flatMap(principalsOf)).filter((p) => p !== '*');
    principals = [...new Set([...named, ...patch.needs.map((n) => n.principal), ...OUTSIDERS])];
    resources = [patch.kind === 'key-policy' ? patch.keyArn : '*'];
  }
  const out: Widening[] = [];
  for (const principal of principals)
    for (const action of actions) for (const resource of resources) for (const context of contexts) out.push({ principal, action, resource, context });
  return out;
}

function decide(docs: readonly PolicyDocument[], patch: EvidencePatch, w: Widening): EvalResult['decision'] {
  const context = w.context as Readonly<Record<string, ContextValue>>;
  if (patch.kind === 'role-inline-policy') {
    return evaluateIdentity(docs, { action: w.action, resource: w.resource, principal: w.principal, context }).decision;
  }
  const doc = docs[0];
  if (!doc) return 'implicit-deny';
  if (patch.kind === 'trust-policy') return evaluateTrust(doc, w.principal, context, w.action).decision;
  const account = patch.keyArn.split(':')[4];
  return evaluateResourcePolicy(doc, { action: w.action, resource: w.resource, principal: w.principal, context }, account).decision;
}

/** Compares the documents before and after a patch. */
export function compareDocuments(before: readonly PolicyDocument[], after: readonly PolicyDocument[], patch: EvidencePatch): SafetyReport {
  const broken = structure(before, after, patch);
  const all = probes(before, after, patch);
  const widened = all.filter((w) => decide(before, patch, w) !== 'allowed' && decide(after, patch, w) === 'allowed' && !needed(patch.needs, w));
  return { broken, widened, probes: all.length };
}
