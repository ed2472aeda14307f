/**
 * The scheduled audit's decisions and its delivery: first run all new, then only changes; never a false
 * "resolved" when a read failed; one audit per burst of changes; and, with each write failing before or after it
 * took effect, no notice sent twice (docs/delivery.md, "The scheduled audit").
 */
import { DeleteItemCommand, DynamoDBClient, GetItemCommand, PutItemCommand, UpdateItemCommand, ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PublishCommand, SNSClient, type PublishCommandInput } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { runAudit } from '../../lambdas/audit/run.ts';
import { type AuditState, ScheduledAudit, auditStateKey } from '../../lambdas/audit/scheduled.ts';
import { triggerOf } from '../../lambdas/audit/triggers.ts';
import { loadSnapshot } from '../../lambdas/cli/io.ts';
import { RecordStore } from '../../lambdas/grouping/store.ts';
import type { Evidence } from '../../lambdas/model/types.ts';
import { messageTable } from '../../lambdas/pipeline/report.ts';
import { IdempotencyStore } from '../../lambdas/publish/idempotency.ts';
import { ConditionFailed, FakeTable } from '../harness/ddb-table.ts';

const dir = new URL('../../demo/audit/', import.meta.url).pathname;
const planted = loadSnapshot(`${dir}planted.json`);
const clean = loadSnapshot(`${dir}clean.json`);
const ACCOUNT = '111122223333';
const REGION = 'ap-northeast-1';
const TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:backup-doctor`;
const T0 = Date.parse('2026-11-21T00:00:00Z');
/** The EventBridge example of a scheduled event (see test/fixtures/events/SOURCES.md), at T0. */
const scheduled = (at = T0) => triggerOf({ version: '0', id: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa', 'detail-type': 'Scheduled Event', source: 'aws.events', account: ACCOUNT, time: new Date(at).toISOString(), region: REGION, resources: [`arn:aws:events:${REGION}:${ACCOUNT}:rule/my-scheduled-rule`], detail: {} });
const change = (at: number, eventName = 'PutRolePolicy') =>
  triggerOf({ version: '0', id: 'x', 'detail-type': 'AWS API Call via CloudTrail', source: 'aws.iam', account: ACCOUNT, time: new Date(at).toISOString(), region: 'us-east-1', resources: [], detail: { eventSource: 'iam.amazonaws.com', eventName } });

type When = 'before' | 'after';
/** A write to fail once: which command, on which key prefix, and whether it took effect first. */
interface Failure {
  readonly command: 'PutItem' | 'UpdateItem';
  readonly keyPrefix: string;
  readonly when: When;
  /** Which matching write fails (the first by default). */
  readonly nth?: number;
}

/** DynamoDB with real condition expressions; one write may fail, before or after it took effect (its answer lost). */
function table(failure?: Failure) {
  const t = new FakeTable();
  const client = new DynamoDBClient({ region: REGION });
  const mock = mockClient(client);
  let armed = failure;
  let seen = 0;
  const write = (command: Failure['command'] | 'DeleteItem', input: { Item?: Record<string, { S?: string }>; Key?: Record<string, { S?: string }> }, op: () => void) => {
    const pk = input.Item?.['pk']?.S ?? input.Key?.['pk']?.S ?? '';
    const matches = armed !== undefined && armed.command === command && pk.startsWith(armed.keyPrefix);
    if (matches) seen += 1;
    const fail = matches && seen === (armed?.nth ?? 1) ? armed : undefined;
    if (fail) armed = undefined;
    if (fail?.when === 'before') throw Object.assign(new Error('connection reset'), { $metadata: {} });
    try {
      op();
    } catch (err) {
      if (err instanceof ConditionFailed) throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
      throw err;
    }
    if (fail?.when === 'after') throw Object.assign(new Error('socket hang up'), { $metadata: {} });
    return {};
  };
  mock.on(PutItemCommand).callsFake((input) => write('PutItem', input, () => t.putItem(input)));
  mock.on(UpdateItemCommand).callsFake((input) => write('UpdateItem', input, () => t.updateItem(input)));
  mock.on(DeleteItemCommand).callsFake((input) => write('DeleteItem', input, () => t.deleteItem(input)));
  mock.on(GetItemCommand).callsFake((input) => {
    const item = t.getItem(input);
    return item === undefined ? {} : { Item: item };
  });
  return { client, items: t.items };
}

/** SNS that records what it accepted; the first publish may be refused (4xx) or end with no known outcome (5xx). */
function topic(first?: 400 | 500) {
  const client = new SNSClient({ region: REGION, maxAttempts: 1 });
  const published: PublishCommandInput[] = [];
  let pending = first;
  mockClient(client)
    .on(PublishCommand)
    .callsFake((input: PublishCommandInput) => {
      const status = pending;
      pending = undefined;
      if (status === 400) throw Object.assign(new Error('Throttling'), { name: 'Throttling', $metadata: { httpStatusCode: 400 } });
      published.push(input);
      if (status === 500) throw Object.assign(new Error('InternalError'), { name: 'InternalError', $metadata: { httpStatusCode: 500 } });
      return { MessageId: `m-${published.length}` };
    });
  return { client, published };
}

function setup(opts: { failure?: Failure; sns?: 400 | 500; evidence?: () => Evidence; lang?: 'en' | 'ja' } = {}) {
  const ddb = table(opts.failure);
  const sns = topic(opts.sns);
  let evidence = opts.evidence ?? (() => planted);
  let now = T0 + 1000;
  const collected: number[] = [];
  const sleeps: number[] = [];
  const store = { tableName: 'idem', ttlSeconds: 7 * 86_400 };
  const records = new RecordStore(ddb.client, store);
  const audit = new ScheduledAudit({
    records,
    sends: new IdempotencyStore(ddb.client, store),
    sns: sns.client,
    topicArn: TOPIC,
    lang: opts.lang ?? 'en',
    account: ACCOUNT,
    region: REGION,
    table: messageTable(),
    collect: async (at) => (collected.push(at.getTime()), evidence()),
    audit: (e, at) => runAudit(e, { now: at }),
    clock: () => new Date(now),
    sleep: async (ms) => void (sleeps.push(ms), (now += ms)),
    debounceMs: 60_000,
    maxWaitMs: () => 600_000,
  });
  const state = async () => (await records.read<AuditState>(auditStateKey(ACCOUNT, REGION), new Date(now))).value;
  return {
    audit,
    published: sns.published,
    collected,
    sleeps,
    state,
    later: (ms: number) => (now += ms),
    use: (e: () => Evidence) => (evidence = e),
  };
}

const findingsOf = (p: PublishCommandInput) => (JSON.parse(p.Message ?? '{}') as { email: string }).email;
const kindOf = (p: PublishCommandInput) => p.MessageAttributes?.['backup-doctor-kind']?.StringValue;

describe('the scheduled audit', () => {
  it('publishes every finding as new on the first run, nothing when nothing changed, then the resolved ones', async () => {
    const s = setup();

    const first = await s.audit.run(scheduled());
    s.later(86_400_000);
    const same = await s.audit.run(scheduled(T0 + 86_400_000));
    s.use(() => clean);
    s.later(86_400_000);
    const fixed = await s.audit.run(scheduled(T0 + 2 * 86_400_000));

    expect(first).toMatchObject({ ran: true, findings: 6, added: 6, resolved: 0, sent: 1 });
    expect(same).toMatchObject({ ran: true, findings: 6, added: 0, resolved: 0, sent: 0 });
    expect(fixed).toMatchObject({ ran: true, findings: 0, added: 0, resolved: 6, sent: 1 });
    expect(s.published.map(kindOf)).toEqual(['audit-new', 'audit-resolved']);
    expect(s.published[0]?.Subject).toBe(`[backup-doctor] New, ${ACCOUNT} ${REGION}: audit, 6 new finding(s)`);
    expect(s.published[1]?.Subject).toBe(`[backup-doctor] Resolved, ${ACCOUNT} ${REGION}: audit, 6 finding(s) resolved`);
    expect(findingsOf(s.published[0]!)).toContain('6 new finding(s) in the audit of account 111122223333 (ap-northeast-1)');
    expect(findingsOf(s.published[0]!)).toMatch(/pending deletion: deleted on 2026-11-28T00:00:00Z, 7 day\(s\) from now/);
    expect((await s.state())?.outbox).toEqual([]);
  });

  it('writes the subject in the deployment language', async () => {
    const s = setup({ lang: 'ja' });

    await s.audit.run(scheduled());

    expect(s.published[0]?.Subject).toBe(`[backup-doctor] 新規, ${ACCOUNT} ${REGION}: 監査、新しい検出 6 件`);
    expect(findingsOf(s.published[0]!)).toContain('アカウント 111122223333 (ap-northeast-1) の監査で新しい検出が 6 件あります');
  });

  it('keeps a finding open, not resolved, when the audit could not read what it depends on', async () => {
    const s = setup();
    await s.audit.run(scheduled());
    // The next day every key read is denied: the key findings cannot be decided.
    const denied: Evidence = {
      ...planted,
      keys: {},
      gaps: Object.keys(planted.keys ?? {}).map((arn) => ({ what: `kms:DescribeKey ${arn}`, subject: arn, action: 'kms:DescribeKey', why: 'access-denied' as const })),
    };
    s.use(() => denied);
    s.later(86_400_000);

    const result = await s.audit.run(scheduled(T0 + 86_400_000));

    expect(result).toMatchObject({ ran: true, resolved: 0 });
    expect((result as { carried: number }).carried).toBeGreaterThan(0);
    expect(s.published).toHaveLength(1);
    expect((await s.state())?.findings.map((f) => f.checkId)).toContain('kms-key-state');
  });

  it('lists what could not be read in the notice, with the action', async () => {
    const gap = { what: 'backup:ListBackupVaults', action: 'backup:ListBackupVaults', why: 'access-denied' as const };
    const s = setup({ evidence: () => ({ ...planted, gaps: [gap] }) });

    await s.audit.run(scheduled());

    expect(findingsOf(s.published[0]!)).toContain('Could not check\n- could not read backup:ListBackupVaults (access denied)');
  });

  it('audits once after a burst of changes: it waits for the burst, and the changes inside it are covered', async () => {
    const s = setup();
    const edits = [0, 5_000, 20_000, 40_000].map((ms) => change(T0 + ms));

    const first = await s.audit.run(edits[0]!);
    const rest = [];
    for (const e of edits.slice(1)) rest.push(await s.audit.run(e));
    s.later(120_000);
    const after = await s.audit.run(change(T0 + 200_000, 'UpdateAssumeRolePolicy'));

    expect(s.sleeps[0]).toBe(59_000);
    expect(first).toMatchObject({ ran: true });
    expect(rest.map((r) => r.ran)).toEqual([false, false, false]);
    expect(s.collected).toHaveLength(2);
    expect(after).toMatchObject({ ran: true, added: 0 });
  });

  it('ignores events that are not audited changes, and calls AWS refused', async () => {
    const s = setup();

    const other = await s.audit.run(triggerOf({ 'detail-type': 'AWS API Call via CloudTrail', source: 'aws.iam', time: new Date(T0).toISOString(), detail: { eventName: 'ListRoles' } }));
    const refused = await s.audit.run(triggerOf({ 'detail-type': 'AWS API Call via CloudTrail', source: 'aws.kms', time: new Date(T0).toISOString(), detail: { eventName: 'PutKeyPolicy', errorCode: 'AccessDenied' } }));

    expect([other.ran, refused.ran]).toEqual([false, false]);
    expect(s.collected).toEqual([]);
  });
});

/** The first run with one write failing, then a retry run: what was published. */
async function withFailure(opts: { failure?: Failure; sns?: 400 | 500 }) {
  const s = setup(opts);
  const first = await s.audit.run(scheduled()).then(
    () => 'ok',
    (err: Error) => err.name,
  );
  s.later(60_000);
  await s.audit.run(scheduled(T0 + 60_000)).catch(() => undefined);
  s.later(86_400_000);
  await s.audit.run(scheduled(T0 + 86_400_000 + 60_000));
  return { first, published: s.published.map(kindOf), outbox: (await s.state())?.outbox.length };
}

describe('the scheduled audit, each write failing (docs/delivery.md)', () => {
  it.each([
    ['the decision (state and outbox)', { command: 'PutItem', keyPrefix: 'audit#', when: 'before' }],
    ['the decision (state and outbox)', { command: 'PutItem', keyPrefix: 'audit#', when: 'after' }],
    ['the claim', { command: 'PutItem', keyPrefix: 'audit-new#', when: 'before' }],
    ['the mark sent', { command: 'UpdateItem', keyPrefix: 'audit-new#', when: 'before' }],
    ['the mark sent', { command: 'UpdateItem', keyPrefix: 'audit-new#', when: 'after' }],
    // The second write of the state record takes the sent notice out of the outbox.
    ['the outbox removal', { command: 'PutItem', keyPrefix: 'audit#', when: 'before', nth: 2 }],
    ['the outbox removal', { command: 'PutItem', keyPrefix: 'audit#', when: 'after', nth: 2 }],
  ] as const)('sends the notice exactly once when %s fails %s', async (_what, failure) => {
    const { first, published, outbox } = await withFailure({ failure });

    expect(first).not.toBe('ok');
    expect(published).toEqual(['audit-new']);
    expect(outbox).toBe(0);
  });

  it('sends a refused notice (SNS 4xx) once, on the next run', async () => {
    const { first, published, outbox } = await withFailure({ sns: 400 });

    expect(first).toBe('Throttling');
    expect(published).toEqual(['audit-new']);
    expect(outbox).toBe(0);
  });

  it('never resends a notice whose publish had no known outcome (SNS 5xx): at most once', async () => {
    const { first, published, outbox } = await withFailure({ sns: 500 });

    expect(first).toBe('DeliveryOutcomeUnknown');
    expect(published).toEqual(['audit-new']);
    expect(outbox).toBe(0);
  });

  it('does not send a notice whose claim took effect but whose answer was lost: at most once', async () => {
    const { first, published, outbox } = await withFailure({ failure: { command: 'PutItem', keyPrefix: 'audit-new#', when: 'after' } });

    expect(first).not.toBe('ok');
    expect(published).toEqual([]);
    expect(outbox).toBe(0);
  });
});
