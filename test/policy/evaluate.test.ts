import { describe, expect, it } from 'vitest';
import {
  evaluateAccess,
  evaluateIdentity,
  evaluateResourcePolicy,
  evaluateTrust,
} from '../../lambdas/policy/index.ts';
import type { AccessInput, AccessRequest, Decision } from '../../lambdas/policy/index.ts';
import type { PolicyDocument } from '../../lambdas/model/types.ts';
import {
  ACCOUNT,
  doc,
  KEY,
  keyStatements,
  managedPolicy,
  OTHER_ACCOUNT,
  REGION,
  ROLE,
  ROOT_STATEMENT,
  SESSION,
  trustPolicies,
  VOLUME,
  withAccount,
} from './helpers.ts';

const backupPolicy = managedPolicy('AWSBackupServiceRolePolicyForBackup');
const restorePolicy = managedPolicy('AWSBackupServiceRolePolicyForRestores');
const ecsVolumesPolicy = managedPolicy('AmazonECSInfrastructureRolePolicyForVolumes');
const SNAPSHOT = `arn:aws:ec2:${REGION}::snapshot/snap-0123456789abcdef0`;

function req(action: string, resource: string, context?: AccessRequest['context'], principal = ROLE): AccessRequest {
  return context ? { action, resource, principal, context } : { action, resource, principal };
}

describe('evaluateIdentity with AWSBackupServiceRolePolicyForBackup', () => {
  const cases: [string, AccessRequest, Decision, string[]][] = [
    ['allows ec2:CreateSnapshot on a volume', req('ec2:CreateSnapshot', VOLUME), 'allowed', ['EBSResourcePermissions']],
    ['allows ec2:DescribeVolumes', req('ec2:DescribeVolumes', '*'), 'allowed', ['EBSResourcePermissions']],
    ['allows ec2:CopySnapshot on a snapshot ARN without account', req('ec2:CopySnapshot', SNAPSHOT), 'allowed', ['EBSCopyPermissions']],
    ['matches action names case-insensitively', req('EC2:createsnapshot', VOLUME), 'allowed', ['EBSResourcePermissions']],
    ['allows kms:CreateGrant for an AWS resource', req('kms:CreateGrant', KEY, { 'kms:GrantIsForAWSResource': true }), 'allowed', ['KMSCreateGrantPermissions']],
    ['denies kms:CreateGrant that is not for an AWS resource', req('kms:CreateGrant', KEY, { 'kms:GrantIsForAWSResource': false }), 'implicit-deny', []],
    [
      'allows kms:ReEncryptFrom through EC2 with the EBS encryption context',
      req('kms:ReEncryptFrom', KEY, { 'kms:ViaService': `ec2.${REGION}.amazonaws.com`, 'kms:EncryptionContextKeys': ['aws:ebs:id'] }),
      'allowed',
      ['KMSEC2Permissions'],
    ],
    ['denies kms:ReEncryptFrom called directly', req('kms:ReEncryptFrom', KEY, { 'kms:EncryptionContextKeys': ['aws:ebs:id'] }), 'implicit-deny', []],
    ['denies kms:Decrypt outside DynamoDB and DSQL', req('kms:Decrypt', KEY, { 'kms:ViaService': `ec2.${REGION}.amazonaws.com` }), 'implicit-deny', []],
    [
      'allows ec2:ModifySnapshotAttribute on a snapshot that AWS Backup tagged',
      req('ec2:ModifySnapshotAttribute', SNAPSHOT, { 'aws:ResourceTag/aws:backup:source-resource': 'vol-0123456789abcdef0' }),
      'allowed',
      ['EC2ModifyPermissions'],
    ],
    ['denies ec2:ModifySnapshotAttribute on an untagged snapshot', req('ec2:ModifySnapshotAttribute', SNAPSHOT), 'implicit-deny', []],
    ['denies an action it does not grant', req('ec2:DeleteVolume', VOLUME), 'implicit-deny', []],
  ];

  it.each(cases)('%s', (_name, request, decision, statements) => {
    // Act
    const r = evaluateIdentity([backupPolicy], request);

    // Assess
    expect(r.decision).toBe(decision);
    expect(r.statements).toEqual(statements);
  });
});

describe('evaluateIdentity with AmazonECSInfrastructureRolePolicyForVolumes', () => {
  it('allows ec2:CreateVolume with the ECS request tags', () => {
    // Prepare
    const context = { 'aws:RequestTag/AmazonECSCreated': `arn:aws:ecs:${REGION}:${ACCOUNT}:task/cluster/0123`, 'aws:RequestTag/AmazonECSManaged': 'true' };

    // Act
    const r = evaluateIdentity([ecsVolumesPolicy], req('ec2:CreateVolume', VOLUME, context));

    // Assess
    expect(r).toEqual({ decision: 'allowed', statements: ['CreateEBSManagedVolume'], reasons: [] });
  });

  it('denies ec2:CreateVolume without the ECS request tags', () => {
    // Act
    const r = evaluateIdentity([ecsVolumesPolicy], req('ec2:CreateVolume', VOLUME));

    // Assess
    expect(r.decision).toBe('implicit-deny');
  });

  it('grants no kms action', () => {
    // Act
    const r = evaluateIdentity([ecsVolumesPolicy], req('kms:CreateGrant', KEY, { 'kms:GrantIsForAWSResource': true }));

    // Assess
    expect(r.decision).toBe('implicit-deny');
  });
});

describe('evaluateIdentity rules', () => {
  const denyKms = doc({ Sid: 'DenyKey', Effect: 'Deny', Action: 'kms:*', Resource: KEY });
  const cases: [string, PolicyDocument[], AccessRequest, Decision][] = [
    ['lets an explicit deny win over an allow', [backupPolicy, denyKms], req('kms:DescribeKey', KEY), 'explicit-deny'],
    ['matches ? in an action as one character', [doc({ Effect: 'Allow', Action: 'kms:?ecrypt', Resource: '*' })], req('kms:Decrypt', KEY), 'allowed'],
    ['does not let ? match two characters', [doc({ Effect: 'Allow', Action: 'kms:?crypt', Resource: '*' })], req('kms:Decrypt', KEY), 'implicit-deny'],
    ['allows everything outside NotAction', [doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })], req('kms:Decrypt', KEY), 'allowed'],
    ['allows nothing inside NotAction', [doc({ Effect: 'Allow', NotAction: ['iam:*', 'kms:*'], Resource: '*' })], req('kms:Decrypt', KEY), 'implicit-deny'],
    ['denies everything outside NotResource', [backupPolicy, doc({ Effect: 'Deny', Action: 'ec2:*', NotResource: `arn:aws:ec2:*:*:instance/*` })], req('ec2:CreateSnapshot', VOLUME), 'explicit-deny'],
    ['spares what NotResource lists', [backupPolicy, doc({ Effect: 'Deny', Action: 'ec2:*', NotResource: `arn:aws:ec2:*:*:volume/*` })], req('ec2:CreateSnapshot', VOLUME), 'allowed'],
    ['matches a resource ARN segment by segment', [doc({ Effect: 'Allow', Action: 'kms:*', Resource: 'arn:aws:kms:*:*:key/*' })], req('kms:Decrypt', KEY), 'allowed'],
    ['refuses a resource ARN of another account', [doc({ Effect: 'Allow', Action: 'kms:*', Resource: `arn:aws:kms:*:${OTHER_ACCOUNT}:key/*` })], req('kms:Decrypt', KEY), 'implicit-deny'],
    ['reports a resource pattern without six ARN segments as inconclusive', [doc({ Effect: 'Allow', Action: 'kms:*', Resource: 'arn:aws:kms:*:key/*' })], req('kms:Decrypt', KEY), 'inconclusive'],
    ['requires Resource "*" for a request on "*"', [doc({ Effect: 'Allow', Action: 'ec2:DescribeVolumes', Resource: VOLUME })], req('ec2:DescribeVolumes', '*'), 'implicit-deny'],
    ['is implicit-deny without policies', [], req('kms:Decrypt', KEY), 'implicit-deny'],
    [
      'stays inconclusive when a deny with an unknown condition could apply',
      [backupPolicy, doc({ Effect: 'Deny', Action: 'ec2:*', Resource: '*', Condition: { StringSoundsLike: { 'aws:x': 'y' } } })],
      req('ec2:CreateSnapshot', VOLUME),
      'inconclusive',
    ],
    [
      'stays inconclusive when the only allow has an unknown condition',
      [doc({ Effect: 'Allow', Action: 'ec2:*', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } })],
      req('ec2:CreateSnapshot', VOLUME),
      'inconclusive',
    ],
    [
      'allows when another allow applies without unknowns',
      [backupPolicy, doc({ Effect: 'Allow', Action: 'ec2:*', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } })],
      req('ec2:CreateSnapshot', VOLUME),
      'allowed',
    ],
    [
      'ignores an unknown condition in a deny that cannot apply',
      [backupPolicy, doc({ Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { StringSoundsLike: { 'aws:x': 'y' } } })],
      req('ec2:CreateSnapshot', VOLUME),
      'allowed',
    ],
    [
      'keeps a certain explicit deny despite an unknown elsewhere',
      [denyKms, doc({ Effect: 'Deny', Action: 'kms:*', Resource: '*', Condition: { StringSoundsLike: { 'aws:x': 'y' } } })],
      req('kms:Decrypt', KEY),
      'explicit-deny',
    ],
  ];

  it.each(cases)('%s', (_name, policies, request, decision) => {
    // Act
    const r = evaluateIdentity(policies, request);

    // Assess
    expect(r.decision).toBe(decision);
  });

  it('names the deciding deny statement', () => {
    // Act
    const r = evaluateIdentity([backupPolicy, denyKms], req('kms:DescribeKey', KEY));

    // Assess
    expect(r).toEqual({ decision: 'explicit-deny', statements: ['DenyKey'], reasons: [] });
  });

  it('allows iam:PassRole only to the service named by iam:PassedToService', () => {
    // Prepare
    const passRole = trustPolicies().find((r) => r.callerPassRolePolicy)!.callerPassRolePolicy!;
    const infraRole = `arn:aws:iam::${ACCOUNT}:role/ecsInfrastructureRole`;
    const caller = `arn:aws:iam::${ACCOUNT}:user/deployer`;

    // Act
    const toEcs = evaluateIdentity([passRole], req('iam:PassRole', infraRole, { 'iam:PassedToService': 'ecs.amazonaws.com' }, caller));
    const toEc2 = evaluateIdentity([passRole], req('iam:PassRole', infraRole, { 'iam:PassedToService': 'ec2.amazonaws.com' }, caller));

    // Assess
    expect(toEcs.decision).toBe('allowed');
    expect(toEc2.decision).toBe('implicit-deny');
  });

  it('allows the restore role to pass a role to EC2 since v25 of the restore policy', () => {
    // Act
    const r = evaluateIdentity([restorePolicy], req('iam:PassRole', `arn:aws:iam::${ACCOUNT}:role/InstanceRole`, { 'iam:PassedToService': 'ec2.amazonaws.com' }));

    // Assess
    expect(r.decision).toBe('allowed');
  });
});

describe('evaluateResourcePolicy principals', () => {
  const policy = (principal: unknown): PolicyDocument =>
    ({ Version: '2012-10-17', Statement: [{ Sid: 'P', Effect: 'Allow', Principal: principal, Action: 'kms:Decrypt', Resource: '*' }] }) as PolicyDocument;
  const user = `arn:aws:iam::${ACCOUNT}:user/alice`;
  const cases: [string, unknown, string, Decision][] = [
    ['"*" matches anyone', '*', SESSION, 'allowed'],
    ['{"AWS": "*"} matches anyone', { AWS: '*' }, user, 'allowed'],
    ['a bare account id matches a role of that account', { AWS: ACCOUNT }, ROLE, 'allowed'],
    ['an account root ARN matches a session of that account', { AWS: `arn:aws:iam::${ACCOUNT}:root` }, SESSION, 'allowed'],
    ['an account root ARN does not match another account', { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` }, ROLE, 'implicit-deny'],
    ['a role ARN matches the role', { AWS: ROLE }, ROLE, 'allowed'],
    ['a role ARN matches its assumed-role session', { AWS: ROLE }, SESSION, 'allowed'],
    ['a role ARN does not match another role', { AWS: `arn:aws:iam::${ACCOUNT}:role/Other` }, SESSION, 'implicit-deny'],
    ['a unique id left by a deleted role matches nobody', { AWS: 'AROAEXAMPLEID1234567' }, ROLE, 'implicit-deny'],
    ['a service principal matches the service', { Service: 'backup.amazonaws.com' }, 'backup.amazonaws.com', 'allowed'],
    ['a service principal does not match another service', { Service: 'backup.amazonaws.com' }, 'ecs.amazonaws.com', 'implicit-deny'],
    ['an account does not match a service', { AWS: ACCOUNT }, 'backup.amazonaws.com', 'implicit-deny'],
    ['a wildcard inside an ARN principal is inconclusive', { AWS: `arn:aws:iam::${ACCOUNT}:role/*` }, ROLE, 'inconclusive'],
  ];

  it.each(cases)('decides that %s', (_name, principal, who, decision) => {
    // Act
    const r = evaluateResourcePolicy(policy(principal), req('kms:Decrypt', KEY, undefined, who), ACCOUNT);

    // Assess
    expect(r.decision).toBe(decision);
  });

  it('applies a NotPrincipal deny to a principal it does not name', () => {
    // Prepare
    const p = doc(ROOT_STATEMENT, { Sid: 'OnlyAdmin', Effect: 'Deny', NotPrincipal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:role/Admin` }, Action: 'kms:*', Resource: '*' });

    // Act
    const r = evaluateResourcePolicy(p, req('kms:Decrypt', KEY), ACCOUNT);

    // Assess
    expect(r).toEqual({ decision: 'explicit-deny', statements: ['OnlyAdmin'], reasons: [] });
  });

  it('reports a NotPrincipal naming the principal as inconclusive', () => {
    // Prepare
    const p = doc(ROOT_STATEMENT, { Effect: 'Deny', NotPrincipal: { AWS: ROLE }, Action: 'kms:*', Resource: '*' });

    // Act
    const r = evaluateResourcePolicy(p, req('kms:Decrypt', KEY), ACCOUNT);

    // Assess
    expect(r.decision).toBe('inconclusive');
  });
});

describe('evaluateTrust', () => {
  const backupTrust = trustPolicies().find((r) => r.requiredTrustPrincipal === 'backup.amazonaws.com')!.trustPolicy!;
  const ecsTrust = trustPolicies().find((r) => r.requiredTrustPrincipal === 'ecs.amazonaws.com')!.trustPolicy!;
  const confused = doc({
    Sid: 'ConfusedDeputy',
    Effect: 'Allow',
    Principal: { Service: 'backup.amazonaws.com' },
    Action: 'sts:AssumeRole',
    Condition: {
      StringEquals: { 'aws:SourceAccount': ACCOUNT },
      ArnLike: { 'aws:SourceArn': `arn:aws:backup:*:${ACCOUNT}:*` },
    },
  });
  const source = { 'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': `arn:aws:backup:${REGION}:${ACCOUNT}:backup-plan:plan-1` };
  const cases: [string, PolicyDocument, string, AccessRequest['context'], Decision][] = [
    ['lets AWS Backup assume the backup role', backupTrust, 'backup.amazonaws.com', undefined, 'allowed'],
    ['keeps ECS out of the backup role', backupTrust, 'ecs.amazonaws.com', undefined, 'implicit-deny'],
    ['lets ECS assume the infrastructure role', ecsTrust, 'ecs.amazonaws.com', undefined, 'allowed'],
    ['keeps AWS Backup out of the ECS infrastructure role', ecsTrust, 'backup.amazonaws.com', undefined, 'implicit-deny'],
    ['allows the source account and ARN', confused, 'backup.amazonaws.com', source, 'allowed'],
    ['refuses another source account', confused, 'backup.amazonaws.com', { ...source, 'aws:SourceAccount': OTHER_ACCOUNT }, 'implicit-deny'],
    ['refuses a request without aws:SourceAccount', confused, 'backup.amazonaws.com', undefined, 'implicit-deny'],
  ];

  it.each(cases)('%s', (_name, trust, principal, context, decision) => {
    // Act
    const r = evaluateTrust(trust, principal, context);

    // Assess
    expect(r.decision).toBe(decision);
  });

  it('evaluates another sts action when asked', () => {
    // Act
    const r = evaluateTrust(backupTrust, 'backup.amazonaws.com', undefined, 'sts:TagSession');

    // Assess
    expect(r.decision).toBe('implicit-deny');
  });
});

describe('evaluateAccess for a KMS key', () => {
  const allowKms = doc({ Sid: 'RoleKms', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:CreateGrant'], Resource: KEY });
  const denyKms = doc({ Sid: 'NoKms', Effect: 'Deny', Action: 'kms:*', Resource: '*' });
  const copyStatements = withAccount(keyStatements('backup-kms-03'), ACCOUNT);
  const viaBackup = { 'kms:ViaService': `backup.${REGION}.amazonaws.com` };
  const input = (over: Partial<AccessInput>): AccessInput => ({
    request: req('kms:Decrypt', KEY),
    identityPolicies: [],
    resourceKind: 'kms-key',
    resourceAccount: ACCOUNT,
    ...over,
  });
  const cases: [string, AccessInput, Decision, string[]][] = [
    ['allows through IAM when the key policy enables IAM policies', input({ identityPolicies: [allowKms], resourcePolicy: doc(ROOT_STATEMENT) }), 'allowed', ['RoleKms', 'Enable IAM User Permissions']],
    ['ignores an IAM allow without the root statement', input({ identityPolicies: [allowKms], resourcePolicy: doc(...copyStatements) }), 'implicit-deny', []],
    ['ignores the root statement without an IAM allow', input({ resourcePolicy: doc(ROOT_STATEMENT) }), 'implicit-deny', []],
    ['honours an IAM deny without the root statement', input({ identityPolicies: [denyKms], resourcePolicy: doc(...copyStatements), request: req('kms:Decrypt', KEY, viaBackup) }), 'explicit-deny', ['NoKms']],
    ['allows a role named in the key policy by itself', input({ resourcePolicy: doc(...copyStatements), request: req('kms:Decrypt', KEY, viaBackup) }), 'allowed', ['Allow use of the key for copy']],
    ['allows the session of a role named in the key policy', input({ resourcePolicy: doc(...copyStatements), request: req('kms:Decrypt', KEY, viaBackup, SESSION) }), 'allowed', ['Allow use of the key for copy']],
    ['refuses a role named in the key policy outside AWS Backup', input({ resourcePolicy: doc(...copyStatements) }), 'implicit-deny', []],
    ['lets a key-policy deny win over a key-policy allow', input({ resourcePolicy: doc(ROOT_STATEMENT, { Sid: 'KeyDeny', Effect: 'Deny', Principal: '*', Action: 'kms:Decrypt', Resource: '*' }), identityPolicies: [allowKms] }), 'explicit-deny', ['KeyDeny']],
    [
      'allows kms:CreateGrant for AWS resources through the key policy',
      input({ resourcePolicy: doc(...copyStatements), request: req('kms:CreateGrant', KEY, { ...viaBackup, 'kms:GrantIsForAWSResource': 'true' }) }),
      'allowed',
      ['Allow AWS Backup to create grant on the key for copy'],
    ],
    [
      'honours a root statement limited to other actions',
      input({ identityPolicies: [allowKms], resourcePolicy: doc({ ...ROOT_STATEMENT, Action: ['kms:Describe*', 'kms:Get*', 'kms:List*'] }) }),
      'implicit-deny',
      [],
    ],
    [
      'honours a root statement given as a bare account id',
      input({ identityPolicies: [allowKms], resourcePolicy: doc({ ...ROOT_STATEMENT, Principal: { AWS: ACCOUNT } }) }),
      'allowed',
      ['RoleKms', 'Enable IAM User Permissions'],
    ],
    ['reports a missing key policy as inconclusive', input({ identityPolicies: [allowKms] }), 'inconclusive', []],
    [
      'limits the IAM path with a boundary that does not allow kms',
      input({ identityPolicies: [allowKms], resourcePolicy: doc(ROOT_STATEMENT), boundary: doc({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }) }),
      'implicit-deny',
      [],
    ],
    [
      'allows the IAM path with a boundary that allows kms',
      input({ identityPolicies: [allowKms], resourcePolicy: doc(ROOT_STATEMENT), boundary: doc({ Sid: 'Pb', Effect: 'Allow', Action: 'kms:*', Resource: '*' }) }),
      'allowed',
      ['RoleKms', 'Pb', 'Enable IAM User Permissions'],
    ],
    [
      'limits a key-policy grant to the role ARN with a boundary that does not allow it',
      input({ resourcePolicy: doc(...copyStatements), request: req('kms:Decrypt', KEY, viaBackup, SESSION), boundary: doc({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }) }),
      'implicit-deny',
      [],
    ],
    [
      'keeps a key-policy grant to the exact session despite the boundary',
      input({
        resourcePolicy: doc({ Sid: 'Session', Effect: 'Allow', Principal: { AWS: SESSION }, Action: 'kms:Decrypt', Resource: '*' }),
        request: req('kms:Decrypt', KEY, undefined, SESSION),
        boundary: doc({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }),
      }),
      'allowed',
      ['Session'],
    ],
    [
      'denies through a boundary deny',
      input({ identityPolicies: [allowKms], resourcePolicy: doc(ROOT_STATEMENT), boundary: doc({ Sid: 'PbDeny', Effect: 'Deny', Action: 'kms:*', Resource: '*' }) }),
      'explicit-deny',
      ['PbDeny'],
    ],
    [
      'allows a cross-account role that both the key policy and its own policy allow',
      input({
        identityPolicies: [allowKms],
        resourcePolicy: doc(ROOT_STATEMENT, { Sid: 'Other', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` }, Action: 'kms:Decrypt', Resource: '*' }),
        request: req('kms:Decrypt', KEY, undefined, `arn:aws:iam::${OTHER_ACCOUNT}:role/CopyRole`),
      }),
      'allowed',
      ['RoleKms', 'Other'],
    ],
    [
      'refuses a cross-account role that the key policy does not name',
      input({ identityPolicies: [allowKms], resourcePolicy: doc(ROOT_STATEMENT), request: req('kms:Decrypt', KEY, undefined, `arn:aws:iam::${OTHER_ACCOUNT}:role/CopyRole`) }),
      'implicit-deny',
      [],
    ],
  ];

  it.each(cases)('%s', (_name, access, decision, statements) => {
    // Act
    const r = evaluateAccess(access);

    // Assess
    expect(r.decision).toBe(decision);
    expect(r.statements).toEqual(statements);
  });

  it('reports a Principal "*" grant behind a boundary that does not allow it as inconclusive', () => {
    // Prepare
    const access = input({
      resourcePolicy: doc({ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' }),
      boundary: doc({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }),
    });

    // Act
    const r = evaluateAccess(access);

    // Assess
    expect(r.decision).toBe('inconclusive');
    expect(r.reasons).toHaveLength(1);
  });
});

describe('evaluateAccess for other resources', () => {
  it('allows an EBS snapshot through the managed backup policy within a boundary', () => {
    // Act
    const r = evaluateAccess({
      request: req('ec2:CreateSnapshot', VOLUME),
      identityPolicies: [backupPolicy],
      boundary: doc({ Sid: 'Ec2Only', Effect: 'Allow', Action: 'ec2:*', Resource: '*' }),
    });

    // Assess
    expect(r).toEqual({ decision: 'allowed', statements: ['EBSResourcePermissions', 'Ec2Only'], reasons: [] });
  });

  it('refuses what the boundary leaves out', () => {
    // Act
    const r = evaluateAccess({
      request: req('ec2:CreateSnapshot', VOLUME),
      identityPolicies: [backupPolicy],
      boundary: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }),
    });

    // Assess
    expect(r.decision).toBe('implicit-deny');
  });

  it('allows same-account access granted by a resource policy alone', () => {
    // Act
    const r = evaluateAccess({
      request: req('s3:GetObject', 'arn:aws:s3:::backup-bucket/a.txt'),
      identityPolicies: [],
      resourcePolicy: doc({ Sid: 'Bucket', Effect: 'Allow', Principal: { AWS: ROLE }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::backup-bucket/*' }),
      resourceAccount: ACCOUNT,
    });

    // Assess
    expect(r).toEqual({ decision: 'allowed', statements: ['Bucket'], reasons: [] });
  });

  it('does not let a same-account statement naming the account grant by itself', () => {
    // Act
    const r = evaluateAccess({
      request: req('s3:GetObject', 'arn:aws:s3:::backup-bucket/a.txt'),
      identityPolicies: [],
      resourcePolicy: doc({ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::backup-bucket/*' }),
      resourceAccount: ACCOUNT,
    });

    // Assess
    expect(r.decision).toBe('implicit-deny');
  });

  it('requires the trust policy for sts:AssumeRole within the account', () => {
    // Prepare
    const target = `arn:aws:iam::${ACCOUNT}:role/Target`;
    const allowAssume = doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: target });
    const trustOther = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/Other` }, Action: 'sts:AssumeRole' });
    const trustAccount = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' });

    // Act
    const without = evaluateAccess({ request: req('sts:AssumeRole', target, undefined, SESSION), identityPolicies: [allowAssume], resourcePolicy: trustOther });
    const withAccount = evaluateAccess({ request: req('sts:AssumeRole', target, undefined, SESSION), identityPolicies: [allowAssume], resourcePolicy: trustAccount });

    // Assess
    expect(without.decision).toBe('implicit-deny');
    expect(withAccount.decision).toBe('allowed');
  });

  it('decides a service principal on the resource policy alone', () => {
    // Prepare
    const trust = trustPolicies().find((r) => r.requiredTrustPrincipal === 'backup.amazonaws.com')!.trustPolicy!;

    // Act
    const r = evaluateAccess({ request: req('sts:AssumeRole', ROLE, undefined, 'backup.amazonaws.com'), identityPolicies: [], resourcePolicy: trust });

    // Assess
    expect(r.decision).toBe('allowed');
  });

  it('asks for aws:PrincipalArn of a session instead of guessing the role path', () => {
    // Prepare
    const policy = doc({ Effect: 'Allow', Action: 'ec2:*', Resource: '*', Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/service-role/*' } } });

    // Act
    const guessed = evaluateAccess({ request: req('ec2:CreateSnapshot', VOLUME, undefined, SESSION), identityPolicies: [policy] });
    const given = evaluateAccess({ request: req('ec2:CreateSnapshot', VOLUME, { 'aws:PrincipalArn': ROLE }, SESSION), identityPolicies: [policy] });

    // Assess
    expect(guessed.decision).toBe('inconclusive');
    expect(given.decision).toBe('allowed');
  });
});
