import { describe, expect, it } from 'vitest';
import type { FailureEvent } from '../../lambdas/model/types.ts';
import { UNKNOWN, classify, classifyEvent, unwrap } from '../../lambdas/catalog/index.ts';

// Real texts; sources are on the catalog samples (eventbridge.html, backup-notifications.html,
// widdix/aws-cf-templates#633, troubleshoot-ebs-volumes-scenarios.html, ebs-cloud-watch-events.html).
const VAULT_MISSING =
  '"Backup job failed because backup vault arn:aws:backup:us-west-2:1112233445566:backup-vault:9ab3e749-82c6-4342-9320-5edbf4918b86 does not exist."';
const SNS_FAILED = 'An AWS Backup job failed. Resource ARN : arn:aws:ec2:us-west-1:123456789012:volume/vol-012f345df6789012e. BackupJob ID : 1b2345b2-f22c-4dab-5eb6-bbc7890ed123';
const SNS_EXPIRED =
  'An AWS Backup job failed to complete in time. Resource ARN : arn:aws:ec2:us-west-1:123456789012:volume/vol-012f345df6789012e. BackupJob ID : 1b2345b2-f22c-4dab-5eb6-bbc7890ed123';
const SNS_WITH_STATUS =
  'An AWS Backup job failed. Resource ARN : arn:aws:dynamodb:us-west-1:XXXXXXXXXXXX:table/cache. BackupJob ID : XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX Status Message : User: arn:aws:sts::XXXXXXXXXXXX:assumed-role/XXXXXXX-com-DynamoDB-BackupRole-XXXXXXXXXXXXX/AWSBackup-XXXXXXX-com-DynamoDB-BackupRole-XXXXXXXXXXXXX is not authorized to perform: dynamodb:ListTagsOfResource on resource: arn:aws:dynamodb:us-west-1:XXXXXXXXXXXX:table/cache because no identity-based policy allows the dynamodb:ListTagsOfResource action';
const RETENTION = 'Copy job failed. The retention specified in the job is not within the range specified for the target Backup Vault.';
const ECS_TIMEOUT = 'ECS timed out while configuring the EBS volume attachment to your Task';
const KMS_DISABLED = 'arn:aws:kms:sa-east-1:0123456789ab:key/01234567-0123-0123-0123-0123456789ab is disabled.';
const STOPPED = '"Backup job was stopped by user."';

function event(partial: Partial<FailureEvent>): FailureEvent {
  return { kind: 'backup-job', origin: 'eventbridge', id: 'job-1', state: 'FAILED', raw: {}, ...partial };
}

describe('classify', () => {
  it('returns unknown with confidence 0 for text no rule knows', () => {
    const result = classify({ text: 'The quick brown fox jumps over the lazy dog.' });

    expect(result).toEqual(UNKNOWN);
  });

  it('returns unknown for an empty text without a state', () => {
    expect(classify({ text: '' })).toEqual(UNKNOWN);
  });

  it('unwraps literal surrounding quotes', () => {
    const result = classify({ text: VAULT_MISSING });

    expect(result.ruleId).toBe('backup-vault-does-not-exist');
    expect(result.suspects).toContain('backup-vault-missing');
    expect(result.hint).toEqual({ key: 'catalog.backup-vault-does-not-exist.hint' });
  });

  it('unwraps JSON-escaped quotes', () => {
    const escaped = JSON.stringify(VAULT_MISSING).slice(1, -1);

    expect(classify({ text: escaped }).category).toBe('resource-not-found');
  });

  it('classifies the status message inside an SNS wrapper', () => {
    const result = classify({ text: SNS_WITH_STATUS });

    expect(result.category).toBe('iam-permission');
    expect(unwrap(SNS_WITH_STATUS).wrappers).toContain('sns');
  });

  it('reads an SNS "failed to complete in time" text as completion-window', () => {
    expect(classify({ text: SNS_EXPIRED }).category).toBe('completion-window');
  });

  it('leaves an SNS "job failed" text without a status message unknown', () => {
    expect(classify({ text: SNS_FAILED }).category).toBe('unknown');
  });

  it('unwraps a Terraform-style "Error: ...: <message>" line', () => {
    const result = classify({ text: `Error: creating copy job: ${RETENTION}` });

    expect(result.category).toBe('vault-lock-range');
    expect(unwrap(`Error: creating copy job: ${RETENTION}`).wrappers).toContain('terraform');
  });

  it('categorises the EC2 code inside the ECS wrapper from the code table', () => {
    const result = classify({ text: "Encountered 'VolumeTypeNotAvailableInZone' error from AmazonEC2", source: 'ecs' });

    expect(result.category).toBe('invalid-configuration');
  });

  it('reads the ECS attachment timeout as a filesystem format problem', () => {
    const result = classify({ text: ECS_TIMEOUT, source: 'ecs' });

    expect(result.category).toBe('filesystem-format');
    expect(result.suspects[0]).toBe('ecs-filesystem-type');
  });

  it('skips a rule limited to another source', () => {
    const text =
      'ECS failed to set up the EBS volume. Encountered IdempotentParameterMismatch"; "The client token you have provided is associated with a resource that is already deleted. Please use a different client token."';

    expect(classify({ text, source: 'ecs' }).category).toBe('kms-key-policy');
    expect(classify({ text, source: 'backup' }).category).toBe('unknown');
  });

  it('prefers the more specific, more confident rule', () => {
    const result = classify({ text: 'AMI snapshot copy failed with error: Given key ID is not accessible. You must have DescribeKey permissions on the default CMK' });

    expect(result.ruleId).toBe('copy-ami-snapshot-key-not-accessible');
  });

  it('classifies 10k messages with precompiled patterns', () => {
    const texts = [VAULT_MISSING, SNS_WITH_STATUS, RETENTION, ECS_TIMEOUT, KMS_DISABLED, 'no rule knows this'];

    const results = Array.from({ length: 10_000 }, (_, i) => classify({ text: texts[i % texts.length] ?? '' }));

    expect(results).toHaveLength(10_000);
    expect(results[4]?.category).toBe('kms-key-state');
  });
});

describe('classifyEvent', () => {
  it('uses the status message of a backup job', () => {
    expect(classifyEvent(event({ statusMessage: RETENTION, kind: 'copy-job' })).category).toBe(
      'vault-lock-range',
    );
  });

  it('falls back to completion-window with lower confidence for an EXPIRED job without a message', () => {
    const result = classifyEvent(event({ state: 'EXPIRED' }));

    expect(result.category).toBe('completion-window');
    expect(result.ruleId).toBe('backup-expired-without-message');
    expect(result.confidence).toBeLessThan(0.8);
  });

  it('reads "stopped by user" on an ABORTED job as user-action', () => {
    expect(classifyEvent(event({ state: 'ABORTED', statusMessage: STOPPED })).category).toBe('user-action');
  });

  it('uses the ECS attachment status reason', () => {
    const result = classifyEvent(
      event({
        kind: 'ecs-volume-attachment',
        state: 'STOPPED',
        ecs: { taskArn: 'arn:aws:ecs:us-east-1:111122223333:task/c/t', attachment: { statusReason: ECS_TIMEOUT } },
      }),
    );

    expect(result.category).toBe('filesystem-format');
  });

  it('uses the EBS notification cause', () => {
    const result = classifyEvent(
      event({ kind: 'ebs-volume-notification', state: 'failed', ebs: { event: 'createVolume', result: 'failed', cause: KMS_DISABLED } }),
    );

    expect(result.category).toBe('kms-key-state');
  });

  it('returns unknown for a FAILED job without a message', () => {
    expect(classifyEvent(event({}))).toEqual(UNKNOWN);
  });
});
