/**
 * Real events cloned and altered: missing fields, wrong types, `{}` where ARNs belong, numbers as strings,
 * quoting variants and unknown fields. Tolerable damage parses; a missing identity or state is an error.
 */
import { describe, expect, it } from 'vitest';
import { parseInput } from '../../lambdas/events/index.ts';
import { altered, errorOf, fixture, single } from './fixtures.ts';

const FAILED = 'backup-job-failed.json';
const TASK = 'arn:aws:ecs:us-west-2:123456789012:task/default/7f1fbd3629434cc4b82d72d2f09b67c9';
const ECS_FAILED = 'ecs-task-state-change-ebs-failed-assume-role.synthetic.json';

function ebsDetails(event: { detail: { attachments: { type: string; details: { name: string; value: unknown }[] }[] } }) {
  const attachment = event.detail.attachments.find((a) => a.type === 'AmazonElasticBlockStorage');
  if (attachment === undefined) throw new Error('fixture has no EBS attachment');
  return attachment.details;
}

describe('parseInput on altered AWS Backup events', () => {
  it.each([
    ['"quoted"', 'quoted'],
    ['"keeps "inner" quotes"', 'keeps "inner" quotes'],
    ['""double""', '"double"'],
    ['"only leading', '"only leading'],
    ['plain', 'plain'],
  ])('unquotes statusMessage %s to %s', (raw, expected) => {
    // Prepare
    const input = altered(FAILED, (e) => {
      e.detail.statusMessage = raw;
    });

    // Act
    const event = single(parseInput(input));

    // Assess
    expect(event.statusMessage).toBe(expected);
  });

  it.each([['""'], ['   '], [''], [{}], [42], [null]])('drops the empty or non-text statusMessage %j', (value) => {
    const input = altered(FAILED, (e) => {
      e.detail.statusMessage = value;
    });

    expect(single(parseInput(input))).not.toHaveProperty('statusMessage');
  });

  it.each([
    ['"0"', '0', 0],
    ['"22548578304"', '22548578304', 22548578304],
    ['a number', 1234, 1234],
    ['"99.5"', '99.5', 99.5],
    ['" 12 "', ' 12 ', 12],
  ])('reads bytesTransferred from %s', (_label, value, expected) => {
    const input = altered(FAILED, (e) => {
      e.detail.bytesTransferred = value;
    });

    expect(single(parseInput(input)).bytesTransferred).toBe(expected);
  });

  it.each([['abc'], [''], [{}], [[1]], [true], ['1e999'], ['0x10']])('drops the non-numeric bytesTransferred %j', (value) => {
    const input = altered(FAILED, (e) => {
      e.detail.bytesTransferred = value;
    });

    expect(single(parseInput(input))).not.toHaveProperty('bytesTransferred');
  });

  it('treats objects, numbers and non-ARN strings in ARN fields as absent', () => {
    const input = altered(FAILED, (e) => {
      e.detail.iamRoleArn = {};
      e.detail.backupVaultArn = 12;
      e.detail.resourceArn = 'resource-id';
    });

    const event = single(parseInput(input));

    expect(event).not.toHaveProperty('roleArn');
    expect(event).not.toHaveProperty('vaultArn');
    expect(event).not.toHaveProperty('resourceArn');
    expect(event.vaultName).toBe('9ab3e749-82c6-4342-9320-5edbf4918b86');
  });

  it('derives the vault name from the vault ARN when backupVaultName is missing', () => {
    const input = altered('backup-job-expired.json', (e) => {
      delete e.detail.backupVaultName;
    });

    expect(single(parseInput(input)).vaultName).toBe('aws/backup/AutomatedBackupVaultDel2');
  });

  it('ignores unknown fields', () => {
    const original = single(parseInput(fixture(FAILED)));
    const input = altered(FAILED, (e) => {
      e['x-forwarded'] = { by: 'org-bus' };
      e.detail.newField = [1, 2, 3];
      e.detail.createdBy = { backupPlanId: 'plan-1', somethingNew: true };
    });

    const { raw: _a, plan, ...rest } = single(parseInput(input));

    const { raw: _b, ...expected } = original;
    expect(rest).toEqual(expected);
    expect(plan).toEqual({ planId: 'plan-1' });
  });

  it('leaves out plan for a createdBy without plan fields', () => {
    const input = altered(FAILED, (e) => {
      e.detail.createdBy = { backupPlanId: {}, unknown: 'x' };
    });

    expect(single(parseInput(input))).not.toHaveProperty('plan');
  });

  it('keeps the 13-digit account of the AWS docs as given', () => {
    expect(single(parseInput(fixture(FAILED))).account).toBe('1112233445566');
  });

  it.each([['yyyy-mm-ddThh:mm:ssZ'], [''], [1595000000], [{}]])('drops the unreadable time %j without failing', (value) => {
    const input = altered(FAILED, (e) => {
      e.time = value;
      e.detail.creationDate = value;
    });

    const event = single(parseInput(input));

    expect(event).not.toHaveProperty('time');
    expect(event).not.toHaveProperty('creationDate');
  });

  it('falls back to the event id when the job id is missing', () => {
    const input = altered(FAILED, (e) => {
      delete e.detail.backupJobId;
    });

    const event = single(parseInput(input));

    expect(event.id).toBe('710b0398-d48e-f3c3-afca-cfeb2fdaa656');
    expect(event).not.toHaveProperty('jobId');
  });

  it('rejects a job event with neither job id nor event id', () => {
    const input = altered(FAILED, (e) => {
      delete e.detail.backupJobId;
      e.id = {};
    });

    expect(errorOf(parseInput(input))).toBe('malformed Backup Job State Change event: missing "detail.backupJobId" and "id"');
  });

  it('rejects a job event without state', () => {
    const input = altered('restore-job-failed.json', (e) => {
      delete e.detail.status;
    });

    expect(errorOf(parseInput(input))).toBe('malformed Restore Job State Change event: missing "detail.state" (or "detail.status")');
  });

  it('prefers state over status when a restore event carries both', () => {
    const input = altered('restore-job-failed.json', (e) => {
      e.detail.state = 'ABORTED';
    });

    expect(single(parseInput(input)).state).toBe('ABORTED');
  });

  it('keeps a lower-case state as sent', () => {
    const input = altered(FAILED, (e) => {
      e.detail.state = 'failed';
    });

    expect(single(parseInput(input)).state).toBe('failed');
  });

  it('reads a copy job whose destination recovery point is an object', () => {
    const input = altered('copy-job-failed.json', (e) => {
      e.detail.destinationRecoveryPointArn = { arn: 'x' };
      e.detail.sourceBackupVaultArn = {};
    });

    const event = single(parseInput(input));

    expect(event).not.toHaveProperty('sourceVaultArn');
    expect(event).not.toHaveProperty('vaultArn');
    expect(event.destinationVaultArn).toBe('arn:aws:backup:us-west-2:1112233445566:backup-vault:55aa945e-c46a-421b-aa27-f94b074e31b7');
  });

  it('ignores resources[] that is not a list of strings', () => {
    const input = altered('backup-job-completed.json', (e) => {
      e.resources = 'arn:aws:backup:us-west-2:1112233445566:recovery-point:f1d966fe';
    });

    expect(single(parseInput(input))).not.toHaveProperty('recoveryPointArn');
  });
});

describe('parseInput on altered ECS events', () => {
  it('reads version sent as a string', () => {
    const input = altered(ECS_FAILED, (e) => {
      e.detail.version = '5';
    });

    const event = single(parseInput(input));

    expect(event.id).toBe(`${TASK}#5`);
    expect(event.ecs?.version).toBe(5);
  });

  it('keys on the event id when version is missing', () => {
    const input = altered(ECS_FAILED, (e) => {
      delete e.detail.version;
    });

    expect(single(parseInput(input)).id).toBe(`${TASK}#3317b2af-7005-947d-b652-f55e762e571a`);
  });

  it('takes the task ARN from resources[] when detail.taskArn is missing', () => {
    const input = altered(ECS_FAILED, (e) => {
      delete e.detail.taskArn;
    });

    expect(single(parseInput(input)).ecs?.taskArn).toBe(TASK);
  });

  it('rejects an ECS event without any task ARN', () => {
    const input = altered(ECS_FAILED, (e) => {
      delete e.detail.taskArn;
      e.resources = [];
    });

    expect(errorOf(parseInput(input))).toBe('malformed ECS Task State Change event: missing "detail.taskArn"');
  });

  it('uses the attachment status as state when lastStatus is missing', () => {
    const input = altered(ECS_FAILED, (e) => {
      delete e.detail.lastStatus;
    });

    expect(single(parseInput(input)).state).toBe('FAILED');
  });

  it('rejects an ECS event with neither lastStatus nor an EBS attachment', () => {
    const input = altered('ecs-task-state-change-fargate-eni.json', (e) => {
      delete e.detail.lastStatus;
    });

    expect(errorOf(parseInput(input))).toBe('malformed ECS Task State Change event: missing "detail.lastStatus"');
  });

  it.each([
    ['false', false],
    ['TRUE', true],
    [true, true],
  ])('reads deleteOnTermination %j', (value, expected) => {
    const input = altered(ECS_FAILED, (e) => {
      const detail = ebsDetails(e).find((d) => d.name === 'deleteOnTermination');
      if (detail) detail.value = value;
    });

    expect(single(parseInput(input)).ecs?.attachment?.deleteOnTermination).toBe(expected);
  });

  it('reads a volumeId detail', () => {
    const input = altered(ECS_FAILED, (e) => {
      ebsDetails(e).push({ name: 'volumeId', value: 'vol-0123456789abcdef0' });
    });

    expect(single(parseInput(input)).ecs?.attachment?.volumeId).toBe('vol-0123456789abcdef0');
  });

  it('tolerates attachment details that are not name/value pairs', () => {
    const input = altered(ECS_FAILED, (e) => {
      e.detail.attachments[1].details = [null, 'x', { name: 7, value: 'y' }, { name: 'volumeName' }];
    });

    const event = single(parseInput(input));

    expect(event.ecs?.attachment).toEqual({ id: 'a17ed863-786c-4372-b5b3-b23e53f37877', status: 'FAILED' });
    expect(event).not.toHaveProperty('statusMessage');
  });

  it('tolerates attachments that are not a list', () => {
    const input = altered(ECS_FAILED, (e) => {
      e.detail.attachments = { type: 'AmazonElasticBlockStorage' };
    });

    expect(single(parseInput(input)).ecs).not.toHaveProperty('attachment');
  });

  it('uses stoppedReason as the status message when the attachment has no status reason', () => {
    const reason = 'ECS timed out while configuring the EBS volume attachment to your Task';
    const input = altered('ecs-task-state-change-ebs-created.synthetic.json', (e) => {
      e.detail.lastStatus = 'STOPPED';
      e.detail.stoppedReason = reason;
    });

    const event = single(parseInput(input));

    expect(event.statusMessage).toBe(reason);
    expect(event.ecs?.stoppedReason).toBe(reason);
  });

  it("extracts the EC2 code from ECS's \"Encountered '<Code>' error from AmazonEC2\" wrapper", () => {
    // The wrapper text as seen in real ECS errors, quoted in hashicorp/terraform-provider-aws
    // (internal/service/ecs acceptance-test skip list).
    const input = altered(ECS_FAILED, (e) => {
      const detail = ebsDetails(e).find((d) => d.name === 'statusReason');
      if (detail) detail.value = "Encountered 'VolumeTypeNotAvailableInZone' error from AmazonEC2";
    });

    expect(single(parseInput(input)).ecs?.ec2ErrorCode).toBe('VolumeTypeNotAvailableInZone');
  });
});

describe('parseInput on altered EBS notifications', () => {
  const KMS_DISABLED = 'ebs-volume-notification-createvolume-failed-kms-disabled.json';

  it('takes the key ARN from resources[] when the cause names none', () => {
    const input = altered('ebs-volume-notification-attachvolume-failed-kms-pending-deletion.json', (e) => {
      e.detail.cause = 'pending deletion';
    });

    expect(single(parseInput(input)).ebs?.keyArn).toBe(
      'arn:aws:kms:us-east-1:0123456789ab:key/01234567-0123-0123-0123-0123456789ab',
    );
  });

  it('leaves out cause and key for a cause that is missing', () => {
    const input = altered(KMS_DISABLED, (e) => {
      delete e.detail.cause;
    });

    const event = single(parseInput(input));

    expect(event.ebs).toEqual({ event: 'createVolume', result: 'failed', volumeArn: 'arn:aws:ec2:sa-east-1:0123456789ab:volume/vol-01234567' });
    expect(event).not.toHaveProperty('statusMessage');
  });

  it.each([
    ['result', 'malformed EBS Volume Notification event: missing "detail.result"'],
    ['event', 'malformed EBS Volume Notification event: missing "detail.event"'],
  ])('rejects a notification without detail.%s', (key, expected) => {
    const input = altered(KMS_DISABLED, (e) => {
      delete e.detail[key];
    });

    expect(errorOf(parseInput(input))).toBe(expected);
  });

  it('rejects a notification without event id', () => {
    const input = altered(KMS_DISABLED, (e) => {
      delete e.id;
    });

    expect(errorOf(parseInput(input))).toBe('malformed EBS Volume Notification event: missing "id"');
  });
});
