import 'aws-sdk-client-mock-vitest/extend';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import type { Event as TrailEvent } from '@aws-sdk/client-cloudtrail';
import { DescribeSnapshotsCommand } from '@aws-sdk/client-ec2';
import { DescribeKeyCommand, GetKeyPolicyCommand, ListGrantsCommand } from '@aws-sdk/client-kms';
import type { FailureEvent } from '../../lambdas/model/types.ts';
import { collectEvidence, EvidenceCache } from '../../lambdas/evidence/index.ts';
import { awsError, eventFrom, mockedClients } from './helpers.ts';

const NOW = new Date('2025-01-23T17:00:00Z');
const TASK = 'arn:aws:ecs:us-west-2:123456789012:task/default/7f1fbd3629434cc4b82d72d2f09b67c9';
const ROLE = 'arn:aws:iam::123456789012:role/ecsInfrastructureRole';
const OTHER_ROLE = 'arn:aws:iam::123456789012:role/batchInfrastructureRole';
const KEY = 'arn:aws:kms:us-west-2:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd';
const KEY_POLICY = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'kms:*', Resource: '*' }] };
const SNAPSHOT = 'snap-0123456789abcdef0';
/** The message of AWS's knowledge-center article on iam:PassRole errors (https://repost.aws/knowledge-center/iam-passrole-error). */
const PASSROLE_MESSAGE = 'User: arn:aws:iam::123456789012:user/Bob is not authorized to perform: iam:PassRole.';
/** The RunTask response of the ECS guide's EBS example: what CloudTrail records as the call's response elements. */
const RUN_TASK_OUTPUT: unknown = JSON.parse(
  readFileSync(fileURLToPath(new URL('../fixtures/events/ecs-run-task-output-ebs-attachment.json', import.meta.url)), 'utf8'),
);

/** The failed attachment of the ECS guide's example task; the event time set two minutes after the task's creation. */
function ecsEvent(patch: Partial<NonNullable<FailureEvent['ecs']>> = {}): FailureEvent {
  const base = eventFrom('ecs-task-state-change-ebs-failed-assume-role.synthetic.json');
  return { ...base, time: '2025-01-23T16:31:46Z', ecs: { ...base.ecs, taskArn: TASK, ...patch } };
}

const volume = (managedEBSVolume: Record<string, unknown>) => [{ name: 'myEBSVolume', managedEBSVolume: { roleArn: ROLE, ...managedEBSVolume } }];

/** A LookupEvents event around one CloudTrail record (our own account data in the record's real shape). */
function trailEvent(id: string, name: string, time: string, record: Record<string, unknown>): TrailEvent {
  return {
    EventId: id,
    EventName: name,
    EventTime: new Date(time),
    EventSource: 'ecs.amazonaws.com',
    CloudTrailEvent: JSON.stringify({
      eventVersion: '1.09',
      eventID: id,
      eventName: name,
      eventTime: time,
      eventSource: 'ecs.amazonaws.com',
      awsRegion: 'us-west-2',
      eventType: 'AwsApiCall',
      responseElements: null,
      ...record,
    }),
  };
}

const bob = { userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::123456789012:user/Bob', accountId: '123456789012', userName: 'Bob' } };

/** Programs CloudTrail so that RunTask finds `events` and every other name finds none. */
function runTaskEvents(mocks: ReturnType<typeof mockedClients>['mocks'], events: TrailEvent[]): void {
  mocks.cloudtrail.on(LookupEventsCommand).resolves({ Events: [] });
  mocks.cloudtrail.on(LookupEventsCommand, { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'RunTask' }] }).resolves({ Events: events });
}

const collect = (event: FailureEvent, clients: ReturnType<typeof mockedClients>['clients']) =>
  collectEvidence(event, clients, { now: NOW, deadline: Date.now() + 30_000, cache: new EvidenceCache() });

describe('ECS launch calls in CloudTrail', () => {
  it('looks up RunTask and StartTask by event name, from an hour before the task was created to five minutes after the event', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    runTaskEvents(mocks, []);

    // Act
    await collect(ecsEvent(), clients);

    // Assess
    const inputs = mocks.cloudtrail.commandCalls(LookupEventsCommand).map((c) => c.args[0].input);
    expect(inputs).toEqual([
      expect.objectContaining({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'RunTask' }] }),
      expect.objectContaining({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'StartTask' }] }),
    ]);
    expect(inputs[0]?.StartTime).toEqual(new Date('2025-01-23T15:29:46.650Z'));
    expect(inputs[0]?.EndTime).toEqual(new Date('2025-01-23T16:36:46Z'));
  });

  it('looks up CreateService and UpdateService for the task of a service, a day back', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    runTaskEvents(mocks, []);

    // Act
    await collect(ecsEvent({ group: 'service:web' }), clients);

    // Assess
    const inputs = mocks.cloudtrail.commandCalls(LookupEventsCommand).map((c) => c.args[0].input);
    expect(inputs.map((i) => i.LookupAttributes?.[0]?.AttributeValue)).toEqual(['CreateService', 'UpdateService']);
    expect(inputs[0]?.StartTime).toEqual(new Date('2025-01-22T16:29:46.650Z'));
  });

  it('keeps the call denied on iam:PassRole for the role, and takes the volume configuration from the call that launched the task', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    runTaskEvents(mocks, [
      trailEvent('e-launched', 'RunTask', '2025-01-23T16:29:46Z', {
        ...bob,
        requestParameters: { cluster: 'default', taskDefinition: 'mytaskdef:4', volumeConfigurations: volume({ filesystemType: 'xfs', sizeInGiB: 100 }) },
        responseElements: RUN_TASK_OUTPUT,
      }),
      trailEvent('e-other-task', 'RunTask', '2025-01-23T16:20:00Z', {
        ...bob,
        requestParameters: { cluster: 'default', taskDefinition: 'mytaskdef:4', volumeConfigurations: volume({ filesystemType: 'ext4' }) },
        responseElements: { tasks: [{ taskArn: 'arn:aws:ecs:us-west-2:123456789012:task/default/0000' }], failures: [] },
      }),
      trailEvent('e-denied', 'RunTask', '2025-01-23T16:10:00Z', {
        ...bob,
        errorCode: 'AccessDeniedException',
        errorMessage: PASSROLE_MESSAGE,
        requestParameters: { cluster: 'default', taskDefinition: 'mytaskdef:4', volumeConfigurations: volume({ filesystemType: 'ext3' }) },
      }),
      trailEvent('e-denied-other-role', 'RunTask', '2025-01-23T16:05:00Z', {
        ...bob,
        errorCode: 'AccessDeniedException',
        errorMessage: PASSROLE_MESSAGE,
        requestParameters: { cluster: 'batch', taskDefinition: 'batch:1', volumeConfigurations: [{ name: 'scratch', managedEBSVolume: { roleArn: OTHER_ROLE } }] },
      }),
    ]);

    // Act
    const evidence = await collect(ecsEvent(), clients);

    // Assess
    expect(evidence.trail?.map((r) => [r.eventName, r.eventTime, r.errorCode])).toEqual([
      ['RunTask', '2025-01-23T16:29:46.000Z', undefined],
      ['RunTask', '2025-01-23T16:10:00.000Z', 'AccessDeniedException'],
    ]);
    expect(evidence.trail?.[1]).toMatchObject({ userArn: 'arn:aws:iam::123456789012:user/Bob', errorMessage: PASSROLE_MESSAGE, eventSource: 'ecs.amazonaws.com' });
    expect(evidence.ecs?.volumeConfigurations).toEqual({ myEBSVolume: { name: 'myEBSVolume', roleArn: ROLE, filesystemType: 'xfs', sizeInGiB: 100 } });
  });

  it('reads at most two pages of each event name', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    mocks.cloudtrail.on(LookupEventsCommand).resolves({ Events: [], NextToken: 'more' });

    // Act
    await collect(ecsEvent(), clients);

    // Assess
    const inputs = mocks.cloudtrail.commandCalls(LookupEventsCommand).map((c) => c.args[0].input);
    expect(inputs.map((i) => [i.LookupAttributes?.[0]?.AttributeValue, i.NextToken])).toEqual([
      ['RunTask', undefined],
      ['RunTask', 'more'],
      ['StartTask', undefined],
      ['StartTask', 'more'],
    ]);
  });

  it('records one gap when CloudTrail denies the look-up, and looks up nothing more', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    mocks.cloudtrail.on(LookupEventsCommand).rejects(awsError('AccessDeniedException'));

    // Act
    const evidence = await collect(ecsEvent(), clients);

    // Assess
    expect(evidence.gaps.filter((g) => g.action === 'cloudtrail:LookupEvents')).toEqual([
      expect.objectContaining({ subject: TASK, why: 'access-denied' }),
    ]);
    expect(mocks.cloudtrail).toHaveReceivedCommandTimes(LookupEventsCommand, 1);
  });

  it('records a not-collected gap when neither the task nor the event has a time', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    const { time: _time, ecs: timed, ...rest } = ecsEvent();
    const { createdAt: _createdAt, ...ecs } = timed ?? { taskArn: TASK };
    const event: FailureEvent = { ...rest, ecs };

    // Act
    const evidence = await collect(event, clients);

    // Assess
    expect(mocks.cloudtrail).not.toHaveReceivedCommand(LookupEventsCommand);
    expect(evidence.gaps).toContainEqual(expect.objectContaining({ subject: TASK, action: 'cloudtrail:LookupEvents', why: 'not-collected' }));
  });
});

describe('keys and snapshots named by the volume configuration', () => {
  it('reads a key named by its alias: DescribeKey with the alias, its policy and grants with the key ARN', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    runTaskEvents(mocks, [
      trailEvent('e-launched', 'RunTask', '2025-01-23T16:29:46Z', {
        ...bob,
        requestParameters: { volumeConfigurations: volume({ encrypted: true, kmsKeyId: 'alias/ecs-volumes' }) },
        responseElements: RUN_TASK_OUTPUT,
      }),
    ]);
    mocks.kms.on(DescribeKeyCommand, { KeyId: 'alias/ecs-volumes' }).resolves({
      KeyMetadata: { Arn: KEY, KeyId: '1111aaaa-2222-bbbb-3333-cccc4444dddd', KeyState: 'Enabled', KeyManager: 'CUSTOMER', Origin: 'AWS_KMS' },
    });
    mocks.kms.on(GetKeyPolicyCommand).resolves({ Policy: JSON.stringify(KEY_POLICY), PolicyName: 'default' });
    mocks.kms.on(ListGrantsCommand).resolves({ Grants: [] });

    // Act
    const evidence = await collect(ecsEvent(), clients);

    // Assess
    expect(evidence.keys?.[KEY]).toEqual({
      arn: KEY,
      keyId: '1111aaaa-2222-bbbb-3333-cccc4444dddd',
      state: 'Enabled',
      manager: 'CUSTOMER',
      origin: 'AWS_KMS',
      aliases: ['alias/ecs-volumes'],
      policy: KEY_POLICY,
      grants: [],
    });
    expect(evidence.aliases).toEqual({ 'alias/ecs-volumes': KEY });
    expect(mocks.kms).toHaveReceivedCommandWith(GetKeyPolicyCommand, { KeyId: KEY, PolicyName: 'default' });
    expect(mocks.kms).toHaveReceivedCommandWith(ListGrantsCommand, { KeyId: KEY });
  });

  it.each([
    ['a key id', '1111aaaa-2222-bbbb-3333-cccc4444dddd'],
    ['a key ARN', KEY],
    ['an alias name', 'alias/ecs-volumes'],
    ['an alias ARN', 'arn:aws:kms:us-west-2:123456789012:alias/ecs-volumes'],
  ])('records %s that KMS does not know as a Missing key under that reference', async (_form, ref) => {
    // Prepare
    const { clients, mocks } = mockedClients();
    runTaskEvents(mocks, [
      trailEvent('e-launched', 'RunTask', '2025-01-23T16:29:46Z', {
        ...bob,
        requestParameters: { volumeConfigurations: volume({ encrypted: true, kmsKeyId: ref }) },
        responseElements: RUN_TASK_OUTPUT,
      }),
    ]);
    mocks.kms.on(DescribeKeyCommand).rejects(awsError('NotFoundException'));
    mocks.kms.on(GetKeyPolicyCommand).rejects(awsError('NotFoundException'));
    mocks.kms.on(ListGrantsCommand).rejects(awsError('NotFoundException'));

    // Act
    const evidence = await collect(ecsEvent(), clients);

    // Assess
    expect(evidence.keys).toEqual({ [ref]: { arn: ref, state: 'Missing' } });
    expect(mocks.kms).toHaveReceivedCommandWith(DescribeKeyCommand, { KeyId: ref });
    expect(evidence.gaps.filter((g) => g.subject === ref)).toEqual([]);
  });

  it('reads the snapshot and records that EC2 does not tell which filesystem it was taken from', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    runTaskEvents(mocks, [
      trailEvent('e-launched', 'RunTask', '2025-01-23T16:29:46Z', {
        ...bob,
        requestParameters: { volumeConfigurations: volume({ snapshotId: SNAPSHOT, filesystemType: 'xfs' }) },
        responseElements: RUN_TASK_OUTPUT,
      }),
    ]);
    mocks.ec2.on(DescribeSnapshotsCommand).resolves({ Snapshots: [{ SnapshotId: SNAPSHOT, Encrypted: false, VolumeSize: 100, State: 'completed' }] });

    // Act
    const evidence = await collect(ecsEvent(), clients);

    // Assess
    expect(mocks.ec2).toHaveReceivedCommandWith(DescribeSnapshotsCommand, { SnapshotIds: [SNAPSHOT] });
    expect(evidence.ebsSnapshots).toEqual({ [SNAPSHOT]: { snapshotId: SNAPSHOT, exists: true, encrypted: false, volumeSizeGiB: 100 } });
    expect(evidence.gaps.filter((g) => g.subject === SNAPSHOT)).toEqual([
      {
        what: `the filesystem type of snapshot ${SNAPSHOT}`,
        subject: SNAPSHOT,
        why: 'not-collected',
        detail: 'EC2 does not record the filesystem a snapshot was made from',
      },
    ]);
  });

  it('records a snapshot that EC2 does not know as exists false, with no filesystem gap', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    runTaskEvents(mocks, [
      trailEvent('e-launched', 'RunTask', '2025-01-23T16:29:46Z', {
        ...bob,
        requestParameters: { volumeConfigurations: volume({ snapshotId: SNAPSHOT }) },
        responseElements: RUN_TASK_OUTPUT,
      }),
    ]);
    mocks.ec2.on(DescribeSnapshotsCommand).rejects(awsError('InvalidSnapshot.NotFound'));

    // Act
    const evidence = await collect(ecsEvent(), clients);

    // Assess
    expect(evidence.ebsSnapshots).toEqual({ [SNAPSHOT]: { snapshotId: SNAPSHOT, exists: false } });
    expect(evidence.gaps.filter((g) => g.subject === SNAPSHOT)).toEqual([]);
  });
});
