/**
 * End to end: the BUNDLED diagnoser handler (the artefact `cdk deploy` ships) against the loopback fake of AWS,
 * which speaks the services' real wire protocols. The SDK's own serialisation, error parsing and retries run.
 */
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadScenarios, type Scenario } from '../../lambdas/cli/scenarios.ts';
import { bundleHandler } from '../harness/bundle.ts';
import { type FakeAws, type FaultPlan, startFakeAws } from '../harness/fake-aws.ts';

type Handler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

const TOPIC_ARN = 'arn:aws:sns:ap-northeast-1:111122223333:backup-doctor';
const scenarios = loadScenarios();
let bundleFile = '';
let loads = 0;
const running: FakeAws[] = [];
const savedEnv = { ...process.env };

beforeAll(async () => {
  bundleFile = (await bundleHandler('diagnose.ts')).file;
}, 120_000);

afterEach(async () => {
  for (const aws of running.splice(0)) await aws.close();
  process.env = { ...savedEnv };
});

/** Starts the fake for a scenario and loads a fresh instance of the bundle pointed at it (config is read at load). */
async function deploy(scenario: Scenario, faults: FaultPlan = {}): Promise<{ aws: FakeAws; handler: Handler }> {
  const aws = await startFakeAws(scenario.evidence, faults);
  running.push(aws);
  Object.assign(process.env, aws.env, {
    TOPIC_ARN,
    IDEMPOTENCY_TABLE: 'backup-doctor-idempotency',
    REPORT_LANG: 'en',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    AWS_MAX_ATTEMPTS: '3',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
  loads += 1;
  // Node's own loader, as Lambda uses it (vitest's transform of a 2 MB bundle would dominate the test's time).
  const nativeImport = new Function('url', 'return import(url)') as (url: string) => Promise<{ handler: Handler }>;
  const mod = await nativeImport(`${pathToFileURL(bundleFile).href}?instance=${loads}`);
  return { aws, handler: mod.handler };
}

function sqsEvent(bodies: unknown[]): SQSEvent {
  return {
    Records: bodies.map((body) => ({
      messageId: randomUUID(),
      receiptHandle: 'handle',
      body: JSON.stringify(body),
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: '0',
        SenderId: 'events.amazonaws.com',
        ApproximateFirstReceiveTimestamp: '0',
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:ap-northeast-1:111122223333:backup-doctor-intake',
      awsRegion: 'ap-northeast-1',
    })),
  };
}

function context(ms = 110_000): Context {
  const deadline = Date.now() + ms;
  return {
    functionName: 'backup-doctor-diagnoser',
    awsRequestId: randomUUID(),
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  } as unknown as Context;
}

/** The email form of the one published diagnosis (SNS MessageStructure json). */
function emailOf(aws: FakeAws): string {
  expect(aws.published).toHaveLength(1);
  const message = JSON.parse(aws.published[0]?.message ?? '{}') as { email?: string; default?: string };
  return message.email ?? message.default ?? '';
}

describe('the bundled diagnoser against the fake AWS', () => {
  it.each(scenarios.map((s) => [s.id, s] as const))('diagnoses %s and publishes once', async (_id, scenario) => {
    // Prepare
    const { aws, handler } = await deploy(scenario);

    // Act
    const first = await handler(sqsEvent([scenario.rawEvent]), context());
    const again = await handler(sqsEvent([scenario.rawEvent, scenario.rawEvent]), context());

    // Assess
    expect(first.batchItemFailures).toEqual([]);
    expect(again.batchItemFailures).toEqual([]);
    const email = emailOf(aws);
    expect(email).toContain(`|${scenario.expect.category}|${scenario.expect.checkId}|`);
    expect(aws.requests.some((r) => r.service === 'dynamodb' && r.action === 'PutItem')).toBe(true);
  });

  it('completes every diagnosis with 30% of IAM and KMS responses throttled', async () => {
    let injected = 0;
    for (const [i, scenario] of scenarios.entries()) {
      const { aws, handler } = await deploy(scenario, {
        seed: 30 + i,
        faults: { iam: { throttle: 0.3 }, kms: { throttle: 0.3 } },
      });
      const result = await handler(sqsEvent([scenario.rawEvent]), context());
      expect(result.batchItemFailures, scenario.id).toEqual([]);
      expect(aws.published, scenario.id).toHaveLength(1);
      injected += aws.requests.filter((r) => r.injected).length;
    }
    expect(injected).toBeGreaterThan(scenarios.length);
  });

  it.each(['iam', 'kms', 'backup', 'ec2'])(
    'publishes a partial diagnosis that names the unread %s evidence when it is denied',
    async (service) => {
      for (const scenario of scenarios) {
        const { aws, handler } = await deploy(scenario, { faults: { [service]: { accessDenied: true } } });
        const result = await handler(sqsEvent([scenario.rawEvent]), context());
        expect(result.batchItemFailures, scenario.id).toEqual([]);
        const denied = aws.requests.filter((r) => r.service === service && r.injected);
        const email = emailOf(aws);
        if (denied.length > 0) {
          // The gap is reported as what the diagnoser could not read, never as the backup role being denied.
          expect(email, scenario.id).toMatch(/could not|Could not/);
        }
      }
    },
  );
});
