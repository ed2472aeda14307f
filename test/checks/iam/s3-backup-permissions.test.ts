import { describe, expect, it } from 'vitest';
import type { FailureEvent, RoleFacts } from '../../../lambdas/model/types.ts';
import { s3BackupPermissions } from '../../../lambdas/checks/iam/s3-backup-permissions.ts';
import { BUCKET_ARN, ROLE_ARN, ctx, event, evidence, expectMessages, managed, role } from './fixtures.ts';

// The corpus case bk-069: "IAM Role arn:aws:iam::111111111111:role/service-role/AWSBackupDefaultServiceRole does not
// have sufficient permissions to execute the backup." for an S3 backup with the default role (tecRacer blog, 2024-04).
const s3Event = (over: Partial<FailureEvent> = {}) => event({ resourceArn: BUCKET_ARN, resourceType: 'S3', ...over });

function run(r: RoleFacts | undefined, e: FailureEvent, gaps = evidence().gaps) {
  return s3BackupPermissions.run(ctx(e, evidence({ roles: r ? { [ROLE_ARN]: r } : {}, gaps })));
}

describe('s3-backup-permissions', () => {
  it.each([
    { name: 'fails for the default role without the S3 policies', r: role(), e: s3Event(), verdict: 'fail' },
    {
      name: 'passes once AWSBackupServiceRolePolicyForS3Backup is attached',
      r: role({ attachedPolicies: [managed('AWSBackupServiceRolePolicyForBackup'), managed('AWSBackupServiceRolePolicyForS3Backup')] }),
      e: s3Event(),
      verdict: 'pass',
    },
    {
      name: 'passes a restore once AWSBackupServiceRolePolicyForS3Restore is attached',
      r: role({ attachedPolicies: [managed('AWSBackupServiceRolePolicyForRestores'), managed('AWSBackupServiceRolePolicyForS3Restore')] }),
      e: s3Event({ kind: 'restore-job' }),
      verdict: 'pass',
    },
    { name: 'is inconclusive when the role was not read', r: undefined, e: s3Event(), verdict: 'inconclusive' },
    { name: 'is not applicable to an EBS backup', r: role(), e: event(), verdict: 'not-applicable' },
  ])('$name', ({ r, e, verdict }) => {
    // Act
    const f = run(r, e);

    // Assess
    expect(f.verdict).toBe(verdict);
    expectMessages(s3BackupPermissions, f);
  });

  it('grants the missing S3 actions inline and names AWSBackupServiceRolePolicyForS3Backup for a backup', () => {
    // Act
    const f = run(role(), s3Event());

    // Assess
    expect(f.title.params).toMatchObject({ policy: 'AWSBackupServiceRolePolicyForS3Backup', job: 'backup' });
    expect(f.fix?.command).toMatch(/^aws iam put-role-policy --role-name AWSBackupDefaultServiceRole /);
    expect(f.fix?.summary.params).toMatchObject({ policy: 'AWSBackupServiceRolePolicyForS3Backup' });
    expect(f.facts.find((x) => x.name === 'missingActions')?.value).toContain('s3:GetObjectVersion');
  });

  it('names AWSBackupServiceRolePolicyForS3Restore for a restore', () => {
    // Act
    const f = run(role(), s3Event({ kind: 'restore-job' }));

    // Assess
    expect(f.verdict).toBe('fail');
    expect(f.fix?.summary.params).toMatchObject({ policy: 'AWSBackupServiceRolePolicyForS3Restore' });
    expect(f.fix?.command).toMatch(/^aws iam put-role-policy /);
  });
});
