import { describe, expect, it } from 'vitest';
import { s3Versioning as check } from '../../../lambdas/checks/backup/s3-versioning.ts';
import type { ResourceFacts } from '../../../lambdas/model/types.ts';
import { context, evidence, expiredBackupEvent, textProblems } from './helpers.ts';

const BUCKET = 'arn:aws:s3:::my-bucket';
const s3Job = expiredBackupEvent({ state: 'FAILED', plan: undefined, resourceArn: BUCKET, resourceType: 'S3', vaultName: 'vault-b', vaultArn: undefined });
const withS3 = (s3: ResourceFacts['s3']) => evidence({ resources: { [BUCKET]: { arn: BUCKET, exists: true, ...(s3 ? { s3 } : {}) } } });

describe('s3-versioning', () => {
  it.each(['Suspended', 'Off'] as const)('reports versioning %s with the command that enables it', (versioning) => {
    // Act
    const f = check.run(context(s3Job, withS3({ versioning })));
    // Assess
    expect(f.verdict).toBe('fail');
    expect(f.title).toEqual({ key: 's3-versioning.title.versioning', params: expect.objectContaining({ bucket: 'my-bucket', versioning }) });
    expect(f.fix?.command).toBe('aws s3api put-bucket-versioning --bucket my-bucket --versioning-configuration Status=Enabled');
    expect(textProblems(check.messages, f)).toEqual([]);
  });

  it('reports continuous backup kept in another vault', () => {
    // Prepare: bk-018 (AWS Backup logically air-gapped vault guide), quoted with its documented placeholder.
    const event = { ...s3Job, statusMessage: 'Bucket {bucket_name} already has continuous backup enabled for another vault Backup job failed.' };
    // Act
    const f = check.run(context(event, withS3({ versioning: 'Enabled', continuousBackupVault: 'vault-a' })));
    // Assess
    expect(f.verdict).toBe('fail');
    expect(f.title).toEqual({ key: 's3-versioning.title.otherVault', params: expect.objectContaining({ continuousVault: 'vault-a', vault: 'vault-b' }) });
    expect(f.fix?.command).toBe(
      [
        `aws backup list-recovery-points-by-backup-vault --backup-vault-name vault-a --by-resource-arn ${BUCKET} --region us-west-2`,
        'aws backup disassociate-recovery-point --backup-vault-name vault-a --recovery-point-arn <continuous-recovery-point-arn> --region us-west-2',
      ].join('\n'),
    );
    expect(textProblems(check.messages, f)).toEqual([]);
  });

  it.each([
    { name: 'versioning on and no continuous backup', s3: { versioning: 'Enabled' as const } },
    { name: 'continuous backup in the target vault', s3: { versioning: 'Enabled' as const, continuousBackupVault: 'vault-b' } },
  ])('passes $name', ({ s3 }) => {
    // Act
    const f = check.run(context(s3Job, withS3(s3)));
    // Assess
    expect(f.verdict).toBe('pass');
    expect(textProblems(check.messages, f)).toEqual([]);
  });

  it('is inconclusive with the recorded gap when the bucket could not be read', () => {
    // Prepare
    const gap = { what: 's3:GetBucketVersioning my-bucket', subject: BUCKET, action: 's3:GetBucketVersioning', why: 'access-denied' as const };
    // Act
    const f = check.run(context(s3Job, evidence({ gaps: [gap] })));
    // Assess
    expect(f.verdict).toBe('inconclusive');
    expect(f.missing).toEqual([gap]);
  });

  it('does not apply to a resource that is not a bucket', () => {
    // Act
    const f = check.run(context(expiredBackupEvent(), evidence()));
    // Assess
    expect(f.verdict).toBe('not-applicable');
  });
});
