import { describe, expect, it } from 'vitest';
import type { Gap, RoleFacts } from '../../../lambdas/model/types.ts';
import { iamRoleMissing } from '../../../lambdas/checks/iam/iam-role-missing.ts';
import { ROLE_ARN, ctx, event, evidence, expectMessages, role } from './fixtures.ts';

describe('iam-role-missing', () => {
  it.each<{ name: string; roles: Record<string, RoleFacts>; gaps: Gap[]; verdict: string }>([
    { name: 'fails when IAM reports the role as missing', roles: { [ROLE_ARN]: role({ exists: false }) }, gaps: [], verdict: 'fail' },
    { name: 'passes when the role exists', roles: { [ROLE_ARN]: role() }, gaps: [], verdict: 'pass' },
    {
      name: 'is inconclusive when GetRole was denied',
      roles: {},
      gaps: [{ what: `iam:GetRole ${ROLE_ARN}`, subject: ROLE_ARN, action: 'iam:GetRole', why: 'access-denied' as const }],
      verdict: 'inconclusive',
    },
  ])('$name', ({ roles, gaps, verdict }) => {
    // Prepare
    const c = ctx(event(), evidence({ roles, gaps }));

    // Act
    const f = iamRoleMissing.run(c);

    // Assess
    expect(f.verdict).toBe(verdict);
    expectMessages(iamRoleMissing, f);
  });

  it('gives the commands that create the role again with its path and the managed policies', () => {
    // Act
    const f = iamRoleMissing.run(ctx(event(), evidence({ roles: { [ROLE_ARN]: role({ exists: false }) } })));

    // Assess
    expect(f.title.params).toEqual({ role: 'AWSBackupDefaultServiceRole' });
    expect(f.fix?.command).toContain('aws iam create-role --role-name AWSBackupDefaultServiceRole --path /service-role/');
    expect(f.fix?.command).toContain('"Service":"backup.amazonaws.com"');
    expect(f.fix?.command).toContain('--policy-arn arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup');
  });

  it('reports the missing gap as what could not be read', () => {
    // Prepare
    const gap = { what: `iam:GetRole ${ROLE_ARN}`, subject: ROLE_ARN, action: 'iam:GetRole', why: 'access-denied' as const };

    // Act
    const f = iamRoleMissing.run(ctx(event(), evidence({ roles: {}, gaps: [gap] })));

    // Assess
    expect(f.missing).toEqual([gap]);
  });

  it('is inconclusive when neither the event nor the job names a role', () => {
    // Act
    const f = iamRoleMissing.run(ctx(event({ roleArn: undefined }), evidence()));

    // Assess
    expect(f.verdict).toBe('inconclusive');
    expect(f.missing?.[0]?.why).toBe('not-collected');
  });
});
