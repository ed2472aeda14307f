/**
 * The Slack notifier never posts one message twice (docs/delivery.md): each write failing in turn, then SQS
 * redelivering the record.
 */
import { describe, expect, it, vi } from 'vitest';
import { Pacer, processSlackBatch, type SlackDeps, type SlackResponse } from '../../lambdas/handlers/slack-batch.ts';
import { IdempotencyStore } from '../../lambdas/publish/index.ts';
import { fakeIdempotencyTable } from '../publish/fake-ddb.ts';
import { NOW, recordingLog, sqsEvent, sqsRecord } from '../publish/support.ts';

type Write = 'claim' | 'markSent' | 'release';

function setup(fail: Write | undefined, answers: (SlackResponse | Error)[]) {
  let now = NOW;
  const { client } = fakeIdempotencyTable();
  const real = new IdempotencyStore(client, { tableName: 'idem', ttlSeconds: 86_400 });
  let failing = fail;
  const throttled = () => Object.assign(new Error('throttled'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });
  const store = {
    claim: async (k: string, d: Date) => (failing === 'claim' ? Promise.reject(throttled()) : real.claim(k, d)),
    markSent: async (k: string, t: string, d: Date) => (failing === 'markSent' ? Promise.reject(throttled()) : real.markSent(k, t, d)),
    release: async (k: string, t: string) => (failing === 'release' ? Promise.reject(throttled()) : real.release(k, t)),
  };
  const posts: string[] = [];
  const post = vi.fn(async (_url: string, body: string) => {
    posts.push(body);
    const a = answers.shift() ?? { status: 200 };
    if (a instanceof Error) throw a;
    return a;
  });
  const { log, lines } = recordingLog();
  const deps: SlackDeps = {
    webhookUrl: async () => 'https://hooks.slack.com/services/T000/B000/XXXX',
    post,
    store,
    deadLetter: async () => undefined,
    sleep: async (ms) => {
      now += ms;
    },
    clock: () => now,
    random: () => 0.5,
    pacer: new Pacer(1_000),
    log,
    safetyMarginMs: 1_000,
    maxAttempts: 1,
  };
  const deliver = async () => (await processSlackBatch(sqsEvent([record]), { getRemainingTimeInMillis: () => 60_000 }, deps)).batchItemFailures.length;
  return { deliver, posts, lines, heal: () => (failing = undefined), advance: (ms: number) => (now += ms) };
}

const record = sqsRecord('m-1', JSON.stringify({ text: 'diagnosis' }), {
  'diagnosis-id': { stringValue: 'job-1', dataType: 'String', stringListValues: [], binaryListValues: [] },
});

/** Delivers once with the fault, then twice more after it healed, 7 minutes apart (the Slack queue's redelivery). */
async function run(fail: Write | undefined, answers: (SlackResponse | Error)[]) {
  const s = setup(fail, answers);
  const failures = [await s.deliver()];
  s.heal();
  for (const _ of [1, 2]) {
    s.advance(7 * 60_000);
    failures.push(await s.deliver());
  }
  return { ...s, failures };
}

describe('Slack: each write failing', () => {
  it('claim fails: nothing posted, then posted once', async () => {
    const r = await run('claim', []);
    expect(r.failures).toEqual([1, 0, 0]);
    expect(r.posts).toHaveLength(1);
  });

  it('mark sent fails after Slack accepted: never posted again', async () => {
    const r = await run('markSent', []);
    expect(r.failures).toEqual([1, 0, 0]);
    expect(r.posts).toHaveLength(1);
  });

  it('Slack refuses (500): released, posted once on redelivery', async () => {
    const r = await run(undefined, [{ status: 500 }]);
    expect(r.failures).toEqual([1, 0, 0]);
    expect(r.posts).toHaveLength(2);
  });

  it('no answer from Slack (timeout): never posted again, logged', async () => {
    const r = await run(undefined, [new Error('The operation was aborted due to timeout')]);
    expect(r.failures).toEqual([0, 0, 0]);
    expect(r.posts).toHaveLength(1);
    expect(r.lines.some((l) => l.level === 'error' && /may have been posted/.test(l.message))).toBe(true);
  });

  it('release fails after Slack refused: never posted twice', async () => {
    const r = await run('release', [{ status: 500 }]);
    expect(r.failures).toEqual([1, 0, 0]);
    expect(r.posts).toHaveLength(1);
  });
});
