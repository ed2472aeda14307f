import { describe, expect, it } from 'vitest';
import type { PolicyDocument } from '../../../lambdas/model/types.ts';
import { iamRoleTrustBackup } from '../../../lambdas/checks/iam/iam-role-trust-backup.ts';
import { ACCOUNT, OTHER_ACCOUNT, ROLE_ARN, ctx, event, evidence, expectMessages, role } from './fixtures.ts';

const ec2Statement = { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' } as const;
const ec2Trust: PolicyDocument = { Version: '2012-10-17', Statement: [ec2Statement] };

function trustWith(condition: Record<string, Record<string, string>>): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'backup.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: condition }],
  };
}

describe('iam-role-trust-backup', () => {
  it.each([
    { name: 'fails when the trust policy admits only EC2', trust: ec2Trust, verdict: 'fail' },
    { name: 'passes when the trust policy admits backup.amazonaws.com', trust: undefined, verdict: 'pass' },
    {
      name: 'passes when aws:SourceAccount matches the job account',
      trust: trustWith({ StringEquals: { 'aws:SourceAccount': ACCOUNT } }),
      verdict: 'pass',
    },
    {
      name: 'fails when aws:SourceAccount names another account',
      trust: trustWith({ StringEquals: { 'aws:SourceAccount': OTHER_ACCOUNT } }),
      verdict: 'fail',
    },
    {
      name: 'is inconclusive when the decision depends on aws:SourceArn',
      trust: trustWith({ ArnLike: { 'aws:SourceArn': `arn:aws:backup:*:${ACCOUNT}:backup-vault:*` } }),
      verdict: 'inconclusive',
    },
  ])('$name', ({ trust, verdict }) => {
    // Prepare
    const r = trust ? role({ trustPolicy: trust }) : role();
    const c = ctx(event(), evidence({ roles: { [ROLE_ARN]: r } }));

    // Act
    const f = iamRoleTrustBackup.run(c);

    // Assess
    expect(f.verdict).toBe(verdict);
    expectMessages(iamRoleTrustBackup, f);
  });

  it('shows the admitted principals and gives the exact trust policy that adds AWS Backup', () => {
    // Act
    const f = iamRoleTrustBackup.run(ctx(event(), evidence({ roles: { [ROLE_ARN]: role({ trustPolicy: ec2Trust }) } })));

    // Assess
    expect(f.title).toEqual({ key: 'iam-role-trust-backup.fail', params: { role: 'AWSBackupDefaultServiceRole' } });
    expect(f.facts).toContainEqual({ name: 'admittedPrincipals', value: 'ec2.amazonaws.com' });
    expect(f.fix?.command).toMatch(/^aws iam update-assume-role-policy --role-name AWSBackupDefaultServiceRole --policy-document '/);
    const fixed = JSON.parse(f.fix!.snippet!) as { Statement: unknown[] };
    expect(fixed.Statement).toContainEqual(ec2Statement);
    expect(fixed.Statement).toContainEqual({ Effect: 'Allow', Principal: { Service: 'backup.amazonaws.com' }, Action: 'sts:AssumeRole' });
  });

  it('names the Deny statement and drops it from the fixed trust policy', () => {
    // Prepare
    const trust: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { Service: 'backup.amazonaws.com' }, Action: 'sts:AssumeRole' },
        { Sid: 'NoServices', Effect: 'Deny', Principal: { Service: 'backup.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ],
    };

    // Act
    const f = iamRoleTrustBackup.run(ctx(event(), evidence({ roles: { [ROLE_ARN]: role({ trustPolicy: trust }) } })));

    // Assess
    expect(f.verdict).toBe('fail');
    expect(f.detail?.key).toBe('iam-role-trust-backup.denyDetail');
    expect(f.fix?.snippet).not.toContain('NoServices');
  });

  it('is inconclusive with the recorded gap when the role could not be read', () => {
    // Prepare
    const gap = { what: `iam:GetRole ${ROLE_ARN}`, subject: ROLE_ARN, why: 'throttled' as const };

    // Act
    const f = iamRoleTrustBackup.run(ctx(event(), evidence({ roles: {}, gaps: [gap] })));

    // Assess
    expect(f.verdict).toBe('inconclusive');
    expect(f.missing).toEqual([gap]);
  });

  it('is not applicable when the role does not exist', () => {
    // Act
    const f = iamRoleTrustBackup.run(ctx(event(), evidence({ roles: { [ROLE_ARN]: role({ exists: false }) } })));

    // Assess
    expect(f.verdict).toBe('not-applicable');
  });
});
