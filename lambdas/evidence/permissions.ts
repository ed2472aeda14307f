/**
 * The read-only IAM actions each evidence area calls. This module imports nothing, so the CDK app can grant the
 * diagnoser exactly these actions without loading an SDK client at synth time.
 */

/** AWS Backup: the job, its plan, the vaults, the resource's recent jobs and the account-wide settings. */
export const BACKUP_READS = [
  'backup:DescribeBackupJob',
  'backup:DescribeCopyJob',
  'backup:DescribeRestoreJob',
  'backup:GetBackupPlan',
  'backup:DescribeBackupVault',
  'backup:ListBackupJobs',
  'backup:DescribeGlobalSettings',
] as const;

/** IAM: the role, its policies and the simulation of the actions it needs. */
export const IAM_READS = [
  'iam:GetRole',
  'iam:ListAttachedRolePolicies',
  'iam:ListRolePolicies',
  'iam:GetRolePolicy',
  'iam:GetPolicy',
  'iam:GetPolicyVersion',
  'iam:SimulatePrincipalPolicy',
] as const;

/** AWS KMS: the key's state, its policy and its grants. */
export const KMS_READS = ['kms:DescribeKey', 'kms:GetKeyPolicy', 'kms:ListGrants'] as const;

/** The protected resources: their encryption keys, versioning and state. */
export const RESOURCE_READS = [
  'ec2:DescribeVolumes',
  'ec2:DescribeInstances',
  'rds:DescribeDBInstances',
  'rds:DescribeDBClusters',
  'elasticfilesystem:DescribeFileSystems',
  'dynamodb:DescribeTable',
  's3:GetEncryptionConfiguration',
  's3:GetBucketVersioning',
] as const;

/** Amazon ECS: the task, its definition, the service's volume configuration, snapshots and the launch call. */
export const ECS_READS = [
  'ecs:DescribeTasks',
  'ecs:DescribeTaskDefinition',
  'ecs:DescribeServices',
  'ec2:DescribeSnapshots',
  'cloudtrail:LookupEvents',
] as const;

/** CloudTrail: who changed the objects at fault (the role, key, vault or plan) in the last 90 days. */
export const CHANGE_READS = ['cloudtrail:LookupEvents'] as const;

/**
 * STS: decodes the encoded authorization message of a denied call. Not granted by default (the decoded message
 * can hold privileged details): the deployment adds it with the context key `decodeAuthorizationMessages=true`.
 */
export const DECODE_AUTHORIZATION_READS = ['sts:DecodeAuthorizationMessage'] as const;

/** Every IAM action the collectors call (the opt-in decoding aside), sorted: the diagnoser's role is granted exactly these. */
export const COLLECTOR_PERMISSIONS: readonly string[] = [
  ...new Set<string>([...BACKUP_READS, ...IAM_READS, ...KMS_READS, ...RESOURCE_READS, ...ECS_READS, ...CHANGE_READS]),
].sort();

/** The listings the audit reads beyond the collectors: every plan, selection, vault, recent job and role. */
export const AUDIT_LISTS = [
  'backup:ListBackupPlans',
  'backup:ListBackupSelections',
  'backup:GetBackupSelection',
  'backup:ListBackupVaults',
  'backup:ListBackupJobs',
  'iam:ListRoles',
  'iam:ListRoleTags',
] as const;

/**
 * Every IAM action the audit calls, sorted: the listings, each plan (GetBackupPlan), each role (IAM_READS) and each
 * vault key (KMS_READS). The scheduled audit's role is granted exactly these.
 */
export const AUDIT_PERMISSIONS: readonly string[] = [
  ...new Set<string>([...AUDIT_LISTS, 'backup:GetBackupPlan', ...IAM_READS, ...KMS_READS]),
].sort();
