/**
 * End to end: the BUNDLED diagnoser handler (the artefact `cdk deploy` ships) against the loopback fake of AWS,
 * which speaks the services' real wire protocols. The SDK's own serialisation, error parsing and retries run.
 */
import { agentEnvironment } from '../../lambdas/pipeline/agent-config.ts';
import { BUILTIN_AGENT_PROFILES } from '../../profiles/agent-profiles.ts';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadScenarios, type Scenario } from '../../lambdas/cli/scenarios.ts';
import { builtHandlerDir } from '../../lib/bundling.ts';
import { type FakeAws, type FaultPlan, startFakeAws } from '../harness/fake-aws.ts';
import { runBundle } from '../harness/run-bundle.ts';


const TOPIC_ARN = 'arn:aws:sns:ap-northeast-1:111122223333:backup-doctor';
const scenarios = loadScenarios();

/**
 * Scenarios whose deciding fact no AWS API holds, so a live diagnosis must say it could not check it (the offline
 * snapshot carries it because a person supplied it).
 */
const NOT_READABLE_LIVE: Record<string, string> = {
  '08-vmware-disk-size': 'VMware disk sizes and modes are vCenter facts; AWS Backup APIs do not report them',
  '15-ecs-filesystem-differs-from-snapshot': 'EC2 does not record the filesystem a snapshot was made from',
};
/** The deployed artefact itself: dist/, which the test run's global setup brings up to date. */
const bundleFile = join(builtHandlerDir('diagnose.ts'), 'index.mjs');
const running: FakeAws[] = [];

beforeAll(() => {
  expect(existsSync(bundleFile), `${bundleFile} (npm run build)`).toBe(true);
});

afterEach(async () => {
  for (const aws of running.splice(0)) await aws.close();
});

/** Starts the fake for a scenario and returns an invoker that runs the bundle in a fresh Node process. */
async function deploy(
  scenario: Scenario,
  faults: FaultPlan = {},
): Promise<{ aws: FakeAws; invoke: (...events: SQSEvent[]) => Promise<SQSBatchResponse[]> }> {
  const aws = await startFakeAws(scenario.evidence, faults);
  running.push(aws);
  const env = {
    ...process.env,
    ...aws.env,
    TOPIC_ARN,
    IDEMPOTENCY_TABLE: 'backup-doctor-idempotency',
    REPORT_LANG: 'en',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    // A scenario's user-defined agent profiles reach the function as a deployment gives them.
    ...agentEnvironment(scenario.agentProfiles.filter((p) => !BUILTIN_AGENT_PROFILES.includes(p))),
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  const invoke = async (...events: SQSEvent[]): Promise<SQSBatchResponse[]> => {
    return (await runBundle(bundleFile, env, { invocations: events })) as SQSBatchResponse[];
  };
  return { aws, invoke };
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

/** The email form of the one published diagnosis (SNS MessageStructure json). */
function emailOf(aws: FakeAws): string {
  expect(aws.published).toHaveLength(1);
  const message = JSON.parse(aws.published[0]?.message ?? '{}') as { email?: string; default?: string };
  return message.email ?? message.default ?? '';
}

// Each case starts Node processes (one per scenario): generous time on a loaded machine.
describe('the bundled diagnoser against the fake AWS', { timeout: 600_000 }, () => {
  /** The check that the published diagnosis blames (the fingerprint's fourth field), or '' when none does. */
  const blamedCheck = (email: string): string => email.match(/Root-cause id (\S+)/)?.[1]?.split('|')[3] ?? '';

  it.each(scenarios.map((s) => [s.id, s] as const))('diagnoses %s and publishes once', async (_id, scenario) => {
    // Prepare
    const { aws, invoke } = await deploy(scenario);

    // Act: one delivery, then two duplicates in a later batch of the same warm instance.
    const [first, again] = await invoke(sqsEvent([scenario.rawEvent]), sqsEvent([scenario.rawEvent, scenario.rawEvent]));

    // Assess
    expect(first?.batchItemFailures).toEqual([]);
    expect(again?.batchItemFailures).toEqual([]);
    const email = emailOf(aws);
    if (NOT_READABLE_LIVE[scenario.id]) {
      const unsure = email.slice(email.search(/Could not check/i));
      expect(unsure, NOT_READABLE_LIVE[scenario.id]).toContain(`[${scenario.expect.checkId}]`);
    } else {
      expect(email).toContain(`|${scenario.expect.category}|${scenario.expect.checkId}|`);
    }
    expect(aws.requests.some((r) => r.service === 'dynamodb' && r.action === 'PutItem')).toBe(true);
  });

  it('completes every diagnosis with 30% of IAM and KMS responses throttled', async () => {
    let injected = 0;
    for (const [i, scenario] of scenarios.entries()) {
      const { aws, invoke } = await deploy(scenario, {
        seed: 30 + i,
        faults: { iam: { throttle: 0.3 }, kms: { throttle: 0.3 } },
      });
      const [result] = await invoke(sqsEvent([scenario.rawEvent]));
      expect(result?.batchItemFailures, scenario.id).toEqual([]);
      expect(aws.published, scenario.id).toHaveLength(1);
      injected += aws.requests.filter((r) => r.injected).length;
      // The diagnosis is still right: it blames the expected check, or says it could not check it because a read
      // stayed throttled after the retries.
      const email = emailOf(aws);
      const blamed = blamedCheck(email);
      if (blamed !== scenario.expect.checkId) {
        const unsure = email.slice(email.search(/Could not check/i));
        expect(unsure, `${scenario.id} blamed ${blamed}`).toContain(`[${scenario.expect.checkId}]`);
        if (!NOT_READABLE_LIVE[scenario.id]) expect(email, scenario.id).toMatch(/throttl/i);
      }
    }
    expect(injected).toBeGreaterThan(scenarios.length);
  });

  /** Faults per collector, and the checks whose verdict would rest on the unread evidence. */
  const DENIALS: [string, RegExp | undefined][] = [
    // The service-linked role is recognised from the role ARN alone, and a denied PassRole from CloudTrail.
    ['iam', /^(iam-(?!wrong-role-service-linked)|s3-backup|ecs-infra|ecs-role)/],
    ['kms', /^(kms|ecs-kms)/],
    ['backup', undefined],
    ['ec2', undefined],
    ['ecs', undefined],
    ['cloudtrail', /^ecs-passrole$/],
    ['dynamodb:DescribeTable', undefined],
  ];


  /** The services (and service:Action pairs) each scenario reads, from one run without faults. */
  const reads = new Map<string, Set<string>>();
  beforeAll(async () => {
    for (const scenario of scenarios) {
      const { aws, invoke } = await deploy(scenario);
      await invoke(sqsEvent([scenario.rawEvent]));
      reads.set(scenario.id, new Set(aws.requests.flatMap((r) => [r.service, `${r.service}:${r.action}`])));
      await aws.close();
      running.splice(running.indexOf(aws), 1);
    }
  }, 300_000);

  it.each(DENIALS)(
    'publishes a partial diagnosis that names the unread evidence when %s is denied',
    async (fault, neverBlamed) => {
      // Only the scenarios that read the service are claimed: each of them must get the fault injected.
      const covered = scenarios.filter((s) => reads.get(s.id)?.has(fault));
      expect(covered.length, fault).toBeGreaterThan(0);
      for (const scenario of covered) {
        const { aws, invoke } = await deploy(scenario, { faults: { [fault]: { accessDenied: true } } });
        const [result] = await invoke(sqsEvent([scenario.rawEvent]));
        expect(result?.batchItemFailures, scenario.id).toEqual([]);
        const denied = aws.requests.filter((r) => r.injected);
        expect(denied.length, `${scenario.id}: the fake recorded no injected ${fault} fault`).toBeGreaterThan(0);
        const email = emailOf(aws);
        // The gap is reported as what the diagnoser could not read, naming the denied action, never as the job's
        // role being denied.
        const service = fault.split(':')[0] ?? fault;
        expect(email, scenario.id).toMatch(new RegExp(`could not read[^\\n]*${service}:`, 'i'));
        const blamed = blamedCheck(email);
        if (neverBlamed) expect(blamed, scenario.id).not.toMatch(neverBlamed);
        // Either the expected check still fails (its evidence came from elsewhere), or the diagnosis says it could
        // not check it.
        if (blamed !== scenario.expect.checkId) {
          expect(email.slice(email.search(/Could not check/i)), `${scenario.id} blamed ${blamed}`).toContain(`[${scenario.expect.checkId}]`);
        }
      }
    },
    600_000,
  );
});
