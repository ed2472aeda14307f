/**
 * The storm benchmark: the BUNDLED diagnoser and reconciler (the artefacts `cdk deploy` ships) against the
 * loopback fake of AWS, with latency on every answer and IAM throttled. Two storms:
 * - one-cause: 500 failed backup jobs, one role at fault;
 * - five-causes: 500 jobs over five roles, shuffled, 10% delivered twice, 5% never delivered (the reconciler's
 *   sweep finds them).
 * Five execution environments (the diagnoser's concurrency cap) take batches of five records. Then the reconciler
 * runs, and runs again after the grouping window (its clock moved 61 minutes on) to send the summaries.
 * Prints one JSON line per storm, last: notifications (SNS publishes), awsCalls (requests to the account's
 * services, retries included; backup-doctor's own table and topic excluded), lost (failures neither notified nor
 * counted in a summary) and duplicates (failures notified or counted more than once, and extra notices).
 */
import { readFileSync, rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SQSEvent } from 'aws-lambda';
import type { Evidence } from '../lambdas/model/types.ts';
import { bundleHandler } from '../test/harness/bundle.ts';
import { type FakeJob, startFakeJobs } from '../test/harness/fake-aws-jobs.ts';
import { startFakeAws } from '../test/harness/fake-aws.ts';
import { runBundle } from '../test/harness/run-bundle.ts';
import { seeded } from '../test/harness/fake-aws/wire.ts';

const CLOCK = fileURLToPath(new URL('./clock-offset.mjs', import.meta.url));
const SCENARIO = fileURLToPath(new URL('../demo/scenarios/01-role-not-trusted/', import.meta.url));
const TOPIC_ARN = 'arn:aws:sns:ap-northeast-1:111122223333:backup-doctor';
const CONTAINERS = 5;
const BATCH = 5;
const EVENTS = Number(process.env['STORM_EVENTS'] ?? 500);

const event = JSON.parse(readFileSync(`${SCENARIO}event.json`, 'utf8')) as { detail: Record<string, unknown> } & Record<string, unknown>;
const snapshot = JSON.parse(readFileSync(`${SCENARIO}snapshot.json`, 'utf8')) as Evidence;
const ROLE = String(event.detail['iamRoleArn']);

interface Storm {
  readonly name: string;
  readonly causes: number;
  readonly shuffle: boolean;
  readonly twice: number;
  readonly lost: number;
}

const roleOf = (cause: number): string => (cause === 0 ? ROLE : `${ROLE}${cause + 1}`);

/** The snapshot with one role per cause: copies of the scenario's role under other names. */
function stormSnapshot(causes: number): Evidence {
  const role = snapshot.roles?.[ROLE];
  if (!role) throw new Error(`the scenario's snapshot has no ${ROLE}`);
  const roles = Object.fromEntries(
    Array.from({ length: causes }, (_, c) => [roleOf(c), { ...role, arn: roleOf(c), name: roleOf(c).slice(roleOf(c).lastIndexOf('/') + 1) }]),
  );
  return { ...snapshot, roles };
}

function jobs(causes: number, completedAt: string): { job: FakeJob; body: unknown }[] {
  return Array.from({ length: EVENTS }, (_, i) => {
    const cause = i % causes;
    const jobId = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const resourceArn = `arn:aws:ec2:ap-northeast-1:111122223333:volume/vol-${String(i).padStart(17, '0')}`;
    const role = roleOf(cause);
    const detail: Record<string, unknown> = { ...event.detail, backupJobId: jobId, resourceArn, iamRoleArn: role, statusMessage: String(event.detail['statusMessage']).replace(ROLE, role) };
    const job: FakeJob = {
      jobId,
      state: 'FAILED',
      statusMessage: String(detail.statusMessage).replace(/^"|"$/g, ''),
      resourceArn,
      resourceType: String(detail['resourceType']),
      roleArn: role,
      vaultName: String(detail['backupVaultName']),
      vaultArn: String(detail['backupVaultArn']),
      accountId: String(event['account']),
      creationDate: completedAt,
      completionDate: completedAt,
    };
    return { job, body: { ...event, id: `evt-${i}`, detail } };
  });
}

function sqsEvent(bodies: readonly unknown[], n: number): SQSEvent {
  return {
    Records: bodies.map((body, i) => ({
      messageId: `m-${n}-${i}`,
      receiptHandle: 'handle',
      body: JSON.stringify(body),
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'x', ApproximateFirstReceiveTimestamp: '0' },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:ap-northeast-1:111122223333:intake',
      awsRegion: 'ap-northeast-1',
    })),
  };
}

async function invoke(bundle: string, env: NodeJS.ProcessEnv, events: unknown[], offsetMs = 0): Promise<unknown[]> {
  return (await runBundle(bundle, { ...env, CLOCK_OFFSET_MS: String(offsetMs) }, { invocations: events, timeoutMs: 280_000 }, ['--import', CLOCK])) as unknown[];
}

async function run(storm: Storm, diagnoser: string, reconciler: string) {
  const aws = await startFakeAws(stormSnapshot(storm.causes), {
    seed: 7,
    faults: { '*': { latencyMs: 2 }, iam: { latencyMs: 10, throttle: 0.1 } },
  });
  const completedAt = new Date(Date.now() - 30 * 60_000).toISOString();
  const all = jobs(storm.causes, completedAt);
  const proxy = await startFakeJobs(aws, all.map((j) => j.job));
  const env = {
    ...process.env,
    ...proxy.env,
    TOPIC_ARN,
    IDEMPOTENCY_TABLE: 'backup-doctor-idempotency',
    REPORT_LANG: 'en',
    GROUP_WINDOW_MINUTES: '60',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  const random = seeded(storm.causes * 7919 + 1);
  let deliveries = all.map((j) => j.body);
  if (storm.shuffle) {
    for (let i = deliveries.length - 1; i > 0; i -= 1) {
      const k = Math.floor(random() * (i + 1));
      [deliveries[i], deliveries[k]] = [deliveries[k], deliveries[i]];
    }
  }
  const lostCount = Math.round(EVENTS * storm.lost);
  const twiceCount = Math.round(EVENTS * storm.twice);
  const kept = deliveries.slice(lostCount);
  // The duplicates arrive later, among the other deliveries.
  deliveries = [...kept];
  for (const body of kept.slice(0, twiceCount)) deliveries.splice(Math.floor(random() * (deliveries.length + 1)), 0, body);
  const batches: unknown[][] = [];
  for (let i = 0; i < deliveries.length; i += BATCH) batches.push(deliveries.slice(i, i + BATCH));
  const perContainer: SQSEvent[][] = Array.from({ length: CONTAINERS }, () => []);
  batches.forEach((b, i) => perContainer[i % CONTAINERS]!.push(sqsEvent(b, i)));

  const started = performance.now();
  await Promise.all(perContainer.map((events) => invoke(diagnoser, env, events)));
  await invoke(reconciler, env, [{}]);
  await invoke(reconciler, env, [{}], 61 * 60_000);
  const seconds = (performance.now() - started) / 1000;

  const kinds = aws.published.map((p) => /^\[backup-doctor\] (New|Summary|Resolved)\b/.exec(p.subject ?? '')?.[1] ?? 'other');
  const news = kinds.filter((k) => k === 'New').length;
  const summaries = aws.published.filter((p) => (p.subject ?? '').startsWith('[backup-doctor] Summary'));
  const counted = summaries.reduce((sum, p) => sum + Number(/\+(\d+) more jobs/.exec(p.subject ?? '')?.[1] ?? 0), 0);
  const accounted = news + counted;
  const reads = proxy.requests().filter((r) => r.service !== 'dynamodb' && r.service !== 'sns');
  const awsCalls = reads.length;
  const byAction = new Map<string, number>();
  for (const r of reads) byAction.set(`${r.service}:${r.action}`, (byAction.get(`${r.service}:${r.action}`) ?? 0) + 1);
  console.error(`${storm.name} reads: ${JSON.stringify(Object.fromEntries(byAction))}`);
  await proxy.close();
  await aws.close();
  return {
    line: {
      storm: storm.name,
      events: EVENTS,
      rootCauses: storm.causes,
      notifications: aws.published.length,
      awsCalls,
      lost: Math.max(0, EVENTS - accounted),
      duplicates: Math.max(0, accounted - EVENTS) + Math.max(0, news - storm.causes) + Math.max(0, summaries.length - storm.causes),
    },
    seconds,
  };
}

const diagnoser = await bundleHandler('diagnose.ts');
const reconciler = await bundleHandler('reconcile.ts');
try {
  const storms: Storm[] = [
    { name: 'one-cause', causes: 1, shuffle: false, twice: 0, lost: 0 },
    { name: 'five-causes', causes: 5, shuffle: true, twice: 0.1, lost: 0.05 },
  ];
  const lines = [];
  for (const storm of storms) {
    const { line, seconds } = await run(storm, diagnoser.file, reconciler.file);
    console.error(`${storm.name}: ${seconds.toFixed(1)} s on ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`);
    lines.push(line);
  }
  for (const line of lines) console.log(JSON.stringify(line));
} finally {
  rmSync(dirname(diagnoser.file), { recursive: true, force: true });
  rmSync(dirname(reconciler.file), { recursive: true, force: true });
}
