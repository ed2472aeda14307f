import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it, vi } from 'vitest';
import { Pacer, processSlackBatch, retryAfterMs, type SlackDeps, type SlackResponse } from '../../lambdas/handlers/slack-batch.ts';
import { cachedWebhookUrl, webhookUrlOf } from '../../lambdas/handlers/webhook-secret.ts';
import { IdempotencyStore } from '../../lambdas/publish/index.ts';
import { fakeIdempotencyTable } from '../publish/fake-ddb.ts';
import { NOW, recordingLog, sqsEvent, sqsRecord } from '../publish/support.ts';

const URL_ = 'https://hooks.slack.com/services/T000/B000/XXXX';

/** A clock that only moves when the handler sleeps. */
function setup(responses: SlackResponse[], overrides: Partial<SlackDeps> = {}) {
  let now = NOW;
  const { client } = fakeIdempotencyTable();
  const store = new IdempotencyStore(client, { tableName: 'idem', ttlSeconds: 86_400 });
  const posts: number[] = [];
  const post = vi.fn(async () => {
    posts.push(now);
    return responses.shift() ?? { status: 200, body: 'ok' };
  });
  const sleep = vi.fn(async (ms: number) => {
    now += ms;
  });
  const deadLetter = vi.fn(async () => undefined);
  const { log } = recordingLog();
  const deps: SlackDeps = {
    webhookUrl: async () => URL_,
    post,
    store,
    deadLetter,
    sleep,
    clock: () => now,
    random: () => 0.5,
    pacer: new Pacer(1_000),
    log,
    safetyMarginMs: 1_000,
    ...overrides,
  };
  return { deps, post, sleep, deadLetter, posts };
}

const record = (id: string) =>
  sqsRecord(`m-${id}`, JSON.stringify({ text: `diagnosis ${id}` }), {
    'diagnosis-id': { stringValue: id, dataType: 'String', stringListValues: [], binaryListValues: [] },
  });
const ctx = (ms = 60_000) => ({ getRemainingTimeInMillis: () => ms });

describe('Slack notifier', () => {
  it('posts each message once, at most one per second', async () => {
    const { deps, posts } = setup([]);

    const res = await processSlackBatch(sqsEvent([record('a'), record('b'), record('c')]), ctx(), deps);

    expect(res.batchItemFailures).toEqual([]);
    expect(posts).toHaveLength(3);
    expect(posts.slice(1).map((t, i) => t - posts[i]!)).toEqual([1_000, 1_000]);
  });

  it('skips a message already posted', async () => {
    const { deps, post } = setup([]);

    await processSlackBatch(sqsEvent([record('a')]), ctx(), deps);
    await processSlackBatch(sqsEvent([record('a'), record('a')]), ctx(), deps);

    expect(post).toHaveBeenCalledTimes(1);
  });

  it('waits for Retry-After on 429, then posts', async () => {
    const { deps, sleep, post } = setup([{ status: 429, retryAfter: '7', body: 'rate_limited' }]);

    const res = await processSlackBatch(sqsEvent([record('a')]), ctx(), deps);

    expect(res.batchItemFailures).toEqual([]);
    expect(sleep).toHaveBeenCalledWith(7_000);
    expect(post).toHaveBeenCalledTimes(2);
  });

  it('returns the record for later when Retry-After exceeds the time budget', async () => {
    const { deps, post } = setup([{ status: 429, retryAfter: '120', body: 'rate_limited' }]);

    const res = await processSlackBatch(sqsEvent([record('a')]), ctx(30_000), deps);

    expect(res.batchItemFailures).toEqual([{ itemIdentifier: 'm-a' }]);
    expect(post).toHaveBeenCalledTimes(1);
  });

  it('lets a returned record post on redelivery', async () => {
    const { deps, post } = setup([{ status: 429, retryAfter: '120' }]);

    await processSlackBatch(sqsEvent([record('a')]), ctx(30_000), deps);
    const res = await processSlackBatch(sqsEvent([record('a')]), ctx(30_000), deps);

    expect(res.batchItemFailures).toEqual([]);
    expect(post).toHaveBeenCalledTimes(2);
  });

  it('retries a 5xx with jittered backoff', async () => {
    const { deps, sleep, post } = setup([{ status: 500 }, { status: 503 }]);

    const res = await processSlackBatch(sqsEvent([record('a')]), ctx(), deps);

    expect(res.batchItemFailures).toEqual([]);
    expect(post).toHaveBeenCalledTimes(3);
    expect(sleep).toHaveBeenCalledWith(500);
    expect(sleep).toHaveBeenCalledWith(1_000);
  });

  it('fails the record after repeated 5xx', async () => {
    const { deps, post } = setup([{ status: 500 }, { status: 500 }, { status: 500 }, { status: 500 }]);

    const res = await processSlackBatch(sqsEvent([record('a')]), ctx(), deps);

    expect(res.batchItemFailures).toEqual([{ itemIdentifier: 'm-a' }]);
    expect(post).toHaveBeenCalledTimes(3);
  });

  it('sends a 4xx to the dead-letter queue at once and fails nothing else', async () => {
    const { deps, post, deadLetter } = setup([{ status: 404, body: 'no_service' }]);

    const res = await processSlackBatch(sqsEvent([record('a'), record('b')]), ctx(), deps);

    expect(res.batchItemFailures).toEqual([]);
    expect(post).toHaveBeenCalledTimes(2);
    expect(deadLetter).toHaveBeenCalledWith(expect.objectContaining({ diagnosisId: 'a', status: 404, reason: 'no_service' }));
  });

  it('fails a record when the dead-letter queue cannot take it', async () => {
    const { deps } = setup([{ status: 400, body: 'invalid_payload' }], {
      deadLetter: vi.fn(async () => {
        throw new Error('AccessDenied');
      }),
    });

    const res = await processSlackBatch(sqsEvent([record('a')]), ctx(), deps);

    expect(res.batchItemFailures).toEqual([{ itemIdentifier: 'm-a' }]);
  });
});

describe('Retry-After', () => {
  it.each([
    ['30', 30_000],
    ['1.5', 1_500],
    [new Date(NOW + 4_000).toUTCString(), 4_000],
    ['soon', undefined],
    [null, undefined],
  ])('reads %s', (header, expected) => {
    expect(retryAfterMs(header, NOW)).toBe(expected);
  });
});

describe('webhook secret', () => {
  it.each([
    [URL_, URL_],
    [JSON.stringify({ url: URL_ }), URL_],
    [JSON.stringify({ webhookUrl: ` ${URL_} ` }), URL_],
  ])('reads the URL from %s', (secret, expected) => {
    expect(webhookUrlOf(secret)).toBe(expected);
  });

  it('rejects a URL that is not https', () => {
    expect(() => webhookUrlOf('http://hooks.slack.com/services/x')).toThrow(/https/);
  });

  it('reads Secrets Manager once while the cache is fresh', async () => {
    const client = new SecretsManagerClient({ region: 'us-east-1' });
    const mock = mockClient(client);
    mock.on(GetSecretValueCommand).resolves({ SecretString: URL_ });
    let now = NOW;
    const get = cachedWebhookUrl(client, 'slack/webhook', 60_000, () => now);

    await get();
    await get();
    now += 61_000;
    await get();

    expect(mock.commandCalls(GetSecretValueCommand)).toHaveLength(2);
    expect(mock.commandCalls(GetSecretValueCommand)[0]?.args[0].input).toEqual({ SecretId: 'slack/webhook' });
  });
});
