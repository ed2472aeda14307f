import 'aws-sdk-client-mock-vitest/extend';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import type { Event as TrailEvent } from '@aws-sdk/client-cloudtrail';
import { DecodeAuthorizationMessageCommand } from '@aws-sdk/client-sts';
import { collectChanges } from '../../lambdas/evidence/changes.ts';
import { collectAuthorization } from '../../lambdas/evidence/authorization.ts';
import { EvidenceCache } from '../../lambdas/evidence/cache.ts';
import { followUpReads } from '../../lambdas/evidence/index.ts';
import { Reader, type Scope } from '../../lambdas/evidence/read.ts';
import { loadScenarios } from '../../lambdas/cli/scenarios.ts';
import { awsError, mockedClients } from './helpers.ts';

const NOW = new Date('2026-11-20T20:10:00Z');
const ROLE = 'arn:aws:iam::111122223333:role/NightlyBackupRole';
const KEY = 'arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const read = <T>(url: URL): T => JSON.parse(readFileSync(fileURLToPath(url), 'utf8')) as T;
/** The CloudTrail records of the demo scenario (see its scenario.json for how they were built). */
const SCENARIO_DIR = new URL('../../demo/scenarios/16-role-trust-changed-yesterday/', import.meta.url);
const RECORDS = read<Record<string, unknown>[]>(new URL('cloudtrail-records.json', SCENARIO_DIR));
/** The KMS Developer Guide's PutKeyPolicy record (test/fixtures/events/SOURCES.md). */
const PUT_KEY_POLICY = read<Record<string, unknown>>(new URL('../fixtures/events/cloudtrail-record-kms-putkeypolicy.json', import.meta.url));
/** The AWS CLI's decode-authorization-message example: the encoded message and what STS returned. */
const DECODE = read<{ EncodedMessage: string; DecodedMessage: string }>(new URL('../fixtures/events/sts-decode-authorization-message.json', import.meta.url));

/** A LookupEvents result around a CloudTrail record, as the API returns it (the record as a JSON string). */
function lookupEvent(record: Record<string, unknown>): TrailEvent {
  return {
    EventId: record['eventID'] as string,
    EventName: record['eventName'] as string,
    EventTime: new Date(record['eventTime'] as string),
    EventSource: record['eventSource'] as string,
    CloudTrailEvent: JSON.stringify(record),
  };
}

function scope(deadline = Date.now() + 10_000): { scope: Scope; mocks: ReturnType<typeof mockedClients>['mocks'] } {
  const { clients, mocks } = mockedClients();
  return { scope: { clients, reader: new Reader(deadline), cache: new EvidenceCache() }, mocks };
}

describe('collectChanges', () => {
  it('looks a role up by name in the global event history over 90 days and keeps its successful changes, newest first', async () => {
    // Prepare
    const { scope: s, mocks } = scope();
    mocks.cloudtrailGlobal.on(LookupEventsCommand).resolves({ Events: RECORDS.map(lookupEvent) });

    // Act
    const changes = await collectChanges(s, [{ kind: 'role', subject: ROLE }], { now: NOW, minIntervalMs: 0 });

    // Assess
    expect(mocks.cloudtrailGlobal).toHaveReceivedCommandWith(LookupEventsCommand, {
      LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: 'NightlyBackupRole' }],
      StartTime: new Date('2026-08-22T20:10:00Z'),
      EndTime: NOW,
      MaxResults: 50,
    });
    expect(mocks.cloudtrail).not.toHaveReceivedCommand(LookupEventsCommand);
    const history = changes[ROLE];
    // The read (GetRole) and the denied UpdateAssumeRolePolicy changed nothing.
    expect(history?.events.map((e) => `${e.eventName}@${e.eventTime}`)).toEqual([
      'UpdateAssumeRolePolicy@2026-11-19T09:12:44.000Z',
      'UpdateAssumeRolePolicy@2026-10-02T01:30:05.000Z',
      'AttachRolePolicy@2026-10-02T01:30:02.000Z',
    ]);
    expect(history?.events[0]?.actor).toEqual({
      type: 'AssumedRole',
      arn: 'arn:aws:sts::111122223333:assumed-role/PlatformAdmin/alice',
      accountId: '111122223333',
      issuer: 'arn:aws:iam::111122223333:role/PlatformAdmin',
    });
    expect(history?.events[0]).toMatchObject({ sourceIp: '203.0.113.24', userAgent: 'console.amazonaws.com' });
    expect(history?.incomplete).toBeUndefined();
    expect(s.reader.gaps).toEqual([]);
  });

  it('records in the demo snapshot exactly what it makes of the demo records', async () => {
    const { scope: s, mocks } = scope();
    mocks.cloudtrailGlobal.on(LookupEventsCommand).resolves({ Events: RECORDS.map(lookupEvent) });

    const changes = await collectChanges(s, [{ kind: 'role', subject: ROLE }], { now: NOW, minIntervalMs: 0 });

    const scenario = loadScenarios().find((x) => x.id === '16-role-trust-changed-yesterday');
    expect(scenario?.evidence.changes).toEqual(changes);
  });

  it('follows NextToken page by page and says when it stopped at its page bound', async () => {
    const { scope: s, mocks } = scope();
    const [first, second] = [lookupEvent(PUT_KEY_POLICY), lookupEvent({ ...PUT_KEY_POLICY, eventID: 'older', eventTime: '2022-08-01T10:00:00Z' })];
    mocks.cloudtrail
      .on(LookupEventsCommand)
      .resolvesOnce({ Events: [first!], NextToken: 'page-2' })
      .resolvesOnce({ Events: [second!], NextToken: 'page-3' })
      .resolves({ Events: [], NextToken: 'page-4' });

    const changes = await collectChanges(s, [{ kind: 'key', subject: KEY }], { now: new Date('2022-09-02T00:00:00Z'), maxPages: 2, minIntervalMs: 0 });

    expect(mocks.cloudtrail).toHaveReceivedCommandTimes(LookupEventsCommand, 2);
    const inputs = mocks.cloudtrail.commandCalls(LookupEventsCommand).map((c) => c.args[0].input);
    expect(inputs.map((i) => i.LookupAttributes)).toEqual([
      [{ AttributeKey: 'ResourceName', AttributeValue: KEY }],
      [{ AttributeKey: 'ResourceName', AttributeValue: KEY }],
    ]);
    expect(inputs.map((i) => i.NextToken)).toEqual([undefined, 'page-2']);
    expect(changes[KEY]?.events.map((e) => e.eventId)).toEqual(['c217db1f-903f-4a2f-8f88-9580182d6313', 'older']);
    expect(changes[KEY]?.incomplete).toMatchObject({ why: 'not-collected' });
  });

  it('keeps only the calls that name the object in their request', async () => {
    const { scope: s, mocks } = scope();
    const otherKey = { ...PUT_KEY_POLICY, eventID: 'other', requestParameters: { ...(PUT_KEY_POLICY['requestParameters'] as object), keyId: '0987dcba-09fe-87dc-65ba-ab0987654321' } };
    mocks.cloudtrail.on(LookupEventsCommand).resolves({ Events: [lookupEvent(otherKey), lookupEvent(PUT_KEY_POLICY)] });

    const changes = await collectChanges(s, [{ kind: 'key', subject: KEY }], { now: new Date('2022-09-02T00:00:00Z'), minIntervalMs: 0 });

    expect(changes[KEY]?.events.map((e) => e.eventId)).toEqual(['c217db1f-903f-4a2f-8f88-9580182d6313']);
  });

  it('records an AccessDenied look-up as a gap on cloudtrail:LookupEvents and an incomplete history', async () => {
    const { scope: s, mocks } = scope();
    mocks.cloudtrailGlobal.on(LookupEventsCommand).rejects(awsError('AccessDeniedException'));

    const changes = await collectChanges(s, [{ kind: 'role', subject: ROLE }], { now: NOW, minIntervalMs: 0 });

    expect(changes[ROLE]).toMatchObject({ events: [], incomplete: { why: 'access-denied' } });
    expect(s.reader.gaps).toEqual([expect.objectContaining({ action: 'cloudtrail:LookupEvents', subject: ROLE, why: 'access-denied' })]);
  });

  it('finds nothing without calling it a gap when CloudTrail has no change', async () => {
    const { scope: s, mocks } = scope();
    mocks.cloudtrailGlobal.on(LookupEventsCommand).resolves({ Events: [] });

    const changes = await collectChanges(s, [{ kind: 'role', subject: ROLE }], { now: NOW, minIntervalMs: 0 });

    expect(changes[ROLE]).toEqual({ subject: ROLE, kind: 'role', since: '2026-08-22T20:10:00.000Z', until: NOW.toISOString(), events: [] });
    expect(s.reader.gaps).toEqual([]);
  });

  it('reads nothing once the deadline has passed, and says the look-up timed out', async () => {
    const { scope: s, mocks } = scope(Date.now() - 1);

    const changes = await collectChanges(s, [{ kind: 'role', subject: ROLE }], { now: NOW, minIntervalMs: 0 });

    expect(mocks.cloudtrailGlobal).not.toHaveReceivedCommand(LookupEventsCommand);
    expect(changes[ROLE]?.incomplete?.why).toBe('timeout');
  });

  it('waits between two LookupEvents calls until the interval has passed since the last one', async () => {
    const { scope: s, mocks } = scope();
    let now = 1_000;
    const waits: number[] = [];
    const sleep = async (ms: number): Promise<void> => {
      waits.push(ms);
      now += ms;
    };
    let calls = 0;
    mocks.cloudtrail.on(LookupEventsCommand).callsFake(() => {
      calls += 1;
      now += 10; // each call takes 10 ms of the interval
      return calls < 3 ? { Events: [], NextToken: `t${calls}` } : { Events: [] };
    });

    await collectChanges(s, [{ kind: 'key', subject: KEY }], { now: NOW, minIntervalMs: 500, clock: () => now, sleep });

    expect(calls).toBe(3);
    expect(waits).toEqual([490, 490]);
  });
});

describe('collectAuthorization', () => {
  it('decodes a message through STS and reads its verdict, action, resource and principal', async () => {
    const { scope: s, mocks } = scope();
    mocks.sts.on(DecodeAuthorizationMessageCommand).resolves({ DecodedMessage: DECODE.DecodedMessage });

    const decoded = await collectAuthorization(s, DECODE.EncodedMessage);

    expect(mocks.sts).toHaveReceivedCommandWith(DecodeAuthorizationMessageCommand, { EncodedMessage: DECODE.EncodedMessage });
    expect(decoded).toMatchObject({
      encodedMessage: DECODE.EncodedMessage,
      allowed: false,
      explicitDeny: true,
      action: 'RunInstances',
      resource: 'arn:aws:ec2:us-east-1:111122223333:instance/*',
      principalArn: 'arn:aws:sts::111122223333:assumed-role/Developer/Ana',
      matchedStatements: 1,
    });
  });

  it('records a denied decoding as a gap on sts:DecodeAuthorizationMessage', async () => {
    const { scope: s, mocks } = scope();
    mocks.sts.on(DecodeAuthorizationMessageCommand).rejects(awsError('AccessDenied', 403));

    expect(await collectAuthorization(s, DECODE.EncodedMessage)).toBeUndefined();
    expect(s.reader.gaps).toEqual([expect.objectContaining({ action: 'sts:DecodeAuthorizationMessage', why: 'access-denied' })]);
  });
});

describe('followUpReads', () => {
  it('offers decoding only when the deployment allows it', () => {
    const { clients } = mockedClients();

    expect(followUpReads(clients, { now: NOW, deadline: Date.now() + 1000 }).decode).toBeUndefined();
    expect(followUpReads(clients, { now: NOW, deadline: Date.now() + 1000, decodeAuthorizationMessages: true }).decode).toBeTypeOf('function');
  });
});
