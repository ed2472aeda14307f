import { describe, expect, it } from 'vitest';
import type { PolicyDocument, RoleFacts } from '../../../lambdas/model/types.ts';
import { iamPassroleRestore } from '../../../lambdas/checks/iam/iam-passrole-restore.ts';
import { ACCOUNT, INSTANCE_ARN, ROLE_ARN, ctx, event, evidence, expectMessages, inline, managed, role } from './fixtures.ts';

const INSTANCE_ROLE = `arn:aws:iam::${ACCOUNT}:role/AppInstanceRole`;
const instanceRole: RoleFacts = {
  arn: INSTANCE_ROLE,
  name: 'AppInstanceRole',
  exists: true,
  trustPolicy: {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
  },
};
// A copy of AWSBackupServiceRolePolicyForRestores from before v25 (no iam:PassRole statement): the EC2 statements only.
const preV25: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['ec2:RunInstances', 'ec2:Describe*', 'ec2:CreateTags'], Resource: '*' }],
};
const denyPass: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'NoPassRole', Effect: 'Deny', Action: 'iam:PassRole', Resource: '*' }],
};

// The restore event of the AWS doc example (restore-job-failed.json) is for resource type EC2.
const restore = event({ kind: 'restore-job', resourceType: 'EC2', resourceArn: INSTANCE_ARN });

function run(jobRole: RoleFacts, withInstanceRole = true) {
  const roles = { [ROLE_ARN]: jobRole, ...(withInstanceRole ? { [INSTANCE_ROLE]: instanceRole } : {}) };
  return iamPassroleRestore.run(ctx(restore, evidence({ roles })));
}

describe('iam-passrole-restore', () => {
  it.each([
    { name: 'passes for the current AWSBackupServiceRolePolicyForRestores', r: role(), verdict: 'pass' },
    {
      name: 'fails for a role with a pre-v25 copy of the restore policy',
      r: role({ attachedPolicies: [], inlinePolicies: [inline('restores-v24', preV25)] }),
      verdict: 'fail',
    },
    { name: 'fails naming an explicit deny', r: role({ inlinePolicies: [inline('deny', denyPass)] }), verdict: 'fail' },
    {
      name: 'is inconclusive when a policy document could not be read',
      r: role({ attachedPolicies: [{ name: 'AWSBackupServiceRolePolicyForRestores' }] }),
      verdict: 'inconclusive',
    },
  ])('$name', ({ r, verdict }) => {
    // Act
    const f = run(r);

    // Assess
    expect(f.verdict).toBe(verdict);
    expectMessages(iamPassroleRestore, f);
  });

  it('gives an inline policy that passes the instance role to EC2 only', () => {
    // Act
    const f = run(role({ attachedPolicies: [], inlinePolicies: [inline('restores-v24', preV25)] }));

    // Assess
    expect(f.title.params).toEqual({ role: 'AWSBackupDefaultServiceRole', passed: 'AppInstanceRole' });
    expect(JSON.parse(f.fix!.snippet!)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'iam:PassRole',
          Resource: INSTANCE_ROLE,
          Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } },
        },
      ],
    });
  });

  it('mentions the attached restore policy version in the facts', () => {
    // Act
    const f = run(role());

    // Assess
    expect(f.facts).toContainEqual({ name: 'managedPolicyVersion', value: 'AWSBackupServiceRolePolicyForRestores v35' });
  });

  it('passes without knowing the instance role when the role may pass any role to EC2', () => {
    // Act
    const f = run(role({ attachedPolicies: [managed('AWSBackupServiceRolePolicyForRestores')] }), false);

    // Assess
    expect(f.verdict).toBe('pass');
    expect(f.title.key).toBe('iam-passrole-restore.passAny');
  });

  it('is inconclusive when the role may not pass every role and the instance role is not known', () => {
    // Act
    const f = run(role({ attachedPolicies: [], inlinePolicies: [inline('restores-v24', preV25)] }), false);

    // Assess
    expect(f.verdict).toBe('inconclusive');
    expect(f.title.key).toBe('iam-passrole-restore.unknownPassed');
    expectMessages(iamPassroleRestore, f);
  });

  it('is not applicable to restores of other resource types', () => {
    // Act
    const f = iamPassroleRestore.run(ctx(event({ kind: 'restore-job' }), evidence()));

    // Assess
    expect(f.verdict).toBe('not-applicable');
  });
});
