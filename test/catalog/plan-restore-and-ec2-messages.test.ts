import { describe, expect, it } from 'vitest';
import { classify } from '../../lambdas/catalog/index.ts';

// Real texts, quoted as published. Sources: lgallard/terraform-aws-backup#40 and #15,
// hashicorp/terraform-provider-aws#35512, #24960 and pull #7350, awslabs/rds-snapshot-tool#70,
// awslabs/aurora-snapshot-tool#25 and #29, awslabs/landing-zone-accelerator-on-aws#194,
// ministryofjustice/modernisation-platform pull #4798, zatoima.github.io (aws-backup-ec2-restore-error),
// skyplane-project/skyplane#299, red-hat-storage/ocs-ci#9263, legion-platform/legion#70.
const LIFECYCLE_COLD_UNAVAILABLE =
  'Error: error creating Backup Plan: InvalidParameterValueException: Error in rule Yearly-Backups : Invalid lifecycle. MoveToColdStorageAfterDays is unavailable';
const LIFECYCLE_EBS_COLD_TIER = 'Error: creating Backup Plan: InvalidParameterValueException: Invalid lifecycle. EBS Cold Tier is not yet supported.';
const LIFECYCLE_RANGE = 'Invalid lifecycle. DeleteAfterDays cannot be less than 1 or more than 36500 days';
const LIFECYCLE_90_DAYS =
  'Error in rule backup-plan-rule : Invalid lifecycle. DeleteAfterDays cannot be less than 90 days apart from MoveToColdStorageAfterDays';
const RDS_TARGET_KEY =
  'An error occurred (KMSKeyNotAccessibleFault) when calling the CopyDBSnapshot operation: The target KMS key [None] does not exist, is not enabled or you do not have permissions to access it.';
const AURORA_SPECIFIED_KEY =
  'An error occurred (KMSKeyNotAccessibleFault) when calling the CopyDBClusterSnapshot operation: Specified KMS key [None] does not exist, is not enabled or you do not have permissions to access it.';
const AURORA_SOURCE_KEY_ARN =
  'An error occurred (KMSKeyNotAccessibleFault) when calling the CopyDBClusterSnapshot operation: The source snapshot KMS key [arn:aws:kms:eu-west-1:accountnumber:key/keynumber] does not exist, is not enabled or you do not have permissions to access it.';
const ROLE_NOT_ASSUMABLE = 'The provided role arn:aws:iam::XXXXXXXXXXX:role/Backup-Role cannot be assumed by AWS Backup.';
const RESTORE_ENCODED =
  'You are not authorized to perform this operation. Please consult the permissions associated with your AWS Backup role(s), and refer to the AWS Backup documentation for more details. Encoded authorization failure message: <omitted>';
const START_RESTORE_DENIED =
  'An error occurred (AccessDeniedException) when calling the StartRestoreJob operation: User:xxxx is not authorized to perform: backup:StartRestoreJob on resource: arn:aws:backup:eu-west-2:326912278139:recovery-point:ef633021-fdd3-4db6-b986-2beb406e1aad because no identity-based policy allows the backup:StartRestoreJob action';
const BOTO_CAPACITY =
  'An error occurred (InsufficientInstanceCapacity) when calling the RunInstances operation (reached max retries: 4): We currently do not have sufficient m5.8xlarge capacity in the Availability Zone you requested (us-west-1a). Our system will be working on provisioning additional capacity. You can currently get m5.8xlarge capacity by not specifying an Availability Zone in your request or choosing us-west-1b.';
const TF_CAPACITY =
  'Error: creating EC2 Instance: InsufficientInstanceCapacity: We currently do not have sufficient m6i.xlarge capacity in the Availability Zone you requested (us-east-2a). Our system will be working on provisioning additional capacity. You can currently get m6i.xlarge capacity by not specifying an Availability Zone in your request or choosing us-east-2b, us-east-2c.';
const QUOTED_INCORRECT_STATE =
  'Error attaching EBS volume "vol-XXXXX" to instance "i-YYYY": "IncorrectState: vol-XXXXXis not \'available\'.\\n\\tstatus code: 400, request id: ZZZZ"';

describe('backup plan lifecycle rejections', () => {
  it.each([LIFECYCLE_COLD_UNAVAILABLE, LIFECYCLE_EBS_COLD_TIER, LIFECYCLE_RANGE, LIFECYCLE_90_DAYS])(
    'classifies "%s" as an invalid configuration',
    (text) => {
      const result = classify({ text, source: 'backup' });

      expect(result.category).toBe('invalid-configuration');
      expect(result.ruleId).toBe('backup-plan-invalid-lifecycle');
    },
  );

  it('leaves the vault lock lifecycle message to the vault lock rule', () => {
    const result = classify({ text: 'Backup job failed because the lifecycle is outside the valid range for backup vault.' });

    expect(result.category).toBe('vault-lock-range');
  });
});

describe('RDS and Aurora snapshot keys', () => {
  it.each([RDS_TARGET_KEY, AURORA_SPECIFIED_KEY, AURORA_SOURCE_KEY_ARN])('reads "%s" as a key policy problem', (text) => {
    const result = classify({ text, source: 'backup', jobType: 'copy' });

    expect(result.category).toBe('kms-key-policy');
    expect(result.ruleId).toBe('kms-source-snapshot-key-not-accessible');
    expect(result.suspects).toContain('kms-key-policy-role');
  });
});

describe('role and restore permission messages from other reports', () => {
  it('reads the CloudTrail "provided role cannot be assumed" text as a trust problem', () => {
    expect(classify({ text: ROLE_NOT_ASSUMABLE }).category).toBe('iam-trust');
  });

  it('reads the encoded restore denial with its trailing message as a PassRole problem', () => {
    const result = classify({ text: RESTORE_ENCODED, source: 'backup', jobType: 'restore' });

    expect(result.ruleId).toBe('restore-not-authorized-encoded');
    expect(result.suspects).toContain('iam-passrole-restore');
  });

  it('reads a boto3 StartRestoreJob denial as a missing permission', () => {
    expect(classify({ text: START_RESTORE_DENIED }).category).toBe('iam-permission');
  });
});

describe('EC2 codes passed through by restores and attachments', () => {
  it('reads a boto3 InsufficientInstanceCapacity with retries as a capacity limit', () => {
    const result = classify({ text: BOTO_CAPACITY });

    expect(result.category).toBe('quota');
    expect(result.ruleId).toBe('ec2-insufficient-instance-capacity');
  });

  it('finds the EC2 code after a Terraform "creating ...:" prefix', () => {
    const result = classify({ text: TF_CAPACITY });

    expect(result.ruleId).toBe('ec2-insufficient-instance-capacity');
  });

  it('finds a quoted EC2 code after a colon', () => {
    const result = classify({ text: QUOTED_INCORRECT_STATE, source: 'ebs' });

    expect(result.ruleId).toBe('ec2-incorrect-state');
    expect(result.category).toBe('resource-state');
  });

  it('ignores exception names that are not EC2 codes after a colon', () => {
    const result = classify({ text: "Error: error creating Backup Selection: InvalidParameterValueException: Invalid backup selection. Either 'ListOfTags' or 'Resources' section must be non-empty." });

    expect(result.ruleId).toBe('backup-selection-empty');
  });
});
