/**
 * Delivery wrappers: SQS batches (EventBridge → SQS), plain arrays, and batches with unusable records.
 */
import { describe, expect, it } from 'vitest';
import { parseInput } from '../../lambdas/events/index.ts';
import { errorOf, fixture, fixtureText, single, sqsRecord } from './fixtures.ts';

describe('parseInput on SQS batches and arrays', () => {
  it('parses an EventBridge event delivered through SQS', () => {
    // Prepare
    const input = { Records: [sqsRecord(fixtureText('backup-job-expired.json'))] };

    // Act
    const event = single(parseInput(input));

    // Assess
    expect(event).toMatchObject({ kind: 'backup-job', origin: 'eventbridge', id: '01EE26DC-7107-4D8E-0C54-EAC27C662BA4' });
    expect(event.raw).toEqual(fixture('backup-job-expired.json'));
  });

  it('parses a single SQS record', () => {
    const event = single(parseInput(sqsRecord(fixtureText('copy-job-failed.json'))));

    expect(event.kind).toBe('copy-job');
  });

  it('keeps the order of a batch of different sources', () => {
    const input = {
      Records: [
        sqsRecord(fixtureText('backup-job-failed.json'), 0),
        sqsRecord(fixtureText('ebs-volume-notification-createvolume-failed-kms-disabled.json'), 1),
        sqsRecord(fixtureText('ecs-task-state-change-ebs-failed-timeout.synthetic.json'), 2),
        sqsRecord(fixtureText('restore-job-failed.json'), 3),
      ],
    };

    const outcome = parseInput(input);

    expect(outcome.ok && outcome.events.map((e) => e.kind)).toEqual([
      'backup-job',
      'ebs-volume-notification',
      'ecs-volume-attachment',
      'restore-job',
    ]);
  });

  it('reports the unusable records of a batch and parses the others', () => {
    const input = {
      Records: [
        sqsRecord(fixtureText('backup-job-failed.json'), 0),
        sqsRecord('not json at all', 1),
        sqsRecord(fixtureText('aws-api-call-via-cloudtrail-envelope-s3-createbucket.json'), 2),
      ],
    };

    const outcome = parseInput(input);

    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.events.map((e) => e.id)).toEqual(['34176239-e96d-4e1d-9fad-529dbb3c3556']);
    expect(outcome.ignored.map((i) => i.reason)).toEqual([
      "Records[1]: SQS message body is not JSON: Unexpected token 'o' at line 1 column 2",
      'Records[2].body: unsupported event: source "aws.s3", detail-type "AWS API Call via CloudTrail"',
    ]);
    expect(outcome.ignored[1]?.excerpt.startsWith('{"version":"0","id":"36eb8523-97d0-4518-b33d-ee3579ff19f0"')).toBe(true);
  });

  it('bounds the excerpt of an ignored record to one short line', () => {
    const input = [fixture('backup-job-failed.json'), { big: 'x'.repeat(5000), lines: 'a\nb' }];

    const outcome = parseInput(input);

    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const [ignored] = outcome.ignored;
    expect(ignored?.reason).toBe('[1]: not an AWS event: missing "detail-type"');
    expect(ignored?.excerpt.length).toBeLessThanOrEqual(201);
    expect(ignored?.excerpt).not.toMatch(/[\r\n]/);
  });

  it('parses a plain array of events', () => {
    const input = [fixture('backup-job-failed.json'), fixture('copy-job-failed.json'), fixture('restore-job-failed.json')];

    const outcome = parseInput(input);

    expect(outcome.ok && outcome.events.map((e) => e.kind)).toEqual(['backup-job', 'copy-job', 'restore-job']);
  });

  it('parses an array mixing EventBridge events, SNS envelopes and SQS records', () => {
    const sns = fixture('sns-aws-backup-notifications-fixture.json');
    const input = [[fixture('backup-job-aborted.json')], sns.Records[2], sns.Records[3].Sns, sqsRecord(fixtureText('backup-job-created.json'))];

    const outcome = parseInput(input);

    expect(outcome.ok && outcome.events.map((e) => [e.origin, e.state])).toEqual([
      ['eventbridge', 'ABORTED'],
      ['sns', 'EXPIRED'],
      ['sns', 'FAILED'],
      ['eventbridge', 'CREATED'],
    ]);
  });

  it('rejects an empty array', () => {
    expect(errorOf(parseInput([]))).toBe('no events: the list is empty');
  });

  it('rejects an empty SQS batch', () => {
    expect(errorOf(parseInput({ Records: [] }))).toBe('Records: no events: the list is empty');
  });

  it('summarises a batch in which no record is usable', () => {
    const input = { Records: [sqsRecord('{}', 0), sqsRecord('[]', 1)] };

    const error = errorOf(parseInput(input));

    expect(error).toBe('no supported event among 2 inputs; first: Records[0].body: not an AWS event: missing "detail-type"');
  });

  it('rejects an SQS record whose body is not a string', () => {
    const record = { ...sqsRecord(''), body: { nested: true } };

    const error = errorOf(parseInput({ Records: [record] }));

    expect(error).toBe('Records[0]: malformed SQS record: "body" is not a string');
  });

  it('stops at inputs nested deeper than any AWS delivery', () => {
    let input: unknown = fixture('backup-job-failed.json');
    for (let i = 0; i < 50; i++) input = [input];

    const error = errorOf(parseInput(input));

    expect(error).toMatch(/^(\[0\])+: input nested too deeply$/);
  });
});
