/**
 * End to end: the BUNDLED scheduled-audit handler (the artefact `cdk deploy` ships) against the loopback fake of
 * AWS (real wire protocols, paginated listings, its in-memory DynamoDB table and SNS Publish), driven by raw
 * EventBridge events; and the `audit` command reading the same fake live.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadSnapshot } from '../../lambdas/cli/io.ts';
import { main } from '../../lambdas/cli/main.ts';
import type { Evidence } from '../../lambdas/model/types.ts';
import { builtHandlerDir } from '../../lib/bundling.ts';
import { type FakeAws, type FaultPlan, startFakeAws } from '../harness/fake-aws.ts';
import { runBundle } from '../harness/run-bundle.ts';

const bundleFile = join(builtHandlerDir('audit.ts'), 'index.mjs');
const TOPIC_ARN = 'arn:aws:sns:ap-northeast-1:111122223333:backup-doctor';
const KEY = 'arn:aws:kms:ap-northeast-1:111122223333:key/0f4a8c1e-3b7d-4e25-9a61-backupvault01';
const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../fixtures/events/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
/** A fixture as EventBridge would deliver it now: only `time` is set to the moment of the invocation. */
const now = (name: string) => ({ ...fixture(name), time: new Date().toISOString() });

const running: FakeAws[] = [];
afterEach(async () => {
  for (const aws of running.splice(0)) await aws.close();
});
beforeAll(() => {
  expect(existsSync(bundleFile), `${bundleFile} (npm run build)`).toBe(true);
});

async function deploy(snapshot: Evidence, faults: FaultPlan) {
  const aws = await startFakeAws(snapshot, faults);
  running.push(aws);
  const env = {
    ...process.env,
    ...aws.env,
    TOPIC_ARN,
    IDEMPOTENCY_TABLE: 'backup-doctor-idempotency',
    REPORT_LANG: 'en',
    ACCOUNT_ID: '111122223333',
    AUDIT_DEBOUNCE_SECONDS: '0',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  /** One invocation in a fresh Node process; the table and the topic live on in the fake between invocations. */
  const invoke = async (event: unknown): Promise<Record<string, unknown>> => {
    const out = (await runBundle(bundleFile, env, { invocations: [event], timeoutMs: 300_000 })) as Record<string, unknown>[];
    return out[0] ?? {};
  };
  return { aws, invoke };
}

const email = (m: { message: string }) => (JSON.parse(m.message) as { email: string }).email;

describe('the scheduled audit, bundled, against the loopback fake', () => {
  it('publishes the findings as new, then nothing, keeps undecided ones open, and publishes the resolved one', async () => {
    // The planted account, its job history moved to end now (durations kept), since the function audits the last
    // 14 days as of the real clock. The served snapshot is read on every request: changing it changes the account.
    const planted = loadSnapshot(new URL('../../demo/audit/planted.json', import.meta.url).pathname);
    const shift = Date.now() - Date.parse(planted.capturedAt ?? '2026-11-21T00:00:00Z');
    const moved = (iso: string | undefined) => (iso === undefined ? undefined : new Date(Date.parse(iso) + shift).toISOString());
    const jobHistory = Object.fromEntries(
      Object.entries(planted.jobHistory ?? {}).map(([arn, jobs]) => [arn, jobs.map((j) => ({ ...j, creationDate: moved(j.creationDate) ?? j.creationDate, completionDate: moved(j.completionDate), startDate: moved(j.startDate) }))]),
    );
    const account = structuredClone({ ...planted, jobHistory, keys: { ...planted.keys } });
    const { aws, invoke } = await deploy(account, { seed: 3, pageSize: 2, faults: { iam: { throttle: 0.2 } } });

    const first = await invoke(now('scheduled-event.json'));
    const unchanged = await invoke(now('aws-api-call-via-cloudtrail-iam-putrolepolicy.synthetic.json'));
    aws.setFaults({ pageSize: 2, faults: { 'kms:DescribeKey': { accessDenied: true } } });
    const denied = await invoke(now('scheduled-event.json'));
    aws.setFaults({ pageSize: 2 });
    // Someone cancels the key's deletion and enables it.
    const key = account.keys[KEY] as unknown as Record<string, unknown>;
    key['state'] = 'Enabled';
    delete key['deletionDate'];
    const fixed = await invoke(now('scheduled-event.json'));

    expect(first).toMatchObject({ ran: true, findings: 6, added: 6, sent: 1 });
    expect(aws.requests.some((r) => r.error === 'Throttling')).toBe(true);
    expect(unchanged).toMatchObject({ ran: true, added: 0, resolved: 0, sent: 0 });
    expect(denied).toMatchObject({ ran: true, added: 0, resolved: 0, sent: 0 });
    expect((denied as { carried: number }).carried).toBeGreaterThan(0);
    expect(fixed).toMatchObject({ ran: true, findings: 5, added: 0, resolved: 1, sent: 1 });
    expect(aws.published.map((m) => m.subject)).toEqual([
      '[backup-doctor] New, 111122223333 ap-northeast-1: audit, 6 new finding(s)',
      '[backup-doctor] Resolved, 111122223333 ap-northeast-1: audit, 1 finding(s) resolved',
    ]);
    expect(email(aws.published[0]!)).toContain(`✗ KMS key ${KEY} (vault key) is pending deletion`);
    expect(email(aws.published[1]!)).toContain(`✓ KMS key ${KEY} (vault key) is pending deletion`);
    const slack = JSON.parse((JSON.parse(aws.published[0]!.message) as { sqs: string }).sqs) as { blocks: unknown[] };
    expect(slack.blocks.length).toBeGreaterThan(6);
  }, 180_000);
});

describe('backup-doctor audit, live against the loopback fake', () => {
  async function cli(args: string[], aws: FakeAws) {
    const saved = { ...process.env };
    Object.assign(process.env, aws.env);
    let out = '';
    let err = '';
    const sink = (f: (s: string) => void) => ({ write: (s: string) => (f(s), true) }) as unknown as NodeJS.WritableStream;
    try {
      const code = await main(args, { stdin: process.stdin, stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)), env: process.env });
      return { code, out, err };
    } finally {
      for (const k of Object.keys(aws.env)) delete process.env[k];
      Object.assign(process.env, saved);
    }
  }

  it('reads every page, and lists a denied read under "Could not check" with its action while auditing the rest', async () => {
    const planted = loadSnapshot(new URL('../../demo/audit/planted.json', import.meta.url).pathname);
    const aws = await startFakeAws(planted, { pageSize: 1, faults: { 'iam:ListRoleTags': { accessDenied: true } } });
    running.push(aws);

    const { code, out, err } = await cli(['audit', '--now', '2026-11-21T00:00:00Z'], aws);

    expect(code).toBe(0);
    expect(err).toMatch(/item\(s\) could not be read; the audit says which/);
    expect(out).toContain('Could not check');
    expect(out).toMatch(/could not read iam:ListRoleTags arn:aws:iam::111122223333:role\/\S+ \(access denied\)/);
    // The bound role is known only by its tag: its findings are gone, the other five stay.
    expect(out).toContain('5 finding(s)');
    expect(out).toContain('3 of the last 10 jobs');
    expect(aws.requests.filter((r) => r.action === 'ListBackupPlans').length).toBe(Object.keys(planted.plans ?? {}).length);
  }, 60_000);
});
