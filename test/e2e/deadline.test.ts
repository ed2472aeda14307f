/**
 * Every AWS call of the bundled diagnoser is bounded by the invocation's remaining time less the safety margin:
 * with a slow service injected in the loopback fake, the handler returns within its budget, says what it could
 * not read, and a write it could not finish leaves the record to SQS's retry instead of overrunning.
 * An event from another account is reported as such, and nothing is read for it.
 */
import { randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadScenarios } from '../../lambdas/cli/scenarios.ts';
import { bundleHandler } from '../harness/bundle.ts';
import { type FakeAws, type FaultPlan, startFakeAws } from '../harness/fake-aws.ts';

const RUNNER = fileURLToPath(new URL('../harness/invoke-bundle-timed.mjs', import.meta.url));
const TOPIC_ARN = 'arn:aws:sns:ap-northeast-1:111122223333:backup-doctor';
const scenario = loadScenarios().find((s) => s.id === '01-role-not-trusted');
if (!scenario) throw new Error('scenario 01-role-not-trusted is missing');

let bundleFile = '';
const running: FakeAws[] = [];

beforeAll(async () => {
  bundleFile = (await bundleHandler('diagnose.ts')).file;
}, 120_000);
afterAll(() => rmSync(dirname(bundleFile), { recursive: true, force: true }));
afterEach(async () => {
  for (const aws of running.splice(0)) void aws.close();
});

function sqsEvent(body: unknown): SQSEvent {
  return {
    Records: [
      {
        messageId: randomUUID(),
        receiptHandle: 'handle',
        body: JSON.stringify(body),
        attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'events.amazonaws.com', ApproximateFirstReceiveTimestamp: '0' },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:ap-northeast-1:111122223333:backup-doctor-intake',
        awsRegion: 'ap-northeast-1',
      },
    ],
  };
}

/** Runs the bundle once with `budgetMs` of remaining time; returns its answer and how long it took. */
async function run(
  faults: FaultPlan,
  budgetMs: number,
  body: unknown,
  extraEnv: Record<string, string> = {},
): Promise<{ aws: FakeAws; result: SQSBatchResponse | undefined; elapsedMs: number }> {
  const aws = await startFakeAws(scenario!.evidence, faults);
  running.push(aws);
  const env = {
    ...process.env,
    ...aws.env,
    TOPIC_ARN,
    IDEMPOTENCY_TABLE: 'backup-doctor-idempotency',
    REPORT_LANG: 'en',
    SAFETY_MARGIN_MS: '2000',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...extraEnv,
  };
  const child = execFile(process.execPath, [RUNNER, bundleFile], { env, maxBuffer: 16 * 1024 * 1024 });
  let out = '';
  let err = '';
  child.stdout?.on('data', (c) => (out += c));
  child.stderr?.on('data', (c) => (err += c));
  child.stdin?.end(JSON.stringify({ invocations: [sqsEvent(body)], timeoutMs: budgetMs }));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`bundle exited ${code}: ${err.slice(0, 2000)}`);
  const { results, durationsMs } = JSON.parse(out) as { results: SQSBatchResponse[]; durationsMs: number[] };
  return { aws, result: results[0], elapsedMs: durationsMs[0] ?? Number.POSITIVE_INFINITY };
}

function emailOf(aws: FakeAws): string {
  const message = JSON.parse(aws.published[0]?.message ?? '{}') as { email?: string; default?: string };
  return message.email ?? message.default ?? '';
}

describe('the invocation deadline', () => {
  it('finishes within its budget and names what it could not read when IAM answers after 20 s', async () => {
    const budget = 8_000;

    const { aws, result, elapsedMs } = await run({ faults: { iam: { latencyMs: 20_000 } } }, budget, scenario.rawEvent);

    // Measured from the handler's call (module load excluded); without the deadline it takes 20 s and more.
    expect(elapsedMs).toBeLessThan(budget);
    expect(result?.batchItemFailures).toEqual([]);
    expect(aws.published).toHaveLength(1);
    const email = emailOf(aws);
    expect(email).toMatch(/Could not check/);
    expect(email).toMatch(/iam:GetRole[^\n]*timed out|timed out[^\n]*iam:GetRole/);
  }, 60_000);

  it('gives the record back to SQS, within its budget, when SNS answers after 20 s', async () => {
    const budget = 8_000;

    const { aws, result, elapsedMs } = await run({ faults: { sns: { latencyMs: 20_000 } } }, budget, scenario.rawEvent);

    expect(elapsedMs).toBeLessThan(budget);
    expect(result?.batchItemFailures).toHaveLength(1);
    expect(aws.published).toEqual([]);
  }, 60_000);

  it('gives the record back to SQS, within its budget, when DynamoDB answers after 20 s', async () => {
    const budget = 8_000;

    const { result, elapsedMs } = await run({ faults: { dynamodb: { latencyMs: 20_000 } } }, budget, scenario.rawEvent);

    expect(elapsedMs).toBeLessThan(budget);
    expect(result?.batchItemFailures).toHaveLength(1);
  }, 60_000);
});

describe('an event from another account', () => {
  it('says so, names both accounts and reads nothing', async () => {
    const raw = scenario.rawEvent as Record<string, unknown>;
    const foreign = { ...raw, account: '444455556666' };

    const { aws, result } = await run({}, 30_000, foreign, { ACCOUNT_ID: '111122223333' });

    expect(result?.batchItemFailures).toEqual([]);
    const reads = aws.requests.filter((r) => !(r.service === 'sns' || (r.service === 'dynamodb' && /Item$/.test(r.action))));
    expect(reads).toEqual([]);
    const email = emailOf(aws).replace(/\s+/g, ' ');
    expect(email).toContain('This event comes from account 444455556666 (ap-northeast-1)');
    expect(email).toContain('reads only account 111122223333 (ap-northeast-1)');
  }, 60_000);

  it('says so for another region of this account', async () => {
    const raw = scenario.rawEvent as Record<string, unknown>;
    const elsewhere = { ...raw, region: 'eu-west-1' };

    const { aws } = await run({}, 30_000, elsewhere, { ACCOUNT_ID: '111122223333', AWS_REGION: 'ap-northeast-1' });

    expect(aws.requests.filter((r) => r.service !== 'sns' && r.service !== 'dynamodb')).toEqual([]);
    expect(emailOf(aws).replace(/\s+/g, ' ')).toContain('This event comes from account 111122223333 (eu-west-1)');
  }, 60_000);
});
