import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../lambdas/model/config.ts';
import { organizationConfig } from '../../lambdas/organization/config.ts';
import { deployCommand, withAccountAccess } from '../../lambdas/organization/diagnosis.ts';
import { failWithFix } from '../report/fixtures.ts';

const ENV = {
  MEMBER_ROLE_NAME: 'backup-doctor-inspection',
  MEMBER_ROLE_EXTERNAL_ID: 'backup-doctor-o-exampleorgid',
  CENTRAL_ACCOUNT_ID: '444455556666',
  AWS_REGION: 'eu-west-1',
};

describe('organizationConfig', () => {
  it('is undefined in a single-account deployment', () => {
    expect(organizationConfig({})).toBeUndefined();
  });

  it('reads the member role, the central account and the StackSet', () => {
    expect(organizationConfig(ENV)).toEqual({
      roleName: 'backup-doctor-inspection',
      externalId: 'backup-doctor-o-exampleorgid',
      partition: 'aws',
      centralAccount: '444455556666',
      stackSetName: 'backup-doctor-member',
      roleRegion: 'eu-west-1',
    });
  });

  it('refuses a partial or malformed configuration with one clear line', () => {
    expect(() => organizationConfig({ ...ENV, MEMBER_ROLE_EXTERNAL_ID: '' })).toThrow(ConfigError);
    expect(() => organizationConfig({ ...ENV, CENTRAL_ACCOUNT_ID: '4444' })).toThrow(/12-digit account id, got "4444"/);
  });
});

describe('withAccountAccess', () => {
  const refused = {
    account: '777788889999',
    roleArn: 'arn:aws:iam::777788889999:role/backup-doctor-inspection',
    outcome: 'refused' as const,
    stackSetName: 'backup-doctor-member',
    roleRegion: 'eu-west-1',
  };

  it('keeps the diagnosis of an account read through its role, and records where it read', () => {
    const access = { ...refused, outcome: 'assumed' as const };
    const result = withAccountAccess(failWithFix, access);
    expect(result).toEqual({ ...failWithFix, readAs: access });
  });

  it('heads an account that refused the role with the StackSet to deploy, grouped per account', () => {
    const result = withAccountAccess(failWithFix, refused);
    expect(result.headline).toEqual({
      key: 'organization.headline.refused',
      params: { account: refused.account, role: refused.roleArn, stackSet: 'backup-doctor-member' },
    });
    expect(result.nextSteps[0]?.command).toBe(deployCommand(refused, failWithFix.event.region));
    expect(result.nextSteps.slice(1)).toEqual(failWithFix.nextSteps);
    expect(result.fingerprint.startsWith(`${refused.account}|`)).toBe(true);
    expect(result.fingerprint.endsWith(`|organization-inspection-role|${refused.roleArn}`)).toBe(true);
  });

  it('deploys to the role region and the event region, once each', () => {
    expect(deployCommand(refused, 'eu-west-1')).toMatch(/--regions eu-west-1$/);
    expect(deployCommand(refused, 'us-east-1')).toMatch(/--regions eu-west-1 us-east-1$/);
  });

  it('quotes a value the shell would split', () => {
    expect(deployCommand({ ...refused, stackSetName: 'name; rm -rf /' }, undefined)).toContain(`--stack-set-name 'name; rm -rf /'`);
  });
});
