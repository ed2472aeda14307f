import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { routeFor } from '../../lambdas/catalog/routes.ts';
import { isFailure, parseInput } from '../../lambdas/events/index.ts';
import { type DiagnoseDeps, processDiagnoseBatch } from '../../lambdas/handlers/diagnose-batch.ts';
import {
  DIAGNOSIS_ID_ATTRIBUTE,
  IdempotencyStore,
  SNS_MAX_MESSAGE_BYTES,
  buildSnsPublish,
  ecsVersionKey,
  publishDiagnosis,
  snsSubject,
  truncateBytes,
} from '../../lambdas/publish/index.ts';
import { fakeIdempotencyTable } from './fake-ddb.ts';
import {
  EMPTY_EVIDENCE,
  FAILED_SAMPLES,
  NOW,
  fakeDiagnosis,
  fakeRenderers,
  fixture,
  recordingLog,
  shuffled,
  sqsEvent,
  sqsRecord,
} from './support.ts';

const TOPIC = 'arn:aws:sns:us-east-1:111122223333:backup-doctor';
const ctx = { getRemainingTimeInMillis: () => 60_000 };

function setup(now = NOW) {
  const { client, items } = fakeIdempotencyTable();
  const store = new IdempotencyStore(client, { tableName: 'idem', ttlSeconds: 86_400 });
  const sns = new SNSClient({ region: 'us-east-1' });
  const snsMock = mockClient(sns);
  snsMock.on(PublishCommand).resolves({ MessageId: 'm' });
  const { log, lines } = recordingLog();
  const deps: DiagnoseDeps = {
    parseInput,
    isFailure,
    routeFor,
    collect: async () => EMPTY_EVIDENCE,
    diagnose: (event) => fakeDiagnosis(event),
    publish: (diagnosis, at) => publishDiagnosis(diagnosis, { sns, store, topicArn: TOPIC, lang: 'ja', now: at, renderers: fakeRenderers }),
    admitVersion: (taskArn, version, at) => store.admitVersion(ecsVersionKey(taskArn), version, at),
    log,
    clock: () => now,
    safetyMarginMs: 1_000,
  };
  return { deps, snsMock, items, lines, store };
}

const publishedIds = (snsMock: ReturnType<typeof mockClient>): string[] =>
  snsMock
    .commandCalls(PublishCommand)
    .map((c) => (c.args[0].input as { MessageAttributes: Record<string, { StringValue: string }> }).MessageAttributes[DIAGNOSIS_ID_ATTRIBUTE]!.StringValue);

describe('idempotent publishing', () => {
  it('publishes exactly once per event when each is delivered three times, shuffled, across batches', async () => {
    // Prepare
    const { deps, snsMock } = setup();
    const deliveries = FAILED_SAMPLES.flatMap((file) => [1, 2, 3].map((n) => ({ id: `${file}#${n}`, body: JSON.stringify(fixture(file)) })));
    const order = shuffled(deliveries, 42);
    const batches = [order.slice(0, 5), order.slice(5, 10), order.slice(10)];

    // Act
    const responses = [];
    for (const batch of batches) {
      responses.push(await processDiagnoseBatch(sqsEvent(batch.map((d) => sqsRecord(d.id, d.body))), ctx, deps));
    }

    // Assess
    expect(responses.flatMap((r) => r.batchItemFailures)).toEqual([]);
    const ids = publishedIds(snsMock);
    expect(ids).toHaveLength(FAILED_SAMPLES.length);
    expect(new Set(ids).size).toBe(FAILED_SAMPLES.length);
  });

  it('publishes on redelivery after SNS refused the message, and only once', async () => {
    const { deps, snsMock } = setup();
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'Throttling', $metadata: { httpStatusCode: 400 } });
    snsMock.on(PublishCommand).rejectsOnce(throttled).resolves({ MessageId: 'm' });
    const body = JSON.stringify(fixture('backup-job-failed.json'));

    const first = await processDiagnoseBatch(sqsEvent([sqsRecord('a', body)]), ctx, deps);
    const second = await processDiagnoseBatch(sqsEvent([sqsRecord('a', body)]), ctx, deps);
    const third = await processDiagnoseBatch(sqsEvent([sqsRecord('a', body)]), ctx, deps);

    expect(first.batchItemFailures).toEqual([{ itemIdentifier: 'a' }]);
    expect(second.batchItemFailures).toEqual([]);
    expect(third.batchItemFailures).toEqual([]);
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(2);
  });

  it('never publishes again after a publish of unknown outcome', async () => {
    const { deps, snsMock, lines } = setup();
    const internal = Object.assign(new Error('Internal'), { name: 'InternalError', $metadata: { httpStatusCode: 500 } });
    snsMock.on(PublishCommand).rejectsOnce(internal).resolves({ MessageId: 'm' });
    const body = JSON.stringify(fixture('backup-job-failed.json'));

    const first = await processDiagnoseBatch(sqsEvent([sqsRecord('a', body)]), ctx, deps);
    const second = await processDiagnoseBatch(sqsEvent([sqsRecord('a', body)]), ctx, deps);

    expect(first.batchItemFailures).toEqual([{ itemIdentifier: 'a' }]);
    expect(second.batchItemFailures).toEqual([]);
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(1);
    expect(lines.some((l) => JSON.stringify(l.extra).includes('DeliveryOutcomeUnknown'))).toBe(true);
  });

  it('ignores an ECS event with a lower version than one already seen', async () => {
    const { deps, snsMock, lines } = setup();
    const event = fixture('ecs-task-state-change-ebs-failed-assume-role.synthetic.json');
    const detail = event['detail'] as Record<string, unknown>;
    const newer = { ...event, detail: { ...detail, version: 5 } };
    const older = { ...event, detail: { ...detail, version: 4 } };

    await processDiagnoseBatch(sqsEvent([sqsRecord('n', JSON.stringify(newer))]), ctx, deps);
    const response = await processDiagnoseBatch(sqsEvent([sqsRecord('o', JSON.stringify(older))]), ctx, deps);

    expect(response.batchItemFailures).toEqual([]);
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(1);
    expect(lines.some((l) => l.extra['outcome'] === 'stale')).toBe(true);
  });

  it('never lets a claim be taken again before its record expires', async () => {
    const { client } = fakeIdempotencyTable();
    const store = new IdempotencyStore(client, { tableName: 'idem', ttlSeconds: 86_400 });

    const first = await store.claim('publish#x', new Date(NOW));
    const later = await store.claim('publish#x', new Date(NOW + 3_600_000));
    const expired = await store.claim('publish#x', new Date(NOW + 86_401_000));

    expect([first.result, later.result, expired.result]).toEqual(['claimed', 'duplicate', 'claimed']);
  });
});

describe('SNS message', () => {
  const event = parseInput(fixture('backup-job-failed.json'));
  const diagnosis = fakeDiagnosis(event.ok ? event.events[0]! : (undefined as never));

  it('carries a body per protocol and the diagnosis attributes', () => {
    const input = buildSnsPublish(TOPIC, diagnosis, {
      email: { subject: 'Backup job failed', body: 'text' },
      slack: '{"text":"s"}',
      chatbot: '{"version":"1.0","source":"custom"}',
    });

    expect(input.MessageStructure).toBe('json');
    expect(JSON.parse(input.Message!)).toEqual({
      default: 'text',
      email: 'text',
      sqs: '{"text":"s"}',
      https: '{"version":"1.0","source":"custom"}',
    });
    expect(input.MessageAttributes?.[DIAGNOSIS_ID_ATTRIBUTE]?.StringValue).toBe(diagnosis.event.id);
  });

  it('keeps a huge message within 256 KiB and every part valid', () => {
    const input = buildSnsPublish(TOPIC, diagnosis, {
      email: { subject: 's', body: 'バックアップ'.repeat(100_000) },
      slack: JSON.stringify({ text: 'x'.repeat(300_000) }),
      chatbot: JSON.stringify({ version: '1.0', source: 'custom', content: { description: 'y'.repeat(300_000) } }),
    });

    const parts = JSON.parse(input.Message!) as Record<string, string>;

    expect(Buffer.byteLength(input.Message!, 'utf8')).toBeLessThanOrEqual(SNS_MAX_MESSAGE_BYTES);
    expect(JSON.parse(parts['sqs']!)).toHaveProperty('text');
    expect(JSON.parse(parts['https']!)).toMatchObject({ version: '1.0', source: 'custom' });
  });

  it('replaces an oversized Chatbot notification with one that has the required description', () => {
    // Chatbot's custom notification schema requires version, source and content.description.
    const input = buildSnsPublish(TOPIC, diagnosis, {
      email: { subject: 'Backup job failed', body: 'text' },
      slack: '{"text":"s"}',
      chatbot: JSON.stringify({ version: '1.0', source: 'custom', content: { description: 'y'.repeat(300_000) } }),
    });

    const chatbot = JSON.parse((JSON.parse(input.Message!) as Record<string, string>)['https']!) as {
      content: { description?: unknown };
    };

    expect(chatbot).toMatchObject({ version: '1.0', source: 'custom' });
    expect(chatbot.content.description).toBe('Backup job failed');
  });

  it.each([
    ['keeps a short ASCII subject', 'Role BackupRole cannot be assumed', 'Role BackupRole cannot be assumed'],
    ['joins lines', 'line one\nline two', 'line one line two'],
    ['keeps a Japanese subject (SNS takes UTF-8 subjects)', 'ロール BackupRole を引き受けられません', 'ロール BackupRole を引き受けられません'],
    ['falls back for a subject with nothing printable', '\u0007\n', 'backup-doctor: fallback'],
  ])('%s', (_name, subject, expected) => {
    expect(snsSubject(subject, 'backup-doctor: fallback')).toBe(expected);
  });

  it('truncates a long subject to 99 characters', () => {
    const subject = snsSubject('A'.repeat(300), 'x');

    expect(subject).toHaveLength(99);
    expect(subject.endsWith('...')).toBe(true);
  });

  it('cuts text on a character boundary within the byte budget', () => {
    const cut = truncateBytes('ああああ', 8, '…');

    expect(Buffer.byteLength(cut, 'utf8')).toBeLessThanOrEqual(8);
    expect(cut).toBe('あ…');
  });
});
