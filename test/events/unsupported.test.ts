/**
 * Inputs that are not supported AWS events: each gives a clear one-line error, never a throw.
 */
import { describe, expect, it } from 'vitest';
import { parseInput } from '../../lambdas/events/index.ts';
import { altered, errorOf, fixture } from './fixtures.ts';

describe('parseInput on unsupported input', () => {
  it.each([
    ['aws-api-call-via-cloudtrail-envelope-s3-createbucket.json', 'unsupported event: source "aws.s3", detail-type "AWS API Call via CloudTrail"'],
    [
      'cloudtrail-log-record-error-code-example.json',
      'Records[0]: unsupported input: a CloudTrail record (eventSource "cloudtrail.amazonaws.com", eventName "UpdateTrail"), not an EventBridge event',
    ],
    [
      'cloudtrail-log-records-ec2-runinstances-client-unauthorizedoperation.json',
      'no supported event among 3 inputs; first: [0]: unsupported input: a CloudTrail record (eventSource "ec2.amazonaws.com", eventName "RunInstances"), not an EventBridge event',
    ],
    ['ecs-run-task-output-ebs-attachment.json', 'not an AWS event: missing "detail-type"'],
  ])('rejects the real sample %s', (file, expected) => {
    // Prepare
    const input = fixture(file);

    // Act
    const error = errorOf(parseInput(input));

    // Assess
    expect(error).toBe(expected);
  });

  it.each([
    [{}, 'not an AWS event: missing "detail-type"'],
    [null, 'not an AWS event: expected a JSON object, got null'],
    ['{"detail-type":"x"}', 'not an AWS event: expected a JSON object, got a string'],
    [42, 'not an AWS event: expected a JSON object, got a number'],
    [undefined, 'not an AWS event: expected a JSON object, got nothing'],
    [{ 'detail-type': 7, source: 'aws.backup' }, 'not an AWS event: "detail-type" is a number, not a string'],
    [{ 'detail-type': 'Backup Job State Change' }, 'not an AWS event: missing "source"'],
    [{ 'detail-type': 'Backup Job State Change', source: ['aws.backup'] }, 'not an AWS event: "source" is an array, not a string'],
    [{ eventSource: 'aws:s3', eventName: 'ObjectCreated:Put' }, 'unsupported record: eventSource "aws:s3"'],
    [{ EventSource: 'aws:sns' }, 'malformed SNS record: missing "Sns"'],
  ])('rejects %j', (input, expected) => {
    expect(errorOf(parseInput(input))).toBe(expected);
  });

  it('rejects a supported detail-type from another source', () => {
    const input = altered('backup-job-failed.json', (e) => {
      e.source = 'aws.s3';
    });

    expect(errorOf(parseInput(input))).toBe('unsupported event: source "aws.s3", detail-type "Backup Job State Change"');
  });

  it('quotes hostile source strings on one bounded line', () => {
    const input = altered('backup-job-failed.json', (e) => {
      e.source = `evil\nsource\u2028${'y'.repeat(500)}`;
    });

    const error = errorOf(parseInput(input));

    expect(error).not.toMatch(/[\r\n\u2028\u2029]/);
    expect(error.length).toBeLessThan(250);
    expect(error.startsWith('unsupported event: source "evil\\nsource')).toBe(true);
  });

  it.each([
    [undefined, 'malformed Backup Job State Change event: missing "detail"'],
    ['text', 'malformed Backup Job State Change event: "detail" is a string, not an object'],
    [[1], 'malformed Backup Job State Change event: "detail" is an array, not an object'],
  ])('rejects a backup event whose detail is %j', (detail, expected) => {
    const input = altered('backup-job-failed.json', (e) => {
      e.detail = detail;
    });

    expect(errorOf(parseInput(input))).toBe(expected);
  });
});
