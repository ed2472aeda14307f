import 'aws-sdk-client-mock-vitest/extend';
import { describe, expect, it } from 'vitest';
import { GetRoleCommand } from '@aws-sdk/client-iam';
import { collectEvidence, EvidenceCache } from '../../lambdas/evidence/index.ts';
import { awsError, eventFrom, mockedClients, PLAN_ID, programAccount, ROLE_ARN, sentActions, VOLUME_ARN } from './helpers.ts';

const NOW = new Date('2020-07-29T20:20:00Z');
const event = () => eventFrom('backup-job-failed.json', { resourceArn: VOLUME_ARN, resourceType: 'EBS', plan: { planId: PLAN_ID } });

describe('cache and single-flight', () => {
  it('sends one GetRole for 50 concurrent collections that share a role', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    programAccount(mocks);
    const cache = new EvidenceCache();
    const events = Array.from({ length: 50 }, (_, i) => ({ ...event(), id: `job-${i}`, jobId: `job-${i}` }));

    // Act
    const all = await Promise.all(events.map((e) => collectEvidence(e, clients, { now: NOW, deadline: Date.now() + 30_000, cache })));

    // Assess
    expect(mocks.iam).toHaveReceivedCommandTimes(GetRoleCommand, 1);
    expect(sentActions(mocks).filter((a) => a === 'iam:GetPolicyVersion')).toHaveLength(2);
    expect(sentActions(mocks).filter((a) => a === 'iam:SimulatePrincipalPolicy')).toHaveLength(1);
    expect(all.every((e) => e.roles?.[ROLE_ARN]?.exists === true)).toBe(true);
  });

  it('reuses a role across warm invocations within the TTL and reads it again after', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    programAccount(mocks);
    let clock = 0;
    const cache = new EvidenceCache({ ttlMs: 1_000, clock: () => clock });
    const opts = () => ({ now: NOW, deadline: Date.now() + 30_000, cache });

    // Act
    await collectEvidence(event(), clients, opts());
    clock = 999;
    await collectEvidence(event(), clients, opts());
    const withinTtl = mocks.iam.commandCalls(GetRoleCommand).length;
    clock = 1_000;
    await collectEvidence(event(), clients, opts());

    // Assess
    expect(withinTtl).toBe(1);
    expect(mocks.iam).toHaveReceivedCommandTimes(GetRoleCommand, 2);
  });

  it('does not keep a throttled read, so the next collection tries again', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    programAccount(mocks);
    let calls = 0;
    mocks.iam.on(GetRoleCommand).callsFake(async () => {
      calls += 1;
      if (calls === 1) throw awsError('Throttling');
      return { Role: { RoleName: 'MockRCBackupTestRole', Arn: ROLE_ARN } };
    });
    const cache = new EvidenceCache();

    // Act
    const first = await collectEvidence(event(), clients, { now: NOW, deadline: Date.now() + 30_000, cache });
    const second = await collectEvidence(event(), clients, { now: NOW, deadline: Date.now() + 30_000, cache });

    // Assess
    expect(first.gaps).toEqual([expect.objectContaining({ action: 'iam:GetRole', why: 'throttled' })]);
    expect(second.gaps).toEqual([]);
    expect(second.roles?.[ROLE_ARN]?.exists).toBe(true);
  });
});

describe('time budget', () => {
  it('sends nothing and records timeout gaps when the deadline has passed', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    programAccount(mocks);

    // Act
    const evidence = await collectEvidence(event(), clients, { now: NOW, deadline: Date.now() - 1, cache: new EvidenceCache() });

    // Assess
    expect(sentActions(mocks)).toEqual([]);
    expect(evidence.gaps.length).toBeGreaterThan(0);
    expect(evidence.gaps.every((g) => g.why === 'timeout')).toBe(true);
    expect(evidence.gaps.map((g) => g.action)).toEqual(
      expect.arrayContaining(['backup:DescribeBackupJob', 'iam:GetRole', 'backup:DescribeBackupVault', 'backup:GetBackupPlan']),
    );
  });

  it('returns partial evidence with a timeout gap for a read that outlives the deadline', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    programAccount(mocks);
    mocks.iam.on(GetRoleCommand).callsFake(() => new Promise(() => undefined));

    // Act
    const evidence = await collectEvidence(event(), clients, { now: NOW, deadline: Date.now() + 200, cache: new EvidenceCache() });

    // Assess
    expect(evidence.roles).toBeUndefined();
    expect(evidence.gaps).toContainEqual(expect.objectContaining({ action: 'iam:GetRole', subject: ROLE_ARN, why: 'timeout' }));
    expect(evidence.vaults).toBeDefined();
    expect(evidence.job?.state).toBe('FAILED');
  });
});
