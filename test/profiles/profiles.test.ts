import { describe, expect, it } from 'vitest';
import type { PolicyDocument, PolicyStatement } from '../../lambdas/model/types.ts';
import { evaluateAccess } from '../../lambdas/policy/index.ts';
import {
  BACKUP_ROLE_PROFILES,
  ECS_INFRASTRUCTURE_VOLUMES,
  MANAGED_POLICIES,
  PROFILES,
  kmsRequirements,
  managedPolicyArn,
  managedPolicyByArn,
  profileById,
  requiredActions,
  resolveContext,
  resolveTemplate,
  type ProfileAction,
  type TemplateVars,
} from '../../profiles/index.ts';

const ACCOUNT = '111122223333';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/service-role/AWSBackupDefaultServiceRole`;

/** ARNs in the documented formats of each service, one per resource type. */
const SAMPLE_RESOURCE: Record<string, string> = {
  EBS: `arn:aws:ec2:us-east-1:${ACCOUNT}:volume/vol-0123456789abcdef0`,
  EC2: `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-0123456789abcdef0`,
  RDS: `arn:aws:rds:us-east-1:${ACCOUNT}:db:database-1`,
  Aurora: `arn:aws:rds:us-east-1:${ACCOUNT}:cluster:cluster-1`,
  DocumentDB: `arn:aws:rds:us-east-1:${ACCOUNT}:cluster:docdb-1`,
  Neptune: `arn:aws:rds:us-east-1:${ACCOUNT}:cluster:neptune-1`,
  EFS: `arn:aws:elasticfilesystem:us-east-1:${ACCOUNT}:file-system/fs-0123456789abcdef0`,
  DynamoDB: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/Orders`,
  S3: 'arn:aws:s3:::example-bucket',
  FSx: `arn:aws:fsx:us-east-1:${ACCOUNT}:file-system/fs-0123456789abcdef0`,
  'Storage Gateway': `arn:aws:storagegateway:us-east-1:${ACCOUNT}:gateway/sgw-12A3456B/volume/vol-1122AABB`,
  VirtualMachine: `arn:aws:backup-gateway:us-east-1:${ACCOUNT}:vm/vm-0123456789abcdef0`,
  CloudFormation: `arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/my-stack/1c2fa620-982a-11e3-aff7-50e2416294e0`,
  Redshift: `arn:aws:redshift:us-east-1:${ACCOUNT}:cluster:my-cluster`,
  Timestream: `arn:aws:timestream:us-east-1:${ACCOUNT}:database/db1/table/t1`,
  'SAP HANA on Amazon EC2': `arn:aws:ssm-sap:us-east-1:${ACCOUNT}:HANA/app/DB/db1`,
  'ECS infrastructure role': `arn:aws:ec2:us-east-1:${ACCOUNT}:volume/vol-0123456789abcdef0`,
};

function varsFor(resourceType: string): TemplateVars {
  return {
    partition: 'aws',
    region: 'us-east-1',
    account: ACCOUNT,
    resource: SAMPLE_RESOURCE[resourceType]!,
    destinationVault: `arn:aws:backup:us-west-2:${ACCOUNT}:backup-vault:Destination`,
    key: `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
  };
}

/** A statement that grants nothing, to keep the cited statement's position (its "#<index>" id). */
const INERT: PolicyStatement = { Effect: 'Allow', Action: 'inert:NoSuchAction', Resource: 'arn:aws:inert:::none' };

/** The cited statement alone (the others made inert), so that only it can grant the action. */
function citedStatement(a: ProfileAction): PolicyDocument {
  const doc = MANAGED_POLICIES[a.policy].document;
  const list = (Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]) as PolicyStatement[];
  const index = a.sid.startsWith('#') ? Number(a.sid.slice(1)) : list.findIndex((s) => s.Sid === a.sid);
  if (!list[index]) throw new Error(`${a.policy} has no statement ${a.sid}`);
  return { Version: '2012-10-17', Statement: list.map((s, i) => (i === index ? s : INERT)) };
}

const iamCases = PROFILES.flatMap((p) => p.actions.map((a) => ({ id: p.id, type: p.resourceType, a })));

describe('permission profiles', () => {
  it('gives every profile a unique id and a unique resource type and job type pair', () => {
    // Act
    const ids = PROFILES.map((p) => p.id);
    const pairs = PROFILES.map((p) => `${p.resourceType.toLowerCase()}|${p.jobType}`);

    // Assess
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(pairs).size).toBe(pairs.length);
  });

  it('has a sample resource for every resource type the profiles name', () => {
    // Assess
    for (const p of PROFILES) expect(SAMPLE_RESOURCE[p.resourceType], p.resourceType).toBeDefined();
  });

  it.each(iamCases)('grants $a.action in $id through $a.policy $a.sid alone', ({ type, a }) => {
    // Prepare
    const vars = varsFor(type);
    const resource = resolveTemplate(a.resource, vars)!;
    const context = resolveContext(a.context, vars)!;

    // Act
    const r = evaluateAccess({
      request: { action: a.action, resource, principal: ROLE, context },
      identityPolicies: [citedStatement(a)],
    });

    // Assess
    expect(r.decision).toBe('allowed');
    expect(r.statements).toContain(a.sid);
  });

  it('lists every managed policy of a profile that grants one of its actions', () => {
    // Assess
    for (const p of PROFILES) {
      expect([...p.managedPolicies].sort()).toEqual([...new Set(p.actions.map((a) => a.policy))].sort());
    }
  });
});

describe('kmsRequirements', () => {
  const kmsCases = (['backup', 'copy', 'restore'] as const).flatMap((job) =>
    ['EBS', 'EC2', 'RDS', 'Aurora', 'DynamoDB', 'S3', 'EFS', 'Redshift', '(vault)'].flatMap((type) => {
      const profile = type === '(vault)' ? kmsRequirements('', job, 'vault') : kmsRequirements(type, job, 'resource');
      return (profile?.actions ?? []).map((a) => ({ job, type, service: profile!.service, a }));
    }),
  );

  it.each(kmsCases)('grants $a.action for a $type key in a $job job through $a.policy $a.sid alone', ({ service, a }) => {
    // Prepare
    const vars = varsFor('EBS');
    const context = { 'kms:ViaService': `${service}.us-east-1.amazonaws.com`, ...resolveContext(a.context, vars) };

    // Act
    const r = evaluateAccess({
      request: { action: a.action, resource: resolveTemplate(a.resource, vars)!, principal: ROLE, context },
      identityPolicies: [citedStatement(a)],
    });

    // Assess
    expect(r.decision).toBe('allowed');
    expect(r.statements).toContain(a.sid);
  });

  it('returns undefined for a resource type whose key use is not covered', () => {
    // Act and assess
    expect(kmsRequirements('VirtualMachine', 'backup', 'resource')).toBeUndefined();
  });
});

describe('requiredActions', () => {
  it.each([
    ['EBS', 'backup', 'backup-ebs'],
    ['ebs', 'backup', 'backup-ebs'],
    ['Aurora', 'restore', 'restore-aurora'],
    ['S3', 'restore', 'restore-s3'],
    ['EC2', 'copy', 'copy-ec2'],
    ['SAP HANA on Amazon EC2', 'backup', 'backup-sap-hana'],
  ] as const)('finds the profile for %s %s jobs', (type, job, id) => {
    // Act and assess
    expect(requiredActions(type, job)?.id).toBe(id);
  });

  it.each([
    ['type', 'backup'],
    ['SAP HANA on Amazon EC2', 'restore'],
    ['Redshift', 'copy'],
  ] as const)('returns undefined for %s %s, which no profile covers', (type, job) => {
    // Act and assess
    expect(requiredActions(type, job)).toBeUndefined();
  });
});

describe('bundled managed policies', () => {
  it('holds the versions recorded in SOURCES.md', () => {
    // Assess
    expect(MANAGED_POLICIES.AWSBackupServiceRolePolicyForBackup.versionId).toBe('v30');
    expect(MANAGED_POLICIES.AWSBackupServiceRolePolicyForRestores.versionId).toBe('v35');
    expect(MANAGED_POLICIES.AWSBackupServiceRolePolicyForS3Backup.versionId).toBe('v4');
    expect(MANAGED_POLICIES.AWSBackupServiceRolePolicyForS3Restore.versionId).toBe('v2');
    expect(MANAGED_POLICIES.AmazonECSInfrastructureRolePolicyForVolumes.versionId).toBe('v5');
  });

  it('maps policy ARNs across partitions back to the bundled policy', () => {
    // Act
    const arn = managedPolicyArn('AWSBackupServiceRolePolicyForS3Backup', 'aws-cn');

    // Assess
    expect(arn).toBe('arn:aws-cn:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup');
    expect(managedPolicyByArn(arn)?.name).toBe('AWSBackupServiceRolePolicyForS3Backup');
    expect(managedPolicyByArn('arn:aws:iam::111122223333:policy/AWSBackupServiceRolePolicyForS3Backup')).toBeUndefined();
  });
});

describe('ecs-infrastructure-volumes', () => {
  it('marks the snapshot-based CreateVolume as added in v2', () => {
    // Act
    const fromSnapshot = profileById('ecs-infrastructure-volumes')?.actions.find(
      (a) => a.sid === 'CreateEBSManagedVolumeFromSnapshot',
    );

    // Assess
    expect(fromSnapshot).toMatchObject({ action: 'ec2:CreateVolume', since: 'v2', when: 'from-snapshot' });
    expect(fromSnapshot?.resource).toContain(':snapshot/');
  });

  it('denies a snapshot-based CreateVolume to a role with the v1 statements only', () => {
    // Prepare
    const v1 = ECS_INFRASTRUCTURE_VOLUMES.actions.filter((a) => a.since === undefined).map(citedStatement);
    const fromSnapshot = ECS_INFRASTRUCTURE_VOLUMES.actions.find((a) => a.when === 'from-snapshot')!;

    // Act
    const r = evaluateAccess({
      request: {
        action: 'ec2:CreateVolume',
        resource: resolveTemplate(fromSnapshot.resource, varsFor('EBS'))!,
        principal: `arn:aws:iam::${ACCOUNT}:role/ecsInfrastructureRole`,
      },
      identityPolicies: v1,
    });

    // Assess
    expect(r.decision).toBe('implicit-deny');
  });
});

describe('BACKUP_ROLE_PROFILES', () => {
  it('covers backup, copy and restore for the common resource types', () => {
    // Assess
    for (const type of ['EBS', 'EC2', 'RDS', 'Aurora', 'EFS', 'DynamoDB', 'S3', 'FSx']) {
      for (const job of ['backup', 'copy', 'restore'] as const) {
        expect(BACKUP_ROLE_PROFILES.some((p) => p.resourceType === type && p.jobType === job), `${type} ${job}`).toBe(true);
      }
    }
  });
});
