import { describe, expect, it } from 'vitest';
import { copyCrossAccountSettings as check } from '../../../lambdas/checks/backup/copy-cross-account-settings.ts';
import type { Evidence, Gap, KeyFacts, PolicyDocument, VaultFacts } from '../../../lambdas/model/types.ts';
import { context, evidence, failedCopyEvent, textProblems } from './helpers.ts';

const SOURCE = '111122223333';
const DEST_ACCOUNT = '444455556666';
const DEST = `arn:aws:backup:us-west-2:${DEST_ACCOUNT}:backup-vault:central`;
const SOURCE_VAULT = `arn:aws:backup:us-west-2:${SOURCE}:backup-vault:local`;
const VOLUME = `arn:aws:ec2:us-west-2:${SOURCE}:volume/vol-0123456789abcdef0`;
const CMK = `arn:aws:kms:us-west-2:${DEST_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const AWS_BACKUP_KEY = `arn:aws:kms:us-west-2:${DEST_ACCOUNT}:key/0987dcba-09fe-87dc-65ba-ab0987654321`;
const AWS_EBS_KEY = `arn:aws:kms:us-west-2:${SOURCE}:key/aaaabbbb-1111-2222-3333-444455556666`;

/** The FAILED copy job sample, sent to another account's vault. */
const copy = failedCopyEvent({ account: SOURCE, sourceVaultArn: SOURCE_VAULT, destinationVaultArn: DEST, resourceArn: VOLUME, resourceType: 'EBS' });

const allowSource: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${SOURCE}:root` }, Action: 'backup:CopyIntoBackupVault', Resource: '*' }],
};
const keys: Record<string, KeyFacts> = {
  [CMK]: { arn: CMK, state: 'Enabled', manager: 'CUSTOMER' },
  [AWS_BACKUP_KEY]: { arn: AWS_BACKUP_KEY, state: 'Enabled', manager: 'AWS', aliases: ['alias/aws/backup'] },
  [AWS_EBS_KEY]: { arn: AWS_EBS_KEY, state: 'Enabled', manager: 'AWS', aliases: ['alias/aws/ebs'] },
};

function destVault(changes: Partial<VaultFacts> = {}): Record<string, VaultFacts> {
  return { central: { name: 'central', arn: DEST, exists: true, encryptionKeyArn: CMK, accessPolicy: allowSource, ...changes } };
}

function healthy(changes: Partial<Evidence> = {}): Evidence {
  return evidence({
    backupSettings: { crossAccountBackupEnabled: true },
    vaults: destVault(),
    keys,
    resources: { [VOLUME]: { arn: VOLUME, exists: true, encryptionKeyArn: CMK } },
    ...changes,
  });
}

describe('copy-cross-account-settings', () => {
  it('reports cross-account backup disabled for the organization (bk-015)', () => {
    // Prepare
    const event = { ...copy, statusMessage: 'Copy job failed. Cross-account copy feature is not enabled for the current organization.' };
    // Act
    const f = check.run(context(event, healthy({ backupSettings: { crossAccountBackupEnabled: false } })));
    // Assess
    expect(f.verdict).toBe('fail');
    expect(f.title.key).toBe('copy-cross-account-settings.title.orgDisabled');
    expect(f.fix?.command).toBe('aws backup update-global-settings --global-settings isCrossAccountBackupEnabled=true --region us-west-2');
    expect(textProblems(check.messages, f)).toEqual([]);
  });

  it('reports a destination vault without an access policy and writes one', () => {
    // Prepare
    const { accessPolicy: _none, ...noPolicy } = destVault().central!;
    const gap: Gap = { what: 'backup:GetBackupVaultAccessPolicy central', subject: DEST, action: 'backup:GetBackupVaultAccessPolicy', why: 'not-found' };
    // Act
    const f = check.run(context(copy, healthy({ vaults: { central: noPolicy }, gaps: [gap] })));
    // Assess
    expect(f.verdict).toBe('fail');
    expect(f.title.key).toBe('copy-cross-account-settings.title.policyMissing');
    expect(f.fix?.command).toBe(
      `aws backup put-backup-vault-access-policy --backup-vault-name central --policy '${JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Sid: 'AllowCopyFromSourceAccount', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${SOURCE}:root` }, Action: 'backup:CopyIntoBackupVault', Resource: '*' }],
      })}' --region us-west-2`,
    );
    expect(textProblems(check.messages, f)).toEqual([]);
  });

  it('adds the missing statement to a policy that does not allow the source account', () => {
    // Prepare
    const other: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [{ Sid: 'ReadOnly', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${DEST_ACCOUNT}:root` }, Action: 'backup:DescribeBackupVault', Resource: '*' }],
    };
    // Act
    const f = check.run(context(copy, healthy({ vaults: destVault({ accessPolicy: other }) })));
    // Assess
    expect(f.title.key).toBe('copy-cross-account-settings.title.policySilent');
    expect(f.fix?.command).toContain('"Sid":"ReadOnly"');
    expect(f.fix?.command).toContain('"Sid":"AllowCopyFromSourceAccount"');
  });

  it('reports a destination vault under the AWS managed key for EBS (bk-014)', () => {
    // Prepare
    const event = {
      ...copy,
      statusMessage:
        'Copy job failed because the destination Backup vault is encrypted with the default Backup service managed key. The contents of this vault cannot be copied. Only the contents of a Backup vault encrypted by an AWS KMS key may be copied.',
    };
    // Act
    const f = check.run(context(event, healthy({ vaults: destVault({ encryptionKeyArn: AWS_BACKUP_KEY }) })));
    // Assess
    expect(f.verdict).toBe('fail');
    expect(f.title).toEqual({ key: 'copy-cross-account-settings.title.vaultAwsKey', params: expect.objectContaining({ vault: 'central', role: 'destination', resourceType: 'EBS' }) });
    expect(f.fix?.command).toBe('aws backup create-backup-vault --backup-vault-name <new-vault-name> --encryption-key-arn <customer-managed-key-arn> --region us-west-2');
    expect(textProblems(check.messages, f)).toEqual([]);
  });

  it('reports an EBS volume under the AWS managed key (bk-051)', () => {
    // Prepare
    const event = { ...copy, statusMessage: "Snapshots encrypted with the AWS managed key can't be shared. Specify another snapshot." };
    // Act
    const f = check.run(context(event, healthy({ resources: { [VOLUME]: { arn: VOLUME, exists: true, encryptionKeyArn: AWS_EBS_KEY } } })));
    // Assess
    expect(f.verdict).toBe('fail');
    expect(f.title.key).toBe('copy-cross-account-settings.title.resourceAwsKey');
    expect(f.fix?.command).toBe(
      'aws ec2 copy-snapshot --source-region us-west-2 --source-snapshot-id <snapshot-id> --encrypted --kms-key-id <customer-managed-key-arn> --region us-west-2',
    );
    expect(textProblems(check.messages, f)).toEqual([]);
  });

  it('does not hold the AWS managed vault key against a type AWS Backup fully manages', () => {
    // Act
    const f = check.run(context({ ...copy, resourceType: 'EFS' }, healthy({ vaults: destVault({ encryptionKeyArn: AWS_BACKUP_KEY }) })));
    // Assess
    expect(f.verdict).toBe('pass');
  });

  it('passes when the organization, the vault policy and the keys allow the copy', () => {
    // Act
    const f = check.run(context(copy, healthy()));
    // Assess
    expect(f.verdict).toBe('pass');
    expect(f.facts).toContainEqual({ name: 'destinationVaultPolicy', value: 'allows' });
    expect(textProblems(check.messages, f)).toEqual([]);
  });

  it('is inconclusive when the settings and the destination vault could not be read', () => {
    // Prepare
    const gap: Gap = { what: 'backup:DescribeBackupVault central', subject: DEST, action: 'backup:DescribeBackupVault', why: 'cross-account' };
    // Act
    const f = check.run(context(copy, evidence({ gaps: [gap] })));
    // Assess
    expect(f.verdict).toBe('inconclusive');
    expect(f.missing).toContainEqual(gap);
    expect(f.missing).toContainEqual(expect.objectContaining({ action: 'backup:DescribeGlobalSettings', why: 'not-collected' }));
    expect(textProblems(check.messages, f)).toEqual([]);
  });

  it('does not apply to a copy within one account (the sample)', () => {
    // Act
    const f = check.run(context(failedCopyEvent(), evidence()));
    // Assess
    expect(f.verdict).toBe('not-applicable');
  });
});
