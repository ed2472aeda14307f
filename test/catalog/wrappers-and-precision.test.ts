import { describe, expect, it } from 'vitest';
import { classify, unwrap } from '../../lambdas/catalog/index.ts';

// Real texts. Sources: aws-cloudformation/cloudformation-coverage-roadmap#1188 (event cut short after the
// request token, as quoted), elastic/cloudbeat#1749, pbudzon/aws-maintenance#13,
// ministryofjustice/modernisation-platform#11307, ministryofjustice/modernisation-platform-terraform-baselines#90,
// widdix/aws-cf-templates#633, aws-amplify/amplify-backend#2258, IAM troubleshoot_access-denied.html,
// backup-dashboards.html, troubleshooting.html.
const CFN_EVENT =
  '2022-05-26 19:16:03 +0000 Vault AWS::Backup::BackupVault CREATE_FAILED Resource handler returned message: "Please select from the following list of notifications BACKUP_JOB_STARTED, BACKUP_JOB_COMPLETED, RESTORE_JOB_STARTED, RESTORE_JOB_COMPLETED, COPY_JOB_STARTED, COPY_JOB_SUCCESSFUL, COPY_JOB_FAILED, RECOVERY_POINT_MODIFIED, S3_BACKUP_OBJECT_FAILED, S3_RESTORE_OBJECT_FAILED (Service: Backup, Status Code: 400, Request ID: 5904aeaa-baf8-4324-9110-b8c266ea9f58, Extended Request ID: null)" (RequestToken: a11b89cb-287b-6f77-93fe-3f7a60744ffa';
const SDK_KMS =
  'operation error KMS: GetKeyRotationStatus, https response error StatusCode: 400, RequestID: d35391f4-77ba-45e3-a5e7-8ea67a01097d, api error AccessDeniedException: User: arn:aws:iam::704479110758:user/gh_ci_restricted is not authorized to perform: kms:GetKeyRotationStatus on resource: arn:aws:kms:eu-west-1:704479110758:key/e8d9a14d-b46e-4923-9315-a7ffc7b7ba90 because no resource-based policy allows the kms:GetKeyRotationStatus action';
const BOTO_RDS =
  'An error occurred (KMSKeyNotAccessibleFault) when calling the CopyDBSnapshot operation: The source snapshot KMS key does not exist, is not enabled or you do not have permissions to access it';
const JAVA_EC2 =
  'The snapshot snap-xxx is currently in use by ami-xxx (Service: AmazonEC2; Status Code: 400; Error Code: InvalidSnapshot.InUse; Request ID: xxx; Proxy: null)';
const TF_SELECTION =
  "Error: error creating Backup Selection: InvalidParameterValueException: Invalid backup selection. Either 'ListOfTags' or 'Resources' section must be non-empty.";
const NO_IDENTITY_POLICY =
  'User: arn:aws:sts::XXXXXXXXXXXX:assumed-role/XXXXXXX-com-DynamoDB-BackupRole-XXXXXXXXXXXXX/AWSBackup-XXXXXXX-com-DynamoDB-BackupRole-XXXXXXXXXXXXX is not authorized to perform: dynamodb:ListTagsOfResource on resource: arn:aws:dynamodb:us-west-1:XXXXXXXXXXXX:table/cache because no identity-based policy allows the dynamodb:ListTagsOfResource action';
const CDK_STACK =
  'Error: Stack <stack> failed: ValidationError: User: <user-arn> is not authorized to perform: ssm:GetParameters on resource: <resource-arn> because no identity-based policy allows the ssm:GetParameters action';
const SCP_DENY =
  'User: arn:aws:iam::777788889999:user/John is not authorized to perform: codecommit:ListRepositories with an explicit deny in a service control policy';
const BOUNDARY_DENY =
  'User: arn:aws:iam::777788889999:user/John is not authorized to perform: sagemaker:ListModels with an explicit deny in a permissions boundary';
const TRUST_DENY =
  'User: arn:aws:iam::123456789012:user/John is not authorized to perform: sts:AssumeRole because no role trust policy allows the sts:AssumeRole action';
const KMS_STATE_OR_DENIED = 'KMS key is either disabled or pending deletion or access to KMS key is denied';

describe('unwrap', () => {
  it('extracts the handler message of a CloudFormation event, even when the event is cut short', () => {
    const result = unwrap(CFN_EVENT);

    expect(result.wrappers).toContain('cloudformation');
    expect(result.candidates).toContain(
      'Please select from the following list of notifications BACKUP_JOB_STARTED, BACKUP_JOB_COMPLETED, RESTORE_JOB_STARTED, RESTORE_JOB_COMPLETED, COPY_JOB_STARTED, COPY_JOB_SUCCESSFUL, COPY_JOB_FAILED, RECOVERY_POINT_MODIFIED, S3_BACKUP_OBJECT_FAILED, S3_RESTORE_OBJECT_FAILED',
    );
  });

  it('extracts the message after "api error <Code>:" of an SDK error chain', () => {
    const result = unwrap(SDK_KMS);

    expect(result.wrappers).toContain('sdk');
    expect(result.candidates[0]).toMatch(/^User: arn:aws:iam::704479110758:user\/gh_ci_restricted is not authorized/);
  });

  it('extracts the message of a boto3 "An error occurred (<Code>)" line', () => {
    const result = unwrap(BOTO_RDS);

    expect(result.candidates).toContain(
      'The source snapshot KMS key does not exist, is not enabled or you do not have permissions to access it',
    );
  });

  it('offers the message without the Java SDK "(Service: ...)" suffix', () => {
    expect(unwrap(JAVA_EC2).candidates).toContain('The snapshot snap-xxx is currently in use by ami-xxx');
  });

  it('peels a Terraform "Error:" line down to the AWS message', () => {
    const result = classify({ text: TF_SELECTION });

    expect(unwrap(TF_SELECTION).wrappers).toContain('terraform');
    expect(result.ruleId).toBe('backup-selection-empty');
  });

  it('peels JSON-escaped quotes around a CloudFormation handler message', () => {
    const escaped = JSON.stringify(CFN_EVENT).slice(1, -1);

    expect(unwrap(escaped).wrappers).toContain('cloudformation');
  });
});

describe('classify precision on access denied messages', () => {
  it('reads an explicit deny in a service control policy as a permission problem, not a trust problem', () => {
    const result = classify({ text: SCP_DENY });

    expect(result.category).toBe('iam-permission');
    expect(result.ruleId).toBe('iam-denied-by-guardrail-policy');
  });

  it('reads an explicit deny in a permissions boundary as a permission problem', () => {
    expect(classify({ text: BOUNDARY_DENY }).category).toBe('iam-permission');
  });

  it('reads a role trust policy that does not allow sts:AssumeRole as a trust problem', () => {
    expect(classify({ text: TRUST_DENY }).category).toBe('iam-trust');
  });

  it('sends a kms:* denial inside an SDK chain to the key policy', () => {
    const result = classify({ text: SDK_KMS, source: 'backup' });

    expect(result.category).toBe('kms-key-policy');
    expect(result.suspects).toContain('kms-key-policy-role');
  });

  it('keeps a missing identity-based allow for a non-KMS action an IAM permission problem', () => {
    expect(classify({ text: NO_IDENTITY_POLICY }).category).toBe('iam-permission');
    expect(classify({ text: CDK_STACK }).category).toBe('iam-permission');
  });

  it('keeps the documented KMS state-or-access message on the key state', () => {
    expect(classify({ text: KMS_STATE_OR_DENIED }).category).toBe('kms-key-state');
  });

  it('keeps the RDS source snapshot key message on the key policy', () => {
    expect(classify({ text: BOTO_RDS }).category).toBe('kms-key-policy');
  });

  it('reads the EC2 code inside a Java SDK suffix', () => {
    expect(classify({ text: JAVA_EC2 }).category).toBe('resource-state');
  });
});
