import { describe, expect, it } from 'vitest';
import type { KeyFacts, PolicyDocument } from '../../../lambdas/model/types.ts';
import { kmsKeyPolicyRole } from '../../../lambdas/checks/kms/kms-key-policy-role.ts';
import {
  ACCOUNT,
  OTHER_ACCOUNT,
  ROLE_ARN,
  VAULT,
  VAULT_ARN,
  VAULT_KEY_ARN,
  ctx,
  event,
  evidence,
  expectMessages,
  inline,
  key,
  role,
} from '../iam/fixtures.ts';

const adminOnly: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'KeyAdmins', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/KeyAdmin` }, Action: 'kms:*', Resource: '*' },
  ],
};
// The statements of the AWS Backup guide (logicallyairgappedvault.html, "Allow use of the key for copy" and
// "Allow AWS Backup to create grant on the key for copy"), with the source account filled in.
const backupStatements: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    ...(adminOnly.Statement as never[]),
    {
      Sid: 'Allow use of the key for copy',
      Effect: 'Allow',
      Principal: { AWS: ROLE_ARN },
      Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
      Resource: '*',
      Condition: { StringLike: { 'kms:ViaService': 'backup.*.amazonaws.com' } },
    },
    {
      Sid: 'Allow AWS Backup to create grant on the key for copy',
      Effect: 'Allow',
      Principal: { AWS: ROLE_ARN },
      Action: ['kms:CreateGrant'],
      Resource: '*',
      Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' }, StringLike: { 'kms:ViaService': 'backup.*.amazonaws.com' } },
    },
  ],
};
const denyGrants: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' },
    { Sid: 'NoGrants', Effect: 'Deny', Principal: { AWS: '*' }, Action: 'kms:CreateGrant', Resource: '*' },
  ],
};

function run(vaultKey: KeyFacts, over: Parameters<typeof evidence>[0] = {}) {
  return kmsKeyPolicyRole.run(ctx(event(), evidence({ keys: { [VAULT_KEY_ARN]: vaultKey }, ...over })));
}

describe('kms-key-policy-role', () => {
  it.each([
    { name: 'passes for the default role and a key policy that enables IAM', k: key(VAULT_KEY_ARN), verdict: 'pass', title: 'pass' },
    { name: 'fails when neither the key policy nor IAM allow the role', k: key(VAULT_KEY_ARN, { policy: adminOnly }), verdict: 'fail', title: 'fail' },
    {
      name: 'passes when the key policy names the role through backup.*.amazonaws.com',
      k: key(VAULT_KEY_ARN, { policy: backupStatements }),
      verdict: 'pass',
      title: 'pass',
    },
    {
      name: 'passes when grants give the role the operations',
      k: key(VAULT_KEY_ARN, {
        policy: adminOnly,
        grants: [{ grantId: 'g-1', granteePrincipal: ROLE_ARN, operations: ['DescribeKey', 'CreateGrant'] }],
      }),
      verdict: 'pass',
      title: 'pass',
    },
    { name: 'fails naming an explicit deny in the key policy', k: key(VAULT_KEY_ARN, { policy: denyGrants }), verdict: 'fail', title: 'denied' },
    {
      name: 'is inconclusive when the key policy could not be read',
      k: { arn: VAULT_KEY_ARN, state: 'Enabled', manager: 'CUSTOMER' } as KeyFacts,
      verdict: 'inconclusive',
      title: 'undecided',
    },
  ])('$name', ({ k, verdict, title }) => {
    // Act
    const f = run(k);

    // Assess
    expect(f.verdict).toBe(verdict);
    expect(f.title.key).toBe(`kms-key-policy-role.${title}`);
    expectMessages(kmsKeyPolicyRole, f);
  });

  it('adds key policy statements with exactly the missing actions through the service', () => {
    // Act
    const f = run(key(VAULT_KEY_ARN, { policy: adminOnly }));

    // Assess
    expect(f.facts).toContainEqual({ name: 'missingActions', value: 'kms:DescribeKey, kms:CreateGrant' });
    expect(f.facts).toContainEqual({ name: 'viaService', value: 'backup.us-east-1.amazonaws.com' });
    expect(JSON.parse(f.fix!.snippet!)).toEqual([
      {
        Sid: 'Allow AWSBackupDefaultServiceRole to use the key through backup.us-east-1.amazonaws.com',
        Effect: 'Allow',
        Principal: { AWS: ROLE_ARN },
        Action: ['kms:DescribeKey'],
        Resource: '*',
        Condition: { StringEquals: { 'kms:ViaService': 'backup.us-east-1.amazonaws.com' } },
      },
      {
        Sid: 'Allow AWSBackupDefaultServiceRole to create grants for AWS resources',
        Effect: 'Allow',
        Principal: { AWS: ROLE_ARN },
        Action: 'kms:CreateGrant',
        Resource: '*',
        Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
      },
    ]);
    expect(f.fix?.command).toMatch(new RegExp(`^aws kms put-key-policy --key-id ${VAULT_KEY_ARN} --policy-name default --policy '`));
  });

  it('checks the DynamoDB decrypt actions on the table key through dynamodb', () => {
    // Prepare: a role that allows only the actions every key needs, not the DynamoDB ones.
    const tableArn = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/Orders`;
    const tableKey = `arn:aws:kms:us-east-1:${ACCOUNT}:key/2222bbbb-22bb-22bb-22bb-2222bbbb2222`;
    const minimal = role({
      attachedPolicies: [],
      inlinePolicies: [
        inline('kms', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['kms:DescribeKey', 'kms:CreateGrant'], Resource: '*' }] }),
      ],
    });
    const ev = evidence({
      roles: { [ROLE_ARN]: minimal },
      resources: { [tableArn]: { arn: tableArn, type: 'DynamoDB', exists: true, encrypted: true, encryptionKeyArn: tableKey } },
      keys: { [tableKey]: key(tableKey), [VAULT_KEY_ARN]: key(VAULT_KEY_ARN) },
    });

    // Act
    const f = kmsKeyPolicyRole.run(ctx(event({ resourceArn: tableArn, resourceType: 'DynamoDB' }), ev));

    // Assess
    expect(f.verdict).toBe('fail');
    expect(f.facts).toContainEqual({ name: 'missingActions', value: 'kms:Decrypt, kms:GenerateDataKey' });
    expect(f.facts).toContainEqual({ name: 'viaService', value: 'dynamodb.us-east-1.amazonaws.com' });
  });

  it('is inconclusive, naming the account, for a cross-account destination key', () => {
    // Prepare
    const destKey = `arn:aws:kms:us-west-2:${OTHER_ACCOUNT}:key/5555aaaa-55aa-55aa-55aa-5555aaaa5555`;
    const destVault = `arn:aws:backup:us-west-2:${OTHER_ACCOUNT}:backup-vault:Central`;
    const ev = evidence({
      keys: { [VAULT_KEY_ARN]: key(VAULT_KEY_ARN), [destKey]: { arn: destKey, state: 'Enabled', manager: 'CUSTOMER' } },
      vaults: {
        [VAULT]: { name: VAULT, arn: VAULT_ARN, exists: true, encryptionKeyArn: VAULT_KEY_ARN },
        [destVault]: { name: 'Central', arn: destVault, exists: true, encryptionKeyArn: destKey },
      },
      gaps: [{ what: `kms:GetKeyPolicy ${destKey}`, subject: destKey, action: 'kms:GetKeyPolicy', why: 'cross-account' }],
    });

    // Act
    const f = kmsKeyPolicyRole.run(ctx(event({ kind: 'copy-job', sourceVaultArn: VAULT_ARN, destinationVaultArn: destVault }), ev));

    // Assess
    expect(f.verdict).toBe('inconclusive');
    expect(f.title).toEqual({ key: 'kms-key-policy-role.crossAccount', params: { account: OTHER_ACCOUNT } });
  });

  it('is not applicable when the job uses no identifiable key', () => {
    // Act
    const f = kmsKeyPolicyRole.run(
      ctx(event(), evidence({ keys: {}, vaults: { [VAULT]: { name: VAULT, arn: VAULT_ARN, exists: true } } })),
    );

    // Assess
    expect(f.verdict).toBe('not-applicable');
  });

  it('leaves the service-linked role passed as the job role to iam-wrong-role-service-linked', () => {
    // Prepare: the role of demo scenario 02, with an admin-only vault key policy that would otherwise fail.
    const slr = `arn:aws:iam::${ACCOUNT}:role/aws-service-role/backup.amazonaws.com/AWSServiceRoleForBackup`;
    const ev = evidence({
      roles: { [slr]: role({ arn: slr, name: 'AWSServiceRoleForBackup', path: '/aws-service-role/backup.amazonaws.com/' }) },
      keys: { [VAULT_KEY_ARN]: key(VAULT_KEY_ARN, { policy: adminOnly }) },
    });

    // Act
    const f = kmsKeyPolicyRole.run(ctx(event({ roleArn: slr }), ev));

    // Assess
    expect(f.verdict).toBe('not-applicable');
    expect(f.title.key).toBe('kms-key-policy-role.serviceLinked');
    expectMessages(kmsKeyPolicyRole, f);
  });
});
