/**
 * Who changed what: the CloudTrail calls of the last 90 days that changed the objects at fault (a role, a KMS
 * key, a backup vault, a backup plan). One LookupEvents look-up per object by resource name, paged newest first,
 * kept to the change calls of that kind of object (lambdas/catalog/change-events.ts) that name the object in
 * their request. The look-up is bounded: a few pages per object, two requests a second (LookupEvents' rate),
 * and the collection's deadline; what it could not finish is said, never taken as "no change".
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html
 */
import { LookupEventsCommand, type LookupEventsCommandOutput } from '@aws-sdk/client-cloudtrail';
import { CHANGE_EVENTS, CHANGE_WINDOW_DAYS } from '../catalog/change-events.ts';
import type { ChangeActor, ChangeEvent, ChangeHistory, ChangeObjectKind } from '../model/types.ts';
import type { Scope } from './read.ts';
import { compact, iso } from './read.ts';

/** An object whose changes are looked up. */
export interface ObjectAtFault {
  readonly kind: ChangeObjectKind;
  /** A role or key ARN, a vault name (or ARN), a plan id. */
  readonly subject: string;
}

/** Bounds of one look-up. */
export interface ChangeLookupOptions {
  readonly now: Date;
  /** Pages of 50 events read per object at most (5 by default: the latest 250 calls that name it). */
  readonly maxPages?: number;
  /** The least time between two LookupEvents calls, in ms: 500 by default (two requests per second per region). */
  readonly minIntervalMs?: number;
  /** The clock and the wait the pacing uses (tests pass their own). */
  readonly clock?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Changes kept per object: enough for the latest few and the earlier document each one replaced. */
export const MAX_CHANGES_KEPT = 20;
const DEFAULT_MAX_PAGES = 5;
const DEFAULT_INTERVAL_MS = 500;
const DAY_MS = 86_400_000;

/** The last segment of an ARN's resource ("role/path/BackupRole" → "BackupRole"), or the value itself. */
function lastSegment(value: string): string {
  const slash = value.lastIndexOf('/');
  const colon = value.lastIndexOf(':');
  return value.slice(Math.max(slash, colon) + 1);
}

/** A vault's name from its name or ARN (arn:aws:backup:REGION:ACCOUNT:backup-vault:NAME). */
function vaultName(subject: string): string {
  const at = subject.indexOf(':backup-vault:');
  return at < 0 ? subject : subject.slice(at + ':backup-vault:'.length);
}

/** What LookupEvents is asked (the ResourceName CloudTrail records for the object) and what a request must name. */
function lookupOf(object: ObjectAtFault): { readonly value: string; readonly names: (params: Record<string, unknown>) => boolean } {
  const param = (params: Record<string, unknown>, ...keys: string[]): string[] =>
    keys.map((k) => params[k]).filter((v): v is string => typeof v === 'string');
  switch (object.kind) {
    case 'role': {
      const name = lastSegment(object.subject);
      return { value: name, names: (p) => param(p, 'roleName').every((v) => v === name) };
    }
    case 'key': {
      const id = lastSegment(object.subject);
      return { value: object.subject, names: (p) => param(p, 'keyId', 'targetKeyId').every((v) => v === id || v === object.subject) };
    }
    case 'vault': {
      const name = vaultName(object.subject);
      return { value: name, names: (p) => param(p, 'backupVaultName').every((v) => v === name) };
    }
    case 'plan':
      return { value: object.subject, names: (p) => param(p, 'backupPlanId').every((v) => v === object.subject) };
  }
}

interface RecordJson {
  readonly eventID?: string;
  readonly eventName?: string;
  readonly eventTime?: string;
  readonly eventSource?: string;
  readonly errorCode?: string | null;
  readonly sourceIPAddress?: string;
  readonly userAgent?: string;
  readonly requestParameters?: Record<string, unknown> | null;
  readonly userIdentity?: {
    readonly type?: string;
    readonly arn?: string;
    readonly accountId?: string;
    readonly userName?: string;
    readonly invokedBy?: string;
    readonly sessionContext?: { readonly sessionIssuer?: { readonly arn?: string; readonly type?: string } };
  } | null;
}

/** The caller of a record: the user, the role behind a session, the service that called on its behalf. */
export function actorOf(identity: RecordJson['userIdentity']): ChangeActor {
  return compact({
    type: identity?.type,
    arn: identity?.arn,
    accountId: identity?.accountId,
    userName: identity?.userName,
    issuer: identity?.sessionContext?.sessionIssuer?.arn,
    invokedBy: identity?.invokedBy,
  });
}

/** One LookupEvents result as a change of the object, or undefined when it is not one (another call, a failed call). */
function changeOf(e: NonNullable<LookupEventsCommandOutput['Events']>[number], kind: ChangeObjectKind, names: (p: Record<string, unknown>) => boolean): ChangeEvent | undefined {
  if (e.EventName === undefined || !CHANGE_EVENTS[kind].includes(e.EventName) || e.CloudTrailEvent === undefined) return undefined;
  let record: RecordJson;
  try {
    record = JSON.parse(e.CloudTrailEvent) as RecordJson;
  } catch {
    return undefined;
  }
  // A call that failed changed nothing.
  if (record.errorCode) return undefined;
  const params = record.requestParameters ?? {};
  if (typeof params !== 'object' || !names(params)) return undefined;
  return compact({
    eventId: e.EventId ?? record.eventID,
    eventName: e.EventName,
    eventTime: iso(e.EventTime) ?? record.eventTime ?? '',
    eventSource: e.EventSource ?? record.eventSource,
    actor: actorOf(record.userIdentity),
    sourceIp: record.sourceIPAddress,
    userAgent: record.userAgent,
    requestParameters: record.requestParameters ?? undefined,
  });
}

/** Spaces calls to one API at least `ms` apart. */
class Pacer {
  private next = 0;
  constructor(
    private readonly ms: number,
    private readonly clock: () => number,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {}
  async turn(): Promise<void> {
    const wait = this.next - this.clock();
    if (wait > 0) await this.sleep(wait);
    this.next = this.clock() + this.ms;
  }
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Looks up the changes of each object, one object after another (LookupEvents allows two requests a second per
 * account and region). A denied, throttled or unfinished look-up is a gap on cloudtrail:LookupEvents and the
 * history says it is incomplete; the events found so far are kept.
 */
export async function collectChanges(
  scope: Scope,
  objects: readonly ObjectAtFault[],
  opts: ChangeLookupOptions,
): Promise<Record<string, ChangeHistory>> {
  const until = opts.now;
  const since = new Date(until.getTime() - CHANGE_WINDOW_DAYS * DAY_MS);
  const maxPages = opts.maxPages ?? DEFAULT_MAX_PAGES;
  const pacer = new Pacer(opts.minIntervalMs ?? DEFAULT_INTERVAL_MS, opts.clock ?? Date.now, opts.sleep ?? realSleep);
  const result: Record<string, ChangeHistory> = {};
  const seen = new Set<string>();
  for (const object of objects) {
    if (seen.has(object.subject)) continue;
    seen.add(object.subject);
    const { value, names } = lookupOf(object);
    // IAM is global: its calls are in the event history of one region of the partition.
    const client = object.kind === 'role' ? scope.clients.cloudtrailGlobal : scope.clients.cloudtrail;
    const events: ChangeEvent[] = [];
    let incomplete: ChangeHistory['incomplete'];
    let token: string | undefined;
    for (let page = 0; ; page++) {
      if (page === maxPages) {
        incomplete = { why: 'not-collected', detail: `stopped after ${maxPages} pages of ${value}'s events` };
        break;
      }
      if (events.length >= MAX_CHANGES_KEPT) break;
      await pacer.turn();
      const next = token;
      const outcome = await scope.reader.attempt((abortSignal) =>
        client.send(
          new LookupEventsCommand({
            LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: value }],
            StartTime: since,
            EndTime: until,
            MaxResults: 50,
            ...(next !== undefined ? { NextToken: next } : {}),
          }),
          { abortSignal },
        ),
      );
      if (!outcome.ok) {
        incomplete = { why: outcome.why, ...(outcome.detail !== undefined ? { detail: outcome.detail } : {}) };
        scope.reader.gap(
          { action: 'cloudtrail:LookupEvents', subject: object.subject, what: `cloudtrail:LookupEvents (who changed ${object.subject})` },
          outcome.why,
          outcome.detail,
        );
        break;
      }
      for (const e of outcome.value.Events ?? []) {
        const change = changeOf(e, object.kind, names);
        if (change && events.length < MAX_CHANGES_KEPT) events.push(change);
      }
      token = outcome.value.NextToken;
      if (token === undefined) break;
    }
    // Newest first, whatever order the pages came in.
    events.sort((a, b) => (a.eventTime < b.eventTime ? 1 : a.eventTime > b.eventTime ? -1 : 0));
    result[object.subject] = {
      subject: object.subject,
      kind: object.kind,
      since: since.toISOString(),
      until: until.toISOString(),
      events,
      ...(incomplete ? { incomplete } : {}),
    };
  }
  return result;
}
