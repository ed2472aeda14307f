/**
 * AWS Backup vault notifications over SNS: the Lambda SNS event, a single record, the HTTP/SQS JSON envelope,
 * SNS raw delivery to SQS, and the text variants of the Message.
 */
import { describe, expect, it } from 'vitest';
import { isFailure, parseInput } from '../../lambdas/events/index.ts';
import { errorOf, fixture, single, sqsRecord, type Json } from './fixtures.ts';

const SNS_FILE = 'sns-aws-backup-notifications-fixture.json';
const JOB_ID = '1b2345b2-f22c-4dab-5eb6-bbc7890ed123';
const VOLUME = 'arn:aws:ec2:us-west-1:123456789012:volume/vol-012f345df6789012e';

// A failed-job notification with the cause appended, as quoted (redacted) in widdix/aws-cf-templates PR #633,
// https://github.com/widdix/aws-cf-templates/pull/633 (corpus entry bk-071).
const WITH_STATUS_MESSAGE =
  'An AWS Backup job failed. Resource ARN : arn:aws:dynamodb:us-west-1:XXXXXXXXXXXX:table/cache. BackupJob ID : XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX Status Message : User: arn:aws:sts::XXXXXXXXXXXX:assumed-role/XXXXXXX-com-DynamoDB-BackupRole-XXXXXXXXXXXXX/AWSBackup-XXXXXXX-com-DynamoDB-BackupRole-XXXXXXXXXXXXX is not authorized to perform: dynamodb:ListTagsOfResource on resource: arn:aws:dynamodb:us-west-1:XXXXXXXXXXXX:table/cache because no identity-based policy allows the dynamodb:ListTagsOfResource action';
const CAUSE =
  'User: arn:aws:sts::XXXXXXXXXXXX:assumed-role/XXXXXXX-com-DynamoDB-BackupRole-XXXXXXXXXXXXX/AWSBackup-XXXXXXX-com-DynamoDB-BackupRole-XXXXXXXXXXXXX is not authorized to perform: dynamodb:ListTagsOfResource on resource: arn:aws:dynamodb:us-west-1:XXXXXXXXXXXX:table/cache because no identity-based policy allows the dynamodb:ListTagsOfResource action';

/** Records[i] of the SNS fixture: 0 COMPLETED, 1 FAILED, 2 EXPIRED (backup jobs), 3 FAILED (copy job). */
function record(i: number): Json {
  return fixture(SNS_FILE).Records[i];
}

describe('parseInput on AWS Backup SNS notifications', () => {
  it('parses every record of a Lambda SNS event', () => {
    // Prepare
    const input = fixture(SNS_FILE);

    // Act
    const outcome = parseInput(input);

    // Assess
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.ignored).toEqual([]);
    expect(outcome.events.map((e) => [e.kind, e.state, isFailure(e)])).toEqual([
      ['backup-job', 'COMPLETED', false],
      ['backup-job', 'FAILED', true],
      ['backup-job', 'EXPIRED', true],
      ['copy-job', 'FAILED', true],
    ]);
  });

  it('reads the ids, account, region, time and ARNs of a completed-job notification', () => {
    const event = single(parseInput(record(0)));

    expect(event).toEqual({
      kind: 'backup-job',
      origin: 'sns',
      id: JOB_ID,
      eventId: '12345678-abcd-123a-def0-abcd1a234567',
      jobId: JOB_ID,
      account: '123456789012',
      region: 'us-west-1',
      time: '2019-08-02T18:46:02.788Z',
      state: 'COMPLETED',
      resourceArn: VOLUME,
      recoveryPointArn: 'arn:aws:ec2:us-west-1:123456789012:volume/vol-012f345df6789012d',
      raw: record(0),
    });
  });

  it('strips the sentence period after the resource ARN', () => {
    const event = single(parseInput(record(1)));

    expect(event.resourceArn).toBe(VOLUME);
    expect(event).not.toHaveProperty('statusMessage');
  });

  it('takes the region of a copy-job notification without resource ARN from the topic', () => {
    const event = single(parseInput(record(3)));

    expect(event).toMatchObject({ kind: 'copy-job', id: '2c3456c3-f33d-5ec6-cdc7-ccd890fe2345', region: 'us-east-1', state: 'FAILED' });
    expect(event).not.toHaveProperty('resourceArn');
  });

  it('reads the status message appended to a failed-job notification', () => {
    const input = record(1);
    input.Sns.Message = WITH_STATUS_MESSAGE;

    const event = single(parseInput(input));

    expect(event.statusMessage).toBe(CAUSE);
    expect(event.resourceArn).toBe('arn:aws:dynamodb:us-west-1:XXXXXXXXXXXX:table/cache');
    expect(event.jobId).toBe(JOB_ID);
  });

  it('falls back to the message text for the kind, job id and state when attributes are missing', () => {
    const input = record(1);
    input.Sns.Message = WITH_STATUS_MESSAGE;
    delete input.Sns.MessageAttributes;

    const event = single(parseInput(input));

    expect(event).toMatchObject({ kind: 'backup-job', id: 'XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX', state: 'FAILED', statusMessage: CAUSE });
    expect(event).not.toHaveProperty('account');
  });

  it.each([
    [1, 'FAILED'],
    [2, 'EXPIRED'],
    [0, 'COMPLETED'],
  ])('reads state from the documented sentence of record %i without a State attribute', (i, state) => {
    const input = record(i);
    delete input.Sns.MessageAttributes.State;

    const event = single(parseInput(input));

    expect(event.state).toBe(state);
  });

  it('rejects a copy-job notification without State, whose sentence does not tell', () => {
    const input = record(3);
    delete input.Sns.MessageAttributes.State;

    const error = errorOf(parseInput(input));

    expect(error).toBe('Sns: malformed AWS Backup notification: missing the "State" message attribute');
  });

  it('parses the SNS HTTP/SQS JSON envelope', () => {
    const envelope = record(2).Sns;

    const event = single(parseInput(envelope));

    expect(event).toMatchObject({ origin: 'sns', state: 'EXPIRED', id: JOB_ID });
    expect(event.raw).toEqual(envelope);
  });

  it('parses an SNS envelope delivered to SQS', () => {
    const input = { Records: [sqsRecord(JSON.stringify(record(1).Sns))] };

    const event = single(parseInput(input));

    expect(event).toMatchObject({ origin: 'sns', state: 'FAILED', resourceArn: VOLUME });
  });

  it('parses SNS raw message delivery to SQS, with the attributes in SQS form', () => {
    const sns = record(1).Sns;
    const attributes = Object.fromEntries(
      Object.entries(sns.MessageAttributes as Record<string, Json>).map(([k, v]) => [k, { stringValue: v.Value, dataType: 'String' }]),
    );
    const input = { Records: [sqsRecord(sns.Message, 0, attributes)] };

    const event = single(parseInput(input));

    expect(event).toMatchObject({ kind: 'backup-job', origin: 'sns', state: 'FAILED', account: '123456789012', id: JOB_ID });
  });

  it('parses an EventBridge event published to SNS as JSON', () => {
    const input = record(1);
    input.Sns.Message = JSON.stringify(fixture('backup-job-failed.json'));

    const event = single(parseInput(input));

    expect(event).toMatchObject({ origin: 'eventbridge', id: '34176239-e96d-4e1d-9fad-529dbb3c3556', state: 'FAILED' });
  });

  it('rejects a notification for an event type that is not a job', () => {
    const input = record(1);
    input.Sns.MessageAttributes.EventType.Value = 'RECOVERY_POINT_MODIFIED';

    const error = errorOf(parseInput(input));

    expect(error).toBe('Sns: unsupported AWS Backup notification: EventType "RECOVERY_POINT_MODIFIED"');
  });

  it('rejects an SNS notification that is not from AWS Backup', () => {
    const input = record(1);
    delete input.Sns.MessageAttributes;
    input.Sns.Message = 'Deployment finished.';
    input.Sns.Subject = 'Pipeline';

    const error = errorOf(parseInput(input));

    expect(error).toBe('Sns: unsupported SNS notification: not an AWS Backup job notification (Subject "Pipeline")');
  });

  it('rejects an SNS subscription confirmation', () => {
    const envelope = { ...record(1).Sns, Type: 'SubscriptionConfirmation' };

    const error = errorOf(parseInput(envelope));

    expect(error).toBe('unsupported SNS message: Type "SubscriptionConfirmation"');
  });

  it('rejects an SNS Message that starts like JSON but is not', () => {
    const input = record(1);
    input.Sns.Message = '{"detail-type": ';

    const error = errorOf(parseInput(input));

    expect(error).toBe('Sns: SNS Message is not JSON: Unexpected end of JSON input at line 1 column 17');
  });

  it('keeps a notification without job id by its MessageId', () => {
    const input = record(1);
    delete input.Sns.MessageAttributes.Id;
    input.Sns.Message = 'An AWS Backup job failed. Resource ARN : ' + VOLUME + '.';

    const event = single(parseInput(input));

    expect(event.id).toBe('12345678-abcd-123a-def0-abcd1a234567');
    expect(event).not.toHaveProperty('jobId');
  });
});
