/**
 * Never twice (docs/delivery.md): each write of the send path fails in turn, at the HTTP level against the loopback
 * fake (real DynamoDB condition expressions, real SNS and DynamoDB error answers), then SQS redelivers every record
 * twice more, after the old 120 s lock would have expired. Each job is published at most once, and the cases the
 * design promises to recover publish exactly once.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { afterEach, describe, expect, it } from 'vitest';
import { routeFor } from '../../lambdas/catalog/routes.ts';
import { isFailure, parseInput } from '../../lambdas/events/index.ts';
import { type DiagnoseDeps, processDiagnoseBatch } from '../../lambdas/handlers/diagnose-batch.ts';
import { IdempotencyStore, ecsVersionKey, publishDiagnosis } from '../../lambdas/publish/index.ts';
import { type FakeAws, type Fault, startFakeAws } from '../harness/fake-aws.ts';
import { EMPTY_EVIDENCE, NOW, fakeDiagnosis, fakeRenderers, fixture, recordingLog, sqsEvent, sqsRecord } from './support.ts';

const TOPIC = 'arn:aws:sns:us-east-1:111122223333:backup-doctor';
const ctx = { getRemainingTimeInMillis: () => 60_000 };
const running: FakeAws[] = [];
afterEach(async () => {
  for (const aws of running.splice(0)) await aws.close();
});

async function setup() {
  const aws = await startFakeAws(EMPTY_EVIDENCE);
  running.push(aws);
  const common = { region: 'us-east-1', endpoint: aws.url, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } };
  const store = new IdempotencyStore(new DynamoDBClient({ ...common, maxAttempts: 2 }), { tableName: 'idem', ttlSeconds: 86_400 });
  const sns = new SNSClient({ ...common, maxAttempts: 1 });
  const { log, lines } = recordingLog();
  let now = NOW;
  const deps: DiagnoseDeps = {
    parseInput,
    isFailure,
    routeFor,
    collect: async () => EMPTY_EVIDENCE,
    diagnose: (event) => fakeDiagnosis(event),
    publish: (diagnosis, at) => publishDiagnosis(diagnosis, { sns, store, topicArn: TOPIC, lang: 'en', now: at, renderers: fakeRenderers }),
    admitVersion: (taskArn, version, at) => store.admitVersion(ecsVersionKey(taskArn), version, at),
    log,
    clock: () => now,
    safetyMarginMs: 1_000,
  };
  return { aws, deps, lines, advance: (ms: number) => (now += ms) };
}

/** Three failed backup jobs: the real sample with three job ids. */
const JOBS = ['job-1', 'job-2', 'job-3'].map((id) => {
  const event = fixture('backup-job-failed.json');
  return { id, body: JSON.stringify({ ...event, detail: { ...(event['detail'] as object), backupJobId: id } }) };
});

/** Delivers every job with `faults` injected, then twice more without, 13 minutes apart (SQS redelivery). */
async function deliverWithFault(faults: Record<string, Fault>) {
  const s = await setup();
  s.aws.setFaults({ faults });
  const failures = [];
  const batch = () => sqsEvent(JOBS.map((j) => sqsRecord(j.id, j.body)));
  failures.push((await processDiagnoseBatch(batch(), ctx, s.deps)).batchItemFailures.length);
  s.aws.setFaults({});
  for (const _ of [1, 2]) {
    s.advance(13 * 60_000);
    failures.push((await processDiagnoseBatch(batch(), ctx, s.deps)).batchItemFailures.length);
  }
  const published = s.aws.published.map((p) => /Diagnosis of ([^"\\]+)/.exec(p.message)?.[1]);
  return { published, failures, lines: s.lines, requests: s.aws.requests };
}

describe('each write of the send path failing', () => {
  it('claim (PutItem) throttled: nothing sent, then each job once on redelivery', async () => {
    const r = await deliverWithFault({ 'dynamodb:PutItem': { throttle: 1 } });

    expect(r.requests.some((q) => q.action === 'PutItem' && q.injected)).toBe(true);
    expect(r.failures).toEqual([3, 0, 0]);
    expect(r.published.sort()).toEqual(['job-1', 'job-2', 'job-3']);
  });

  it('publish refused (SNS throttling): released, then each job once on redelivery', async () => {
    const r = await deliverWithFault({ 'sns:Publish': { throttle: 1 } });

    expect(r.requests.filter((q) => q.action === 'Publish' && q.injected)).toHaveLength(3);
    expect(r.failures).toEqual([3, 0, 0]);
    expect(r.published.sort()).toEqual(['job-1', 'job-2', 'job-3']);
  });

  it('publish of unknown outcome (SNS 500): never sent again, and logged as such', async () => {
    const r = await deliverWithFault({ 'sns:Publish': { serverError: 1 } });

    expect(r.requests.filter((q) => q.action === 'Publish' && q.injected)).toHaveLength(3);
    expect(r.requests.filter((q) => q.action === 'Publish')).toHaveLength(3);
    expect(r.failures).toEqual([3, 0, 0]);
    expect(r.lines.filter((l) => JSON.stringify(l.extra).includes('DeliveryOutcomeUnknown'))).toHaveLength(3);
  });

  it('mark sent (UpdateItem) throttled after SNS accepted: each job once, not again on redelivery', async () => {
    // Before the fix: 3 jobs, 6 publishes (the retry claimed the expired lock and published again).
    const r = await deliverWithFault({ 'dynamodb:UpdateItem': { throttle: 1 } });

    expect(r.requests.some((q) => q.action === 'UpdateItem' && q.injected)).toBe(true);
    expect(r.failures).toEqual([3, 0, 0]);
    expect(r.published.sort()).toEqual(['job-1', 'job-2', 'job-3']);
  });

  it('release (DeleteItem) throttled after SNS refused: never sent twice, and the failure is logged', async () => {
    const r = await deliverWithFault({ 'sns:Publish': { throttle: 1 }, 'dynamodb:DeleteItem': { throttle: 1 } });

    expect(r.requests.some((q) => q.action === 'DeleteItem' && q.injected)).toBe(true);
    expect(r.failures).toEqual([3, 0, 0]);
    // The claim could not be given up, so the design prefers silence to a possible duplicate.
    expect(r.published).toEqual([]);
    expect(r.lines.filter((l) => l.level === 'error')).toHaveLength(3);
  });

  it('claim answered after its commit was lost: the SDK retry recognises its own claim and sends once', async () => {
    const s = await setup();
    const store = new IdempotencyStore(new DynamoDBClient({ region: 'us-east-1', endpoint: s.aws.url, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }), {
      tableName: 'idem',
      ttlSeconds: 86_400,
      newToken: () => 'token-a',
    });
    // The first put committed, its answer was lost, the SDK's retry carries the same item.
    const first = await store.claim('publish#x', new Date(NOW));
    const retry = await store.claim('publish#x', new Date(NOW));
    const other = new IdempotencyStore(new DynamoDBClient({ region: 'us-east-1', endpoint: s.aws.url, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }), {
      tableName: 'idem',
      ttlSeconds: 86_400,
      newToken: () => 'token-b',
    });

    expect([first.result, retry.result, (await other.claim('publish#x', new Date(NOW))).result]).toEqual(['claimed', 'claimed', 'duplicate']);
  });
});

describe('one ECS attachment failure, one notification', () => {
  const base = fixture('ecs-task-state-change-ebs-failed-assume-role.synthetic.json');
  const detail = base['detail'] as Record<string, unknown>;
  const version = (v: number, lastStatus: string) => ({ v, body: JSON.stringify({ ...base, id: `evt-${v}`, detail: { ...detail, version: v, lastStatus } }) });
  const versions = [version(3, 'DEPROVISIONING'), version(4, 'STOPPED'), version(5, 'STOPPED')];
  const orders = [
    [0, 1, 2],
    [2, 1, 0],
    [1, 0, 2],
    [0, 2, 1, 0, 2],
  ];

  it.each(orders.map((o) => [o.join(',')]))('versions in order %s: one publish', async (order) => {
    const s = await setup();
    for (const i of order.split(',').map(Number)) {
      const d = versions[i]!;
      await processDiagnoseBatch(sqsEvent([sqsRecord(`m-${d.v}`, d.body)]), ctx, s.deps);
    }

    expect(s.aws.published).toHaveLength(1);
  });
});
