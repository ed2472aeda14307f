import { afterEach, describe, expect, it } from 'vitest';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import type { LookupEventsCommandInput } from '@aws-sdk/client-cloudtrail';
import { loadScenarios } from '../../lambdas/cli/scenarios.ts';
import type { Scenario } from '../../lambdas/cli/scenarios.ts';
import { collectEvidence, createClients, EvidenceCache } from '../../lambdas/evidence/index.ts';
import { startFakeAws } from '../harness/fake-aws.ts';
import type { FakeAws } from '../harness/fake-aws.ts';

const SCENARIOS = new Map(loadScenarios().map((s) => [s.id.slice(0, 2), s]));
const credentials = { accessKeyId: 'x', secretAccessKey: 'x' };
let aws: FakeAws | undefined;

afterEach(async () => {
  await aws?.close();
  aws = undefined;
});

function scenario(prefix: string): Scenario {
  const s = SCENARIOS.get(prefix);
  if (!s) throw new Error(`no scenario ${prefix}`);
  return s;
}

/** Collects the scenario's event live from the fake serving its snapshot. */
async function collectFromFake(s: Scenario) {
  aws = await startFakeAws(s.evidence);
  const clients = createClients({ region: s.evidence.region, endpoint: aws.url, credentials, maxAttempts: 1 });
  return collectEvidence(s.event, clients, { now: s.now, deadline: Date.now() + 20_000, cache: new EvidenceCache() });
}

describe('ECS evidence collected through the wire protocols', () => {
  it.each(['10', '13', '14', '15'])('reads the volume configuration of scenario %s from the call that launched the task', async (prefix) => {
    // Prepare
    const s = scenario(prefix);

    // Act
    const evidence = await collectFromFake(s);

    // Assess
    expect(evidence.ecs?.volumeConfigurations).toEqual(s.evidence.ecs?.volumeConfigurations);
  });

  it('keeps the RunTask call denied on iam:PassRole, with its caller (scenario 10)', async () => {
    // Prepare
    const s = scenario('10');
    const denied = s.evidence.trail?.[0];

    // Act
    const evidence = await collectFromFake(s);

    // Assess
    expect(evidence.trail).toContainEqual({
      eventName: denied?.eventName,
      eventTime: new Date(denied?.eventTime ?? '').toISOString(),
      eventSource: denied?.eventSource,
      userArn: denied?.userArn,
      errorCode: denied?.errorCode,
      errorMessage: denied?.errorMessage,
      requestParameters: denied?.requestParameters,
    });
  });

  it('records the alias that KMS does not know as a Missing key, as the snapshot holds it (scenario 13)', async () => {
    // Prepare
    const s = scenario('13');

    // Act
    const evidence = await collectFromFake(s);

    // Assess
    expect(evidence.keys).toEqual(s.evidence.keys);
    expect(evidence.gaps).toEqual([]);
  });

  it('reads the key, its policy and grants, as the snapshot holds them (scenario 14)', async () => {
    // Prepare
    const s = scenario('14');

    // Act
    const evidence = await collectFromFake(s);

    // Assess
    expect(evidence.keys).toEqual(s.evidence.keys);
    expect(aws?.requests.filter((r) => r.service === 'kms').map((r) => r.action).sort()).toEqual(['DescribeKey', 'GetKeyPolicy', 'ListGrants']);
  });

  it('reads the snapshot and leaves its filesystem type as a gap (scenario 15)', async () => {
    // Prepare
    const s = scenario('15');
    const { filesystemType: _fs, ...readable } = s.evidence.ebsSnapshots?.['snap-0f1e2d3c4b5a69788'] ?? { snapshotId: '', exists: false };

    // Act
    const evidence = await collectFromFake(s);

    // Assess
    expect(evidence.ebsSnapshots).toEqual({ 'snap-0f1e2d3c4b5a69788': readable });
    expect(evidence.gaps).toEqual([
      {
        what: 'the filesystem type of snapshot snap-0f1e2d3c4b5a69788',
        subject: 'snap-0f1e2d3c4b5a69788',
        why: 'not-collected',
        detail: 'EC2 does not record the filesystem a snapshot was made from',
      },
    ]);
  });
});

describe('fake CloudTrail LookupEvents', () => {
  const lookup = async (input: LookupEventsCommandInput) => {
    const client = new CloudTrailClient({ region: 'ap-northeast-1', endpoint: aws?.url ?? '', credentials, maxAttempts: 1 });
    return client.send(new LookupEventsCommand(input));
  };
  const byName = (name: string) => [{ AttributeKey: 'EventName' as const, AttributeValue: name }];

  it('answers by event name within StartTime and EndTime, newest first', async () => {
    // Prepare: scenario 10 holds a denied RunTask at 09:12:04; the task's launch is dated at capturedAt 09:15.
    aws = await startFakeAws(scenario('10').evidence);

    // Act
    const both = await lookup({ LookupAttributes: byName('RunTask'), StartTime: new Date('2026-11-20T09:00:00Z'), EndTime: new Date('2026-11-20T09:30:00Z') });
    const early = await lookup({ LookupAttributes: byName('RunTask'), StartTime: new Date('2026-11-20T09:00:00Z'), EndTime: new Date('2026-11-20T09:13:00Z') });
    const before = await lookup({ LookupAttributes: byName('RunTask'), StartTime: new Date('2026-11-20T08:00:00Z'), EndTime: new Date('2026-11-20T09:00:00Z') });
    const other = await lookup({ LookupAttributes: byName('UpdateService'), StartTime: new Date('2026-11-20T09:00:00Z'), EndTime: new Date('2026-11-20T09:30:00Z') });

    // Assess
    expect(both.Events?.map((e) => e.EventTime?.toISOString())).toEqual(['2026-11-20T09:15:00.000Z', '2026-11-20T09:12:04.000Z']);
    expect(early.Events?.map((e) => JSON.parse(e.CloudTrailEvent ?? '{}').errorCode)).toEqual(['AccessDenied']);
    expect(before.Events).toEqual([]);
    expect(other.Events).toEqual([]);
  });

  it('pages with MaxResults and NextToken', async () => {
    // Prepare
    aws = await startFakeAws(scenario('10').evidence);

    // Act
    const first = await lookup({ LookupAttributes: byName('RunTask'), MaxResults: 1 });
    const second = await lookup({ LookupAttributes: byName('RunTask'), MaxResults: 1, NextToken: first.NextToken });

    // Assess
    expect(first.NextToken).toBeDefined();
    expect(second.NextToken).toBeUndefined();
    expect([first.Events?.[0]?.EventTime?.toISOString(), second.Events?.[0]?.EventTime?.toISOString()]).toEqual([
      '2026-11-20T09:15:00.000Z',
      '2026-11-20T09:12:04.000Z',
    ]);
  });

  it('rejects two lookup attributes and a start after the end, as CloudTrail does', async () => {
    // Prepare
    aws = await startFakeAws(scenario('10').evidence);

    // Act
    const twoAttributes = lookup({ LookupAttributes: [...byName('RunTask'), { AttributeKey: 'EventSource', AttributeValue: 'ecs.amazonaws.com' }] });
    const reversed = lookup({ StartTime: new Date('2026-11-20T10:00:00Z'), EndTime: new Date('2026-11-20T09:00:00Z') });

    // Assess
    await expect(twoAttributes).rejects.toMatchObject({ name: 'InvalidLookupAttributesException' });
    await expect(reversed).rejects.toMatchObject({ name: 'InvalidTimeRangeException' });
  });
});
