import 'aws-sdk-client-mock-vitest/extend';
import { describe, expect, it } from 'vitest';
import { DescribeBackupVaultCommand, ListBackupJobsCommand } from '@aws-sdk/client-backup';
import { GetRoleCommand, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import { GetKeyPolicyCommand, DescribeKeyCommand, ListGrantsCommand } from '@aws-sdk/client-kms';
import { collectEvidence, EvidenceCache, profileActions } from '../../lambdas/evidence/index.ts';
import {
  ACCOUNT,
  awsError,
  BOUNDARY_DOC,
  eventFrom,
  INLINE_DOC,
  KEY_ARN,
  KEY_POLICY,
  MANAGED_ARN,
  MANAGED_DOC,
  mockedClients,
  PLAN_ID,
  programAccount,
  ROLE_ARN,
  ROLE_NAME,
  TRUST,
  VAULT_NAME,
  VOLUME_ARN,
  VOLUME_KEY_ARN,
} from './helpers.ts';

const NOW = new Date('2020-07-29T20:20:00Z');
const later = (): number => Date.now() + 30_000;

// The documented FAILED backup job event, pointed at an EBS volume of the same account and a plan.
const backupEvent = () =>
  eventFrom('backup-job-failed.json', { resourceArn: VOLUME_ARN, resourceType: 'EBS', plan: { planId: PLAN_ID } });

describe('collectEvidence for a backup job', () => {
  it('reads the job, plan, vault, history, role, keys and resource', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    programAccount(mocks);

    // Act
    const evidence = await collectEvidence(backupEvent(), clients, { now: NOW, deadline: later(), cache: new EvidenceCache() });

    // Assess
    expect(evidence.gaps).toEqual([]);
    expect(evidence.capturedAt).toBe(NOW.toISOString());
    expect(evidence.job).toMatchObject({ jobType: 'backup', state: 'FAILED', planId: PLAN_ID, onDemand: false });
    expect(evidence.plans?.[PLAN_ID]?.rules[0]).toMatchObject({
      ruleId: 'rule-1',
      scheduleExpression: 'cron(0 5 ? * * *)',
      startWindowMinutes: 60,
      completionWindowMinutes: 120,
      lifecycle: { deleteAfterDays: 35 },
      copyActions: [{ lifecycle: { deleteAfterDays: 90 } }],
    });
    expect(evidence.vaults?.[VAULT_NAME]).toMatchObject({ exists: true, locked: true, minRetentionDays: 7, maxRetentionDays: 30, encryptionKeyArn: KEY_ARN });
    expect(evidence.jobHistory?.[VOLUME_ARN]?.map((j) => j.jobId)).toEqual(['newer', 'older']);
    expect(evidence.resources?.[VOLUME_ARN]).toEqual({ arn: VOLUME_ARN, type: 'EBS', exists: true, encrypted: true, encryptionKeyArn: VOLUME_KEY_ARN });
    expect(Object.keys(evidence.keys ?? {}).sort()).toEqual([VOLUME_KEY_ARN, KEY_ARN].sort());
    expect(evidence.keys?.[KEY_ARN]).toMatchObject({ state: 'Enabled', manager: 'CUSTOMER', policy: KEY_POLICY, grants: [{ grantId: 'g-1', operations: ['Decrypt', 'CreateGrant'] }] });
    expect(mocks.iam).toHaveReceivedCommandWith(GetRoleCommand, { RoleName: ROLE_NAME });
    expect(mocks.backup).toHaveReceivedCommandWith(ListBackupJobsCommand, { ByResourceArn: VOLUME_ARN, MaxResults: 20 });
    expect(mocks.backup).toHaveReceivedCommandWith(DescribeBackupVaultCommand, { BackupVaultName: VAULT_NAME });
    expect(mocks.kms).toHaveReceivedCommandWith(GetKeyPolicyCommand, { KeyId: KEY_ARN, PolicyName: 'default' });
  });

  it('decodes the URL-encoded trust, managed, inline and boundary policy documents', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    programAccount(mocks);

    // Act
    const evidence = await collectEvidence(backupEvent(), clients, { now: NOW, deadline: later(), cache: new EvidenceCache() });

    // Assess
    const role = evidence.roles?.[ROLE_ARN];
    expect(role).toMatchObject({ exists: true, name: ROLE_NAME, createDate: '2020-01-01T00:00:00.000Z', trustPolicy: TRUST });
    expect(role?.attachedPolicies).toEqual([{ name: 'AWSBackupServiceRolePolicyForBackup', arn: MANAGED_ARN, versionId: 'v12', document: MANAGED_DOC }]);
    expect(role?.inlinePolicies).toEqual([{ name: 'kms-use', document: INLINE_DOC }]);
    expect(role?.permissionsBoundary?.document).toEqual(BOUNDARY_DOC);
  });

  it('simulates every profile action of the role in one SimulatePrincipalPolicy call', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    programAccount(mocks);
    const event = backupEvent();
    const actions = profileActions(event);

    // Act
    const evidence = await collectEvidence(event, clients, { now: NOW, deadline: later(), cache: new EvidenceCache() });

    // Assess
    expect(actions.length).toBeGreaterThan(1);
    expect(mocks.iam).toHaveReceivedCommandTimes(SimulatePrincipalPolicyCommand, 1);
    expect(mocks.iam).toHaveReceivedCommandWith(SimulatePrincipalPolicyCommand, { PolicySourceArn: ROLE_ARN, ActionNames: [...actions].sort() });
    expect(Object.keys(evidence.roles?.[ROLE_ARN]?.simulation ?? {}).sort()).toEqual([...actions].sort());
  });

  it('uses the actions given by the caller instead of the profile', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    programAccount(mocks);

    // Act
    const evidence = await collectEvidence(backupEvent(), clients, {
      now: NOW,
      deadline: later(),
      cache: new EvidenceCache(),
      actions: ['ec2:CreateSnapshot', 'ec2:CopySnapshot'],
    });

    // Assess
    expect(evidence.roles?.[ROLE_ARN]?.simulation).toEqual({ 'ec2:CopySnapshot': 'implicitDeny', 'ec2:CreateSnapshot': 'allowed' });
  });

  it('reads the role, vault, plan and resource from the job when the event does not name them', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    programAccount(mocks);
    const event = eventFrom('backup-job-failed.json', {
      roleArn: undefined,
      vaultArn: undefined,
      vaultName: undefined,
      resourceArn: undefined,
      resourceType: undefined,
      plan: undefined,
    });

    // Act
    const evidence = await collectEvidence(event, clients, { now: NOW, deadline: later(), cache: new EvidenceCache() });

    // Assess
    expect(evidence.gaps).toEqual([]);
    expect(Object.keys(evidence.roles ?? {})).toEqual([ROLE_ARN]);
    expect(Object.keys(evidence.vaults ?? {})).toEqual([VAULT_NAME]);
    expect(Object.keys(evidence.plans ?? {})).toEqual([PLAN_ID]);
    expect(Object.keys(evidence.resources ?? {})).toEqual([VOLUME_ARN]);
  });

  it('records exists:false for a role that IAM answers NoSuchEntity, without other role gaps', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    programAccount(mocks);
    mocks.iam.reset().onAnyCommand().rejects(awsError('NoSuchEntity', 404));

    // Act
    const evidence = await collectEvidence(backupEvent(), clients, { now: NOW, deadline: later(), cache: new EvidenceCache() });

    // Assess
    expect(evidence.roles?.[ROLE_ARN]).toEqual({ arn: ROLE_ARN, name: ROLE_NAME, exists: false });
    expect(evidence.gaps.filter((g) => g.subject === ROLE_ARN)).toEqual([]);
  });

  it('records exists:false for a vault that Backup answers ResourceNotFoundException', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    programAccount(mocks);
    mocks.backup.on(DescribeBackupVaultCommand).rejects(awsError('ResourceNotFoundException', 404));

    // Act
    const evidence = await collectEvidence(backupEvent(), clients, { now: NOW, deadline: later(), cache: new EvidenceCache() });

    // Assess
    expect(evidence.vaults?.[VAULT_NAME]).toMatchObject({ name: VAULT_NAME, exists: false });
    expect(evidence.gaps).toEqual([]);
  });

  it('records state Missing for a key that KMS answers NotFoundException', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    programAccount(mocks);
    mocks.kms.reset().onAnyCommand().rejects(awsError('NotFoundException'));

    // Act
    const evidence = await collectEvidence(backupEvent(), clients, { now: NOW, deadline: later(), cache: new EvidenceCache() });

    // Assess
    expect(evidence.keys?.[KEY_ARN]).toEqual({ arn: KEY_ARN, state: 'Missing' });
    expect(evidence.gaps).toEqual([]);
  });

  it('records a cross-account gap for a key of another account without calling GetKeyPolicy', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    programAccount(mocks);
    const foreignKey = 'arn:aws:kms:us-west-2:444455556666:key/5555aaaa-0000-1111-2222-333344445555';
    mocks.backup.on(DescribeBackupVaultCommand).resolves({ BackupVaultName: VAULT_NAME, EncryptionKeyArn: foreignKey });

    // Act
    const evidence = await collectEvidence(backupEvent(), clients, { now: NOW, deadline: later(), cache: new EvidenceCache() });

    // Assess
    expect(mocks.kms).not.toHaveReceivedCommandWith(GetKeyPolicyCommand, { KeyId: foreignKey });
    expect(mocks.kms).toHaveReceivedCommandWith(DescribeKeyCommand, { KeyId: foreignKey });
    expect(mocks.kms).toHaveReceivedCommandWith(ListGrantsCommand, { KeyId: foreignKey });
    expect(evidence.gaps).toEqual([expect.objectContaining({ subject: foreignKey, action: 'kms:GetKeyPolicy', why: 'cross-account' })]);
    expect(evidence.keys?.[foreignKey]?.policy).toBeUndefined();
    expect(evidence.keys?.[foreignKey]?.state).toBe('Enabled');
  });

  it('records a cross-account gap for a role of another account without calling IAM', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    programAccount(mocks);
    const foreignRole = 'arn:aws:iam::444455556666:role/Other';

    // Act
    const evidence = await collectEvidence({ ...backupEvent(), roleArn: foreignRole }, clients, {
      now: NOW,
      deadline: later(),
      cache: new EvidenceCache(),
    });

    // Assess
    expect(mocks.iam).not.toHaveReceivedCommand(GetRoleCommand);
    expect(evidence.gaps).toEqual([expect.objectContaining({ subject: foreignRole, action: 'iam:GetRole', why: 'cross-account' })]);
  });

  it('throws an error it does not know', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    programAccount(mocks);
    mocks.iam.on(GetRoleCommand).rejects(awsError('ValidationError'));

    // Act
    const run = collectEvidence(backupEvent(), clients, { now: NOW, deadline: later(), cache: new EvidenceCache() });

    // Assess
    await expect(run).rejects.toThrow('ValidationError');
  });

  it('keeps the account of the event in the evidence', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    programAccount(mocks);

    // Act
    const evidence = await collectEvidence(backupEvent(), clients, { now: NOW, deadline: later(), cache: new EvidenceCache() });

    // Assess
    expect(evidence).toMatchObject({ schemaVersion: 1, account: ACCOUNT, region: 'us-west-2' });
  });
});
