/**
 * The IAM actions an AWS Backup service role needs per resource type and job type: a short list of the actions
 * without which the job fails, each traced to the AWS managed policy statement that grants it.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/iam-service-roles.html
 */
import type { JobType, ManagedPolicyName, ProfileAction, ProfileEntry } from './types.ts';

const B: ManagedPolicyName = 'AWSBackupServiceRolePolicyForBackup';
const R: ManagedPolicyName = 'AWSBackupServiceRolePolicyForRestores';
const S3B: ManagedPolicyName = 'AWSBackupServiceRolePolicyForS3Backup';
const S3R: ManagedPolicyName = 'AWSBackupServiceRolePolicyForS3Restore';

const SNAPSHOT = 'arn:{partition}:ec2:{region}::snapshot/*';
const IMAGE = 'arn:{partition}:ec2:{region}:{account}:image/*';
const INSTANCE = 'arn:{partition}:ec2:{region}:{account}:instance/*';
const VOLUME = 'arn:{partition}:ec2:{region}:{account}:volume/*';
const RDS = 'arn:{partition}:rds:{region}:{account}';
const FSX = 'arn:{partition}:fsx:{region}:{account}';

function act(
  action: string,
  resource: string,
  policy: ManagedPolicyName,
  sid: string,
  extra?: Pick<ProfileAction, 'context' | 'since' | 'when'>,
): ProfileAction {
  return { action, resource, policy, sid, ...extra };
}

function entry(
  id: string,
  resourceType: string,
  jobType: JobType,
  actions: readonly ProfileAction[],
): ProfileEntry {
  const managedPolicies = [...new Set(actions.map((a) => a.policy))];
  return { id, resourceType, jobType, managedPolicies, actions };
}

/** Every copy job: read the source recovery point and write into the destination vault. */
const COPY_VAULT: readonly ProfileAction[] = [
  act('backup:CopyIntoBackupVault', '{destinationVault}', B, 'BackupVaultPermissions'),
  act('backup:CopyFromBackupVault', 'arn:{partition}:backup:{region}:{account}:recovery-point:*', B, 'BackupVaultCopyPermissions'),
];

const RDS_INSTANCE_BACKUP = [
  act('rds:CreateDBSnapshot', '{resource}', B, 'DynamoDBBackupPermissions'),
  act('rds:DescribeDBInstances', '{resource}', B, 'DynamoDBBackupPermissions'),
  act('rds:DescribeDBSnapshots', '*', B, 'DynamoDBBackupPermissions'),
  act('rds:ListTagsForResource', '{resource}', B, 'DynamoDBBackupPermissions'),
  act('rds:AddTagsToResource', `${RDS}:snapshot:awsbackup:*`, B, 'DynamoDBBackupPermissions'),
];

const RDS_CLUSTER_BACKUP = [
  act('rds:CreateDBClusterSnapshot', '{resource}', B, 'DynamoDBBackupPermissions'),
  act('rds:DescribeDBClusters', '{resource}', B, 'DynamoDBBackupPermissions'),
  act('rds:DescribeDBClusterSnapshots', '*', B, 'DynamoDBBackupPermissions'),
  act('rds:ListTagsForResource', '{resource}', B, 'DynamoDBBackupPermissions'),
  act('rds:AddTagsToResource', `${RDS}:cluster-snapshot:awsbackup:*`, B, 'DynamoDBBackupPermissions'),
];

const RDS_CLUSTER_COPY = [
  ...COPY_VAULT,
  act('rds:CopyDBClusterSnapshot', `${RDS}:cluster-snapshot:*`, B, 'DynamoDBBackupPermissions'),
  act('rds:DescribeDBClusterSnapshots', '*', B, 'DynamoDBBackupPermissions'),
  act('rds:ListTagsForResource', `${RDS}:cluster-snapshot:*`, B, 'DynamoDBBackupPermissions'),
  act('rds:AddTagsToResource', `${RDS}:cluster-snapshot:awsbackup:*`, B, 'DynamoDBBackupPermissions'),
];

const RDS_CLUSTER_RESTORE = [
  act('rds:RestoreDBClusterFromSnapshot', `${RDS}:cluster:*`, R, 'RDSPermissions'),
  act('rds:DescribeDBClusters', '*', R, 'RDSPermissions'),
  act('rds:DescribeDBClusterSnapshots', '*', R, 'RDSPermissions'),
  act('rds:CreateDBInstance', `${RDS}:db:*`, R, 'RDSResourcePermissions'),
  act('rds:AddTagsToResource', `${RDS}:cluster:*`, R, 'RDSPermissions'),
];

/** The profiles, one per resource type and job type. */
export const BACKUP_ROLE_PROFILES: readonly ProfileEntry[] = [
  // Backup jobs
  entry('backup-ebs', 'EBS', 'backup', [
    act('ec2:CreateSnapshot', '{resource}', B, 'EBSResourcePermissions'),
    act('ec2:DescribeVolumes', '*', B, 'EBSResourcePermissions'),
    act('ec2:DescribeSnapshots', '*', B, 'EBSResourcePermissions'),
    act('ec2:DescribeTags', '*', B, 'EC2Permissions'),
    act('ec2:CreateTags', SNAPSHOT, B, 'EBSTagAndDeletePermissions'),
  ]),
  entry('backup-ec2', 'EC2', 'backup', [
    act('ec2:CreateImage', '{resource}', B, 'EC2Permissions'),
    act('ec2:DescribeInstances', '*', B, 'EC2Permissions'),
    act('ec2:DescribeImages', '*', B, 'EC2Permissions'),
    act('ec2:DescribeSnapshots', '*', B, 'EC2Permissions'),
    act('ec2:DescribeTags', '*', B, 'EC2Permissions'),
    act('ec2:CreateTags', IMAGE, B, 'EC2TagPermissions'),
    act('ec2:CreateTags', SNAPSHOT, B, 'EBSTagAndDeletePermissions'),
  ]),
  entry('backup-rds', 'RDS', 'backup', RDS_INSTANCE_BACKUP),
  entry('backup-aurora', 'Aurora', 'backup', RDS_CLUSTER_BACKUP),
  entry('backup-documentdb', 'DocumentDB', 'backup', RDS_CLUSTER_BACKUP),
  entry('backup-neptune', 'Neptune', 'backup', RDS_CLUSTER_BACKUP),
  entry('backup-efs', 'EFS', 'backup', [
    act('elasticfilesystem:Backup', '{resource}', B, 'EFSPermissions'),
    act('elasticfilesystem:DescribeTags', '{resource}', B, 'EFSPermissions'),
  ]),
  entry('backup-dynamodb', 'DynamoDB', 'backup', [
    act('dynamodb:DescribeTable', '{resource}', B, 'DynamoDBPermissions'),
    act('dynamodb:ListTagsOfResource', '{resource}', B, 'DynamodbBackupPermissions'),
    // Which API backs up the table depends on the account's advanced DynamoDB backup setting.
    act('dynamodb:CreateBackup', '{resource}', B, 'DynamoDBPermissions', { when: 'dynamodb-standard' }),
    act('dynamodb:StartAwsBackupJob', '{resource}', B, 'DynamodbBackupPermissions', { when: 'dynamodb-advanced' }),
  ]),
  entry('backup-s3', 'S3', 'backup', [
    act('s3:ListBucket', '{resource}', S3B, 'S3BucketPermissions'),
    act('s3:ListBucketVersions', '{resource}', S3B, 'S3BucketPermissions'),
    act('s3:GetBucketVersioning', '{resource}', S3B, 'S3BucketPermissions'),
    act('s3:GetBucketLocation', '{resource}', S3B, 'S3BucketPermissions'),
    act('s3:GetBucketTagging', '{resource}', S3B, 'S3BucketPermissions'),
    act('s3:GetObject', '{resource}/*', S3B, 'S3ObjectPermissions'),
    act('s3:GetObjectVersion', '{resource}/*', S3B, 'S3ObjectPermissions'),
    act('s3:GetObjectTagging', '{resource}/*', S3B, 'S3ObjectPermissions'),
    act('s3:GetObjectVersionTagging', '{resource}/*', S3B, 'S3ObjectPermissions'),
  ]),
  entry('backup-fsx', 'FSx', 'backup', [
    act('fsx:CreateBackup', '{resource}', B, 'FsxCreateBackupPermissions'),
    act('fsx:ListTagsForResource', '{resource}', B, 'FsxListTagsPermissions'),
    act('fsx:DescribeBackups', `${FSX}:backup/*`, B, 'FsxBackupPermissions'),
    act('fsx:TagResource', `${FSX}:backup/*`, B, 'FsxResourcePermissions'),
  ]),
  entry('backup-storage-gateway', 'Storage Gateway', 'backup', [
    act('storagegateway:CreateSnapshot', '{resource}', B, 'StorageGatewayPermissions'),
    act('storagegateway:ListTagsForResource', '{resource}', B, 'StorageGatewayPermissions'),
  ]),
  entry('backup-virtualmachine', 'VirtualMachine', 'backup', [
    act('backup-gateway:Backup', '{resource}', B, 'BackupGatewayBackupPermissions'),
    act('backup-gateway:ListTagsForResource', '{resource}', B, 'BackupGatewayBackupPermissions'),
  ]),
  entry('backup-cloudformation', 'CloudFormation', 'backup', [
    act('cloudformation:DescribeStacks', '{resource}', B, 'CloudformationStackPermissions'),
    act('cloudformation:GetTemplate', '{resource}', B, 'CloudformationStackPermissions'),
    act('cloudformation:ListStackResources', '{resource}', B, 'CloudformationStackPermissions'),
  ]),
  entry('backup-redshift', 'Redshift', 'backup', [
    act('redshift:CreateClusterSnapshot', '{resource}', B, 'RedshiftCreatePermissions'),
    act('redshift:DescribeClusters', '{resource}', B, 'RedshiftPermissions'),
    act('redshift:DescribeClusterSnapshots', 'arn:{partition}:redshift:{region}:{account}:snapshot:*/*', B, 'RedshiftCreatePermissions'),
    act('redshift:CreateTags', 'arn:{partition}:redshift:{region}:{account}:snapshot:*/*', B, 'RedshiftResourcePermissions'),
  ]),
  entry('backup-timestream', 'Timestream', 'backup', [
    act('timestream:StartAwsBackupJob', '{resource}', B, 'TimestreamResourcePermissions'),
    act('timestream:GetAwsBackupStatus', '{resource}', B, 'TimestreamResourcePermissions'),
    act('timestream:DescribeEndpoints', '*', B, 'TimestreamEndpointPermissions'),
  ]),
  entry('backup-sap-hana', 'SAP HANA on Amazon EC2', 'backup', [
    act('ssm-sap:BackupDatabase', '{resource}', B, 'SSMSAPResourcePermissions'),
    act('ssm-sap:GetDatabase', '{resource}', B, 'SSMSAPResourcePermissions'),
    act('ssm-sap:GetOperation', '*', B, 'SSMSAPPermissions'),
  ]),

  // Copy jobs
  entry('copy-ebs', 'EBS', 'copy', [
    ...COPY_VAULT,
    act('ec2:CopySnapshot', SNAPSHOT, B, 'EBSCopyPermissions'),
    act('ec2:DescribeSnapshots', '*', B, 'EBSResourcePermissions'),
    act('ec2:CreateTags', SNAPSHOT, B, 'EBSTagAndDeletePermissions'),
  ]),
  entry('copy-ec2', 'EC2', 'copy', [
    ...COPY_VAULT,
    act('ec2:CopyImage', IMAGE, B, 'EC2CopyPermissions'),
    act('ec2:CopySnapshot', SNAPSHOT, B, 'EBSCopyPermissions'),
    act('ec2:DescribeImages', '*', B, 'EC2Permissions'),
    act('ec2:DescribeTags', '*', B, 'EC2Permissions'),
    act('ec2:CreateTags', IMAGE, B, 'EC2TagPermissions'),
  ]),
  entry('copy-rds', 'RDS', 'copy', [
    ...COPY_VAULT,
    act('rds:CopyDBSnapshot', `${RDS}:snapshot:*`, B, 'DynamoDBBackupPermissions'),
    act('rds:DescribeDBSnapshots', '*', B, 'DynamoDBBackupPermissions'),
    act('rds:ListTagsForResource', `${RDS}:snapshot:*`, B, 'DynamoDBBackupPermissions'),
    act('rds:AddTagsToResource', `${RDS}:snapshot:awsbackup:*`, B, 'DynamoDBBackupPermissions'),
  ]),
  entry('copy-aurora', 'Aurora', 'copy', RDS_CLUSTER_COPY),
  entry('copy-documentdb', 'DocumentDB', 'copy', RDS_CLUSTER_COPY),
  entry('copy-neptune', 'Neptune', 'copy', RDS_CLUSTER_COPY),
  entry('copy-fsx', 'FSx', 'copy', [
    ...COPY_VAULT,
    act('fsx:CopyBackup', `${FSX}:backup/*`, B, 'FsxResourcePermissions'),
    act('fsx:DescribeBackups', `${FSX}:backup/*`, B, 'FsxBackupPermissions'),
    act('fsx:ListTagsForResource', `${FSX}:backup/*`, B, 'FsxResourcePermissions'),
  ]),
  // Fully managed resource types: AWS Backup copies the recovery point itself.
  entry('copy-efs', 'EFS', 'copy', COPY_VAULT),
  entry('copy-dynamodb', 'DynamoDB', 'copy', COPY_VAULT),
  entry('copy-s3', 'S3', 'copy', COPY_VAULT),
  entry('copy-virtualmachine', 'VirtualMachine', 'copy', COPY_VAULT),
  entry('copy-timestream', 'Timestream', 'copy', COPY_VAULT),
  entry('copy-sap-hana', 'SAP HANA on Amazon EC2', 'copy', COPY_VAULT),

  // Restore jobs
  entry('restore-ebs', 'EBS', 'restore', [
    act('ec2:CreateVolume', SNAPSHOT, R, 'EBSPermissions'),
    act('ec2:CreateVolume', VOLUME, R, 'EBSPermissions'),
    act('ec2:DescribeSnapshots', '*', R, 'EC2DescribePermissions'),
    act('ec2:DescribeVolumes', '*', R, 'EC2DescribePermissions'),
  ]),
  entry('restore-ec2', 'EC2', 'restore', [
    act('ec2:RunInstances', INSTANCE, R, 'EC2RunInstancesPermissions'),
    act('ec2:DescribeInstances', '*', R, 'EC2DescribePermissions'),
    act('ec2:DescribeImages', '*', R, 'EC2DescribePermissions'),
    act('ec2:DescribeSubnets', '*', R, 'EC2DescribePermissions'),
    act('ec2:DescribeSecurityGroups', '*', R, 'EC2DescribePermissions'),
    act('ec2:DescribeVpcs', '*', R, 'EC2DescribePermissions'),
    act('ec2:CreateTags', INSTANCE, R, 'EC2CreateTagsPermissions', { context: { 'ec2:CreateAction': 'RunInstances' } }),
  ]),
  entry('restore-rds', 'RDS', 'restore', [
    act('rds:RestoreDBInstanceFromDBSnapshot', `${RDS}:db:*`, R, 'RDSPermissions'),
    act('rds:DescribeDBInstances', '*', R, 'RDSPermissions'),
    act('rds:DescribeDBSnapshots', '*', R, 'RDSPermissions'),
    act('rds:AddTagsToResource', `${RDS}:db:*`, R, 'RDSPermissions'),
  ]),
  entry('restore-aurora', 'Aurora', 'restore', RDS_CLUSTER_RESTORE),
  entry('restore-documentdb', 'DocumentDB', 'restore', RDS_CLUSTER_RESTORE),
  entry('restore-neptune', 'Neptune', 'restore', RDS_CLUSTER_RESTORE),
  entry('restore-efs', 'EFS', 'restore', [
    act('elasticfilesystem:Restore', 'arn:{partition}:elasticfilesystem:{region}:{account}:file-system/*', R, 'EFSPermissions'),
    act('elasticfilesystem:CreateFilesystem', 'arn:{partition}:elasticfilesystem:{region}:{account}:file-system/*', R, 'EFSPermissions'),
    act('elasticfilesystem:DescribeFilesystems', 'arn:{partition}:elasticfilesystem:{region}:{account}:file-system/*', R, 'EFSPermissions'),
  ]),
  entry('restore-dynamodb', 'DynamoDB', 'restore', [
    act('dynamodb:DescribeTable', 'arn:{partition}:dynamodb:{region}:{account}:table/*', R, 'DynamoDBPermissions'),
    act('dynamodb:RestoreTableFromBackup', 'arn:{partition}:dynamodb:{region}:{account}:table/*/backup/*', R, 'DynamoDBBackupResourcePermissions', { when: 'dynamodb-standard' }),
    act('dynamodb:RestoreTableFromAwsBackup', 'arn:{partition}:dynamodb:{region}:{account}:table/*', R, 'DynamoDBRestorePermissions', { when: 'dynamodb-advanced' }),
  ]),
  entry('restore-s3', 'S3', 'restore', [
    act('s3:ListBucket', 'arn:{partition}:s3:::*', S3R, '#0'),
    act('s3:GetBucketVersioning', 'arn:{partition}:s3:::*', S3R, '#0'),
    act('s3:GetBucketLocation', 'arn:{partition}:s3:::*', S3R, '#0'),
    act('s3:PutObject', 'arn:{partition}:s3:::*/*', S3R, '#1'),
    act('s3:CreateBucket', 'arn:{partition}:s3:::*', S3R, '#0', { when: 's3-new-bucket' }),
  ]),
  entry('restore-fsx', 'FSx', 'restore', [
    act('fsx:CreateFileSystemFromBackup', `${FSX}:backup/*`, R, 'FsxPermissions'),
    act('fsx:DescribeBackups', `${FSX}:backup/*`, R, 'FsxBackupPermissions'),
    act('fsx:DescribeFileSystems', `${FSX}:file-system/*`, R, 'FsxTagPermissions'),
  ]),
  entry('restore-storage-gateway', 'Storage Gateway', 'restore', [
    act('storagegateway:DescribeGatewayInformation', 'arn:{partition}:storagegateway:{region}:{account}:gateway/*', R, 'StorageGatewayGatewayPermissions'),
    act('storagegateway:ListVolumes', 'arn:{partition}:storagegateway:{region}:{account}:gateway/*', R, 'StorageGatewayListPermissions'),
  ]),
  entry('restore-virtualmachine', 'VirtualMachine', 'restore', [
    act('backup-gateway:Restore', 'arn:{partition}:backup-gateway:{region}:{account}:hypervisor/*', R, 'GatewayRestorePermissions'),
  ]),
  entry('restore-cloudformation', 'CloudFormation', 'restore', [
    act('cloudformation:CreateChangeSet', 'arn:{partition}:cloudformation:{region}:{account}:stack/*/*', R, 'CloudformationChangeSetPermissions'),
    act('cloudformation:DescribeChangeSet', 'arn:{partition}:cloudformation:{region}:{account}:stack/*/*', R, 'CloudformationChangeSetPermissions'),
  ]),
  entry('restore-redshift', 'Redshift', 'restore', [
    act('redshift:RestoreFromClusterSnapshot', 'arn:{partition}:redshift:{region}:{account}:snapshot:*/*', R, 'RedshiftClusterSnapshotPermissions'),
    act('redshift:DescribeClusters', 'arn:{partition}:redshift:{region}:{account}:cluster:*', R, 'RedshiftClusterPermissions'),
  ]),
  entry('restore-timestream', 'Timestream', 'restore', [
    act('timestream:StartAwsRestoreJob', 'arn:{partition}:timestream:{region}:{account}:database/*', R, 'TimestreamResourcePermissions'),
    act('timestream:GetAwsRestoreStatus', 'arn:{partition}:timestream:{region}:{account}:database/*', R, 'TimestreamResourcePermissions'),
    act('timestream:DescribeEndpoints', '*', R, 'TimestreamEndpointPermissions'),
  ]),
];

/**
 * The profile for a resource type (as AWS Backup names it in events) and job type; undefined for a combination
 * no profile covers, so that the caller reports inconclusive rather than guess.
 */
export function requiredActions(resourceType: string, jobType: JobType): ProfileEntry | undefined {
  const wanted = resourceType.trim().toLowerCase();
  return BACKUP_ROLE_PROFILES.find((p) => p.jobType === jobType && p.resourceType.toLowerCase() === wanted);
}
