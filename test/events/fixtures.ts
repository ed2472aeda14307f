/**
 * Loads the event fixtures of test/fixtures/events (see SOURCES.md there) and unwraps parse outcomes.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { FailureEvent } from '../../lambdas/model/types.ts';
import type { ParseOutcome } from '../../lambdas/events/index.ts';

/** A fixture as mutable JSON, so that tests can clone and alter it. */
export type Json = any;

const DIR = new URL('../fixtures/events/', import.meta.url);

/** The raw text of a fixture. */
export function fixtureText(name: string): string {
  return readFileSync(new URL(name, DIR), 'utf8');
}

/** A fresh parsed copy of a fixture. */
export function fixture(name: string): Json {
  return JSON.parse(fixtureText(name)) as Json;
}

/** A fresh copy of a fixture, changed by `alter`. */
export function altered(name: string, alter: (event: Json) => void): Json {
  const event = fixture(name);
  alter(event);
  return event;
}

/** The single event of a successful outcome; fails the test otherwise. */
export function single(outcome: ParseOutcome): FailureEvent {
  if (!outcome.ok) throw new Error(`expected one event, got error: ${outcome.error}`);
  expect(outcome.events).toHaveLength(1);
  expect(outcome.ignored).toEqual([]);
  return outcome.events[0] as FailureEvent;
}

/** The error of a failed outcome; fails the test otherwise. */
export function errorOf(outcome: ParseOutcome): string {
  if (outcome.ok) throw new Error(`expected an error, got ${outcome.events.length} event(s)`);
  return outcome.error;
}

/** A minimal SQS Lambda record carrying `body`, in the shape Lambda delivers SQS messages. */
export function sqsRecord(body: string, index = 0, messageAttributes: Json = {}): Json {
  return {
    messageId: `059f36b4-87a3-44ab-83d2-66197582958${index}`,
    receiptHandle: 'AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a...',
    body,
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: '1545082649183' },
    messageAttributes,
    md5OfBody: '098f6bcd4621d373cade4e832627b4f6',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-west-2:123456789012:backup-doctor-intake',
    awsRegion: 'us-west-2',
  };
}
