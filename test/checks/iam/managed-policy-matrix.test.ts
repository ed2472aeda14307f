/**
 * A role with exactly the AWS managed policy that AWS Backup documents for a job type must pass
 * iam-role-permissions-backup for every resource type: backup and copy jobs with
 * AWSBackupServiceRolePolicyForBackup, restore jobs with AWSBackupServiceRolePolicyForRestores.
 * Resource ARNs follow each service's documented ARN format; the policies are the bundled copies.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/iam-service-roles.html
 */
import { describe, expect, it } from 'vitest';
import type { FailureEvent } from '../../../lambdas/model/types.ts';
import { iamRolePermissionsBackup } from '../../../lambdas/checks/iam/iam-role-permissions-backup.ts';
import { requiredActions, type ManagedPolicyName } from '../../../profiles/index.ts';
import { ACCOUNT, REGION, ROLE_ARN, ctx, event, evidence, managed, role } from './fixtures.ts';

const RESOURCES: Record<string, string> = {
  EBS: `arn:aws:ec2:${REGION}:${ACCOUNT}:volume/vol-0123456789abcdef0`,
  EC2: `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/i-0123456789abcdef0`,
  RDS: `arn:aws:rds:${REGION}:${ACCOUNT}:db:database-1`,
  Aurora: `arn:aws:rds:${REGION}:${ACCOUNT}:cluster:cluster-1`,
  DocumentDB: `arn:aws:rds:${REGION}:${ACCOUNT}:cluster:docdb-1`,
  Neptune: `arn:aws:rds:${REGION}:${ACCOUNT}:cluster:neptune-1`,
  EFS: `arn:aws:elasticfilesystem:${REGION}:${ACCOUNT}:file-system/fs-0123456789abcdef0`,
  DynamoDB: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/Orders`,
  FSx: `arn:aws:fsx:${REGION}:${ACCOUNT}:file-system/fs-0123456789abcdef0`,
  'Storage Gateway': `arn:aws:storagegateway:${REGION}:${ACCOUNT}:gateway/sgw-12A3456B/volume/vol-1122AABB`,
  VirtualMachine: `arn:aws:backup-gateway:${REGION}:${ACCOUNT}:vm/vm-0123456789abcdef0`,
  CloudFormation: `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/my-stack/1c2fa620-982a-11e3-aff7-50e2416294e0`,
  Redshift: `arn:aws:redshift:${REGION}:${ACCOUNT}:cluster:my-cluster`,
  Timestream: `arn:aws:timestream:${REGION}:${ACCOUNT}:database/db1/table/t1`,
  'SAP HANA on Amazon EC2': `arn:aws:ssm-sap:${REGION}:${ACCOUNT}:HANA/app/DB/db1`,
};

const KIND = { backup: 'backup-job', copy: 'copy-job', restore: 'restore-job' } as const;
const POLICY: Record<keyof typeof KIND, ManagedPolicyName> = {
  backup: 'AWSBackupServiceRolePolicyForBackup',
  copy: 'AWSBackupServiceRolePolicyForBackup',
  restore: 'AWSBackupServiceRolePolicyForRestores',
};

// Combinations without a profile are inconclusive by design (noProfile); every profile is exercised here.
const cases = (['backup', 'copy', 'restore'] as const).flatMap((job) =>
  Object.entries(RESOURCES)
    .filter(([type]) => requiredActions(type, job) !== undefined)
    .map(([type, arn]) => ({ job, type, arn, policy: POLICY[job] })),
);
const COMMON = ['EBS', 'EC2', 'RDS', 'Aurora', 'EFS', 'DynamoDB', 'FSx', 'VirtualMachine'];

describe('iam-role-permissions-backup with only the documented managed policy', () => {
  it('covers backup, copy and restore jobs of the common resource types', () => {
    // Assess
    for (const job of ['backup', 'copy', 'restore'] as const) {
      for (const type of COMMON) expect(cases.some((c) => c.job === job && c.type === type), `${job} ${type}`).toBe(true);
    }
  });

  it.each(cases)('passes a $job job of $type with $policy attached', ({ job, type, arn, policy }) => {
    // Prepare
    const e: FailureEvent = event({
      kind: KIND[job],
      resourceArn: arn,
      resourceType: type,
      ...(job === 'copy' ? { destinationVaultArn: `arn:aws:backup:us-west-2:${ACCOUNT}:backup-vault:Secondary` } : {}),
    });
    const r = role({ attachedPolicies: [managed(policy)] });

    // Act
    const f = iamRolePermissionsBackup.run(ctx(e, evidence({ roles: { [ROLE_ARN]: r } })));

    // Assess
    expect(f.facts.find((x) => x.name === 'missingActions')?.value).toBeUndefined();
    expect(f.verdict).toBe('pass');
  });
});
