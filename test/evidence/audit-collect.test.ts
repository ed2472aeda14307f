import { describe, expect, it } from 'vitest';
import { GetBackupPlanCommand, GetBackupSelectionCommand, ListBackupPlansCommand, ListBackupSelectionsCommand, ListBackupVaultsCommand } from '@aws-sdk/client-backup';
import { GetRoleCommand, ListRolesCommand, ListRoleTagsCommand } from '@aws-sdk/client-iam';
import { MAX_PAGES, Pacer, collectAuditEvidence } from '../../lambdas/evidence/audit.ts';
import { awsError, mockedClients } from './helpers.ts';

const NOW = new Date('2026-11-21T00:00:00Z');
const opts = { now: NOW, deadline: Date.now() + 60_000, region: 'ap-northeast-1', rates: { iam: 1000, backup: 1000, kms: 1000 } };
const ROLE = 'arn:aws:iam::111122223333:role/BackupRole';

function account() {
  const { clients, mocks } = mockedClients();
  mocks.backup.on(ListBackupPlansCommand, { NextToken: undefined }).resolves({ BackupPlansList: [{ BackupPlanId: 'p1' }], NextToken: 't2' });
  mocks.backup.on(ListBackupPlansCommand, { NextToken: 't2' }).resolves({ BackupPlansList: [{ BackupPlanId: 'p2' }] });
  mocks.backup.on(GetBackupPlanCommand).callsFake((input: { BackupPlanId: string }) => ({
    BackupPlanId: input.BackupPlanId,
    BackupPlan: { BackupPlanName: input.BackupPlanId, Rules: [{ RuleId: 'r', RuleName: 'daily', TargetBackupVaultName: 'v', Lifecycle: { DeleteAfterDays: 35 } }] },
  }));
  mocks.backup.on(ListBackupSelectionsCommand).resolves({ BackupSelectionsList: [{ SelectionId: 's' }] });
  mocks.backup.on(GetBackupSelectionCommand).resolves({ BackupSelection: { SelectionName: 'tables', IamRoleArn: ROLE, Resources: ['arn:aws:dynamodb:ap-northeast-1:111122223333:table/orders'] } });
  mocks.backup.on(ListBackupVaultsCommand).resolves({ BackupVaultList: [{ BackupVaultName: 'v', Locked: true, MinRetentionDays: 90 }] });
  mocks.iam.on(ListRolesCommand, { Marker: undefined }).resolves({ Roles: [{ RoleName: 'BackupRole', Arn: ROLE } as never], IsTruncated: true, Marker: 'm2' });
  mocks.iam.on(ListRolesCommand, { Marker: 'm2' }).resolves({ Roles: [{ RoleName: 'ha', Arn: 'arn:aws:iam::111122223333:role/ha' } as never], IsTruncated: false });
  mocks.iam.on(ListRoleTagsCommand, { RoleName: 'ha' }).resolves({ Tags: [{ Key: 'backup-doctor:profile', Value: 'lifekeeper-ec2@9.7.0' }] });
  mocks.iam.on(GetRoleCommand).callsFake((input: { RoleName: string }) => ({ Role: { RoleName: input.RoleName, Arn: `arn:aws:iam::111122223333:role/${input.RoleName}`, Path: '/' } }));
  return { clients, mocks };
}

describe('audit collection', () => {
  it('follows every page of plans and roles, reads the selections and keeps the bound role', async () => {
    const { clients } = account();

    const evidence = await collectAuditEvidence(clients, opts);

    expect(Object.keys(evidence.plans ?? {}).sort()).toEqual(['p1', 'p2']);
    expect(Object.values(evidence.selections ?? {}).map((s) => [s.roleArn, s.resourceTypes])).toEqual([[ROLE, ['DynamoDB']]]);
    expect(evidence.vaults?.v?.minRetentionDays).toBe(90);
    expect(evidence.roles?.['arn:aws:iam::111122223333:role/ha']?.tags).toEqual({ 'backup-doctor:profile': 'lifekeeper-ec2@9.7.0' });
    expect(evidence.roles?.[ROLE]?.exists).toBe(true);
  });

  it('turns a denied listing into a gap and keeps the rest', async () => {
    const { clients, mocks } = account();
    mocks.backup.on(ListBackupVaultsCommand).rejects(awsError('AccessDeniedException', 403));

    const evidence = await collectAuditEvidence(clients, opts);

    expect(evidence.gaps).toContainEqual(expect.objectContaining({ action: 'backup:ListBackupVaults', why: 'access-denied' }));
    expect(Object.keys(evidence.plans ?? {})).toHaveLength(2);
  });

  it('records a throttled read as a gap once retries are spent', async () => {
    const { clients, mocks } = account();
    mocks.iam.on(ListRoleTagsCommand).rejects(awsError('Throttling', 400));

    const evidence = await collectAuditEvidence(clients, opts);

    expect(evidence.gaps.filter((g) => g.action === 'iam:ListRoleTags').map((g) => g.why)).toEqual(['throttled', 'throttled']);
    expect(evidence.roles?.['arn:aws:iam::111122223333:role/ha']).toBeUndefined();
  });

  it('stops a listing that never ends after MAX_PAGES pages, with a gap that says so', async () => {
    const { clients, mocks } = account();
    mocks.backup.on(ListBackupPlansCommand).resolves({ BackupPlansList: [], NextToken: 'again' });

    const evidence = await collectAuditEvidence(clients, opts);

    expect(mocks.backup.commandCalls(ListBackupPlansCommand)).toHaveLength(MAX_PAGES);
    expect(evidence.gaps).toContainEqual({ what: `backup:ListBackupPlans beyond its first ${MAX_PAGES} pages`, action: 'backup:ListBackupPlans', why: 'not-collected' });
  });

  it('paces calls to the given rate', async () => {
    let clock = 0;
    const waits: number[] = [];
    const pacer = new Pacer(5, async (ms) => void waits.push(ms), () => clock);

    for (let i = 0; i < 4; i++) await pacer.turn();
    clock = 1000;
    await pacer.turn();

    expect(waits).toEqual([200, 400, 600]);
  });
});
