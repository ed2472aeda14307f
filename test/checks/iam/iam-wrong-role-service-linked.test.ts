import { describe, expect, it } from 'vitest';
import { iamWrongRoleServiceLinked } from '../../../lambdas/checks/iam/iam-wrong-role-service-linked.ts';
import { ACCOUNT, ROLE_ARN, VOLUME_ARN, ctx, event, evidence, expectMessages } from './fixtures.ts';

// The service-linked role ARN form from /work/shared/aws-reference/managed-policies/trust-policies.json.
const SLR = `arn:aws:iam::${ACCOUNT}:role/aws-service-role/backup.amazonaws.com/AWSServiceRoleForBackup`;

describe('iam-wrong-role-service-linked', () => {
  it.each([
    { name: 'fails when the job ran with AWSServiceRoleForBackup', roleArn: SLR, verdict: 'fail' },
    { name: 'passes when the job ran with a service role', roleArn: ROLE_ARN, verdict: 'pass' },
    { name: 'is inconclusive when the role is not known', roleArn: undefined, verdict: 'inconclusive' },
  ])('$name', ({ roleArn, verdict }) => {
    // Act
    const f = iamWrongRoleServiceLinked.run(ctx(event({ roleArn }), evidence({ roles: {} })));

    // Assess
    expect(f.verdict).toBe(verdict);
    expectMessages(iamWrongRoleServiceLinked, f);
  });

  it('recommends AWSBackupDefaultServiceRole and starts the backup again with it', () => {
    // Act
    const f = iamWrongRoleServiceLinked.run(ctx(event({ roleArn: SLR }), evidence({ roles: {} })));

    // Assess
    expect(f.facts).toContainEqual({ name: 'recommendedRole', value: ROLE_ARN });
    expect(f.fix?.command).toBe(
      `aws backup start-backup-job --backup-vault-name Default --resource-arn ${VOLUME_ARN} --iam-role-arn ${ROLE_ARN}`,
    );
  });

  it('starts a copy job again for a copy that used the service-linked role', () => {
    // Prepare
    const e = event({
      kind: 'copy-job',
      roleArn: SLR,
      recoveryPointArn: 'arn:aws:ec2:us-east-1::snapshot/snap-0123456789abcdef0',
      sourceVaultArn: `arn:aws:backup:us-east-1:${ACCOUNT}:backup-vault:Default`,
      destinationVaultArn: `arn:aws:backup:us-west-2:${ACCOUNT}:backup-vault:Secondary`,
    });

    // Act
    const f = iamWrongRoleServiceLinked.run(ctx(e, evidence({ roles: {} })));

    // Assess
    expect(f.fix?.command).toContain('aws backup start-copy-job --recovery-point-arn arn:aws:ec2:us-east-1::snapshot/snap-0123456789abcdef0 --source-backup-vault-name Default');
    expect(f.fix?.command).toContain(`--iam-role-arn ${ROLE_ARN}`);
  });
});
