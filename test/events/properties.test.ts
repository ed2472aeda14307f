/**
 * Property tests: whatever arrives, the parser answers and never throws, and its errors stay on one line.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEventText, parseInput, type ParseOutcome } from '../../lambdas/events/index.ts';
import { findJsonSyntaxError } from '../../lambdas/events/json-text.ts';
import { fixture, sqsRecord } from './fixtures.ts';

const LINE_BREAK = /[\r\n\u2028\u2029]/;

const REAL_EVENTS = [
  'backup-job-failed.json',
  'backup-job-expired.json',
  'backup-job-completed.json',
  'copy-job-failed.json',
  'restore-job-failed.json',
  'restore-job-completed.json',
  'ebs-volume-notification-createvolume-failed-kms-disabled.json',
  'ebs-volume-notification-attachvolume-failed-kms-pending-deletion.json',
  'ecs-task-state-change-fargate-eni.json',
  'ecs-task-state-change-ebs-failed-idempotent-parameter-mismatch.synthetic.json',
] as const;

/** The outcome is well-formed: one-line errors and reasons, no internal error, events with a string id and state. */
function assertWellFormed(outcome: ParseOutcome): void {
  if (!outcome.ok) {
    expect(typeof outcome.error).toBe('string');
    expect(outcome.error).not.toMatch(LINE_BREAK);
    expect(outcome.error.length).toBeGreaterThan(0);
    // The catch-all in parseInput is a last resort: reaching it means some reader threw.
    expect(outcome.error).not.toMatch(/^internal error/);
    return;
  }
  expect(outcome.events.length).toBeGreaterThan(0);
  for (const e of outcome.events) {
    expect(typeof e.id).toBe('string');
    expect(typeof e.state).toBe('string');
  }
  for (const i of outcome.ignored) {
    expect(i.reason).not.toMatch(LINE_BREAK);
    expect(i.excerpt).not.toMatch(LINE_BREAK);
  }
}

describe('parseInput properties', () => {
  it('never throws on arbitrary JSON and answers on one line', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        assertWellFormed(parseInput(value));
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary JavaScript values', () => {
    const anything = fc.anything({
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withObjectString: true,
      withSparseArray: true,
      withTypedArray: true,
      withUnicodeString: true,
    });

    fc.assert(
      fc.property(anything, (value) => {
        assertWellFormed(parseInput(value));
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on real events with one field replaced by arbitrary JSON', () => {
    const mutation = fc.record({
      file: fc.constantFrom(...REAL_EVENTS),
      inDetail: fc.boolean(),
      pick: fc.nat(),
      value: fc.jsonValue(),
    });

    fc.assert(
      fc.property(mutation, ({ file, inDetail, pick, value }) => {
        const event = fixture(file);
        const target = inDetail ? event.detail : event;
        const keys = Object.keys(target);
        target[keys[pick % keys.length] as string] = value;

        assertWellFormed(parseInput(event));
        assertWellFormed(parseInput({ Records: [sqsRecord(JSON.stringify(event))] }));
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary SNS envelopes and SQS bodies', () => {
    const sns = fc.record({
      Type: fc.oneof(fc.constant('Notification'), fc.string()),
      Message: fc.oneof(fc.string(), fc.jsonValue().map((v) => JSON.stringify(v))),
      MessageAttributes: fc.dictionary(fc.constantFrom('EventType', 'State', 'Id', 'AccountId'), fc.record({ Type: fc.string(), Value: fc.jsonValue() })),
      TopicArn: fc.oneof(fc.string(), fc.constant('arn:aws:sns:us-east-1:123456789012:topic')),
    });

    fc.assert(
      fc.property(sns, fc.string(), (envelope, body) => {
        assertWellFormed(parseInput({ Records: [{ EventSource: 'aws:sns', Sns: envelope }] }));
        assertWellFormed(parseInput({ Records: [sqsRecord(body)] }));
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseEventText properties', () => {
  it('never throws on arbitrary text and answers on one line', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        assertWellFormed(parseEventText(text, 'EVENT.json'));
      }),
      { numRuns: 500 },
    );
  });

  it('finds a syntax error exactly when JSON.parse rejects the text', () => {
    const damaged = fc
      .tuple(fc.jsonValue().map((v) => JSON.stringify(v, null, 1)), fc.nat(), fc.constantFrom('', ',', '"', '}', ']', '\n', '\\', 'x'))
      .map(([text, at, insert]) => {
        const i = text.length === 0 ? 0 : at % text.length;
        return `${text.slice(0, i)}${insert}${text.slice(i + (insert === '' ? 1 : 0))}`;
      });

    fc.assert(
      fc.property(fc.oneof(damaged, fc.string()), (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        expect(findJsonSyntaxError(text) === undefined).toBe(valid);
      }),
      { numRuns: 1000 },
    );
  });

  it('points at a position inside the text', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const found = findJsonSyntaxError(text);
        if (found === undefined) return;
        expect(found.offset).toBeGreaterThanOrEqual(0);
        expect(found.offset).toBeLessThanOrEqual(text.length);
        expect(found.line).toBeGreaterThanOrEqual(1);
        expect(found.column).toBeGreaterThanOrEqual(1);
      }),
    );
  });
});
