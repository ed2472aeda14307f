/**
 * Copy-job messages: Organizations and cross-account settings, shared-key rules, unsupported copies.
 * @see https://repost.aws/knowledge-center/backup-troubleshoot-cross-account-copy
 */
import type { CatalogRule } from '../types.ts';
import { DASHBOARDS, KC_CROSS_ACCOUNT, LAG_VAULT, TECRACER_ORG_BACKUP } from '../sources.ts';

const COPY = ['copy-cross-account-settings'];

/** Rules for cross-account and cross-Region copy settings. */
export const backupCopyRules: readonly CatalogRule[] = [
  {
    id: 'copy-cross-account-not-enabled',
    category: 'cross-account-copy',
    pattern: /Cross-account copy feature is not enabled for the current organization/i,
    confidence: 0.95,
    suspects: COPY,
    hint: {
      en: 'Cross-account backup is turned off: enable it in the AWS Backup settings of the Organizations management account.',
      ja: 'クロスアカウントバックアップが無効です。Organizations の管理アカウントの AWS Backup 設定で有効にしてください。',
    },
    samples: [
      {
        text: 'Copy job failed. Cross-account copy feature is not enabled for the current organization.',
        source: DASHBOARDS,
        corpusId: 'bk-015',
      },
    ],
  },
  {
    id: 'copy-accounts-not-same-organization',
    category: 'cross-account-copy',
    pattern: /Both source and destination account must be a member of the same organization/i,
    confidence: 0.95,
    suspects: COPY,
    hint: {
      en: 'Cross-account copies only work inside one AWS Organizations organization: move one account into the other\'s organization or copy to a vault in the same organization.',
      ja: 'クロスアカウントコピーは同じ AWS Organizations の組織内でのみ動作します。一方のアカウントを同じ組織に移すか、同じ組織内のボールトにコピーしてください。',
    },
    samples: [
      {
        text: 'Copy job failed. Both source and destination account must be a member of the same organization.',
        source: DASHBOARDS,
      },
      {
        text: 'Copy job failed. Both source and destination account must be a member of the same organization',
        source: KC_CROSS_ACCOUNT,
      },
    ],
  },
  {
    id: 'copy-destination-vault-default-key',
    category: 'cross-account-copy',
    pattern: /destination Backup vault is encrypted with the default Backup service managed key/i,
    confidence: 0.9,
    suspects: COPY,
    hint: {
      en: 'Vaults encrypted with the AWS Backup managed key cannot take part in cross-account copies: use vaults encrypted with a customer managed KMS key.',
      ja: 'AWS Backup の AWS マネージドキーで暗号化されたボールトはクロスアカウントコピーに使えません。カスタマーマネージド KMS キーで暗号化したボールトを使用してください。',
    },
    samples: [
      {
        text: 'Copy job failed because the destination Backup vault is encrypted with the default Backup service managed key. The contents of this vault cannot be copied. Only the contents of a Backup vault encrypted by an AWS KMS key may be copied.',
        source: TECRACER_ORG_BACKUP,
        corpusId: 'bk-014',
      },
    ],
  },
  {
    id: 'copy-aws-managed-key-snapshot-not-shareable',
    category: 'cross-account-copy',
    pattern: /Snapshots encrypted with the AWS managed key can'?t be shared|Encrypted snapshots with Amazon EBS default key cannot be shared/i,
    confidence: 0.9,
    suspects: ['copy-cross-account-settings', 'kms-key-policy-root'],
    hint: {
      en: 'The source is encrypted with an AWS managed key, which cannot be shared with another account: re-encrypt the resource with a customer managed key before copying.',
      ja: 'コピー元が AWS マネージドキーで暗号化されており、他のアカウントと共有できません。コピーの前にカスタマーマネージドキーで再暗号化してください。',
    },
    samples: [
      {
        text: "Snapshots encrypted with the AWS managed key can't be shared. Specify another snapshot.",
        source: DASHBOARDS,
        corpusId: 'bk-051',
      },
      { text: 'Encrypted snapshots with Amazon EBS default key cannot be shared', source: DASHBOARDS },
    ],
  },
  {
    id: 'copy-lag-vault-aws-managed-key',
    category: 'cross-account-copy',
    pattern: /encrypted with an AWS managed key and cannot be copied to a logically air-gapped backup vault/i,
    confidence: 0.9,
    suspects: COPY,
    hint: {
      en: 'Resources encrypted with an AWS managed key cannot be copied to a logically air-gapped vault: re-encrypt them with a customer managed key, or keep them in the standard vault only.',
      ja: 'AWS マネージドキーで暗号化されたリソースは論理エアギャップボールトにコピーできません。カスタマーマネージドキーで再暗号化するか、標準ボールトのみに保存してください。',
    },
    samples: [
      {
        text: 'Backup job completed successfully to the target backup vault. This resource is encrypted with an AWS managed key and cannot be copied to a logically air-gapped backup vault.',
        source: LAG_VAULT,
      },
    ],
  },
  {
    id: 'copy-marketplace-image',
    category: 'cross-account-copy',
    pattern: /Images from AWS Marketplace cannot be copied to another AWS account/i,
    confidence: 0.95,
    suspects: COPY,
    hint: {
      en: 'AMIs with AWS Marketplace product codes cannot be copied across accounts: exclude these instances from the cross-account copy rule.',
      ja: 'AWS Marketplace の製品コードを持つ AMI はアカウント間でコピーできません。これらのインスタンスをクロスアカウントコピーのルールから除外してください。',
    },
    samples: [
      { text: 'Images from AWS Marketplace cannot be copied to another AWS account.', source: DASHBOARDS, corpusId: 'bk-050' },
    ],
  },
  {
    id: 'copy-feature-not-supported-for-resource-type',
    category: 'cross-account-copy',
    pattern: /Feature is not supported for provided resource type/i,
    confidence: 0.85,
    suspects: COPY,
    hint: {
      en: 'This resource type cannot be copied this way (for example cross-account and cross-Region at once): check feature availability by resource and Region, and copy in two steps if needed.',
      ja: 'このリソースタイプはこの方法でコピーできません (例: クロスアカウントとクロスリージョンの同時コピー)。リソース別・リージョン別の機能の提供状況を確認し、必要なら 2 段階でコピーしてください。',
    },
    samples: [
      {
        text: 'Copy job from us-west-2 to us-east-1 cannot be initiated for RDS resources. Feature is not supported for provided resource type.',
        source: KC_CROSS_ACCOUNT,
        corpusId: 'bk-077',
      },
      { text: 'REGEX#Feature is not supported for provided resource type.', source: DASHBOARDS },
    ],
  },
  {
    id: 'copy-storage-gateway-needs-user-vault',
    category: 'cross-account-copy',
    pattern: /Storage Gateway backup copies require a user-created backup vault and key at destination/i,
    confidence: 0.9,
    suspects: COPY,
    hint: {
      en: 'Storage Gateway copies need a vault you created, encrypted with your own key, at the destination: change the copy target.',
      ja: 'Storage Gateway のコピーでは、自分で作成し独自のキーで暗号化したボールトをコピー先に指定する必要があります。コピー先のボールトを変更してください。',
    },
    samples: [
      {
        text: 'UnsupportedOperation : Storage Gateway backup copies require a user-created backup vault and key at destination.',
        source: DASHBOARDS,
      },
    ],
  },
  {
    id: 'copy-access-denied-calling-backup',
    category: 'cross-account-copy',
    pattern: /Access Denied trying to call AWS Backup service/i,
    confidence: 0.65,
    suspects: ['copy-cross-account-settings', 'kms-key-policy-root'],
    hint: {
      en: "The other account refused the copy: the destination vault's access policy must allow backup:CopyIntoBackupVault from the source account, and the key must be shared.",
      ja: '相手のアカウントがコピーを拒否しました。コピー先ボールトのアクセスポリシーでコピー元アカウントからの backup:CopyIntoBackupVault を許可し、キーを共有してください。',
    },
    samples: [{ text: 'Access Denied trying to call AWS Backup service', source: DASHBOARDS }],
  },
  {
    id: 'copy-too-many-jobs-for-resource',
    category: 'quota',
    pattern: /There are too many copy jobs running for resource/i,
    confidence: 0.75,
    suspects: ['backup-start-window'],
    hint: {
      en: 'Too many copy jobs were running for the same recovery point or resource: space out copy rules or reduce backup frequency so copies can finish.',
      ja: '同じ復旧ポイントまたはリソースに対して実行中のコピージョブが多すぎます。コピーが完了できるよう、コピールールの間隔を空けるかバックアップの頻度を下げてください。',
    },
    samples: [{ text: 'There are too many copy jobs running for resource.', source: DASHBOARDS }],
  },
];
