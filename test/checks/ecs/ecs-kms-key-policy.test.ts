import { describe, expect, it } from 'vitest';
import { EBS_KEY_ACTIONS, ecsKmsKeyPolicy } from '../../../lambdas/checks/ecs/ecs-kms-key-policy.ts';
import type { KeyFacts, PolicyStatement, RoleFacts } from '../../../lambdas/model/types.ts';
import { ACCOUNT, REASONS, REGION, ROLE, context, ecsEvent, evidence, infraRole, volumeConfig } from './fixtures.ts';

const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/7c1e9a4b-2d3f-4a5b-8c6d-ecsvolumes01`;
const ADMINS: PolicyStatement = {
  Sid: 'Allow access for Key Administrators',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/KeyAdmins` },
  Action: ['kms:Create*', 'kms:Describe*', 'kms:Enable*', 'kms:Put*'],
  Resource: '*',
};
const ROOT: PolicyStatement = { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' };
const FOR_ROLE: PolicyStatement = {
  Effect: 'Allow',
  Principal: { AWS: ROLE },
  Action: ['kms:CreateGrant', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:ReEncrypt*', 'kms:Decrypt', 'kms:DescribeKey'],
  Resource: '*',
};
const key = (...statements: PolicyStatement[]): KeyFacts => ({ arn: KEY, state: 'Enabled', manager: 'CUSTOMER', policy: { Version: '2012-10-17', Statement: statements } });
const withKey = (k: KeyFacts, roles: Record<string, RoleFacts> = { [ROLE]: infraRole() }) => evidence({ config: volumeConfig({ kmsKeyId: KEY }), keys: { [KEY]: k }, roles });
const KMS_INLINE = infraRole({
  inlinePolicies: [{ name: 'kms', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: [...EBS_KEY_ACTIONS], Resource: KEY }] } }],
});

describe('ecs-kms-key-policy', () => {
  it.each([
    ['fail', 'a key policy for administrators only', withKey(key(ADMINS))],
    ['fail', 'a root statement but no IAM grant to the role', withKey(key(ROOT))],
    ['fail', 'a Deny of kms:CreateGrant to the role', withKey(key(FOR_ROLE, { Sid: 'NoGrants', Effect: 'Deny', Principal: { AWS: ROLE }, Action: 'kms:CreateGrant', Resource: '*' }))],
    ['pass', 'a key policy statement naming the role', withKey(key(ADMINS, FOR_ROLE))],
    ['pass', 'a root statement and the role\'s own KMS policy', withKey(key(ROOT), { [ROLE]: KMS_INLINE })],
    ['inconclusive', 'a key policy that could not be read', evidence({ config: volumeConfig({ kmsKeyId: KEY }), keys: { [KEY]: { arn: KEY, state: 'Enabled' } } })],
    ['inconclusive', 'a root statement and a role that could not be read', withKey(key(ROOT), {})],
    ['not-applicable', 'a disabled key (ecs-kms-key reports it)', withKey({ ...key(FOR_ROLE), state: 'Disabled' })],
  ] as const)('reports %s for %s', (verdict, _case, ev) => {
    // Prepare
    const ctx = context(ecsEvent(REASONS.idempotent), ev);

    // Act
    const finding = ecsKmsKeyPolicy.run(ctx);

    // Assess
    expect(finding.verdict).toBe(verdict);
  });

  it('adds statements for the role to the existing key policy', () => {
    // Prepare
    const ctx = context(ecsEvent(REASONS.idempotent), withKey(key(ADMINS)));

    // Act
    const finding = ecsKmsKeyPolicy.run(ctx);

    // Assess
    expect(finding.category).toBe('kms-key-policy');
    expect(finding.fix?.command).toBe(`aws kms put-key-policy --key-id ${KEY} --policy-name default --policy file://key-policy.json`);
    const fixed = JSON.parse(finding.fix?.snippet ?? '{}') as { Statement: PolicyStatement[] };
    expect(fixed.Statement[0]?.Sid).toBe('Allow access for Key Administrators');
    expect(fixed.Statement.filter((s) => JSON.stringify(s.Principal).includes(ROLE))).toHaveLength(2);
    expect(finding.facts).toContainEqual({ name: 'deniedKeyActions', value: EBS_KEY_ACTIONS.join(', ') });
  });

  it('lets a fixed key policy pass', () => {
    // Prepare
    const failing = ecsKmsKeyPolicy.run(context(ecsEvent(REASONS.idempotent), withKey(key(ADMINS))));
    const fixed = JSON.parse(failing.fix?.snippet ?? '{}') as { Statement: PolicyStatement[] };

    // Act
    const finding = ecsKmsKeyPolicy.run(context(ecsEvent(REASONS.idempotent), withKey(key(...fixed.Statement))));

    // Assess
    expect(finding.verdict).toBe('pass');
  });
});
