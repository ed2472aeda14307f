/**
 * The KMS actions an AWS Backup service role needs on a key, per job type and per the key's part in the job
 * (the resource's own key, or a vault's key), traced to the managed policy statements that grant them.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html
 */
import type { JobType, ManagedPolicyName, ProfileAction } from './types.ts';

/** Which key: the resource's own key, or the key of a backup vault (source or destination). */
export type KeyRole = 'resource' | 'vault';

/** The KMS actions needed on one key, and the service whose kms:ViaService the requests carry. */
export interface KmsProfile {
  /** The service prefix for kms:ViaService, e.g. "ec2" → ec2.<region>.amazonaws.com. */
  readonly service: string;
  /** `resource` is "{key}" for every action: the key the check evaluates. */
  readonly actions: readonly ProfileAction[];
}

const B: ManagedPolicyName = 'AWSBackupServiceRolePolicyForBackup';
const R: ManagedPolicyName = 'AWSBackupServiceRolePolicyForRestores';

/** The service that uses a resource type's own key. */
const KEY_SERVICE: Readonly<Record<string, string>> = {
  ebs: 'ec2',
  ec2: 'ec2',
  rds: 'rds',
  aurora: 'rds',
  documentdb: 'rds',
  neptune: 'rds',
  dynamodb: 'dynamodb',
  s3: 's3',
  efs: 'elasticfilesystem',
  redshift: 'redshift',
};

function k(action: string, policy: ManagedPolicyName, sid: string, grant = false): ProfileAction {
  return {
    action,
    resource: '{key}',
    policy,
    sid,
    ...(grant ? { context: { 'kms:GrantIsForAWSResource': true } } : {}),
  };
}

function base(job: JobType): ProfileAction[] {
  return job === 'restore'
    ? [k('kms:DescribeKey', R, 'KMSDescribePermissions'), k('kms:CreateGrant', R, 'KMSCreateGrantPermissions', true)]
    : [k('kms:DescribeKey', B, 'KMSPermissions'), k('kms:CreateGrant', B, 'KMSCreateGrantPermissions', true)];
}

/**
 * The KMS profile for a key in a job; undefined when the resource type's key use is not covered (the check is
 * then inconclusive for that key).
 */
export function kmsRequirements(resourceType: string, jobType: JobType, keyRole: KeyRole): KmsProfile | undefined {
  if (keyRole === 'vault') return { service: 'backup', actions: base(jobType) };
  const type = resourceType.trim().toLowerCase();
  const service = KEY_SERVICE[type];
  if (!service) return undefined;
  if (type === 's3') {
    // AWS Backup reads and writes S3 objects through S3: no grant, only decrypt (and, to restore, data keys).
    return jobType === 'restore'
      ? {
          service,
          actions: [
            k('kms:DescribeKey', 'AWSBackupServiceRolePolicyForS3Restore', '#2'),
            k('kms:Decrypt', 'AWSBackupServiceRolePolicyForS3Restore', '#2'),
            k('kms:GenerateDataKey', 'AWSBackupServiceRolePolicyForS3Restore', '#2'),
          ],
        }
      : {
          service,
          actions: [
            k('kms:DescribeKey', 'AWSBackupServiceRolePolicyForS3Backup', 'KmsPermissions'),
            k('kms:Decrypt', 'AWSBackupServiceRolePolicyForS3Backup', 'KmsPermissions'),
          ],
        };
  }
  const actions = base(jobType);
  if (type === 'dynamodb' && jobType !== 'restore') {
    actions.push(k('kms:Decrypt', B, 'KMSDynamoDBPermissions'), k('kms:GenerateDataKey', B, 'KMSDynamoDBPermissions'));
  }
  if (jobType === 'restore') {
    if (service === 'ec2') actions.push(k('kms:Decrypt', R, 'KMSPermissions'), k('kms:GenerateDataKeyWithoutPlaintext', R, 'KMSPermissions'));
    if (service === 'elasticfilesystem') actions.push(k('kms:GenerateDataKeyWithoutPlaintext', R, 'KMSPermissions'));
    if (service === 'dynamodb') actions.push(k('kms:Decrypt', R, 'KMSPermissions'), k('kms:GenerateDataKey', R, 'KMSPermissions'));
  }
  return { service, actions };
}
