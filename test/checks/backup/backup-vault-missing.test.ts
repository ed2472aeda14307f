import { describe, expect, it } from 'vitest';
import { vaultMissing as check } from '../../../lambdas/checks/backup/backup-vault-missing.ts';
import type { Gap } from '../../../lambdas/model/types.ts';
import { context, evidence, expiredBackupEvent, failedCopyEvent, textProblems } from './helpers.ts';

// bk-001 (AWS Backup EventBridge guide): the vault named in this message does not exist.
const MISSING_ARN = 'arn:aws:backup:us-west-2:1112233445566:backup-vault:9ab3e749-82c6-4342-9320-5edbf4918b86';
const MISSING_NAME = '9ab3e749-82c6-4342-9320-5edbf4918b86';
const failed = expiredBackupEvent({
  state: 'FAILED',
  statusMessage: `Backup job failed because backup vault ${MISSING_ARN} does not exist.`,
  vaultArn: MISSING_ARN,
  vaultName: MISSING_NAME,
});
const DEST = 'arn:aws:backup:us-west-2:1112233445566:backup-vault:55aa945e-c46a-421b-aa27-f94b074e31b7';

describe('backup-vault-missing', () => {
  it.each([
    { name: 'a vault read as not existing', ev: evidence({ vaults: { [MISSING_NAME]: { name: MISSING_NAME, arn: MISSING_ARN, exists: false } } }) },
    {
      name: 'a not-found gap on the vault',
      ev: evidence({ gaps: [{ what: `backup:DescribeBackupVault ${MISSING_NAME}`, subject: MISSING_ARN, action: 'backup:DescribeBackupVault', why: 'not-found' }] }),
    },
  ])('reports the missing target vault from $name', ({ ev }) => {
    // Act
    const f = check.run(context(failed, ev));
    // Assess
    expect(f.verdict).toBe('fail');
    expect(f.title).toEqual({ key: 'backup-vault-missing.title.target', params: { vault: MISSING_NAME, account: '1112233445566', region: 'us-west-2' } });
    expect(f.fix?.command).toBe(`aws backup create-backup-vault --backup-vault-name ${MISSING_NAME} --region us-west-2`);
    expect(f.subject).toBe(MISSING_ARN);
    expect(textProblems(check.messages, f)).toEqual([]);
  });

  it('reports a missing copy destination vault', () => {
    // Prepare
    const ev = evidence({ vaults: { dest: { name: '55aa945e-c46a-421b-aa27-f94b074e31b7', arn: DEST, exists: false } } });
    // Act
    const f = check.run(context(failedCopyEvent(), ev));
    // Assess
    expect(f.verdict).toBe('fail');
    expect(f.title.key).toBe('backup-vault-missing.title.destination');
  });

  it('passes when the vault exists', () => {
    // Act
    const f = check.run(context(failed, evidence({ vaults: { [MISSING_NAME]: { name: MISSING_NAME, arn: MISSING_ARN, exists: true } } })));
    // Assess
    expect(f.verdict).toBe('pass');
  });

  it('is inconclusive when the vault could not be read', () => {
    // Prepare
    const gap: Gap = { what: `backup:DescribeBackupVault ${MISSING_NAME}`, subject: MISSING_ARN, action: 'backup:DescribeBackupVault', why: 'access-denied' };
    // Act
    const f = check.run(context(failed, evidence({ gaps: [gap] })));
    // Assess
    expect(f.verdict).toBe('inconclusive');
    expect(f.missing).toEqual([gap]);
    expect(textProblems(check.messages, f)).toEqual([]);
  });

  it('does not apply when the job names no vault', () => {
    // Act
    const f = check.run(context(expiredBackupEvent({ plan: undefined, vaultArn: undefined, vaultName: undefined }), evidence()));
    // Assess
    expect(f.verdict).toBe('not-applicable');
  });
});
