/**
 * The Slack notifier's batch logic, with every dependency injected. Each SQS record carries one Block Kit
 * payload (the SNS message for the `sqs` protocol, delivered raw). Posts are paced, a 429 waits for its
 * Retry-After within the time budget, a 5xx or a network error is retried with jitter, and any other 4xx goes
 * to the dead-letter queue at once: a retry cannot fix it, and Slack may disable an app that keeps retrying.
 * @see https://api.slack.com/messaging/webhooks#handling_errors
 * @see https://api.slack.com/apis/rate-limits
 */
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Claim } from '../publish/idempotency.ts';
import { slackKey } from '../publish/idempotency.ts';
import { DIAGNOSIS_ID_ATTRIBUTE } from '../publish/sns-message.ts';
import type { RemainingTime } from './diagnose-batch.ts';
import { excerpt, type Log } from './logger.ts';

/** Slack's answer to one post. */
export interface SlackResponse {
  readonly status: number;
  /** The Retry-After header, when present. */
  readonly retryAfter?: string | null;
  readonly body?: string;
}

/** Where a non-retryable record goes, and why. */
export interface DeadLetter {
  readonly body: string;
  readonly diagnosisId: string;
  readonly status: number;
  readonly reason: string;
}

/** The idempotency operations the notifier needs (docs/delivery.md). */
export interface SlackIdempotency {
  claim(key: string, now: Date): Promise<Claim>;
  markSent(key: string, token: string, now: Date): Promise<void>;
  release(key: string, token: string): Promise<void>;
}

/** Everything the notifier does besides control flow. */
export interface SlackDeps {
  readonly webhookUrl: () => Promise<string>;
  readonly post: (url: string, body: string, timeoutMs: number) => Promise<SlackResponse>;
  readonly store: SlackIdempotency;
  readonly deadLetter: (letter: DeadLetter) => Promise<void>;
  readonly sleep: (ms: number) => Promise<void>;
  /** The current time (epoch ms). */
  readonly clock: () => number;
  /** A uniform random number in [0, 1), for jitter. */
  readonly random: () => number;
  readonly pacer: Pacer;
  readonly log: Log;
  readonly safetyMarginMs: number;
  /** Attempts per record on 5xx and network errors, the first included. */
  readonly maxAttempts?: number;
  /** The base of the exponential backoff, in ms. */
  readonly backoffBaseMs?: number;
}

/** Spaces posts at least `intervalMs` apart within one execution environment. */
export class Pacer {
  private last = Number.NEGATIVE_INFINITY;

  constructor(readonly intervalMs: number) {}

  /** Waits until the next post may go, then records it as sent now. */
  async next(clock: () => number, sleep: (ms: number) => Promise<void>): Promise<void> {
    const wait = this.last + this.intervalMs - clock();
    if (wait > 0) await sleep(wait);
    this.last = clock();
  }
}

/** Parses Retry-After (seconds, or an HTTP date) into ms; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null | undefined, now: number): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * `unknown`: the request got no HTTP answer (timeout, connection reset), so Slack may have posted it. Any HTTP
 * answer is Slack's verdict: it posts a webhook message only when it answers 2xx.
 */
type PostOutcome = 'posted' | 'dead-lettered' | 'retry-later' | 'unknown';

function diagnosisIdOf(record: SQSRecord): string {
  return record.messageAttributes[DIAGNOSIS_ID_ATTRIBUTE]?.stringValue ?? record.messageId;
}

async function postWithRetries(
  record: SQSRecord,
  id: string,
  url: string,
  deadline: number,
  deps: SlackDeps,
): Promise<PostOutcome> {
  const maxAttempts = deps.maxAttempts ?? 3;
  const base = deps.backoffBaseMs ?? 500;
  let serverErrors = 0;
  for (;;) {
    await deps.pacer.next(deps.clock, deps.sleep);
    const left = deadline - deps.clock();
    if (left <= 0) return 'retry-later';
    let res: SlackResponse;
    try {
      res = await deps.post(url, record.body, Math.min(10_000, left));
    } catch (err) {
      // No answer: the post may have arrived, and a second one would be a duplicate.
      deps.log.error('Slack gave no answer; the message may have been posted and will not be sent again', {
        id,
        error: excerpt(err instanceof Error ? err.message : String(err), 200),
      });
      return 'unknown';
    }
    if (res.status >= 200 && res.status < 300) return 'posted';

    let wait: number;
    if (res.status === 429) {
      wait = retryAfterMs(res.retryAfter, deps.clock()) ?? 1_000;
    } else if (res.status >= 500) {
      serverErrors += 1;
      if (serverErrors >= maxAttempts) {
        deps.log.warn('Slack kept failing; the record will be retried later', { id, status: res.status });
        return 'retry-later';
      }
      // Full jitter: a random wait up to the exponential cap, so that retries do not synchronise.
      wait = Math.floor(deps.random() * base * 2 ** serverErrors);
    } else {
      await deps.deadLetter({ body: record.body, diagnosisId: id, status: res.status, reason: excerpt(res.body ?? '', 200) });
      deps.log.error('Slack rejected the message; sent to the dead-letter queue', {
        id,
        status: res.status,
        reason: excerpt(res.body ?? '', 200),
      });
      return 'dead-lettered';
    }
    if (deps.clock() + wait >= deadline) {
      deps.log.warn('No time left to wait for Slack; the record will be retried later', { id, status: res.status, wait });
      return 'retry-later';
    }
    await deps.sleep(wait);
  }
}

async function handleRecord(record: SQSRecord, deadline: number, deps: SlackDeps): Promise<boolean> {
  const id = diagnosisIdOf(record);
  const key = slackKey(id);
  // The webhook URL is read before the claim: a failure to read it sends nothing and leaves no claim.
  const url = await deps.webhookUrl();
  const claim = await deps.store.claim(key, new Date(deps.clock()));
  if (claim.result === 'duplicate') {
    deps.log.info('Skipped a Slack message already posted', { id });
    return true;
  }
  let outcome: PostOutcome;
  try {
    outcome = await postWithRetries(record, id, url, deadline, deps);
  } catch (err) {
    // Only the dead-letter send can throw here, after Slack refused the message: nothing was posted.
    await deps.store.release(key, claim.token);
    throw err;
  }
  if (outcome === 'posted' || outcome === 'unknown') {
    // The claim stays: a `sending` record blocks a resend as well as a `sent` one does.
    if (outcome === 'posted') {
      await deps.store.markSent(key, claim.token, new Date(deps.clock()));
      deps.log.info('Posted to Slack', { id });
    }
    return true;
  }
  // Slack refused it (or there was no time to try): nothing was posted, so the key is released for the retry,
  // and a dead-lettered message can be redriven once the webhook is fixed.
  await deps.store.release(key, claim.token);
  return outcome === 'dead-lettered';
}

/** Posts an SQS batch to Slack in order; records that fail for now are returned for SQS to redeliver. */
export async function processSlackBatch(event: SQSEvent, context: RemainingTime, deps: SlackDeps): Promise<SQSBatchResponse> {
  const failures: SQSBatchResponse['batchItemFailures'] = [];
  const start = deps.clock();
  const deadline = start + context.getRemainingTimeInMillis() - deps.safetyMarginMs;
  for (const record of event.Records) {
    if (deps.clock() >= deadline) {
      failures.push({ itemIdentifier: record.messageId });
      continue;
    }
    try {
      if (!(await handleRecord(record, deadline, deps))) failures.push({ itemIdentifier: record.messageId });
    } catch (err) {
      failures.push({ itemIdentifier: record.messageId });
      deps.log.error('Failed to post a record to Slack', {
        messageId: record.messageId,
        error: err instanceof Error ? { name: err.name, message: excerpt(err.message, 200) } : excerpt(err, 200),
      });
    }
  }
  return { batchItemFailures: failures };
}
