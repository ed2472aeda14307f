/**
 * AWSBackupDefaultServiceRole with its two managed policies and keys whose policy is the KMS default (the
 * account root statement only, which enables IAM policies) must pass kms-key-policy-role for every resource type
 * and job type: the managed policies grant what AWS Backup needs on the resource key and on the vault keys.
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html
 */
import { describe, expect, it } from 'vitest';
import type { FailureEvent } from '../../../lambdas/model/types.ts';
import { kmsKeyPolicyRole } from '../../../lambdas/checks/kms/kms-key-policy-role.ts';
import { ACCOUNT, REGION, ROLE_ARN, VAULT, VAULT_ARN, VAULT_KEY_ARN, ctx, event, evidence, key, role } from '../iam/fixtures.ts';

const RESOURCE_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/3333cccc-33cc-33cc-33cc-3333cccc3333`;
const DEST_KEY = `arn:aws:kms:us-west-2:${ACCOUNT}:key/4444dddd-44dd-44dd-44dd-4444dddd4444`;
const DEST_VAULT = `arn:aws:backup:us-west-2:${ACCOUNT}:backup-vault:Secondary`;

/** Resource types whose own key AWS Backup uses, with an ARN in each service's documented format. */
const RESOURCES: Record<string, string> = {
  EBS: `arn:aws:ec2:${REGION}:${ACCOUNT}:volume/vol-0123456789abcdef0`,
  EC2: `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/i-0123456789abcdef0`,
  RDS: `arn:aws:rds:${REGION}:${ACCOUNT}:db:database-1`,
  Aurora: `arn:aws:rds:${REGION}:${ACCOUNT}:cluster:cluster-1`,
  DocumentDB: `arn:aws:rds:${REGION}:${ACCOUNT}:cluster:docdb-1`,
  Neptune: `arn:aws:rds:${REGION}:${ACCOUNT}:cluster:neptune-1`,
  EFS: `arn:aws:elasticfilesystem:${REGION}:${ACCOUNT}:file-system/fs-0123456789abcdef0`,
  DynamoDB: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/Orders`,
  Redshift: `arn:aws:redshift:${REGION}:${ACCOUNT}:cluster:my-cluster`,
};

const KIND = { backup: 'backup-job', copy: 'copy-job', restore: 'restore-job' } as const;
const cases = (['backup', 'copy', 'restore'] as const).flatMap((job) =>
  Object.entries(RESOURCES).map(([type, arn]) => ({ job, type, arn })),
);

describe('kms-key-policy-role with the default role and default key policies', () => {
  it.each(cases)('passes a $job job of $type with every key on the default key policy', ({ job, type, arn }) => {
    // Prepare
    const e: FailureEvent = event({
      kind: KIND[job],
      resourceArn: arn,
      resourceType: type,
      ...(job === 'copy' ? { sourceVaultArn: VAULT_ARN, destinationVaultArn: DEST_VAULT } : {}),
    });
    const ev = evidence({
      roles: { [ROLE_ARN]: role() },
      resources: { [arn]: { arn, type, exists: true, encrypted: true, encryptionKeyArn: RESOURCE_KEY } },
      vaults: {
        [VAULT]: { name: VAULT, arn: VAULT_ARN, exists: true, encryptionKeyArn: VAULT_KEY_ARN },
        [DEST_VAULT]: { name: 'Secondary', arn: DEST_VAULT, exists: true, encryptionKeyArn: DEST_KEY },
      },
      keys: { [RESOURCE_KEY]: key(RESOURCE_KEY), [VAULT_KEY_ARN]: key(VAULT_KEY_ARN), [DEST_KEY]: key(DEST_KEY) },
    });

    // Act
    const f = kmsKeyPolicyRole.run(ctx(e, ev));

    // Assess
    expect(f.facts.find((x) => x.name === 'missingActions')?.value).toBeUndefined();
    expect(f.verdict).toBe('pass');
  });
});
