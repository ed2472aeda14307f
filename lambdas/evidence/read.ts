/**
 * One read against AWS under a deadline: a known error or the deadline becomes a gap, an unknown error is thrown.
 * Collectors call AWS only through a Reader, so every gap is recorded the same way.
 */
import type { Gap, GapReason } from '../model/types.ts';
import type { EvidenceCache } from './cache.ts';
import type { Clients } from './clients.ts';
import { errorDetail, gapReasonOf } from './errors.ts';
import { arnAccount, arnRegion } from '../model/arn.ts';

/** What a read is about, for the gap it may leave. */
export interface ReadSpec {
  /** The IAM action, e.g. "kms:GetKeyPolicy". */
  readonly action: string;
  /** The role, key, vault, plan, job or resource the read concerns. */
  readonly subject?: string;
  /** A short description; the action and subject by default. */
  readonly what?: string;
}

/** The result of one read: a value, or why there is none. */
export type Outcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly why: GapReason; readonly detail?: string };

const TIMEOUT: unique symbol = Symbol('timeout');

/** Resolves to the promise's value, or to TIMEOUT when `deadline` (epoch ms) passes first. */
function beforeDeadline<T>(promise: Promise<T>, deadline: number): Promise<T | typeof TIMEOUT> {
  const ms = deadline - Date.now();
  if (ms <= 0) {
    promise.catch(() => undefined);
    return Promise.resolve(TIMEOUT);
  }
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<typeof TIMEOUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMEOUT), ms);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

/** Reads under one deadline and collects the gaps they leave. */
export class Reader {
  readonly gaps: Gap[] = [];

  constructor(readonly deadline: number) {}

  /** Runs `fn` before the deadline; known errors come back as an outcome, unknown ones are thrown. */
  async attempt<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<Outcome<T>> {
    const ms = this.deadline - Date.now();
    if (ms <= 0) return { ok: false, why: 'timeout' };
    const signal = AbortSignal.timeout(ms);
    try {
      const value = await beforeDeadline(Promise.resolve().then(() => fn(signal)), this.deadline);
      if (value === TIMEOUT) return { ok: false, why: 'timeout' };
      return { ok: true, value };
    } catch (err) {
      if (signal.aborted) return { ok: false, why: 'timeout' };
      const why = gapReasonOf(err);
      if (why === undefined) throw err;
      return { ok: false, why, detail: errorDetail(err) };
    }
  }

  /** Runs `fn`, recording a gap and returning undefined when it fails for a known reason. */
  async read<T>(spec: ReadSpec, fn: (signal: AbortSignal) => Promise<T>): Promise<T | undefined> {
    const outcome = await this.attempt(fn);
    if (outcome.ok) return outcome.value;
    this.gap(spec, outcome.why, outcome.detail);
    return undefined;
  }

  /** Records a gap. */
  gap(spec: ReadSpec, why: GapReason, detail?: string): void {
    this.gaps.push({
      what: spec.what ?? (spec.subject ? `${spec.action} ${spec.subject}` : spec.action),
      ...(spec.subject !== undefined ? { subject: spec.subject } : {}),
      action: spec.action,
      why,
      ...(detail !== undefined ? { detail } : {}),
    });
  }

  /** Waits for a shared (cached) promise until this reader's deadline; undefined and a gap when it passes. */
  async wait<T>(spec: ReadSpec, promise: Promise<T>): Promise<T | undefined> {
    const value = await beforeDeadline(promise, this.deadline);
    if (value !== TIMEOUT) return value;
    this.gap(spec, 'timeout');
    return undefined;
  }
}

/** What every collector receives: the clients, the reader of this collection and the shared cache. */
export interface Scope {
  readonly clients: Clients;
  readonly reader: Reader;
  readonly cache: EvidenceCache;
  /** The account the failure happened in; reads of other accounts' objects are skipped as cross-account. */
  readonly account?: string;
  /** The region of the clients; objects in other regions are not read. */
  readonly region?: string;
  /** Other accounts of the organization, reached through their inspection role; absent in a single account. */
  readonly accounts?: AccountReach;
}

/** Clients in another account, or why that account cannot be read. */
export type Reach =
  | { readonly ok: true; readonly clients: Clients; readonly roleArn?: string }
  | { readonly ok: false; readonly roleArn: string; readonly why: GapReason; readonly detail?: string };

/** How a collection reaches the other accounts of an organization. */
export interface AccountReach {
  clientsIn(account: string, region: string | undefined): Promise<Reach>;
}

/**
 * Where to read an object of another account of the organization: a scope in the owner's account (its inspection
 * role assumed), or the sentence that says why the owner cannot be read. Undefined when the ARN is of the scope's
 * own account, or when no other account can be reached (a single-account deployment).
 */
export async function ownerScope(scope: Scope, arn: string): Promise<{ scope: Scope } | { detail: string } | undefined> {
  if (!isOtherAccount(scope, arn) || scope.accounts === undefined) return undefined;
  const owner = arnAccount(arn) as string;
  const region = arnRegion(arn) ?? scope.region;
  const reach = await scope.accounts.clientsIn(owner, region);
  if (!reach.ok) {
    return { detail: `account ${owner} cannot be read: ${reach.roleArn} could not be assumed (${reach.detail ?? reach.why})` };
  }
  return {
    scope: { ...scope, clients: reach.clients, account: owner, ...(region !== undefined ? { region } : {}) },
  };
}

/** A cached value plus the gaps its read left: every collection that reuses it reports the same gaps. */
export interface Cached<T> {
  readonly value: T;
  readonly gaps: readonly Gap[];
}

const TRANSIENT: ReadonlySet<GapReason> = new Set(['throttled', 'timeout', 'error']);

/**
 * Loads `key` once across concurrent and warm collections; a load that left a transient gap (throttled,
 * timeout, error) is not kept, so the next collection tries again.
 */
export async function cachedRead<T>(
  cache: EvidenceCache,
  reader: Reader,
  key: string,
  spec: ReadSpec,
  load: (reader: Reader) => Promise<T>,
): Promise<T | undefined> {
  const shared = cache.get<Cached<T>>(
    key,
    async () => {
      const own = new Reader(reader.deadline);
      const value = await load(own);
      return { value, gaps: own.gaps };
    },
    (c) => c.gaps.every((g) => !TRANSIENT.has(g.why)),
  );
  const result = await reader.wait(spec, shared);
  if (result === undefined) return undefined;
  reader.gaps.push(...result.gaps);
  return result.value;
}

export { arnAccount as accountOf, arnRegion as regionOf } from '../model/arn.ts';

/** true when the ARN names another account than the scope's (unknown accounts are taken as the same). */
export function isOtherAccount(scope: Scope, arn: string | undefined): boolean {
  const account = arnAccount(arn);
  return account !== undefined && scope.account !== undefined && account !== scope.account;
}

/** true when the ARN names another region than the clients' (unknown or global regions are taken as the same). */
export function isOtherRegion(scope: Scope, arn: string | undefined): boolean {
  const region = arnRegion(arn);
  return region !== undefined && scope.region !== undefined && region !== scope.region;
}

/** ISO 8601 of an SDK date, when present. */
export function iso(date: Date | string | undefined): string | undefined {
  if (date === undefined) return undefined;
  return typeof date === 'string' ? date : date.toISOString();
}

/** Drops undefined properties, so that evidence JSON equals a snapshot written by hand. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
