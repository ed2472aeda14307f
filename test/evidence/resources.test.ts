import 'aws-sdk-client-mock-vitest/extend';
import { describe, expect, it } from 'vitest';
import { DescribeCopyJobCommand, DescribeGlobalSettingsCommand, DescribeRestoreJobCommand } from '@aws-sdk/client-backup';
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { DescribeInstancesCommand, DescribeSnapshotsCommand, DescribeVolumesCommand } from '@aws-sdk/client-ec2';
import { DescribeServicesCommand, DescribeTaskDefinitionCommand, DescribeTasksCommand } from '@aws-sdk/client-ecs';
import { DescribeFileSystemsCommand } from '@aws-sdk/client-efs';
import { DescribeDBClustersCommand, DescribeDBInstancesCommand } from '@aws-sdk/client-rds';
import { GetBucketEncryptionCommand, GetBucketVersioningCommand } from '@aws-sdk/client-s3';
import type { FailureEvent } from '../../lambdas/model/types.ts';
import { collectEvidence, COLLECTOR_PERMISSIONS, EvidenceCache } from '../../lambdas/evidence/index.ts';
import { ACCOUNT, awsError, eventFrom, mockedClients, programAccount, REGION, sentActions } from './helpers.ts';

const NOW = new Date('2020-07-29T20:20:00Z');
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/aaaa1111-2222-3333-4444-555566667777`;
type Mocks = ReturnType<typeof mockedClients>['mocks'];

const backupOf = (resourceArn: string, resourceType: string): FailureEvent =>
  eventFrom('backup-job-failed.json', { resourceArn, resourceType });

// One row per resource kind: the event, how the service answers, and the facts expected.
const RESOURCES: readonly {
  readonly type: string;
  readonly arn: string;
  readonly program: (m: Mocks) => void;
  readonly facts: Record<string, unknown>;
  readonly notFound: (m: Mocks) => void;
}[] = [
  {
    type: 'EC2',
    arn: `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/i-0515aee7de03f58e1`,
    program: (m) => {
      m.ec2.on(DescribeInstancesCommand).resolves({
        Reservations: [{ Instances: [{ RootDeviceName: '/dev/xvda', BlockDeviceMappings: [{ DeviceName: '/dev/sdf', Ebs: { VolumeId: 'vol-data' } }, { DeviceName: '/dev/xvda', Ebs: { VolumeId: 'vol-root' } }] }] }],
      });
      m.ec2.on(DescribeVolumesCommand).resolves({ Volumes: [{ VolumeId: 'vol-root', Encrypted: true, KmsKeyId: KEY }, { VolumeId: 'vol-data', Encrypted: false }] });
    },
    facts: { exists: true, encrypted: true, encryptionKeyArn: KEY },
    notFound: (m) => void m.ec2.on(DescribeInstancesCommand).rejects(awsError('InvalidInstanceID.NotFound')),
  },
  {
    type: 'RDS',
    arn: `arn:aws:rds:${REGION}:${ACCOUNT}:db:orders`,
    program: (m) => void m.rds.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: 'orders' }).resolves({ DBInstances: [{ StorageEncrypted: true, KmsKeyId: KEY }] }),
    facts: { exists: true, encrypted: true, encryptionKeyArn: KEY },
    notFound: (m) => void m.rds.on(DescribeDBInstancesCommand).rejects(awsError('DBInstanceNotFoundFault', 404)),
  },
  {
    type: 'Aurora',
    arn: `arn:aws:rds:${REGION}:${ACCOUNT}:cluster:ledger`,
    program: (m) => void m.rds.on(DescribeDBClustersCommand, { DBClusterIdentifier: 'ledger' }).resolves({ DBClusters: [{ StorageEncrypted: true, KmsKeyId: KEY }] }),
    facts: { exists: true, encrypted: true, encryptionKeyArn: KEY },
    notFound: (m) => void m.rds.on(DescribeDBClustersCommand).rejects(awsError('DBClusterNotFoundFault', 404)),
  },
  {
    type: 'EFS',
    arn: `arn:aws:elasticfilesystem:${REGION}:${ACCOUNT}:file-system/fs-0123456789abcdef0`,
    program: (m) => void m.efs.on(DescribeFileSystemsCommand, { FileSystemId: 'fs-0123456789abcdef0' }).resolves({ FileSystems: [{ Encrypted: true, KmsKeyId: KEY } as never] }),
    facts: { exists: true, encrypted: true, encryptionKeyArn: KEY },
    notFound: (m) => void m.efs.on(DescribeFileSystemsCommand).rejects(awsError('FileSystemNotFound', 404)),
  },
  {
    type: 'DynamoDB',
    arn: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/Orders`,
    program: (m) => void m.dynamodb.on(DescribeTableCommand, { TableName: 'Orders' }).resolves({ Table: { SSEDescription: { Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: KEY } } }),
    facts: { exists: true, encrypted: true, encryptionKeyArn: KEY },
    notFound: (m) => void m.dynamodb.on(DescribeTableCommand).rejects(awsError('ResourceNotFoundException')),
  },
  {
    type: 'S3',
    arn: 'arn:aws:s3:::example-bucket',
    program: (m) => {
      m.s3.on(GetBucketEncryptionCommand, { Bucket: 'example-bucket' }).resolves({ ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: KEY } }] } });
      m.s3.on(GetBucketVersioningCommand, { Bucket: 'example-bucket' }).resolves({ Status: 'Suspended' });
    },
    facts: { exists: true, encrypted: true, encryptionKeyArn: KEY, s3: { versioning: 'Suspended' } },
    notFound: (m) => void m.s3.on(GetBucketEncryptionCommand).rejects(awsError('NoSuchBucket', 404)),
  },
];

describe('resource collectors', () => {
  it.each(RESOURCES)('reads the encryption key of a $type resource and reads that key', async ({ type, arn, program, facts }) => {
    // Prepare
    const { clients, mocks } = mockedClients();
    programAccount(mocks);
    program(mocks);

    // Act
    const evidence = await collectEvidence(backupOf(arn, type), clients, { now: NOW, deadline: Date.now() + 30_000, cache: new EvidenceCache() });

    // Assess
    expect(evidence.resources?.[arn]).toMatchObject({ arn, type, ...facts });
    expect(evidence.keys?.[KEY]?.state).toBe('Enabled');
    expect(evidence.gaps).toEqual([]);
  });

  it.each(RESOURCES)('records exists:false for a $type resource that no longer exists', async ({ type, arn, notFound }) => {
    // Prepare
    const { clients, mocks } = mockedClients();
    programAccount(mocks);
    notFound(mocks);

    // Act
    const evidence = await collectEvidence(backupOf(arn, type), clients, { now: NOW, deadline: Date.now() + 30_000, cache: new EvidenceCache() });

    // Assess
    expect(evidence.resources?.[arn]).toEqual({ arn, type, exists: false });
    expect(evidence.gaps.filter((g) => g.subject === arn)).toEqual([]);
  });

  it('records a not-collected gap for a resource type it does not read', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    programAccount(mocks);
    const event = eventFrom('backup-job-failed.json');

    // Act
    const evidence = await collectEvidence(event, clients, { now: NOW, deadline: Date.now() + 30_000, cache: new EvidenceCache() });

    // Assess
    expect(evidence.gaps).toEqual([expect.objectContaining({ subject: event.resourceArn, why: 'not-collected' })]);
  });
});

const ECS_TASK = 'arn:aws:ecs:us-west-2:123456789012:task/default/7f1fbd3629434cc4b82d72d2f09b67c9';
const ECS_ROLE = 'arn:aws:iam::123456789012:role/ecsInfrastructureRole';
const ECS_KEY = 'arn:aws:kms:us-west-2:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd';

function programEcs(m: Mocks): void {
  m.ecs.on(DescribeTasksCommand).resolves({
    tasks: [
      {
        taskArn: ECS_TASK,
        lastStatus: 'STOPPED',
        taskDefinitionArn: 'arn:aws:ecs:us-west-2:123456789012:task-definition/mytaskdef:4',
        attachments: [{ type: 'AmazonElasticBlockStorage', status: 'FAILED', details: [{ name: 'roleArn', value: ECS_ROLE }, { name: 'volumeName', value: 'myEBSVolume' }] }],
      },
    ],
  });
  m.ecs.on(DescribeTaskDefinitionCommand).resolves({
    taskDefinition: {
      taskDefinitionArn: 'arn:aws:ecs:us-west-2:123456789012:task-definition/mytaskdef:4',
      family: 'mytaskdef',
      runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: 'X86_64' },
      volumes: [{ name: 'myEBSVolume', configuredAtLaunch: true }],
    },
  });
  m.ecs.on(DescribeServicesCommand).resolves({
    services: [{ deployments: [{ status: 'PRIMARY', volumeConfigurations: [{ name: 'myEBSVolume', managedEBSVolume: { roleArn: ECS_ROLE, encrypted: true, kmsKeyId: ECS_KEY, snapshotId: 'snap-0123', filesystemType: 'xfs', sizeInGiB: 100 } }] }] }],
  });
  m.ec2.on(DescribeSnapshotsCommand).resolves({ Snapshots: [{ SnapshotId: 'snap-0123', Encrypted: true, KmsKeyId: ECS_KEY, VolumeSize: 100 }] });
  m.cloudtrail.on(LookupEventsCommand).resolves({
    Events: [
      {
        EventName: 'CreateService',
        EventTime: new Date('2025-01-23T16:00:00Z'),
        CloudTrailEvent: JSON.stringify({
          eventName: 'CreateService',
          eventSource: 'ecs.amazonaws.com',
          userIdentity: { arn: 'arn:aws:iam::123456789012:user/deployer' },
          requestParameters: { serviceName: 'web', cluster: 'default' },
        }),
      },
      { EventName: 'ListClusters', CloudTrailEvent: '{}' },
    ],
  });
}

describe('ECS collectors', () => {
  it('reads the task, task definition, service volumes, snapshot, infrastructure role, key and trail', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    programAccount(mocks);
    programEcs(mocks);
    const base = eventFrom('ecs-task-state-change-ebs-failed-assume-role.synthetic.json');
    const event = { ...base, ecs: { ...base.ecs, taskArn: base.ecs?.taskArn ?? ECS_TASK, group: 'service:web' } };

    // Act
    const evidence = await collectEvidence(event, clients, { now: NOW, deadline: Date.now() + 30_000, cache: new EvidenceCache() });

    // Assess: EC2 does not say which filesystem the snapshot was taken from.
    expect(evidence.gaps).toEqual([expect.objectContaining({ subject: 'snap-0123', why: 'not-collected' })]);
    expect(evidence.ecs?.tasks?.[ECS_TASK]?.attachments?.[0]?.details).toEqual({ roleArn: ECS_ROLE, volumeName: 'myEBSVolume' });
    expect(Object.values(evidence.ecs?.taskDefinitions ?? {})[0]).toMatchObject({ operatingSystemFamily: 'LINUX', volumes: [{ name: 'myEBSVolume', configuredAtLaunch: true }] });
    expect(evidence.ecs?.volumeConfigurations?.['myEBSVolume']).toMatchObject({ filesystemType: 'xfs', kmsKeyId: ECS_KEY, snapshotId: 'snap-0123' });
    expect(evidence.ebsSnapshots?.['snap-0123']).toMatchObject({ exists: true, kmsKeyId: ECS_KEY });
    expect(evidence.roles?.[ECS_ROLE]?.exists).toBe(true);
    expect(evidence.keys?.[ECS_KEY]?.state).toBe('Enabled');
    expect(evidence.trail).toEqual([expect.objectContaining({ eventName: 'CreateService', userArn: 'arn:aws:iam::123456789012:user/deployer' })]);
    expect(mocks.ecs).toHaveReceivedCommandWith(DescribeServicesCommand, { services: ['web'] });
  });
});

describe('declared permissions', () => {
  it('declares an IAM action for every command the collectors send, and sends every declared one', async () => {
    // Prepare: scenarios that together reach every collector.
    const { clients, mocks } = mockedClients();
    programAccount(mocks);
    programEcs(mocks);
    for (const r of RESOURCES) r.program(mocks);
    mocks.backup.on(DescribeCopyJobCommand).resolves({ CopyJob: { State: 'FAILED' } });
    mocks.backup.on(DescribeRestoreJobCommand).resolves({ Status: 'FAILED' });
    mocks.backup.on(DescribeGlobalSettingsCommand).resolves({ GlobalSettings: { isCrossAccountBackupEnabled: 'false' } });
    const ecsBase = eventFrom('ecs-task-state-change-ebs-failed-assume-role.synthetic.json');
    const events: FailureEvent[] = [
      ...RESOURCES.map((r) => ({ ...backupOf(r.arn, r.type), plan: { planId: 'p' } })),
      { ...eventFrom('copy-job-failed.json'), destinationVaultArn: 'arn:aws:backup:us-west-2:444455556666:backup-vault:central' },
      eventFrom('restore-job-failed.json'),
      { ...ecsBase, ecs: { ...ecsBase.ecs, taskArn: ECS_TASK, group: 'service:web' } },
    ];

    // Act
    const evidence = await Promise.all(events.map((e) => collectEvidence(e, clients, { now: NOW, deadline: Date.now() + 30_000, cache: new EvidenceCache() })));
    const sent = new Set(sentActions(mocks));

    // Assess
    expect(evidence.find((e) => e.backupSettings !== undefined)?.backupSettings).toEqual({ crossAccountBackupEnabled: false });
    expect([...sent].filter((a) => !COLLECTOR_PERMISSIONS.includes(a))).toEqual([]);
    expect(COLLECTOR_PERMISSIONS.filter((a) => !sent.has(a))).toEqual([]);
    expect([...COLLECTOR_PERMISSIONS]).toEqual([...COLLECTOR_PERMISSIONS].sort());
  });
});
