/**
 * Every real AWS sample (and the marked synthetic ECS fixtures) parses to the expected fields.
 * Sources: test/fixtures/events/SOURCES.md.
 */
import { describe, expect, it } from 'vitest';
import type { FailureEvent } from '../../lambdas/model/types.ts';
import { isCompletedWithIssues, isFailure, parseInput } from '../../lambdas/events/index.ts';
import { fixture, single } from './fixtures.ts';

interface Case {
  readonly file: string;
  readonly failure: boolean;
  readonly expected: Partial<FailureEvent>;
  readonly absent?: readonly (keyof FailureEvent)[];
}

const ACCOUNT = '1112233445566';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/MockRCBackupTestRole`;
const PLACEHOLDER_RESOURCE = `arn:aws:service:us-west-2:${ACCOUNT}:resource-type/resource-id`;

const BACKUP_CASES: readonly Case[] = [
  {
    file: 'backup-job-created.json',
    failure: false,
    expected: {
      kind: 'backup-job',
      origin: 'eventbridge',
      id: '7e8845b5-ca30-415f-a842-e0152bf4d0ca',
      jobId: '7e8845b5-ca30-415f-a842-e0152bf4d0ca',
      eventId: '29af2bf2-eace-58ab-da3a-8c0bf738d692',
      account: ACCOUNT,
      region: 'us-west-2',
      time: '2020-06-22T20:32:53Z',
      state: 'CREATED',
      creationDate: '2020-06-22T20:32:47.466Z',
    },
    absent: ['statusMessage', 'resourceArn', 'roleArn', 'vaultArn', 'plan', 'recoveryPointArn'],
  },
  {
    file: 'backup-job-completed.json',
    failure: false,
    expected: {
      id: 'a827233a-d405-4a86-a440-759fa94f34dd',
      state: 'COMPLETED',
      resourceArn: PLACEHOLDER_RESOURCE,
      resourceType: 'type',
      roleArn: ROLE,
      vaultArn: `arn:aws:backup:us-west-2:${ACCOUNT}:backup-vault:9732c1b4-1091-472a-9d9f-52e0565ee39a`,
      vaultName: '9732c1b4-1091-472a-9d9f-52e0565ee39a',
      recoveryPointArn: `arn:aws:backup:us-west-2:${ACCOUNT}:recovery-point:f1d966fe-a3bd-410b-b292-99f442d13b56`,
      backupSizeInBytes: 36048,
      bytesTransferred: 36048,
      percentDone: 100,
      completionDate: '2020-07-15T21:41:05.921Z',
      startBy: '2020-07-16T05:40:31.207Z',
    },
    absent: ['statusMessage', 'plan'],
  },
  {
    file: 'backup-job-failed.json',
    failure: true,
    expected: {
      id: '34176239-e96d-4e1d-9fad-529dbb3c3556',
      eventId: '710b0398-d48e-f3c3-afca-cfeb2fdaa656',
      state: 'FAILED',
      statusMessage: `Backup job failed because backup vault arn:aws:backup:us-west-2:${ACCOUNT}:backup-vault:9ab3e749-82c6-4342-9320-5edbf4918b86 does not exist.`,
      resourceArn: PLACEHOLDER_RESOURCE,
      roleArn: ROLE,
      vaultName: '9ab3e749-82c6-4342-9320-5edbf4918b86',
      bytesTransferred: 0,
      percentDone: 0,
      creationDate: '2020-07-29T20:13:07.392Z',
    },
    absent: ['completionDate', 'plan', 'recoveryPointArn'],
  },
  {
    file: 'backup-job-expired.json',
    failure: true,
    expected: {
      id: '01EE26DC-7107-4D8E-0C54-EAC27C662BA4',
      state: 'EXPIRED',
      statusMessage: 'Backup job failed because there was a running job for the same resource.',
      vaultArn: `arn:aws:backup:us-west-2:${ACCOUNT}:backup-vault:aws/backup/AutomatedBackupVaultDel2`,
      vaultName: 'aws/backup/AutomatedBackupVaultDel2',
      startBy: '2020-07-29T13:00:00Z',
      completionDate: '2020-07-29T13:02:15.234Z',
      plan: {
        planId: 'aws/efs/414a5bd4-f880-47ad-95f3-f085108a4c3b',
        planArn: `arn:aws:backup:us-west-2:${ACCOUNT}:backup-plan:aws/efs/414a5bd4-f880-47ad-95f3-f085108a4c3b`,
        planVersion: 'NjBjOTUzZjYtYzZiNi00NjhlLWIzMTEtNWRjOWY0YTNjN2Vj',
        ruleId: '3eb0017c-f262-4211-a802-302cebb11dc2',
      },
    },
  },
  {
    file: 'backup-job-aborted.json',
    failure: true,
    expected: {
      id: '58cdef95-7680-4c74-80d5-1b64093999c8',
      state: 'ABORTED',
      statusMessage: 'Backup job was stopped by user.',
      bytesTransferred: 0,
    },
  },
  {
    file: 'copy-job-completed.json',
    failure: false,
    expected: {
      kind: 'copy-job',
      id: '0175DE71-5784-589F-D8AC-541ACCB4CAC8',
      jobId: '0175DE71-5784-589F-D8AC-541ACCB4CAC8',
      state: 'COMPLETED',
      resourceArn: `arn:aws:ec2:us-west-2:${ACCOUNT}:volume/vol-050eba21ee4d3c001`,
      resourceType: 'EBS',
      roleArn: `arn:aws:iam::${ACCOUNT}:role/OrganizationCanaryTestRole`,
      sourceVaultArn: `arn:aws:backup:us-west-2:${ACCOUNT}:backup-vault:846869de-4589-45c3-ab60-4fbbabcdd3ec`,
      destinationVaultArn: `arn:aws:backup:us-west-2:${ACCOUNT}:backup-vault:846869de-4589-45c3-ab60-4fbbabcdd3ec`,
      vaultArn: `arn:aws:backup:us-west-2:${ACCOUNT}:backup-vault:846869de-4589-45c3-ab60-4fbbabcdd3ec`,
      vaultName: '846869de-4589-45c3-ab60-4fbbabcdd3ec',
      backupSizeInBytes: 3221225472,
      plan: {
        planId: 'b58e3621-1c53-4997-ad8a-afc3347a850e',
        planArn: `arn:aws:backup:us-west-2:${ACCOUNT}:backup-plan:b58e3621-1c53-4997-ad8a-afc3347a850e`,
        planVersion: 'Mjc4ZTRhMzUtMGE5Ni00NmQ5LWE1YmMtOWMwY2IwMTY4NWQ4',
        ruleId: '78e356d3-1a11-4f61-8585-af5d6b69bb18',
      },
    },
    absent: ['recoveryPointArn', 'statusMessage'],
  },
  {
    file: 'copy-job-failed.json',
    failure: true,
    expected: {
      kind: 'copy-job',
      id: '47C8EF56-74D8-059D-1301-C5BE1D5C926E',
      state: 'FAILED',
      statusMessage: 'Access denied exception while trying to list tags',
      resourceArn: `arn:aws:ec2:us-west-2:${ACCOUNT}:instance/i-0515aee7de03f58e1`,
      resourceType: 'EC2',
      roleArn: `arn:aws:iam::${ACCOUNT}:role/RoleForEc2BackupWithNoDescribeTagsPermissions`,
      destinationVaultArn: `arn:aws:backup:us-west-2:${ACCOUNT}:backup-vault:55aa945e-c46a-421b-aa27-f94b074e31b7`,
      backupSizeInBytes: 22548578304,
      completionDate: '2020-07-15T20:37:28.704Z',
    },
    absent: ['recoveryPointArn', 'plan'],
  },
  {
    file: 'restore-job-created.json',
    failure: false,
    expected: {
      kind: 'restore-job',
      id: '123EA45F-C678-EFE9-0123-4D56FC0E789A',
      state: 'CREATED',
      recoveryPointArn: `arn:aws:backup:us-west-2:${ACCOUNT}:recovery-point:a6560b33-3660-494c-8d47-efgh939ij32k`,
    },
  },
  {
    file: 'restore-job-completed.json',
    failure: false,
    expected: {
      kind: 'restore-job',
      id: 'AB123456-78C9-0123-456D-789012E34567',
      state: 'COMPLETED',
      resourceArn: `arn:aws:rds:us-west-2:${ACCOUNT}:db:example-database`,
      resourceType: 'RDS',
      roleArn: `arn:aws:iam::${ACCOUNT}:role/RestoreTestRole`,
      vaultArn: `arn:aws:backup:us-west-2:${ACCOUNT}:backup-vault:ExampleVault`,
      vaultName: 'ExampleVault',
      recoveryPointArn: `arn:aws:backup:us-west-2:${ACCOUNT}:recovery-point:6f7fc1f8-2f2e-40ac-943b-8f8efa9ba99d`,
      backupSizeInBytes: 0,
      percentDone: 0,
    },
  },
  {
    file: 'restore-job-failed.json',
    failure: true,
    expected: {
      kind: 'restore-job',
      id: '1B234A56-789B-01CD-2A34-4567A08901FD',
      state: 'FAILED',
      statusMessage:
        'AWS Backup does not permit attaching a new instance profile to an EC2 instance. Please restore using the backed up instance profile.',
      roleArn: `arn:aws:iam::${ACCOUNT}:role/TestAWSBackupRole`,
      resourceType: 'EC2',
      backupSizeInBytes: 22548578304,
    },
    absent: ['resourceArn', 'recoveryPointArn'],
  },
];

const KEY = (region: string): string => `arn:aws:kms:${region}:0123456789ab:key/01234567-0123-0123-0123-0123456789ab`;

const EBS_CASES: readonly Case[] = [
  {
    file: 'ebs-volume-notification-createvolume-available.json',
    failure: false,
    expected: {
      kind: 'ebs-volume-notification',
      origin: 'eventbridge',
      id: '01234567-0123-0123-0123-012345678901',
      account: '012345678901',
      region: 'us-east-1',
      state: 'available',
      resourceArn: 'arn:aws:ec2:us-east-1:012345678901:volume/vol-01234567',
      ebs: { event: 'createVolume', result: 'available', volumeArn: 'arn:aws:ec2:us-east-1:012345678901:volume/vol-01234567' },
    },
    absent: ['statusMessage', 'time'],
  },
  {
    file: 'ebs-volume-notification-createvolume-failed-kms-disabled.json',
    failure: true,
    expected: {
      state: 'failed',
      region: 'sa-east-1',
      statusMessage: `${KEY('sa-east-1')} is disabled.`,
      resourceArn: 'arn:aws:ec2:sa-east-1:0123456789ab:volume/vol-01234567',
      ebs: {
        event: 'createVolume',
        result: 'failed',
        cause: `${KEY('sa-east-1')} is disabled.`,
        volumeArn: 'arn:aws:ec2:sa-east-1:0123456789ab:volume/vol-01234567',
        keyArn: KEY('sa-east-1'),
      },
    },
    absent: ['time'],
  },
  {
    file: 'ebs-volume-notification-createvolume-failed-kms-pending-import.json',
    failure: true,
    expected: { statusMessage: `${KEY('sa-east-1')} is pending import.`, ebs: expect.objectContaining({ keyArn: KEY('sa-east-1') }) },
  },
  {
    file: 'ebs-volume-notification-attachvolume-failed-kms-pending-deletion.json',
    failure: true,
    expected: {
      resourceArn: 'arn:aws:ec2:us-east-1:0123456789ab:volume/vol-01234567',
      ebs: expect.objectContaining({ event: 'attachVolume', keyArn: KEY('us-east-1') }),
    },
  },
  {
    file: 'ebs-volume-notification-reattachvolume-failed-kms-pending-deletion.json',
    failure: true,
    expected: { ebs: expect.objectContaining({ event: 'reattachVolume', keyArn: KEY('us-east-1') }) },
  },
];

const TASK = 'arn:aws:ecs:us-west-2:123456789012:task/default/7f1fbd3629434cc4b82d72d2f09b67c9';
const INFRA_ROLE = 'arn:aws:iam::123456789012:role/ecsInfrastructureRole';
const EBS_ATTACHMENT = {
  id: 'a17ed863-786c-4372-b5b3-b23e53f37877',
  roleArn: INFRA_ROLE,
  volumeName: 'myEBSVolume',
  deleteOnTermination: true,
};
// Status reasons quoted verbatim from the ECS guide, troubleshoot-ebs-volumes-scenarios (see SOURCES.md).
const ASSUME_ROLE_REASON =
  "ECS was unable to assume the configured ECS Infrastructure Role 'arn:aws:iam::111122223333:role/ecsInfrastructureRole'. Please verify that the role being passed has the proper trust relationship with Amazon ECS";
const IDEMPOTENT_REASON =
  'ECS failed to set up the EBS volume. Encountered IdempotentParameterMismatch"; "The client token you have provided is associated with a resource that is already deleted. Please use a different client token."';
const TIMEOUT_REASON = 'ECS timed out while configuring the EBS volume attachment to your Task';

const ECS_CASES: readonly Case[] = [
  {
    file: 'ecs-task-state-change-fargate-eni.json',
    failure: false,
    expected: {
      kind: 'ecs-volume-attachment',
      origin: 'eventbridge',
      id: 'arn:aws:ecs:us-west-2:111122223333:task/FargateCluster/c13b4cb40f1f4fe4a2971f76ae5a47ad#4',
      eventId: '3317b2af-7005-947d-b652-f55e762e571a',
      account: '111122223333',
      time: '2020-01-23T17:57:58Z',
      state: 'RUNNING',
      ecs: {
        taskArn: 'arn:aws:ecs:us-west-2:111122223333:task/FargateCluster/c13b4cb40f1f4fe4a2971f76ae5a47ad',
        clusterArn: 'arn:aws:ecs:us-west-2:111122223333:cluster/FargateCluster',
        taskDefinitionArn: 'arn:aws:ecs:us-west-2:111122223333:task-definition/sample-fargate:1',
        version: 4,
        lastStatus: 'RUNNING',
        desiredStatus: 'RUNNING',
        launchType: 'FARGATE',
        group: 'family:sample-fargate',
        createdAt: '2020-01-23T17:57:34.402Z',
      },
    },
    absent: ['statusMessage', 'roleArn'],
  },
  {
    file: 'ecs-task-state-change-ebs-created.synthetic.json',
    failure: false,
    expected: {
      id: `${TASK}#1`,
      state: 'PROVISIONING',
      roleArn: INFRA_ROLE,
      ecs: expect.objectContaining({
        taskArn: TASK,
        platformFamily: 'Linux',
        launchType: 'FARGATE',
        group: 'family:mytaskdef',
        taskDefinitionArn: 'arn:aws:ecs:us-west-2:123456789012:task-definition/mytaskdef:4',
        createdAt: '2025-01-23T10:29:46.650000-06:00',
        attachment: { ...EBS_ATTACHMENT, status: 'CREATED' },
      }),
    },
    absent: ['statusMessage'],
  },
  {
    file: 'ecs-task-state-change-ebs-failed-assume-role.synthetic.json',
    failure: true,
    expected: {
      state: 'STOPPED',
      statusMessage: ASSUME_ROLE_REASON,
      roleArn: INFRA_ROLE,
      ecs: expect.objectContaining({ attachment: { ...EBS_ATTACHMENT, status: 'FAILED', statusReason: ASSUME_ROLE_REASON } }),
    },
  },
  {
    file: 'ecs-task-state-change-ebs-failed-idempotent-parameter-mismatch.synthetic.json',
    failure: true,
    expected: {
      statusMessage: IDEMPOTENT_REASON,
      ecs: expect.objectContaining({ ec2ErrorCode: 'IdempotentParameterMismatch' }),
    },
  },
  {
    file: 'ecs-task-state-change-ebs-failed-timeout.synthetic.json',
    failure: true,
    expected: { statusMessage: TIMEOUT_REASON },
  },
];

describe('parseInput on real EventBridge samples', () => {
  it.each([...BACKUP_CASES, ...EBS_CASES, ...ECS_CASES])('parses $file', ({ file, failure, expected, absent }) => {
    // Prepare
    const input = fixture(file);

    // Act
    const event = single(parseInput(input));

    // Assess
    expect(event).toMatchObject(expected);
    expect(event.raw).toEqual(input);
    expect(isFailure(event)).toBe(failure);
    for (const key of absent ?? []) expect(event).not.toHaveProperty(key);
  });

  it('leaves out the ec2 error code when the status reason names none', () => {
    const event = single(parseInput(fixture('ecs-task-state-change-ebs-failed-timeout.synthetic.json')));

    expect(event.ecs).not.toHaveProperty('ec2ErrorCode');
    expect(event.ecs).not.toHaveProperty('stoppedReason');
  });

  it('never reports undefined-valued keys', () => {
    const files = [...BACKUP_CASES, ...EBS_CASES, ...ECS_CASES].map((c) => c.file);

    const events = files.map((f) => single(parseInput(fixture(f))));

    for (const e of events) {
      const { raw: _raw, ...rest } = e;
      expect(JSON.parse(JSON.stringify(rest))).toStrictEqual(rest);
    }
  });

  it('reports none of the real samples as completed with issues', () => {
    const files = BACKUP_CASES.map((c) => c.file);

    const flagged = files.filter((f) => isCompletedWithIssues(single(parseInput(fixture(f)))));

    expect(flagged).toEqual([]);
  });
});
