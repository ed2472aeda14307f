import { afterEach, describe, expect, it } from 'vitest';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { Evidence, FailureEvent } from '../../lambdas/model/types.ts';
import { collectEvidence, createClients, EvidenceCache, profileActions } from '../../lambdas/evidence/index.ts';
import type { Clients } from '../../lambdas/evidence/index.ts';
import { startFakeAws } from '../harness/fake-aws.ts';
import type { FakeAws, FaultPlan } from '../harness/fake-aws.ts';
import {
  ACCOUNT,
  BOUNDARY_ARN,
  BOUNDARY_DOC,
  eventFrom,
  INLINE_DOC,
  KEY_ARN,
  KEY_POLICY,
  MANAGED_ARN,
  MANAGED_DOC,
  PLAN_ID,
  REGION,
  ROLE_ARN,
  ROLE_NAME,
  TRUST,
  VAULT_NAME,
  VOLUME_ARN,
  VOLUME_KEY_ARN,
} from './helpers.ts';

const NOW = new Date('2020-07-29T20:20:00Z');
const event = (): FailureEvent =>
  eventFrom('backup-job-failed.json', { resourceArn: VOLUME_ARN, resourceType: 'EBS', plan: { planId: PLAN_ID } });
const JOB_ID = event().jobId ?? '';

/** A synthetic account in the form the collectors produce, so that a round trip must give it back unchanged. */
function snapshot(): Evidence {
  const actions = profileActions(event());
  return {
    schemaVersion: 1,
    account: ACCOUNT,
    region: REGION,
    job: {
      jobId: JOB_ID,
      jobType: 'backup',
      state: 'FAILED',
      resourceArn: VOLUME_ARN,
      resourceType: 'EBS',
      roleArn: ROLE_ARN,
      vaultName: VAULT_NAME,
      creationDate: '2020-07-29T20:13:07.392Z',
      startBy: '2020-07-30T04:13:07.392Z',
      bytesTransferred: 0,
      onDemand: false,
      planId: PLAN_ID,
      ruleId: 'rule-1',
    },
    roles: {
      [ROLE_ARN]: {
        arn: ROLE_ARN,
        name: ROLE_NAME,
        path: '/',
        exists: true,
        createDate: '2020-01-01T00:00:00.000Z',
        trustPolicy: TRUST,
        attachedPolicies: [{ name: 'AWSBackupServiceRolePolicyForBackup', arn: MANAGED_ARN, versionId: 'v12', document: MANAGED_DOC }],
        inlinePolicies: [{ name: 'kms-use', document: INLINE_DOC }],
        permissionsBoundary: { name: 'Boundary', arn: BOUNDARY_ARN, versionId: 'v1', document: BOUNDARY_DOC },
        simulation: Object.fromEntries(actions.map((a, i) => [a, i === 0 ? 'implicitDeny' : 'allowed'])),
      },
    },
    keys: {
      [KEY_ARN]: {
        arn: KEY_ARN,
        keyId: '1234abcd-12ab-34cd-56ef-1234567890ab',
        state: 'Enabled',
        manager: 'CUSTOMER',
        origin: 'AWS_KMS',
        policy: KEY_POLICY,
        grants: [{ grantId: 'g-1', granteePrincipal: ROLE_ARN, operations: ['Decrypt', 'CreateGrant'] }],
      },
      [VOLUME_KEY_ARN]: {
        arn: VOLUME_KEY_ARN,
        keyId: '0987dcba-09fe-87dc-65ba-ab0987654321',
        state: 'PendingDeletion',
        manager: 'CUSTOMER',
        origin: 'AWS_KMS',
        deletionDate: '2020-08-05T00:00:00.000Z',
        policy: KEY_POLICY,
        grants: [],
      },
    },
    vaults: {
      [VAULT_NAME]: {
        name: VAULT_NAME,
        arn: event().vaultArn ?? '',
        exists: true,
        encryptionKeyArn: KEY_ARN,
        locked: true,
        minRetentionDays: 7,
        maxRetentionDays: 30,
      },
    },
    plans: {
      [PLAN_ID]: {
        planId: PLAN_ID,
        name: 'daily',
        versionId: 'v1',
        rules: [
          {
            ruleId: 'rule-1',
            ruleName: 'daily',
            targetVaultName: VAULT_NAME,
            scheduleExpression: 'cron(0 5 ? * * *)',
            startWindowMinutes: 60,
            completionWindowMinutes: 120,
            lifecycle: { deleteAfterDays: 35 },
          },
        ],
      },
    },
    jobHistory: {
      [VOLUME_ARN]: [
        { jobId: 'newer', jobType: 'backup', state: 'COMPLETED', resourceArn: VOLUME_ARN, creationDate: '2020-07-28T05:00:00.000Z', onDemand: true },
        { jobId: 'older', jobType: 'backup', state: 'COMPLETED', resourceArn: VOLUME_ARN, creationDate: '2020-07-27T05:00:00.000Z', onDemand: true },
      ],
    },
    resources: {
      [VOLUME_ARN]: { arn: VOLUME_ARN, type: 'EBS', exists: true, encrypted: true, encryptionKeyArn: VOLUME_KEY_ARN },
    },
    gaps: [],
  };
}

const SECTIONS = ['job', 'roles', 'keys', 'vaults', 'plans', 'jobHistory', 'resources'] as const;

let fake: FakeAws | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function start(faults?: FaultPlan): Promise<{ aws: FakeAws; clients: Clients }> {
  const aws = await startFakeAws(snapshot(), faults);
  fake = aws;
  const clients = createClients({
    region: REGION,
    endpoint: aws.url,
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    maxAttempts: 5,
    retryDelayMs: 1,
  });
  return { aws, clients };
}

const collect = (clients: Clients, e: FailureEvent = event()) =>
  collectEvidence(e, clients, { now: NOW, deadline: Date.now() + 20_000, cache: new EvidenceCache() });

describe('collectEvidence over HTTP against the loopback fake', () => {
  it("returns the snapshot's facts through the real wire protocols", async () => {
    // Prepare
    const { aws, clients } = await start();
    const expected = snapshot();

    // Act
    const evidence = await collect(clients);

    // Assess
    expect(evidence.gaps).toEqual([]);
    for (const section of SECTIONS) expect(evidence[section], section).toEqual(expected[section]);
    expect(new Set(aws.requests.map((r) => r.service))).toEqual(new Set(['backup', 'iam', 'kms', 'ec2']));
    expect(aws.requests.filter((r) => r.action === 'SimulatePrincipalPolicy')).toHaveLength(1);
  });

  it('records the facts AWS answers as missing: a deleted role, key and vault', async () => {
    // Prepare
    const base = snapshot();
    const aws = await startFakeAws({ ...base, roles: {}, keys: {}, vaults: {} });
    fake = aws;
    const clients = createClients({ region: REGION, endpoint: aws.url, credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, retryDelayMs: 1 });

    // Act
    const evidence = await collect(clients);

    // Assess
    expect(evidence.gaps).toEqual([]);
    expect(evidence.roles?.[ROLE_ARN]).toEqual({ arn: ROLE_ARN, name: ROLE_NAME, exists: false });
    expect(evidence.vaults?.[VAULT_NAME]).toMatchObject({ exists: false });
    expect(evidence.keys?.[VOLUME_KEY_ARN]).toEqual({ arn: VOLUME_KEY_ARN, state: 'Missing' });
  });

  it('completes every collection with 30% of IAM and KMS responses throttled, through the SDK retries', async () => {
    // Prepare
    const { aws, clients } = await start({ seed: 42, faults: { iam: { throttle: 0.3 }, kms: { throttle: 0.3 } } });
    const expected = snapshot();

    // Act
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await collect(clients, { ...event(), id: `run-${i}` }));

    // Assess
    const throttled = aws.requests.filter((r) => r.injected && (r.error === 'Throttling' || r.error === 'ThrottlingException'));
    expect(throttled.length).toBeGreaterThan(0);
    for (const evidence of results) {
      expect(evidence.gaps.every((g) => g.why === 'throttled')).toBe(true);
      if (evidence.gaps.length === 0) for (const section of SECTIONS) expect(evidence[section]).toEqual(expected[section]);
      expect(evidence.vaults).toEqual(expected.vaults);
      expect(evidence.plans).toEqual(expected.plans);
    }
    // A throttled call was answered on a later attempt of the same call: the SDK retried it.
    const retried = throttled.some((t) => aws.requests.slice(aws.requests.indexOf(t) + 1).some((r) => r.action === t.action && r.status === 200));
    expect(retried).toBe(true);
  });

  it('turns injected 500s that outlive the retries into error gaps', async () => {
    // Prepare
    const { clients } = await start({ faults: { 'kms:ListGrants': { serverError: 1 } } });

    // Act
    const evidence = await collect(clients);

    // Assess
    expect(evidence.gaps.length).toBe(2);
    expect(evidence.gaps.every((g) => g.action === 'kms:ListGrants' && g.why === 'error')).toBe(true);
    expect(evidence.keys?.[KEY_ARN]?.policy).toEqual(KEY_POLICY);
  });

  const DENIALS = [
    { service: 'iam', absent: ['roles'], intact: ['job', 'keys', 'vaults', 'plans', 'jobHistory', 'resources'] },
    { service: 'kms', absent: ['keys'], intact: ['job', 'roles', 'vaults', 'plans', 'jobHistory', 'resources'] },
    { service: 'backup', absent: ['job', 'vaults', 'plans', 'jobHistory'], intact: ['roles', 'resources'] },
    { service: 'ec2', absent: ['resources'], intact: ['job', 'roles', 'vaults', 'plans', 'jobHistory'] },
  ] as const;

  it.each(DENIALS)('turns AccessDenied on $service into access-denied gaps and keeps the rest', async ({ service, absent, intact }) => {
    // Prepare
    const { clients } = await start({ faults: { [service]: { accessDenied: true } } });
    const expected = snapshot();

    // Act
    const evidence = await collect(clients);

    // Assess
    expect(evidence.gaps.length).toBeGreaterThan(0);
    for (const gap of evidence.gaps) {
      expect(gap.why).toBe('access-denied');
      expect(gap.action?.split(':')[0]).toBe(service);
    }
    for (const section of absent) expect(evidence[section], section).toBeUndefined();
    for (const section of intact) expect(evidence[section], section).toEqual(expected[section]);
  });

  it('serves SDK clients configured only through the environment, and records SNS Publish', async () => {
    // Prepare
    const aws = await startFakeAws(snapshot());
    fake = aws;
    const saved = { ...process.env };
    Object.assign(process.env, aws.env);
    try {
      const clients = createClients({ retryDelayMs: 1 });
      const sns = new SNSClient({});

      // Act
      const evidence = await collect(clients);
      await sns.send(new PublishCommand({ TopicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:doctor`, Subject: 'Backup failed', Message: '{"a":1}' }));

      // Assess
      expect(evidence.roles).toEqual(snapshot().roles);
      expect(aws.published).toEqual([{ topicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:doctor`, subject: 'Backup failed', message: '{"a":1}' }]);
    } finally {
      for (const k of Object.keys(aws.env)) delete process.env[k];
      Object.assign(process.env, saved);
    }
  });
});
