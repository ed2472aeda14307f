/**
 * End to end in an organization: the BUNDLED diagnoser, configured as the central stack configures it, against a
 * fake organization of three accounts (central A, member B with the inspection role of the member template,
 * member C without it). An event of B is read in B with the credentials of B's role, never with A's; an event
 * of C reads nothing and says which StackSet to deploy.
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenarios } from '../../lambdas/cli/scenarios.ts';
import type { Evidence, PolicyDocument } from '../../lambdas/model/types.ts';
import { MEMBER_ROLE_NAME } from '../../lambdas/organization/config.ts';
import { memberTemplateBody } from '../../lib/organization/app.ts';
import { bundleHandler } from '../harness/bundle.ts';
import { type FakeOrg, startFakeOrg } from '../harness/fake-org.ts';
import { runBundle } from '../harness/run-bundle.ts';

const ORG = 'o-exampleorgid';
const A = '444455556666';
const B = '222233334444';
const C = '777788889999';
const EXTERNAL_ID = `backup-doctor-${ORG}`;
const DIAGNOSER_ROLE = `arn:aws:iam::${A}:role/BackupDoctorCentral-DiagnoserRole`;
const DIAGNOSER_SESSION = `arn:aws:sts::${A}:assumed-role/BackupDoctorCentral-DiagnoserRole/backup-doctor-diagnoser`;
/** The services the central account itself is called on: STS to assume, SNS to publish, DynamoDB for idempotency. */
const CENTRAL_OWN = new Set(['sts', 'sns', 'dynamodb']);

// The demo scenario whose account is moved to B (and, for C and A's own objects, to those accounts).
const scenario = loadScenarios().find((s) => s.id === '01-role-not-trusted');
if (!scenario) throw new Error('demo scenario 01-role-not-trusted is missing');
const SCENARIO_ACCOUNT = scenario.evidence.account ?? '111122223333';
const inAccount = <T>(value: T, account: string): T => JSON.parse(JSON.stringify(value).replaceAll(SCENARIO_ACCOUNT, account)) as T;

/** The inspection role's trust policy exactly as the member template writes it, with the StackSet's parameters. */
function inspectionTrust(): PolicyDocument {
  const template = JSON.parse(memberTemplateBody({ organizationId: ORG })) as {
    Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
  };
  const role = Object.values(template.Resources).find((r) => r.Type === 'AWS::IAM::Role' && r.Properties['RoleName'] === MEMBER_ROLE_NAME);
  const params: Record<string, string> = { CentralDiagnoserRoleArn: DIAGNOSER_ROLE, ExternalId: EXTERNAL_ID, OrganizationId: ORG };
  return JSON.parse(JSON.stringify(role?.Properties['AssumeRolePolicyDocument']), (_k, v: unknown) =>
    v !== null && typeof v === 'object' && typeof (v as { Ref?: unknown }).Ref === 'string' ? params[(v as { Ref: string }).Ref] : v,
  ) as PolicyDocument;
}

let bundleFile = '';
let org: FakeOrg;

beforeAll(async () => {
  bundleFile = (await bundleHandler('diagnose.ts')).file;
  org = await startFakeOrg({
    organizationId: ORG,
    central: { account: A, snapshot: inAccount(scenario.evidence, A), sessionArn: DIAGNOSER_SESSION },
    members: [
      { account: B, snapshot: inAccount(scenario.evidence, B), role: { name: MEMBER_ROLE_NAME, trustPolicy: inspectionTrust() } },
      { account: C, snapshot: inAccount(scenario.evidence, C) },
    ],
  });
}, 300_000);

afterAll(async () => {
  await org?.close();
  if (bundleFile) rmSync(dirname(bundleFile), { recursive: true, force: true });
});

async function invoke(...events: SQSEvent[]): Promise<SQSBatchResponse[]> {
  const env = {
    ...process.env,
    ...org.env,
    TOPIC_ARN: `arn:aws:sns:${scenario?.evidence.region ?? 'us-east-1'}:${A}:backup-doctor`,
    IDEMPOTENCY_TABLE: 'backup-doctor-idempotency',
    REPORT_LANG: 'en',
    MEMBER_ROLE_NAME,
    MEMBER_ROLE_EXTERNAL_ID: EXTERNAL_ID,
    MEMBER_ROLE_PARTITION: 'aws',
    MEMBER_STACK_SET_NAME: 'backup-doctor-member',
    CENTRAL_ACCOUNT_ID: A,
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  return (await runBundle(bundleFile, env, { invocations: events })) as SQSBatchResponse[];
}

function sqsEvent(bodies: unknown[]): SQSEvent {
  return {
    Records: bodies.map((body) => ({
      messageId: randomUUID(),
      receiptHandle: 'handle',
      body: JSON.stringify(body),
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'events.amazonaws.com', ApproximateFirstReceiveTimestamp: '0' },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:us-east-1:${A}:backup-doctor-intake`,
      awsRegion: 'us-east-1',
    })),
  };
}

/** The email text of the diagnoses published so far, newest last. */
function emails(): string[] {
  const central = org.accounts.get(A);
  return (central?.published ?? []).map((p) => {
    const message = JSON.parse(p.message) as { email?: string; default?: string };
    return message.email ?? message.default ?? '';
  });
}

describe('the bundled diagnoser in an organization', () => {
  it("reads an event of member account B with B's role, never with the central account's credentials", async () => {
    // Prepare
    const before = org.calls.length;
    const rawB = inAccount(scenario.rawEvent, B);

    // Act: the event, then a redelivery in a later warm batch (credentials come from the cache).
    const [first, again] = await invoke(sqsEvent([rawB]), sqsEvent([rawB]));

    // Assess
    expect(first?.batchItemFailures).toEqual([]);
    expect(again?.batchItemFailures).toEqual([]);
    const calls = org.calls.slice(before);
    const bKeys = new Set(org.issuedKeys.get(B) ?? []);
    const reads = calls.filter((c) => !CENTRAL_OWN.has(c.service));
    expect(reads.length).toBeGreaterThan(0);
    // Every read was signed with a key issued to B's role and served by B's account; A's key read nothing.
    for (const call of reads) {
      expect(bKeys.has(call.accessKeyId), `${call.service}:${call.action} signed with ${call.accessKeyId}`).toBe(true);
      expect(call.account).toBe(B);
    }
    expect(calls.filter((c) => c.accessKeyId === org.centralAccessKeyId).every((c) => CENTRAL_OWN.has(c.service))).toBe(true);
    expect((org.accounts.get(A)?.requests ?? []).filter((r) => !CENTRAL_OWN.has(r.service))).toEqual([]);
    // The role was assumed with the external id, once per execution environment.
    const assumed = org.assumeRoles.filter((r) => r.roleArn === `arn:aws:iam::${B}:role/${MEMBER_ROLE_NAME}`);
    expect(assumed.length).toBeGreaterThanOrEqual(1);
    expect(assumed.every((r) => r.granted && r.externalId === EXTERNAL_ID)).toBe(true);
    // The diagnosis is the scenario's (so B's objects were read) and says where it read.
    const email = (emails().at(-1) ?? '').replace(/\s+/g, ' ');
    expect(email).toContain(`${B}|`);
    expect(email).toContain(`|${scenario.expect.category}|${scenario.expect.checkId}|`);
    expect(email).toContain(`account ${B} through arn:aws:iam::${B}:role/${MEMBER_ROLE_NAME}`);
    expect(emails()).toHaveLength(1);
  });

  it('reads nothing in an account without the inspection role, and names the StackSet to deploy', async () => {
    // Prepare
    const before = org.calls.length;
    const published = emails().length;

    // Act
    // Another job (job ids are unique across accounts; the idempotency store would take a repeated one as a duplicate).
    const jobId = scenario.event.jobId ?? scenario.event.id;
    const rawC = JSON.parse(JSON.stringify(inAccount(scenario.rawEvent, C)).replaceAll(jobId, `${jobId.slice(0, -4)}cccc`)) as unknown;
    const [result] = await invoke(sqsEvent([rawC]));

    // Assess
    expect(result?.batchItemFailures).toEqual([]);
    const calls = org.calls.slice(before);
    expect(calls.filter((c) => !CENTRAL_OWN.has(c.service))).toEqual([]);
    expect(org.issuedKeys.get(C)).toBeUndefined();
    expect(org.assumeRoles.filter((r) => r.roleArn.includes(`::${C}:`)).every((r) => !r.granted)).toBe(true);
    expect((org.accounts.get(C)?.requests ?? [])).toEqual([]);
    // Lines of the email are wrapped for reading: compare with single spaces.
    const email = (emails().at(-1) ?? '').replace(/\s+/g, ' ');
    expect(emails()).toHaveLength(published + 1);
    expect(email).toContain(`Account ${C} could not be read`);
    expect(email).toContain('Deploy the StackSet backup-doctor-member to this account');
    expect(email).toContain(
      `aws cloudformation create-stack-instances --stack-set-name backup-doctor-member --deployment-targets OrganizationalUnitIds=<ou-id>,Accounts=${C},AccountFilterType=INTERSECTION`,
    );
  });
});

// The snapshot fixtures keep their Evidence type through the account rewrite.
export type { Evidence };
