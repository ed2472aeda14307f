/**
 * The public pages the catalog's samples are quoted from. One constant per page, so that a moved page is
 * fixed in one place.
 */

/** AWS Backup: console jobs dashboard, "Reasons for problematic jobs". */
export const DASHBOARDS = 'https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-dashboards.html';
/** AWS Backup: EventBridge event examples. */
export const EVENTBRIDGE = 'https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html';
/** AWS Backup: troubleshooting. */
export const TROUBLESHOOTING = 'https://docs.aws.amazon.com/aws-backup/latest/devguide/troubleshooting.html';
/** AWS Backup: troubleshoot VM issues. */
export const VM_TROUBLESHOOTING = 'https://docs.aws.amazon.com/aws-backup/latest/devguide/vm-troubleshooting.html';
/** AWS Backup: logically air-gapped vault as a primary backup target (troubleshooting section). */
export const LAG_VAULT = 'https://docs.aws.amazon.com/aws-backup/latest/devguide/lag-vault-primary-backup.html';
/** AWS Backup: SNS notification examples. */
export const NOTIFICATIONS = 'https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-notifications.html';
/** AWS re:Post knowledge center: why is my cross-account copy failing. */
export const KC_CROSS_ACCOUNT = 'https://repost.aws/knowledge-center/backup-troubleshoot-cross-account-copy';
/** AWS re:Post knowledge center: "Given key ID not accessible" on cross-account copy. */
export const KC_KEY_NOT_ACCESSIBLE = 'https://repost.aws/knowledge-center/backup-cross-account-copy-error';
/** AWS re:Post knowledge center: encoded authorization failure on EC2 restore. */
export const KC_ENCODED_AUTH = 'https://repost.aws/knowledge-center/aws-backup-encoded-authorization-failure';
/** AWS re:Post knowledge center: "Insufficient privileges to perform this action" on EFS restore. */
export const KC_EFS_PRIVILEGES = 'https://repost.aws/knowledge-center/backup-insufficient-privileges-efs';
/** ECS: status reasons for EBS volume attachment to tasks. */
export const ECS_EBS_STATUS = 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/troubleshoot-ebs-volumes-scenarios.html';
/** EBS: EventBridge events for Amazon EBS (EBS Volume Notification). */
export const EBS_EVENTS = 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ebs-cloud-watch-events.html';
/** EC2 API error codes. */
export const EC2_ERRORS = 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html';
/** EC2 DetachVolume API reference. */
export const EC2_DETACH_VOLUME = 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DetachVolume.html';
/** tecRacer blog: cross-account / cross-region backups with AWS Backup in AWS Organizations. */
export const TECRACER_ORG_BACKUP =
  'https://www.tecracer.com/blog/2024/04/automating-cross-account-/-cross-region-backups-with-aws-backup-in-aws-organizations.html';
/** Real report: cross-account copy jobs failing on the default CMK. */
export const GH_BACKUP_AUTOMATION_2 = 'https://github.com/aws-samples/aws-backup-automation/issues/2';
/** Real report: S3 backups failing with access denied. */
export const GH_MOJ_6152 = 'https://github.com/ministryofjustice/modernisation-platform/issues/6152';
/** Real report: S3 recovery points EXPIRED (versioning, archived objects). */
export const GH_MOJ_11307 = 'https://github.com/ministryofjustice/modernisation-platform/issues/11307';
/** Real report: DynamoDB backups failing for ListTagsOfResource (SNS text with the status message). */
export const GH_WIDDIX_633 = 'https://github.com/widdix/aws-cf-templates/pull/633';
/** Terraform AWS provider: CreateBackupSelection retries while the role cannot be assumed yet. */
export const TF_BACKUP_SELECTION =
  'https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/backup/selection.go';
/** Terraform AWS provider: ECS acceptance tests skip the VolumeTypeNotAvailableInZone error. */
export const TF_ECS_TESTS = 'https://github.com/hashicorp/terraform-provider-aws/tree/main/internal/service/ecs';
/** Real report: AttachVolume CustomerKeyHasBeenRevoked. */
export const GH_KUBE_AWS_393 = 'https://github.com/kubernetes-retired/kube-aws/issues/393';
/** Real report: instance state reason Client.InvalidKMSKey.InvalidState. */
export const GH_RUNNERS_3546 = 'https://github.com/github-aws-runners/terraform-aws-github-runner/issues/3546';
/** Real report: ECS CreateService volume configuration mismatch. */
export const GH_CDKD_806 = 'https://github.com/go-to-k/cdkd/issues/806';
/** Stratus Red Team: anonymised CloudTrail records of an EC2 RunInstances UnauthorizedOperation. */
export const STRATUS_EC2_LAUNCH =
  'https://github.com/DataDog/stratus-red-team/blob/main/docs/attack-techniques/AWS/aws.execution.ec2-launch-unusual-instances.md';
/** Real report: RDS CopyDBSnapshot KMSKeyNotAccessibleFault. */
export const GH_AWS_MAINTENANCE_13 = 'https://github.com/pbudzon/aws-maintenance/issues/13';
/** IAM: access denied error message formats (implicit and explicit denies by policy type). */
export const IAM_ACCESS_DENIED = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html';
/** KMS API reference: Decrypt errors (DisabledException, KMSInvalidStateException...). */
export const KMS_DECRYPT_ERRORS = 'https://docs.aws.amazon.com/kms/latest/APIReference/API_Decrypt.html';
/** Amazon S3 error responses: KMS.DisabledException and the other KMS codes S3 passes through. */
export const S3_ERROR_RESPONSES = 'https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html';
/** Terraform AWS provider: KMS key deletion code quoting a real KMSInvalidStateException. */
export const TF_KMS_KEY = 'https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/kms/key.go';
/** Terraform AWS provider: external KMS key code quoting a real "is pending import" KMSInvalidStateException. */
export const TF_KMS_EXTERNAL_KEY = 'https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/kms/external_key.go';
/** Real report: SDK-wrapped KMS AccessDeniedException for a key with no resource-based policy allowing the action. */
export const GH_CLOUDBEAT_1749 = 'https://github.com/elastic/cloudbeat/issues/1749';
/** Real report: a CDK deploy failing on "no identity-based policy allows" (Terraform-like "Error:" wrapper). */
export const GH_AMPLIFY_BACKEND_2258 = 'https://github.com/aws-amplify/amplify-backend/pull/2258';
/** Real report: CreateBackupSelection rejected for an empty selection. */
export const GH_MOJ_BASELINES_90 = 'https://github.com/ministryofjustice/modernisation-platform-terraform-baselines/pull/90';
/** Real report: CreateBackupSelection rejected for an empty selection (SDK message field). */
export const GH_MOJ_BASELINES_293 = 'https://github.com/ministryofjustice/modernisation-platform-terraform-baselines/pull/293';
/** Real report: CloudFormation "Resource handler returned message" for AWS::Backup::BackupVault. */
export const GH_CFN_ROADMAP_1188 = 'https://github.com/aws-cloudformation/cloudformation-coverage-roadmap/issues/1188';
/** Real report: a backup plan rule rejected with "Invalid lifecycle. MoveToColdStorageAfterDays is unavailable". */
export const GH_LGALLARD_BACKUP_40 = 'https://github.com/lgallard/terraform-aws-backup/issues/40';
/** Real report: "Invalid lifecycle. EBS Cold Tier is not yet supported." in AWS GovCloud (US). */
export const TF_ISSUE_35512 = 'https://github.com/hashicorp/terraform-provider-aws/issues/35512';
/** Real report: the same GovCloud lifecycle rejection, worded for several rules. */
export const TF_PR_34994 = 'https://github.com/hashicorp/terraform-provider-aws/pull/34994';
/** Real report: "Invalid lifecycle. DeleteAfterDays cannot be less than 1 or more than 36500 days". */
export const TF_ISSUE_24960 = 'https://github.com/hashicorp/terraform-provider-aws/issues/24960';
/** Real report: "Invalid lifecycle. DeleteAfterDays cannot be less than 90 days apart from MoveToColdStorageAfterDays". */
export const TF_PR_7350 = 'https://github.com/hashicorp/terraform-provider-aws/pull/7350';
/** Real report: RDS CopyDBSnapshot KMSKeyNotAccessibleFault naming the target key. */
export const GH_RDS_SNAPSHOT_TOOL_70 = 'https://github.com/awslabs/rds-snapshot-tool/issues/70';
/** Real report: Aurora CopyDBClusterSnapshot KMSKeyNotAccessibleFault for a "Specified KMS key [None]". */
export const GH_AURORA_SNAPSHOT_TOOL_25 = 'https://github.com/awslabs/aurora-snapshot-tool/issues/25';
/** Real report: Aurora CopyDBClusterSnapshot KMSKeyNotAccessibleFault naming the source key ARN. */
export const GH_AURORA_SNAPSHOT_TOOL_29 = 'https://github.com/awslabs/aurora-snapshot-tool/issues/29';
/** Real report: CloudTrail ProcessBackupPlanSelection error "The provided role ... cannot be assumed by AWS Backup." */
export const GH_LZA_194 = 'https://github.com/awslabs/landing-zone-accelerator-on-aws/issues/194';
/** Real report: EC2 restore refused with the encoded "not authorized" message (instance profile PassRole). */
export const GH_LGALLARD_BACKUP_15 = 'https://github.com/lgallard/terraform-aws-backup/issues/15';
/** Blog post: the EC2 restore error with its encoded authorization failure message, decoded to iam:PassRole. */
export const ZATOIMA_EC2_RESTORE = 'https://zatoima.github.io/en/aws-backup-ec2-restore-error';
/** Real report: StartRestoreJob denied by "no identity-based policy allows the backup:StartRestoreJob action". */
export const GH_MOJ_4798 = 'https://github.com/ministryofjustice/modernisation-platform/pull/4798';
/** Real report: EC2 RunInstances InsufficientInstanceCapacity (boto3 form with retries). */
export const GH_SKYPLANE_299 = 'https://github.com/skyplane-project/skyplane/issues/299';
/** Real report: EC2 InsufficientInstanceCapacity printed by Terraform ("Error: creating EC2 Instance: ..."). */
export const GH_OCS_CI_9263 = 'https://github.com/red-hat-storage/ocs-ci/issues/9263';
