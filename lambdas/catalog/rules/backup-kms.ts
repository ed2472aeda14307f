/**
 * KMS messages seen in AWS Backup jobs: keys the role cannot use, keys that are disabled or gone.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html
 */
import { anyOf, inOrder } from '../pattern.ts';
import type { CatalogRule } from '../types.ts';
import {
  DASHBOARDS,
  GH_AURORA_SNAPSHOT_TOOL_25,
  GH_AURORA_SNAPSHOT_TOOL_29,
  GH_AWS_MAINTENANCE_13,
  GH_BACKUP_AUTOMATION_2,
  GH_RDS_SNAPSHOT_TOOL_70,
  GH_RUNNERS_3546,
  KC_KEY_NOT_ACCESSIBLE,
  KMS_DECRYPT_ERRORS,
  S3_ERROR_RESPONSES,
  TROUBLESHOOTING,
} from '../sources.ts';

/** Rules for KMS key policy and key state problems in backup, copy and restore jobs. */
export const backupKmsRules: readonly CatalogRule[] = [
  {
    id: 'copy-ami-snapshot-key-not-accessible',
    category: 'kms-key-policy',
    pattern: /AMI snapshot copy failed with error: Given key ID is not accessible/i,
    confidence: 0.9,
    suspects: ['kms-key-policy-role', 'copy-cross-account-settings', 'kms-key-policy-root'],
    hint: {
      en: "The copy could not use the source snapshot's key: an AWS managed (default) key cannot be shared across accounts; re-encrypt with a customer managed key whose policy allows the destination account.",
      ja: 'コピー元スナップショットのキーを使用できませんでした。AWS マネージド (デフォルト) キーはアカウント間で共有できないため、キーポリシーでコピー先アカウントを許可したカスタマーマネージドキーで再暗号化してください。',
    },
    samples: [
      {
        text: 'AMI snapshot copy failed with error: Given key ID is not accessible. You must have DescribeKey permissions on the default CMK',
        source: GH_BACKUP_AUTOMATION_2,
        corpusId: 'bk-011',
      },
      {
        text: 'AMI snapshot copy failed with error: Given key ID is not accessible. You must have DescribeKey permissions on the default key',
        source: DASHBOARDS,
      },
    ],
  },
  {
    id: 'kms-given-key-not-accessible',
    category: 'kms-key-policy',
    pattern: /\bGiven key ID is not accessible\b/i,
    confidence: 0.85,
    suspects: ['kms-key-policy-role', 'kms-key-policy-root', 'copy-cross-account-settings'],
    hint: {
      en: 'The key policy does not let the job (or the destination account on a cross-account copy) use the key: add the account or role to the key policy, and use a customer managed key.',
      ja: 'キーポリシーがジョブ (クロスアカウントコピーではコピー先アカウント) によるキーの使用を許可していません。キーポリシーにアカウントまたはロールを追加し、カスタマーマネージドキーを使用してください。',
    },
    samples: [
      { text: 'Given key ID is not accessible', source: KC_KEY_NOT_ACCESSIBLE, corpusId: 'bk-010' },
      { text: 'Given key ID is not accessible', source: DASHBOARDS },
    ],
  },
  {
    id: 'kms-given-key-does-not-exist',
    category: 'kms-key-state',
    pattern: /\bGiven key ID does not exist\b/i,
    confidence: 0.85,
    suspects: ['kms-key-state'],
    hint: {
      en: 'The KMS key named for the job no longer exists (or is in another Region): point the vault or the job at an existing key.',
      ja: 'ジョブで指定した KMS キーが存在しません (または別のリージョンにあります)。存在するキーをボールトまたはジョブに指定してください。',
    },
    samples: [{ text: 'Given key ID does not exist', source: DASHBOARDS, corpusId: 'bk-059' }],
  },
  {
    id: 'kms-key-disabled-pending-deletion-or-denied',
    category: 'kms-key-state',
    pattern: /KMS key is either disabled or pending deletion or access to KMS key is denied/i,
    confidence: 0.6,
    suspects: ['kms-key-state', 'kms-key-policy-role', 'kms-key-policy-root'],
    hint: {
      en: "The job could not use the KMS key: check the key's state first (disabled, pending deletion), then whether the key policy lets the job role use it.",
      ja: 'ジョブが KMS キーを使用できませんでした。まずキーの状態 (無効、削除保留中) を確認し、次にキーポリシーがジョブのロールによる使用を許可しているか確認してください。',
    },
    samples: [{ text: 'KMS key is either disabled or pending deletion or access to KMS key is denied', source: DASHBOARDS }],
  },
  {
    id: 'kms-source-snapshot-key-not-accessible',
    category: 'kms-key-policy',
    // RDS and Aurora name the source key, the target key or a "Specified" key (often "[None]") in the same words.
    pattern:
      /(?:The source snapshot|The target|Specified) KMS key (?:\[[^\][]*\] )?does not exist, is not enabled or you do not have permissions to access it/i,
    confidence: 0.65,
    suspects: ['kms-key-policy-role', 'kms-key-state', 'kms-key-policy-root'],
    hint: {
      en: 'RDS could not use the source or target snapshot key on behalf of the calling role: add the role (or the other account) to the key policy, and check that the key is enabled, in this Region, and not an AWS managed key shared across accounts.',
      ja: 'RDS が呼び出し元のロールとしてコピー元またはコピー先のスナップショットのキーを使用できませんでした。キーポリシーにロール (または相手のアカウント) を追加し、キーが有効でこのリージョンにあること、アカウント間で共有できない AWS マネージドキーでないことを確認してください。',
    },
    samples: [
      {
        text: 'The source snapshot KMS key does not exist, is not enabled or you do not have permissions to access it.',
        source: TROUBLESHOOTING,
      },
      {
        text: 'An error occurred (KMSKeyNotAccessibleFault) when calling the CopyDBSnapshot operation: The source snapshot KMS key does not exist, is not enabled or you do not have permissions to access it',
        source: GH_AWS_MAINTENANCE_13,
      },
      {
        text: 'An error occurred (KMSKeyNotAccessibleFault) when calling the CopyDBClusterSnapshot operation: The source snapshot KMS key [arn:aws:kms:eu-west-1:accountnumber:key/keynumber] does not exist, is not enabled or you do not have permissions to access it.',
        source: GH_AURORA_SNAPSHOT_TOOL_29,
      },
      {
        text: 'An error occurred (KMSKeyNotAccessibleFault) when calling the CopyDBSnapshot operation: The target KMS key [None] does not exist, is not enabled or you do not have permissions to access it.',
        source: GH_RDS_SNAPSHOT_TOOL_70,
      },
      {
        text: 'An error occurred (KMSKeyNotAccessibleFault) when calling the CopyDBClusterSnapshot operation: Specified KMS key [None] does not exist, is not enabled or you do not have permissions to access it.',
        source: GH_AURORA_SNAPSHOT_TOOL_25,
      },
    ],
  },
  {
    id: 'kms-disabled-exception',
    category: 'kms-key-state',
    pattern: /\b(?:KMS\.)?DisabledException\b|\bthe specified KMS key is not enabled\b/i,
    confidence: 0.85,
    suspects: ['kms-key-state'],
    hint: {
      en: 'The KMS key is disabled: enable it (aws kms enable-key) and run the job again; data encrypted with it cannot be read while it is disabled.',
      ja: 'KMS キーが無効になっています。キーを有効にして (aws kms enable-key) ジョブを再実行してください。無効の間は、そのキーで暗号化されたデータを読み取れません。',
    },
    samples: [
      { text: 'The request was rejected because the specified KMS key is not enabled.', source: KMS_DECRYPT_ERRORS },
      { text: 'KMS.DisabledException', source: S3_ERROR_RESPONSES },
    ],
  },
  {
    id: 'kms-key-mentioned-with-state',
    category: 'kms-key-state',
    pattern: anyOf(
      inOrder(/\bKMS key\b/i, /\b(?:is disabled|not enabled|pending (?:deletion|import)|(?:incorrect|invalid) state)\b/i),
      inOrder(/\b(?:disabled|pending deletion)\b/i, /\bKMS key\b/i),
    ),
    confidence: 0.55,
    suspects: ['kms-key-state', 'kms-key-policy-role'],
    hint: {
      en: "The message names a KMS key and a key state: check the key's state (enabled, pending deletion or import) and its Region first, then the key policy.",
      ja: 'メッセージに KMS キーとキーの状態が示されています。まずキーの状態 (有効、削除保留中、インポート保留中) とリージョンを確認し、次にキーポリシーを確認してください。',
    },
    samples: [{ text: 'Client.InvalidKMSKey.InvalidState: The KMS key provided is in an incorrect state', source: GH_RUNNERS_3546 }],
  },
  {
    id: 'kms-key-mentioned',
    category: 'kms-key-policy',
    pattern: /\bKMS key\b/i,
    confidence: 0.55,
    suspects: ['kms-key-policy-role', 'kms-key-state', 'kms-key-policy-root'],
    hint: {
      en: 'The job could not use a KMS key: check that the key policy lets the job role (and, for a copy, the other account) use it, then that the key is enabled.',
      ja: 'ジョブが KMS キーを使用できませんでした。キーポリシーがジョブのロール (コピーの場合は相手のアカウントも) による使用を許可しているか確認し、次にキーが有効か確認してください。',
    },
    samples: [{ text: 'REGEX#kms key', source: DASHBOARDS }],
  },
];
