import { describe, expect, it } from 'vitest';
import type { AttachedPolicy, PolicyDocument, RoleFacts } from '../../../lambdas/model/types.ts';
import { iamRolePermissionsBackup } from '../../../lambdas/checks/iam/iam-role-permissions-backup.ts';
import { MANAGED_POLICIES } from '../../../profiles/index.ts';
import { INSTANCE_ARN, ROLE_ARN, ctx, event, evidence, expectMessages, inline, managed, role } from './fixtures.ts';

const denyCreateSnapshot: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'NoSnapshots', Effect: 'Deny', Action: 'ec2:CreateSnapshot', Resource: '*' }],
};
const rdsOnlyBoundary: AttachedPolicy = {
  name: 'RdsOnlyBoundary',
  arn: 'arn:aws:iam::111122223333:policy/RdsOnlyBoundary',
  document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'rds:*', Resource: '*' }] },
};
const unread: AttachedPolicy = { name: 'AWSBackupServiceRolePolicyForBackup', arn: MANAGED_POLICIES.AWSBackupServiceRolePolicyForBackup.arn };

function run(r: RoleFacts, over: Parameters<typeof event>[0] = {}) {
  return iamRolePermissionsBackup.run(ctx(event(over), evidence({ roles: { [ROLE_ARN]: r } })));
}

describe('iam-role-permissions-backup', () => {
  it.each([
    { name: 'passes for the default role backing up an EBS volume', r: role(), verdict: 'pass', key: 'pass' },
    {
      name: 'fails when only the restore policy is attached',
      r: role({ attachedPolicies: [managed('AWSBackupServiceRolePolicyForRestores')] }),
      verdict: 'fail',
      key: 'fail',
    },
    {
      name: 'fails naming an explicit deny',
      r: role({ inlinePolicies: [inline('deny-snapshots', denyCreateSnapshot)] }),
      verdict: 'fail',
      key: 'denied',
    },
    { name: 'fails naming the permissions boundary', r: role({ permissionsBoundary: rdsOnlyBoundary }), verdict: 'fail', key: 'boundary' },
    {
      name: 'is inconclusive when a policy document could not be read',
      r: role({ attachedPolicies: [unread] }),
      verdict: 'inconclusive',
      key: 'undecided',
    },
  ])('$name', ({ r, verdict, key }) => {
    // Act
    const f = run(r);

    // Assess
    expect(f.verdict).toBe(verdict);
    expect(f.title.key).toBe(`iam-role-permissions-backup.${key}`);
    expectMessages(iamRolePermissionsBackup, f);
  });

  it('lists the missing actions and grants exactly them inline, not the wider managed policy', () => {
    // Act
    const f = run(role({ attachedPolicies: [managed('AWSBackupServiceRolePolicyForRestores')] }));

    // Assess
    expect(f.facts).toContainEqual({ name: 'missingActions', value: 'ec2:CreateSnapshot, ec2:DescribeTags' });
    expect(f.fix?.command).toMatch(/^aws iam put-role-policy --role-name AWSBackupDefaultServiceRole --policy-name backup-ebs-permissions /);
    expect(f.fix?.patch).toMatchObject({ kind: 'role-inline-policy', policyName: 'backup-ebs-permissions' });
  });

  it('adds an inline policy with exactly the missing actions when the managed policy is attached already', () => {
    // Prepare: a stale copy of the policy that allows only the describe actions.
    const stale: AttachedPolicy = {
      ...managed('AWSBackupServiceRolePolicyForBackup'),
      versionId: 'v1',
      document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' }] },
    };

    // Act
    const f = run(role({ attachedPolicies: [stale] }));

    // Assess
    expect(f.verdict).toBe('fail');
    expect(f.fix?.command).toMatch(/^aws iam put-role-policy --role-name AWSBackupDefaultServiceRole --policy-name backup-ebs-permissions /);
    expect(JSON.parse(f.fix!.snippet!)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['ec2:CreateSnapshot', 'ec2:CreateTags'],
          Resource: ['arn:aws:ec2:us-east-1:111122223333:volume/vol-0123456789abcdef0', 'arn:aws:ec2:us-east-1::snapshot/*'],
        },
      ],
    });
  });

  it('reports a missing ec2:DescribeTags for an EC2 copy job', () => {
    // Prepare: the role of the AWS doc example "RoleForEc2BackupWithNoDescribeTagsPermissions" (copy-job-failed.json).
    const noTags: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['backup:*', 'ec2:CopyImage', 'ec2:CopySnapshot', 'ec2:CreateTags', 'ec2:DescribeImages'], Resource: '*' }],
    };
    const r = role({ attachedPolicies: [], inlinePolicies: [inline('copy', noTags)] });

    // Act
    const f = run(r, {
      kind: 'copy-job',
      resourceArn: INSTANCE_ARN,
      resourceType: 'EC2',
      destinationVaultArn: 'arn:aws:backup:us-west-2:111122223333:backup-vault:Secondary',
    });

    // Assess
    expect(f.verdict).toBe('fail');
    expect(f.facts).toContainEqual({ name: 'missingActions', value: 'ec2:DescribeTags' });
  });

  it('uses SimulatePrincipalPolicy results when the documents could not be read', () => {
    // Prepare
    const simulation = {
      'ec2:CreateSnapshot': 'implicitDeny',
      'ec2:DescribeVolumes': 'allowed',
      'ec2:DescribeSnapshots': 'allowed',
      'ec2:DescribeTags': 'allowed',
      'ec2:CreateTags': 'allowed',
    } as const;

    // Act
    const f = run(role({ attachedPolicies: [unread], simulation }));

    // Assess
    expect(f.verdict).toBe('fail');
    expect(f.facts).toContainEqual({ name: 'missingActions', value: 'ec2:CreateSnapshot' });
    expect(f.facts).toContainEqual({ name: 'evaluatedWith', value: 'simulation' });
  });

  it('is inconclusive for a resource type no profile covers', () => {
    // Prepare: "type" is the placeholder resourceType of the AWS doc example event (backup-job-failed.json).
    const f = run(role(), { resourceType: 'type' });

    // Assess
    expect(f.verdict).toBe('inconclusive');
    expect(f.title.key).toBe('iam-role-permissions-backup.noProfile');
    expectMessages(iamRolePermissionsBackup, f);
  });

  it('leaves S3 backups to s3-backup-permissions', () => {
    // Act
    const f = run(role(), { resourceType: 'S3', resourceArn: 'arn:aws:s3:::example-bucket' });

    // Assess
    expect(f.verdict).toBe('not-applicable');
  });

  it('notes the DynamoDB actions that depend on the advanced backup setting as not evaluated', () => {
    // Act
    const f = run(role(), { resourceType: 'DynamoDB', resourceArn: 'arn:aws:dynamodb:us-east-1:111122223333:table/Orders' });

    // Assess
    expect(f.verdict).toBe('pass');
    expect(f.facts.find((x) => x.name === 'notEvaluated')?.value).toContain('dynamodb:CreateBackup (dynamodb-standard)');
  });

  it.each([
    { name: 'fails a DynamoDB backup when the role allows neither the standard nor the advanced backup action', actions: [], verdict: 'fail' },
    { name: 'passes a DynamoDB backup when the role allows the standard backup action only', actions: ['dynamodb:CreateBackup'], verdict: 'pass' },
  ])('$name', ({ actions, verdict }) => {
    // Prepare: a custom role that can describe and list the tags of tables (demo scenario 03, fixed halfway).
    const table = 'arn:aws:dynamodb:us-east-1:111122223333:table/Orders';
    const doc: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['dynamodb:DescribeTable', 'dynamodb:ListTagsOfResource', ...actions], Resource: '*' }],
    };

    // Act
    const f = run(role({ attachedPolicies: [], inlinePolicies: [inline('ddb', doc)] }), { resourceType: 'DynamoDB', resourceArn: table });

    // Assess
    expect(f.verdict).toBe(verdict);
    if (verdict === 'fail') {
      expect(f.facts).toContainEqual({ name: 'missingOneOf', value: 'dynamodb:CreateBackup, dynamodb:StartAwsBackupJob' });
      expect(f.title.params).toMatchObject({ count: 1, actions: 'dynamodb:CreateBackup | dynamodb:StartAwsBackupJob' });
      expectMessages(iamRolePermissionsBackup, f);
    }
    else expect(f.facts.find((x) => x.name === 'notEvaluated')?.value).toContain('dynamodb:StartAwsBackupJob (dynamodb-advanced)');
  });
});
