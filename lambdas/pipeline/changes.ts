/**
 * Who changed what, the pure half: which objects the failing findings blame (what the collector looks up), and
 * the report of their CloudTrail changes (who, when, from where, what), with policy changes shown as the
 * statements they added and removed. No I/O, no clock.
 */
import { POLICY_PARAMETERS } from '../catalog/change-events.ts';
import { decodePolicy } from '../evidence/decode.ts';
import type {
  ChangeEvent,
  ChangeHistory,
  ChangeObjectKind,
  ChangeSummary,
  Evidence,
  FailureEvent,
  Finding,
  ObjectChanges,
  PolicyDiff,
  PolicyDocument,
  PolicyStatement,
} from '../model/types.ts';

/** An object whose changes are looked up (the collector's input). */
export interface ObjectAtFault {
  readonly kind: ChangeObjectKind;
  readonly subject: string;
}

/** At most this many objects are looked up per diagnosis (each costs one or more LookupEvents calls). */
export const MAX_OBJECTS = 4;
/** The latest changes reported per object. */
export const LATEST_SHOWN = 3;
const MAX_LINE = 300;
const MAX_LINES = 10;

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/./;
const KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/./;
const ALIAS_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:alias\/./;
const VAULT_ARN = /^arn:aws[a-z-]*:backup:[a-z0-9-]+:\d{12}:backup-vault:(.+)$/;
/** Categories whose cause may lie in the plan's rules. */
const PLAN_CATEGORIES = new Set(['vault-lock-range', 'completion-window', 'start-window']);

/** The object a value names, when it names a role, key, vault or plan (aliases resolved through the evidence). */
function objectOf(value: string, evidence: Evidence): ObjectAtFault | undefined {
  if (ROLE_ARN.test(value)) return { kind: 'role', subject: value };
  if (KEY_ARN.test(value)) return { kind: 'key', subject: value };
  if (ALIAS_ARN.test(value)) {
    const key = evidence.aliases?.[value];
    return key !== undefined && KEY_ARN.test(key) ? { kind: 'key', subject: key } : undefined;
  }
  const vault = VAULT_ARN.exec(value);
  if (vault?.[1]) return { kind: 'vault', subject: vault[1] };
  if (evidence.vaults && Object.hasOwn(evidence.vaults, value)) return { kind: 'vault', subject: value };
  // A plan by its id, or a rule named "planId/ruleId".
  const planId = value.split('/')[0] ?? value;
  if (evidence.plans && Object.hasOwn(evidence.plans, planId)) return { kind: 'plan', subject: planId };
  return undefined;
}

/**
 * The objects the failing findings blame, most likely first: each finding's subject, then the roles, keys,
 * vaults and plans its facts name; the event's plan for causes that live in a plan's rules.
 */
export function objectsAtFault(findings: readonly Finding[], evidence: Evidence, event?: FailureEvent): ObjectAtFault[] {
  const found: ObjectAtFault[] = [];
  const add = (o: ObjectAtFault | undefined): void => {
    if (o && !found.some((f) => f.subject === o.subject)) found.push(o);
  };
  for (const f of findings) {
    if (f.verdict !== 'fail') continue;
    if (f.subject !== undefined) add(objectOf(f.subject, evidence));
    for (const fact of f.facts) add(objectOf(fact.value, evidence));
    const planId = event?.plan?.planId;
    if (PLAN_CATEGORIES.has(f.category) && planId !== undefined) add({ kind: 'plan', subject: planId });
  }
  return found.slice(0, MAX_OBJECTS);
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)]);

/** One statement in one line: effect, actions, principals, resources and condition keys. */
export function statementLine(s: PolicyStatement): string {
  const parts: string[] = [s.Effect];
  const actions = s.Action !== undefined ? list(s.Action) : list(s.NotAction).map((a) => `NOT ${a}`);
  parts.push(actions.join(', ') || '-');
  const principal = s.Principal ?? s.NotPrincipal;
  if (principal !== undefined) {
    const who =
      principal === '*'
        ? ['*']
        : Object.entries(principal).flatMap(([type, ids]) => list(ids).map((id) => `${type} ${id}`));
    parts.push(`${s.NotPrincipal !== undefined ? 'not to' : 'to'} ${who.join(', ')}`);
  }
  const resources = s.Resource !== undefined ? list(s.Resource) : list(s.NotResource).map((r) => `NOT ${r}`);
  if (resources.length > 0 && !(resources.length === 1 && resources[0] === '*')) parts.push(`on ${resources.join(', ')}`);
  if (s.Condition) {
    const conditions = Object.entries(s.Condition).flatMap(([op, keys]) =>
      Object.entries(keys).map(([key, value]) => `${op} ${key}=${list(value).join('|')}`),
    );
    parts.push(`if ${conditions.join(' and ')}`);
  }
  const line = `${s.Sid ? `[${s.Sid}] ` : ''}${parts.join(' ')}`;
  return line.length > MAX_LINE ? `${line.slice(0, MAX_LINE - 1)}…` : line;
}

function statementsOf(doc: PolicyDocument): PolicyStatement[] {
  return (Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]) as PolicyStatement[];
}

/** A statement's identity for the diff: its JSON with keys sorted, lists sorted and a single value as a one-item list. */
function canonical(value: unknown): string {
  const item = (v: unknown): string => (v !== null && typeof v === 'object' ? canonical(v) : JSON.stringify(v));
  if (Array.isArray(value)) return `[${value.map(item).sort().join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const rec = value as Record<string, unknown>;
    return `{${Object.keys(rec)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(rec[k])}`)
      .join(',')}}`;
  }
  return `[${JSON.stringify(value)}]`;
}

/** The statements added and removed from `before` to `after` (before unknown: every statement is listed as added). */
export function policyDiff(before: PolicyDocument | undefined, after: PolicyDocument, policyName?: string): PolicyDiff {
  const afterStatements = statementsOf(after);
  const beforeStatements = before ? statementsOf(before) : [];
  const afterKeys = new Set(afterStatements.map(canonical));
  const beforeKeys = new Set(beforeStatements.map(canonical));
  const bound = (lines: string[]): string[] => lines.slice(0, MAX_LINES);
  return {
    ...(policyName !== undefined ? { policyName } : {}),
    beforeKnown: before !== undefined,
    added: bound(afterStatements.filter((s) => !beforeKeys.has(canonical(s))).map(statementLine)),
    removed: bound(beforeStatements.filter((s) => !afterKeys.has(canonical(s))).map(statementLine)),
    unchanged: afterStatements.filter((s) => beforeKeys.has(canonical(s))).length,
  };
}

const paramsOf = (e: ChangeEvent): Record<string, unknown> =>
  e.requestParameters && typeof e.requestParameters === 'object' ? (e.requestParameters as Record<string, unknown>) : {};

/** The policy document an event wrote, and the name of the policy it wrote, when it writes one. */
function writtenPolicy(e: ChangeEvent): { doc: PolicyDocument; name?: string } | undefined {
  const spec = POLICY_PARAMETERS[e.eventName];
  if (!spec) return undefined;
  const params = paramsOf(e);
  const raw = params[spec.document];
  const doc = typeof raw === 'string' ? decodePolicy(raw) : raw && typeof raw === 'object' && 'Statement' in raw ? (raw as PolicyDocument) : undefined;
  if (!doc) return undefined;
  const name = spec.policyName !== undefined && typeof params[spec.policyName] === 'string' ? (params[spec.policyName] as string) : undefined;
  return { doc, ...(name !== undefined ? { name } : {}) };
}

/** The request's scalar parameters in one line (documents and nested objects named, not shown). */
function parameterLine(e: ChangeEvent): string | undefined {
  const parts = Object.entries(paramsOf(e)).map(([k, v]) =>
    v === null || typeof v !== 'object' ? `${k}=${String(v)}` : `${k}={…}`,
  );
  if (parts.length === 0) return undefined;
  const line = parts.join(' ');
  return line.length > MAX_LINE ? `${line.slice(0, MAX_LINE - 1)}…` : line;
}

/** One change in reporting form; `older` are the object's earlier changes (newest first), for the diff. */
function summarise(e: ChangeEvent, older: readonly ChangeEvent[]): ChangeSummary {
  const written = writtenPolicy(e);
  let diff: PolicyDiff | undefined;
  if (written) {
    const previous = older
      .filter((o) => o.eventName === e.eventName)
      .map(writtenPolicy)
      .find((p) => p !== undefined && p.name === written.name);
    diff = policyDiff(previous?.doc, written.doc, written.name);
  }
  const a = e.actor;
  return {
    eventName: e.eventName,
    eventTime: e.eventTime,
    who: a.arn ?? a.invokedBy ?? (a.type !== undefined ? `${a.type}${a.accountId ? ` ${a.accountId}` : ''}` : '?'),
    ...(a.issuer !== undefined && a.issuer !== a.arn ? { issuer: a.issuer } : {}),
    ...(a.invokedBy !== undefined && a.arn !== undefined ? { invokedBy: a.invokedBy } : {}),
    ...(e.sourceIp !== undefined ? { sourceIp: e.sourceIp } : {}),
    ...(e.userAgent !== undefined ? { userAgent: e.userAgent } : {}),
    ...(diff ? { diff } : {}),
    ...(!diff ? optional('parameters', parameterLine(e)) : {}),
  };
}

const optional = <K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> =>
  value === undefined ? {} : ({ [key]: value } as Record<K, string>);

/** The report of one object's history. */
export function objectChanges(history: ChangeHistory): ObjectChanges {
  const events = history.events;
  const why = history.incomplete?.why;
  const outcome: ObjectChanges['outcome'] =
    events.length > 0 ? 'changed' : why === undefined ? 'unchanged' : why === 'access-denied' ? 'not-allowed' : 'not-read';
  return {
    subject: history.subject,
    kind: history.kind,
    outcome,
    since: history.since,
    latest: events.slice(0, LATEST_SHOWN).map((e, i) => summarise(e, events.slice(i + 1))),
    more: Math.max(0, events.length - LATEST_SHOWN),
    ...(history.incomplete?.detail !== undefined ? { detail: history.incomplete.detail } : {}),
    ...(events.length > 0 && why !== undefined ? { incomplete: true } : {}),
  };
}

/**
 * The changes of the objects the failing findings blame. Undefined when the evidence holds no look-up at all
 * (an older snapshot, external failures); an object the look-up skipped is `not-read`.
 */
export function changesOf(findings: readonly Finding[], evidence: Evidence, event: FailureEvent): ObjectChanges[] | undefined {
  if (evidence.changes === undefined) return undefined;
  const objects = objectsAtFault(findings, evidence, event);
  return objects.map((o) => {
    const history = evidence.changes?.[o.subject];
    return history
      ? objectChanges(history)
      : { subject: o.subject, kind: o.kind, outcome: 'not-read' as const, latest: [], more: 0, detail: 'not looked up' };
  });
}
