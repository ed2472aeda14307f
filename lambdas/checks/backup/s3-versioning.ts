/**
 * Can AWS Backup back up this S3 bucket: is versioning on, and is continuous backup kept in the same vault?
 */
import { cliCommand } from '../../model/shell.ts';
import type { Check, CheckContext, Finding } from '../../model/types.ts';
import { facts, fail, inconclusive, msg, notApplicable, pass } from '../support/finding.ts';
import { vaultNameFromArn } from '../../model/arn.ts';
import { missingAbout, ruleOf, targetVaultRef } from '../support/backup-common.ts';
import { factMessages } from '../../model/fact-labels.ts';

const DOCS = 'https://docs.aws.amazon.com/aws-backup/latest/devguide/s3-backups.html';
const META = { id: 's3-versioning', category: 's3-specific' } as const;
const FACTS = factMessages(['bucket', 'versioning', 'continuousBackupVault', 'targetVault']);

function bucketOf(arn: string): string | undefined {
  const m = /^arn:[^:]+:s3:::([^/]+)$/.exec(arn);
  return m?.[1];
}

/**
 * AWS Backup for S3 requires S3 Versioning on the bucket, and keeps continuous and periodic backups of a bucket
 * in one vault: a bucket whose continuous backup lives in another vault fails.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/s3-backups.html
 */
export const s3Versioning: Check = {
  ...META,
  appliesTo: ['backup-job'],
  docs: DOCS,
  messages: {
    en: {
      ...FACTS.en,
      's3-versioning.title.versioning': 'Bucket {bucket} has versioning {versioning}; AWS Backup needs it Enabled',
      's3-versioning.title.otherVault':
        'Bucket {bucket} already has continuous backup in vault {continuousVault}, not in target vault {vault}',
      's3-versioning.detail.versioning':
        'AWS Backup backs up an S3 bucket only when S3 Versioning is enabled on it. Bucket {bucket} has versioning {versioning}. Set a lifecycle expiration for noncurrent versions too: AWS Backup backs up every unexpired version.',
      's3-versioning.detail.otherVault':
        'A bucket can have one continuous backup, and its continuous and periodic backups must reside in the same vault. Bucket {bucket} is continuously backed up to {continuousVault}, so backups into {vault} fail.',
      's3-versioning.fix.versioning': 'Enable versioning on bucket {bucket}:',
      's3-versioning.fix.otherVault':
        'Back up bucket {bucket} into vault {continuousVault} (change the rule\'s target vault), or, if vault {continuousVault} is not locked, stop the existing continuous backup by disassociating its recovery point (find its ARN with the first command) and let the next backup start one in {vault}. In a locked vault, wait until that recovery point expires.',
      's3-versioning.pass': 'Bucket {bucket} has versioning enabled and no continuous backup in another vault',
      's3-versioning.inconclusive': 'Could not read the versioning and continuous backup of bucket {bucket}',
      's3-versioning.notApplicable': 'The job does not back up an S3 bucket',
    },
    ja: {
      ...FACTS.ja,
      's3-versioning.title.versioning': 'バケット {bucket} のバージョニングが {versioning} です。AWS Backup でバックアップするには Enabled である必要があります',
      's3-versioning.title.otherVault':
        'バケット {bucket} は保存先ボールト {vault} ではなく、ボールト {continuousVault} で継続的バックアップがすでに有効になっています',
      's3-versioning.detail.versioning':
        'AWS Backup が S3 バケットをバックアップできるのは、S3 バージョニングが有効な場合だけです。バケット {bucket} のバージョニングは {versioning} です。AWS Backup は期限切れでないすべてのバージョンをバックアップするため、非現行バージョンのライフサイクル有効期限も設定してください。',
      's3-versioning.detail.otherVault':
        'バケットの継続的バックアップは 1 つだけで、継続的バックアップと定期バックアップは同じボールトに置く必要があります。バケット {bucket} は {continuousVault} に継続的バックアップされているため、{vault} へのバックアップは失敗します。',
      's3-versioning.fix.versioning': 'バケット {bucket} のバージョニングを有効にしてください。',
      's3-versioning.fix.otherVault':
        'バケット {bucket} をボールト {continuousVault} にバックアップする（ルールの保存先ボールトを変更する）か、ボールト {continuousVault} がロックされていなければ、既存の継続的バックアップの復旧ポイントの関連付けを解除して（ARN は最初のコマンドで確認できます）、次回のバックアップで {vault} に継続的バックアップを開始させてください。ロックされたボールトでは、その復旧ポイントが期限切れになるまで待つ必要があります。',
      's3-versioning.pass': 'バケット {bucket} はバージョニングが有効で、他のボールトでの継続的バックアップもありません',
      's3-versioning.inconclusive': 'バケット {bucket} のバージョニングと継続的バックアップを読み取れませんでした',
      's3-versioning.notApplicable': 'このジョブは S3 バケットをバックアップするものではありません',
    },
  },
  run(ctx: CheckContext): Finding {
    const { event, evidence } = ctx;
    const arn = event.resourceArn ?? evidence.job?.resourceArn ?? '';
    const bucket = bucketOf(arn);
    const type = event.resourceType ?? evidence.job?.resourceType;
    if (!bucket || (type !== undefined && type !== 'S3')) return notApplicable(META, { title: msg(META, 'notApplicable') });
    const s3 = evidence.resources?.[arn]?.s3;
    if (!s3) {
      return inconclusive(META, {
        title: msg(META, 'inconclusive', { bucket }),
        missing: missingAbout(evidence, arn, `s3:GetBucketVersioning ${bucket}`, 's3:GetBucketVersioning'),
      });
    }
    const vault = targetVaultRef(ctx, ruleOf(ctx).rule);
    const vaultName = vault ? (vaultNameFromArn(vault) ?? vault) : undefined;
    const continuousVault = s3.continuousBackupVault ? (vaultNameFromArn(s3.continuousBackupVault) ?? s3.continuousBackupVault) : undefined;
    const factList = facts({ bucket, versioning: s3.versioning, continuousBackupVault: continuousVault, targetVault: vaultName });
    const params = { bucket, versioning: s3.versioning ?? '-', continuousVault: continuousVault ?? '', vault: vaultName ?? '' };
    if (s3.versioning !== undefined && s3.versioning !== 'Enabled') {
      return fail(META, {
        title: msg(META, 'title.versioning', params),
        detail: msg(META, 'detail.versioning', params),
        facts: factList,
        fix: {
          summary: msg(META, 'fix.versioning', params),
          command: cliCommand('aws s3api put-bucket-versioning', [
            ['bucket', bucket],
            ['versioning-configuration', 'Status=Enabled'],
          ]),
          docs: DOCS,
        },
        confidence: 0.95,
        subject: arn,
      });
    }
    if (continuousVault && vaultName && continuousVault !== vaultName) {
      const region = event.region;
      return fail(META, {
        title: msg(META, 'title.otherVault', params),
        detail: msg(META, 'detail.otherVault', params),
        facts: factList,
        fix: {
          summary: msg(META, 'fix.otherVault', params),
          command: [
            cliCommand('aws backup list-recovery-points-by-backup-vault', [
              ['backup-vault-name', continuousVault],
              ['by-resource-arn', arn],
              ['region', region],
            ]),
            cliCommand('aws backup disassociate-recovery-point', [
              ['backup-vault-name', continuousVault],
              ['recovery-point-arn', '<continuous-recovery-point-arn>'],
              ['region', region],
            ]),
          ].join('\n'),
          docs: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/point-in-time-recovery.html',
        },
        confidence: 0.9,
        subject: arn,
      });
    }
    if (s3.versioning === undefined) {
      return inconclusive(META, {
        title: msg(META, 'inconclusive', { bucket }),
        facts: factList,
        missing: missingAbout(evidence, arn, `s3:GetBucketVersioning ${bucket}`, 's3:GetBucketVersioning'),
      });
    }
    return pass(META, { title: msg(META, 'pass', params), facts: factList });
  },
};
