import { describe, expect, it } from 'vitest';
import { retentionOutsideVaultLock as check } from '../../../lambdas/checks/backup/backup-retention-outside-vault-lock.ts';
import type { Evidence, FailureEvent, Gap } from '../../../lambdas/model/types.ts';
import { PLAN_ID, RULE_ID, VAULT_NAME, plan, rule, vault } from './fixtures.ts';
import { context, evidence, expiredBackupEvent, failedCopyEvent, textProblems } from './helpers.ts';

const failed = expiredBackupEvent({ state: 'FAILED' });
const locked = { locked: true, minRetentionDays: 35, maxRetentionDays: 365 };
const DEST = 'arn:aws:backup:us-west-2:1112233445566:backup-vault:55aa945e-c46a-421b-aa27-f94b074e31b7';

function run(event: FailureEvent, ev: Evidence, now?: string) {
  return check.run(context(event, ev, now));
}

describe('backup-retention-outside-vault-lock', () => {
  const failing = [
    {
      name: 'a retention below the minimum',
      ev: evidence({ plans: plan(rule({ lifecycle: { deleteAfterDays: 30 } })), vaults: vault(locked) }),
      title: 'title',
      params: { retention: '30', range: '35–365', value: 35 },
      inCommand: '"Lifecycle":{"DeleteAfterDays":35}',
    },
    {
      name: 'keeping forever against a maximum',
      ev: evidence({ plans: plan(rule({ lifecycle: {} })), vaults: vault(locked) }),
      title: 'titleForever',
      params: { retention: '∞', range: '35–365', value: 365 },
      inCommand: '"Lifecycle":{"DeleteAfterDays":365}',
    },
    {
      name: 'cold storage that no longer fits 90 days under the maximum',
      ev: evidence({ plans: plan(rule({ lifecycle: { moveToColdStorageAfterDays: 300, deleteAfterDays: 400 } })), vaults: vault(locked) }),
      title: 'title',
      params: { retention: '400', value: 365 },
      inCommand: '"Lifecycle":{"MoveToColdStorageAfterDays":275,"DeleteAfterDays":365}',
    },
    {
      name: 'a minimum raised further by the 90 days of cold storage',
      ev: evidence({ plans: plan(rule({ lifecycle: { moveToColdStorageAfterDays: 10, deleteAfterDays: 20 } })), vaults: vault(locked) }),
      title: 'title',
      params: { retention: '20', value: 100 },
      inCommand: '"Lifecycle":{"MoveToColdStorageAfterDays":10,"DeleteAfterDays":100}',
    },
  ];
  it.each(failing)('reports $name with the value to set', ({ ev, title, params, inCommand }) => {
    // Act
    const f = run(failed, ev);
    // Assess
    expect(f.verdict).toBe('fail');
    expect(f.title.key).toBe(`backup-retention-outside-vault-lock.${title}`);
    expect(f.title.params).toMatchObject({ vault: VAULT_NAME, ...params });
    expect(f.fix?.command).toContain(`aws backup update-backup-plan --backup-plan-id ${PLAN_ID} --backup-plan '`);
    expect(f.fix?.command).toContain(inCommand);
    expect(f.fix?.command).toContain('"RuleName":"monthly"');
    expect(textProblems(check.messages, f)).toEqual([]);
  });

  it('offers the exact vault lock change when it only raises the maximum (governance mode)', () => {
    // Prepare
    const ev = evidence({ plans: plan(rule({ lifecycle: { deleteAfterDays: 400 } })), vaults: vault(locked) });
    // Act
    const f = run(failed, ev);
    // Assess
    expect(f.fix?.summary.key).toBe('backup-retention-outside-vault-lock.fix.governance');
    expect(f.fix?.summary.params?.['lockCommand']).toBe(
      `aws backup put-backup-vault-lock-configuration --backup-vault-name ${VAULT_NAME} --min-retention-days 35 --max-retention-days 400 --region us-west-2`,
    );
    expect(f.fix?.snippet).toBe(JSON.stringify({ Lifecycle: { DeleteAfterDays: 365 } }, null, 2));
  });

  it.each([
    { mode: 'governance', lockDate: undefined },
    { mode: 'grace', lockDate: '2026-12-01T00:00:00Z' },
  ])('never offers to lower the lock minimum, which would shorten every recovery point\'s protection ($mode)', ({ mode, lockDate }) => {
    // Prepare
    const ev = evidence({ plans: plan(rule({ lifecycle: { deleteAfterDays: 30 } })), vaults: vault({ ...locked, ...(lockDate ? { lockDate } : {}) }) });
    // Act
    const f = run(failed, ev, '2026-11-21T06:00:00Z');
    // Assess
    expect(f.fix?.summary.key).toBe(`backup-retention-outside-vault-lock.fix.${mode}KeepLock`);
    const sentence = check.messages.en[`backup-retention-outside-vault-lock.fix.${mode}KeepLock`];
    expect(sentence).not.toContain('{lockCommand}');
    expect(f.fix?.command).toContain('"Lifecycle":{"DeleteAfterDays":35}');
    expect(f.fix?.snippet).toBe(JSON.stringify({ Lifecycle: { DeleteAfterDays: 35 } }, null, 2));
    expect(textProblems(check.messages, f)).toEqual([]);
  });

  it.each([
    { lockDate: '2026-01-01T00:00:00Z', mode: 'immutable' },
    { lockDate: '2026-12-01T00:00:00Z', mode: 'grace' },
  ])('says the lock is $mode when its lock date is $lockDate', ({ lockDate, mode }) => {
    // Prepare
    const ev = evidence({ plans: plan(rule({ lifecycle: { deleteAfterDays: 400 } })), vaults: vault({ ...locked, lockDate }) });
    // Act
    const f = run(failed, ev, '2026-11-21T06:00:00Z');
    // Assess
    expect(f.fix?.summary.key).toBe(`backup-retention-outside-vault-lock.fix.${mode}`);
    expect(f.facts).toContainEqual({ name: 'lockMode', value: mode });
  });

  it('checks a copy job against the lock of its destination vault', () => {
    // Prepare
    const event = failedCopyEvent({
      statusMessage: 'Copy job failed. The retention specified in the job is not within the range specified for the target Backup Vault.',
      plan: { planId: PLAN_ID, ruleId: RULE_ID },
    });
    const ev = evidence({
      plans: plan(rule({ copyActions: [{ destinationVaultArn: DEST, lifecycle: { deleteAfterDays: 7 } }] })),
      vaults: { dr: { name: '55aa945e-c46a-421b-aa27-f94b074e31b7', arn: DEST, exists: true, minRetentionDays: 14 } },
    });
    // Act
    const f = run(event, ev);
    // Assess
    expect(f.verdict).toBe('fail');
    expect(f.title.params).toMatchObject({ retention: '7', range: '≥ 14', value: 14 });
    expect(f.confidence).toBe(0.95);
    expect(f.fix?.command).toContain(`"CopyActions":[{"DestinationBackupVaultArn":"${DEST}","Lifecycle":{"DeleteAfterDays":14}}]`);
  });

  it('reports a copy action outside its destination lock with low confidence for a backup job', () => {
    // Prepare
    const ev = evidence({
      plans: plan(rule({ copyActions: [{ destinationVaultArn: DEST, lifecycle: { deleteAfterDays: 7 } }] })),
      vaults: { ...vault(), dr: { name: 'dr', arn: DEST, exists: true, minRetentionDays: 14 } },
    });
    // Act
    const f = run(failed, ev);
    // Assess
    expect(f.verdict).toBe('fail');
    expect(f.confidence).toBe(0.4);
  });

  it.each([
    { name: 'a retention inside the range', ev: evidence({ plans: plan(rule({ lifecycle: { deleteAfterDays: 100 } })), vaults: vault(locked) }) },
    { name: 'a vault without a lock', ev: evidence({ plans: plan(rule({ lifecycle: {} })), vaults: vault() }) },
    { name: 'an unread plan with a vault without a lock', ev: evidence({ vaults: vault() }) },
  ])('passes $name', ({ ev }) => {
    // Act
    const f = run(failed, ev);
    // Assess
    expect(f.verdict).toBe('pass');
  });

  it('is inconclusive with the recorded gap when the vault could not be read', () => {
    // Prepare
    const gap: Gap = { what: `backup:DescribeBackupVault ${VAULT_NAME}`, subject: VAULT_NAME, action: 'backup:DescribeBackupVault', why: 'access-denied' };
    const ev = evidence({ plans: plan(rule({ lifecycle: { deleteAfterDays: 30 } })), gaps: [gap] });
    // Act
    const f = run(failed, ev);
    // Assess
    expect(f.verdict).toBe('inconclusive');
    expect(f.missing).toEqual([gap]);
    expect(textProblems(check.messages, f)).toEqual([]);
  });

  it('is inconclusive when the plan could not be read and the vault is locked', () => {
    // Act
    const f = run(failed, evidence({ vaults: vault(locked) }));
    // Assess
    expect(f.verdict).toBe('inconclusive');
    expect(f.missing?.[0]).toMatchObject({ subject: PLAN_ID, why: 'not-collected', action: 'backup:GetBackupPlan' });
  });

  it('does not apply when the job names no vault', () => {
    // Prepare
    const event = expiredBackupEvent({ plan: undefined, vaultName: undefined, vaultArn: undefined });
    // Act
    const f = run(event, evidence());
    // Assess
    expect(f.verdict).toBe('not-applicable');
  });

  it('proposes no plan retention a continuous rule cannot keep when the minimum exceeds 35 days', () => {
    // Prepare
    const ev = evidence({
      plans: plan(rule({ enableContinuousBackup: true, lifecycle: { deleteAfterDays: 35 } })),
      vaults: vault({ locked: true, minRetentionDays: 90 }),
    });
    // Act
    const f = run(failed, ev);
    // Assess
    expect(f.verdict).toBe('fail');
    expect(f.fix?.summary.key).toBe('backup-retention-outside-vault-lock.fix.continuousKeepLock');
    expect(f.fix?.command).toBeUndefined();
    expect(f.facts.find((x) => x.name === 'suggestedRetention')).toBeUndefined();
    expect(textProblems(check.messages, f)).toEqual([]);
  });
});
