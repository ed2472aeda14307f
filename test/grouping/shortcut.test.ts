/**
 * Evidence reuse in a storm (docs/delivery.md, "Evidence reuse"), at the HTTP level: the diagnoser's batch logic
 * with the real collectors, pipeline and grouping, against the loopback fake of AWS (scenario snapshots) and a
 * proxy that serves the storm's jobs (DescribeBackupJob). Every request to the account's services is counted.
 * Events: the scenarios' EventBridge events (demo/scenarios), with their own job ids.
 */
import { DynamoDBClient, GetItemCommand, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { routeFor } from '../../lambdas/catalog/routes.ts';
import { loadScenarios } from '../../lambdas/cli/scenarios.ts';
import { isFailure, parseInput } from '../../lambdas/events/index.ts';
import { collectEvidence, createClients, EvidenceCache, readJob } from '../../lambdas/evidence/index.ts';
import { Grouping, RecordStore, jobNames } from '../../lambdas/grouping/index.ts';
import { type DiagnoseDeps, groupingShortcut, processDiagnoseBatch } from '../../lambdas/handlers/diagnose-batch.ts';
import { diagnose } from '../../lambdas/pipeline/index.ts';
import { emailMessage, messageTable, render } from '../../lambdas/pipeline/report.ts';
import { IdempotencyStore, ecsVersionKey } from '../../lambdas/publish/index.ts';
import type { FailureEvent } from '../../lambdas/model/types.ts';
import { type FakeJob, type FakeJobs, startFakeJobs } from '../harness/fake-aws-jobs.ts';
import { type FakeAws, startFakeAws } from '../harness/fake-aws.ts';
import { recordingLog, sqsEvent, sqsRecord } from '../publish/support.ts';

const TOPIC = 'arn:aws:sns:ap-northeast-1:111122223333:backup-doctor';
const REGION = 'ap-northeast-1';
const scenarios = loadScenarios();
const running: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const r of running.splice(0).reverse()) await r.close();
});

/** The same failure as the scenario's event, for another job (and resource, and status message when given). */
function stormJob(scenarioId: string, i: number, change: { resourceArn?: string; statusMessage?: string } = {}) {
  const scenario = scenarios.find((s) => s.id === scenarioId)!;
  const raw = scenario.rawEvent as { detail: Record<string, unknown> } & Record<string, unknown>;
  const jobId = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
  const resourceArn = change.resourceArn ?? String(raw.detail['resourceArn']);
  const statusMessage = change.statusMessage ?? String(raw.detail['statusMessage']).replace(/^"|"$/g, '');
  const detail: Record<string, unknown> = { ...raw.detail, backupJobId: jobId, resourceArn, statusMessage: `"${statusMessage}"` };
  const at = new Date(Date.now() - 30 * 60_000).toISOString();
  const job: FakeJob = {
    jobId,
    state: 'FAILED',
    statusMessage,
    resourceArn,
    resourceType: String(detail['resourceType']),
    roleArn: String(detail['iamRoleArn']),
    vaultName: String(detail['backupVaultName']),
    vaultArn: String(detail['backupVaultArn']),
    accountId: String(raw['account']),
    creationDate: at,
    completionDate: at,
  };
  return { job, body: { ...raw, id: `evt-${i}`, detail } };
}

type Job = ReturnType<typeof stormJob>;

const countOf = (requests: readonly { service: string; action: string }[]) => {
  const counts = new Map<string, number>();
  for (const r of requests) {
    if (r.service === 'dynamodb' || r.service === 'sns') continue;
    counts.set(`${r.service}:${r.action}`, (counts.get(`${r.service}:${r.action}`) ?? 0) + 1);
  }
  return counts;
};

/** The diagnoser's path over the fake, as lambdas/handlers/diagnose.ts wires it. */
async function setup(scenarioId: string, jobs: readonly Job[], opts: { windowMs?: number; throttledShortcut?: boolean } = {}) {
  const scenario = scenarios.find((s) => s.id === scenarioId)!;
  const aws: FakeAws = await startFakeAws(scenario.evidence);
  running.push(aws);
  const proxy: FakeJobs = await startFakeJobs(aws, jobs.map((j) => j.job));
  running.push(proxy);
  const common = { region: REGION, endpoint: proxy.url, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } };
  const clients = createClients({ ...common, maxAttempts: 1 });
  const ddb = new DynamoDBClient(common);
  const tableOpts = { tableName: 'idem', ttlSeconds: 86_400 };
  const sends = new IdempotencyStore(ddb, tableOpts);
  const groupingOver = (client: DynamoDBClient) =>
    new Grouping({
      records: new RecordStore(client, tableOpts),
      sends: new IdempotencyStore(client, tableOpts),
      sns: new SNSClient({ ...common, maxAttempts: 1 }),
      topicArn: TOPIC,
      lang: 'en',
      renderers: { render, emailMessage },
      table: messageTable(),
      windowMs: opts.windowMs ?? 60 * 60_000,
    });
  const grouping = groupingOver(ddb);
  // The shortcut's reads of the table throttled, as DynamoDB answers a table over its capacity.
  const shortcutDdb = new DynamoDBClient(common);
  if (opts.throttledShortcut) {
    mockClient(shortcutDdb)
      .on(GetItemCommand)
      .rejects(new ProvisionedThroughputExceededException({ message: 'The level of configured provisioned throughput for the table was exceeded.', $metadata: { httpStatusCode: 400 } }));
  }
  const cache = new EvidenceCache();
  const { log, lines } = recordingLog();
  let clock = Date.now();
  const deps: DiagnoseDeps = {
    parseInput,
    isFailure,
    routeFor,
    collect: (e, o) => collectEvidence(e, clients, { ...o, cache }),
    diagnose: (e, evidence, o) => diagnose(e, evidence, o),
    publish: (d, at, evidence) => grouping.onDiagnosis(d, at, evidence),
    completed: (e, at) => grouping.onCompleted(e, at),
    admitVersion: (taskArn, version, at) => sends.admitVersion(ecsVersionKey(taskArn), version, at),
    log,
    clock: () => clock,
    safetyMarginMs: 1_000,
    shortcut: groupingShortcut(opts.throttledShortcut ? groupingOver(shortcutDdb) : grouping, (e, { deadline }) =>
      readJob(e, clients, { deadline, cache, region: REGION }),
    ),
  };
  const ctx = { getRemainingTimeInMillis: () => 30_000 };
  /** Delivers one event; returns the reads it made of the account and what the diagnoser logged of it. */
  let delivered = 0;
  const deliver = async (body: unknown) => {
    const before = countOf(proxy.requests());
    const logged = lines.length;
    const messageId = `m-${(delivered += 1)}`;
    const result = await processDiagnoseBatch(sqsEvent([sqsRecord(messageId, JSON.stringify(body))]), ctx, deps);
    const reads: Record<string, number> = {};
    for (const [action, n] of countOf(proxy.requests())) if (n > (before.get(action) ?? 0)) reads[action] = n - (before.get(action) ?? 0);
    const handled = lines.slice(logged).find((l) => l.message === 'Handled an event' && l.extra['messageId'] === messageId);
    return { failures: result.batchItemFailures.length, reads, outcome: handled?.extra['outcome'], reused: handled?.extra['reused'], lines: lines.slice(logged) };
  };
  const reads = () => Object.fromEntries(countOf(proxy.requests()));
  return { aws, grouping, deliver, reads, advance: (ms: number) => (clock += ms), now: () => new Date(clock) };
}

describe('evidence reuse in a storm', () => {
  it('a second failure of the same cause is counted after one AWS read, its job; a redelivery after none', async () => {
    const jobs = [0, 1].map((i) => stormJob('01-role-not-trusted', i, { resourceArn: `arn:aws:ec2:${REGION}:111122223333:volume/vol-0000000000000000${i}` }));
    const s = await setup('01-role-not-trusted', jobs);

    const first = await s.deliver(jobs[0]!.body);
    expect(first.outcome).toBe('published');
    expect(first.reads['iam:GetRole']).toBe(1);

    s.advance(1_000);
    const second = await s.deliver(jobs[1]!.body);
    expect(second.failures).toBe(0);
    expect(second.outcome).toBe('counted');
    expect(second.reads).toEqual({ 'backup:DescribeBackupJob': 1 });
    // Which evidence it relied on: the role the first diagnosis read, for the first job.
    expect(second.reused).toContain('role arn:aws:iam::111122223333:role/BackupRole');
    expect(second.reused).toContain(`for job ${jobs[0]!.job.jobId}`);

    const again = await s.deliver(jobs[1]!.body);
    expect(again.outcome).toBe('duplicate');
    expect(again.reads).toEqual({});

    // The summary says how the counted failure was counted, and what it relied on.
    s.advance(61 * 60_000);
    expect(await s.grouping.sweep(s.now())).toEqual({ summaries: 1, closed: 1 });
    const summary = s.aws.published.find((p) => (p.subject ?? '').startsWith('[backup-doctor] Summary'));
    expect(summary?.subject).toContain('+1 more jobs, same cause');
    expect(summary?.message).toContain('1 of them were counted from their job record alone');
    expect(summary?.message).toContain('arn:aws:iam::111122223333:role/BackupRole');
  });

  it('failures arriving while the first is diagnosed wait for its shortcut: the objects are read once', async () => {
    const jobs = [0, 1, 2].map((i) => stormJob('01-role-not-trusted', i, { resourceArn: `arn:aws:ec2:${REGION}:111122223333:volume/vol-0000000000000000${i}` }));
    const s = await setup('01-role-not-trusted', jobs);
    const results = await Promise.all(jobs.map((j) => s.deliver(j.body)));

    expect(results.map((r) => r.outcome).sort()).toEqual(['counted', 'counted', 'published']);
    const all = s.reads();
    expect(all['backup:DescribeBackupJob']).toBe(3);
    expect(all['iam:GetRole']).toBe(1);
    expect(all['ec2:DescribeVolumes']).toBe(1);
    expect(all['backup:ListBackupJobs']).toBe(1);
  });

  it('the same role with another status message (another catalog rule) is diagnosed in full', async () => {
    // bk-034 of /work/shared/corpus/backup-messages.dev.json, an AWS Backup status message.
    const vss = 'Windows VSS Backup attempt failed because of insufficient privileges to perform this operation';
    const jobs = [stormJob('01-role-not-trusted', 0), stormJob('01-role-not-trusted', 1, { statusMessage: vss })];
    const s = await setup('01-role-not-trusted', jobs);
    expect((await s.deliver(jobs[0]!.body)).outcome).toBe('published');

    const other = await s.deliver(jobs[1]!.body);
    // Not counted on its job read: it reused nothing and read the account (a full-path count is still a count).
    expect(other.reused).toBeUndefined();
    expect(other.reads['backup:ListBackupJobs']).toBe(1);
    expect(other.reads['ec2:DescribeVolumes']).toBe(1);
  });

  it('a cause on the resource itself (its KMS key) leaves no shortcut, even with the same role and message', async () => {
    // Scenario 04: the role's message, but the volume's key policy is at fault (a per-resource object).
    const jobs = [0, 1].map((i) => stormJob('04-key-policy-without-root', i));
    const s = await setup('04-key-policy-without-root', jobs);
    const first = await s.deliver(jobs[0]!.body);
    expect(first.outcome).toBe('published');

    s.advance(1_000);
    const second = await s.deliver(jobs[1]!.body);
    expect(second.reused).toBeUndefined();
    expect(second.reads['ec2:DescribeVolumes']).toBe(1);
    expect(second.reads['backup:ListBackupJobs']).toBe(1);
    // Nobody waits for a diagnosis that cannot leave a shortcut.
    expect(second.lines.some((l) => l.level === 'warn')).toBe(false);
  });

  it('a group that was resolved, or closed, is not counted into: the next failure is diagnosed and notified', async () => {
    const jobs = [0, 1, 2, 3].map((i) => stormJob('01-role-not-trusted', i, { resourceArn: `arn:aws:ec2:${REGION}:111122223333:volume/vol-0000000000000000${i}` }));
    const s = await setup('01-role-not-trusted', jobs, { windowMs: 5 * 60_000 });
    expect((await s.deliver(jobs[0]!.body)).outcome).toBe('published');

    // A completed job of the first resource resolves the group.
    const completed = { ...jobs[0]!.body, id: 'evt-done', detail: { ...jobs[0]!.body.detail, backupJobId: 'done-1', state: 'COMPLETED', statusMessage: undefined } };
    expect((await s.deliver(completed)).outcome).toBe('not-a-failure');
    const afterResolved = await s.deliver(jobs[1]!.body);
    expect(afterResolved.outcome).toBe('published');
    expect(afterResolved.reads['backup:ListBackupJobs']).toBe(1);

    // The window of the new group ends and the sweep closes it: the next failure opens a group again.
    s.advance(6 * 60_000);
    await s.grouping.sweep(s.now());
    const afterClosed = await s.deliver(jobs[2]!.body);
    expect(afterClosed.outcome).toBe('published');
    expect(afterClosed.reads['backup:ListBackupJobs']).toBe(1);

    // And that group's next failure takes the shortcut again.
    s.advance(1_000);
    expect((await s.deliver(jobs[3]!.body)).reads).toEqual({ 'backup:DescribeBackupJob': 1 });
  });

  it('the shortcut failing to read the table (throttled) falls back to the full diagnosis: counted, not lost', async () => {
    const jobs = [0, 1].map((i) => stormJob('01-role-not-trusted', i, { resourceArn: `arn:aws:ec2:${REGION}:111122223333:volume/vol-0000000000000000${i}` }));
    const s = await setup('01-role-not-trusted', jobs, { throttledShortcut: true });
    expect((await s.deliver(jobs[0]!.body)).outcome).toBe('published');

    s.advance(1_000);
    const second = await s.deliver(jobs[1]!.body);
    expect(second.failures).toBe(0);
    expect(second.lines.some((l) => l.level === 'warn' && l.message.startsWith('Grouping could not take the shortcut'))).toBe(true);
    // Diagnosed in full (the job read once, handed on) and counted by the full path, and logged as counted.
    expect(second.reads['backup:DescribeBackupJob']).toBe(1);
    expect(second.reads['backup:ListBackupJobs']).toBe(1);
    expect(second.outcome).toBe('counted');
    s.advance(61 * 60_000);
    await s.grouping.sweep(s.now());
    expect(s.aws.published.map((p) => p.subject ?? '').filter((t) => t.includes('+1 more jobs, same cause'))).toHaveLength(1);
  });
});

describe('which failures share a shortcut', () => {
  const event = scenarios.find((s) => s.id === '01-role-not-trusted')!.event;
  const key = (e: FailureEvent) => jobNames(e, undefined)?.key;

  it('another account, region, job type, resource type or catalog rule is another shortcut record', () => {
    const vss = 'Windows VSS Backup attempt failed because of insufficient privileges to perform this operation';
    const variants: FailureEvent[] = [
      { ...event, account: '444455556666' },
      { ...event, region: 'us-east-1' },
      { ...event, kind: 'copy-job' },
      { ...event, resourceType: 'RDS' },
      { ...event, statusMessage: vss },
    ];
    const keys = new Set([key(event), ...variants.map(key)]);
    expect(keys.size).toBe(variants.length + 1);
  });

  it('a failed job without a status message (no catalog rule) gives no shortcut', () => {
    const { statusMessage: _none, ...bare } = event;
    expect(jobNames(bare, undefined)).toBeUndefined();
    expect(jobNames(event, undefined)).toBeDefined();
  });
});
