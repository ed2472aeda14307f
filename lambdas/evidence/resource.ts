/**
 * The backed-up resource: whether it exists and which KMS key encrypts it (EBS, EC2, RDS, Aurora, EFS,
 * DynamoDB, S3), plus an S3 bucket's versioning. Other resource types leave a `not-collected` gap.
 */
import { DescribeDBClustersCommand, DescribeDBInstancesCommand } from '@aws-sdk/client-rds';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { DescribeInstancesCommand, DescribeVolumesCommand } from '@aws-sdk/client-ec2';
import { DescribeFileSystemsCommand } from '@aws-sdk/client-efs';
import { GetBucketEncryptionCommand, GetBucketVersioningCommand } from '@aws-sdk/client-s3';
import type { ResourceFacts } from '../model/types.ts';
import type { Outcome, Scope } from './read.ts';
import { compact, isOtherRegion } from './read.ts';
import { splitArn } from '../model/arn.ts';

/** What was read of a resource: its facts and the KMS keys that protect it. */
export interface ResourceRead {
  readonly facts: ResourceFacts;
  readonly keyRefs: readonly string[];
}

/** The resource part of an ARN split into service, kind and id: arn:aws:ec2:r:a:volume/vol-1 → ec2, volume, vol-1. */
export function parseResourceArn(arn: string): { service: string; kind: string; id: string } | undefined {
  const parts = splitArn(arn);
  if (parts === undefined || parts[0] !== 'arn') return undefined;
  const service = parts[2] ?? '';
  const rest = parts[5] ?? '';
  if (service === 's3') return { service, kind: 'bucket', id: rest.split('/')[0] ?? '' };
  if (service === 'rds') {
    const [kind = '', id = ''] = rest.split(':');
    return { service, kind, id };
  }
  const slash = rest.indexOf('/');
  return slash < 0 ? { service, kind: rest, id: '' } : { service, kind: rest.slice(0, slash), id: rest.slice(slash + 1) };
}

function finish(scope: Scope, arn: string, action: string, outcome: Outcome<ResourceRead>, type?: string): ResourceRead | undefined {
  if (outcome.ok) return outcome.value;
  if (outcome.why === 'not-found') return { facts: compact({ arn, type, exists: false }), keyRefs: [] };
  scope.reader.gap({ action, subject: arn }, outcome.why, outcome.detail);
  return undefined;
}

async function readVolumes(scope: Scope, arn: string, type: string | undefined, volumeIds: string[]): Promise<Outcome<ResourceRead>> {
  return scope.reader.attempt(async (abortSignal) => {
    const out = await scope.clients.ec2.send(new DescribeVolumesCommand({ VolumeIds: volumeIds }), { abortSignal });
    const volumes = out.Volumes ?? [];
    const keyRefs = [...new Set(volumes.map((v) => v.KmsKeyId).filter((k): k is string => k !== undefined))];
    return {
      facts: compact({
        arn,
        type,
        exists: true,
        encrypted: volumes.some((v) => v.Encrypted === true),
        encryptionKeyArn: keyRefs[0],
      }),
      keyRefs,
    };
  });
}

async function readInstance(scope: Scope, arn: string, type: string | undefined, id: string): Promise<ResourceRead | undefined> {
  const described = await scope.reader.attempt(async (abortSignal) => {
    const out = await scope.clients.ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }), { abortSignal });
    const instance = out.Reservations?.[0]?.Instances?.[0];
    const root = instance?.RootDeviceName;
    // Root volume first, so that its key is the resource's encryptionKeyArn.
    const mappings = [...(instance?.BlockDeviceMappings ?? [])].sort(
      (a, b) => Number(b.DeviceName === root) - Number(a.DeviceName === root),
    );
    return { exists: instance !== undefined, volumeIds: mappings.map((m) => m.Ebs?.VolumeId).filter((v): v is string => !!v) };
  });
  if (!described.ok) return finish(scope, arn, 'ec2:DescribeInstances', described, type);
  if (!described.value.exists) return { facts: compact({ arn, type, exists: false }), keyRefs: [] };
  if (described.value.volumeIds.length === 0) return { facts: compact({ arn, type, exists: true }), keyRefs: [] };
  const volumes = await readVolumes(scope, arn, type, described.value.volumeIds);
  if (!volumes.ok && volumes.why === 'not-found') return { facts: compact({ arn, type, exists: true }), keyRefs: [] };
  return finish(scope, arn, 'ec2:DescribeVolumes', volumes, type);
}

async function readBucket(scope: Scope, arn: string, type: string | undefined, bucket: string): Promise<ResourceRead | undefined> {
  const s3 = scope.clients.s3;
  const [encryption, versioning] = await Promise.all([
    scope.reader.attempt(async (abortSignal) => {
      const out = await s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }), { abortSignal });
      return out.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault;
    }),
    scope.reader.attempt(async (abortSignal) => {
      const out = await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }), { abortSignal });
      return (out.Status ?? 'Off') as 'Enabled' | 'Suspended' | 'Off';
    }),
  ]);
  if ((!encryption.ok && encryption.why === 'not-found') || (!versioning.ok && versioning.why === 'not-found')) {
    return { facts: compact({ arn, type, exists: false }), keyRefs: [] };
  }
  if (!encryption.ok) scope.reader.gap({ action: 's3:GetEncryptionConfiguration', subject: arn }, encryption.why, encryption.detail);
  if (!versioning.ok) scope.reader.gap({ action: 's3:GetBucketVersioning', subject: arn }, versioning.why, versioning.detail);
  const rule = encryption.ok ? encryption.value : undefined;
  const key = rule?.KMSMasterKeyID;
  return {
    facts: compact({
      arn,
      type,
      exists: true,
      encrypted: encryption.ok ? rule !== undefined : undefined,
      encryptionKeyArn: key,
      s3: versioning.ok ? { versioning: versioning.value } : undefined,
    }),
    keyRefs: key !== undefined ? [key] : [],
  };
}

/**
 * Reads the resource behind `arn`: existence and encryption key(s). A resource that no longer exists is the
 * fact `exists: false`.
 */
export async function collectResource(scope: Scope, arn: string, type?: string): Promise<ResourceRead | undefined> {
  const parsed = parseResourceArn(arn);
  const c = scope.clients;
  const notCollected = (detail: string): undefined => {
    scope.reader.gap({ action: 'resource', subject: arn, what: `resource ${arn}` }, 'not-collected', detail);
    return undefined;
  };
  if (!parsed) return notCollected('not an ARN');
  if (isOtherRegion(scope, arn)) return notCollected(`resource in another region than ${scope.region}`);
  const { service, kind, id } = parsed;

  if (service === 'ec2' && kind === 'volume') {
    return finish(scope, arn, 'ec2:DescribeVolumes', await readVolumes(scope, arn, type, [id]), type);
  }
  if (service === 'ec2' && kind === 'instance') return readInstance(scope, arn, type, id);
  if (service === 'rds' && (kind === 'db' || kind === 'cluster')) {
    const action = kind === 'db' ? 'rds:DescribeDBInstances' : 'rds:DescribeDBClusters';
    const outcome = await scope.reader.attempt(async (abortSignal) => {
      const found =
        kind === 'db'
          ? (await c.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }), { abortSignal })).DBInstances?.[0]
          : (await c.rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: id }), { abortSignal })).DBClusters?.[0];
      const key = found?.KmsKeyId;
      return {
        facts: compact({ arn, type, exists: found !== undefined, encrypted: found?.StorageEncrypted, encryptionKeyArn: key }),
        keyRefs: key !== undefined ? [key] : [],
      };
    });
    return finish(scope, arn, action, outcome, type);
  }
  if (service === 'elasticfilesystem' && kind === 'file-system') {
    const outcome = await scope.reader.attempt(async (abortSignal) => {
      const fs = (await c.efs.send(new DescribeFileSystemsCommand({ FileSystemId: id }), { abortSignal })).FileSystems?.[0];
      const key = fs?.KmsKeyId;
      return {
        facts: compact({ arn, type, exists: fs !== undefined, encrypted: fs?.Encrypted, encryptionKeyArn: key }),
        keyRefs: key !== undefined ? [key] : [],
      };
    });
    return finish(scope, arn, 'elasticfilesystem:DescribeFileSystems', outcome, type);
  }
  if (service === 'dynamodb' && kind === 'table') {
    const outcome = await scope.reader.attempt(async (abortSignal) => {
      const table = (await c.dynamodb.send(new DescribeTableCommand({ TableName: id }), { abortSignal })).Table;
      // No SSEDescription means the AWS owned key: encrypted, with no key of the account's to check.
      const key = table?.SSEDescription?.KMSMasterKeyArn;
      return {
        facts: compact({ arn, type, exists: table !== undefined, encrypted: table !== undefined, encryptionKeyArn: key }),
        keyRefs: key !== undefined ? [key] : [],
      };
    });
    return finish(scope, arn, 'dynamodb:DescribeTable', outcome, type);
  }
  if (service === 's3' && id !== '') return readBucket(scope, arn, type, id);
  return notCollected(`resource type ${type ?? `${service}:${kind}`} is not read`);
}
