/**
 * AWS Backup messages about the job's IAM role: trust, permissions, PassRole on restore.
 * @see https://repost.aws/knowledge-center/backup-failed-job
 */
import type { CatalogRule } from '../types.ts';
import {
  DASHBOARDS,
  EVENTBRIDGE,
  GH_LGALLARD_BACKUP_15,
  GH_LZA_194,
  GH_MOJ_4798,
  GH_WIDDIX_633,
  KC_EFS_PRIVILEGES,
  KC_ENCODED_AUTH,
  STRATUS_EC2_LAUNCH,
  TECRACER_ORG_BACKUP,
  TF_BACKUP_SELECTION,
  ZATOIMA_EC2_RESTORE,
} from '../sources.ts';

const ROLE_CHECKS = ['iam-role-missing', 'iam-role-trust-backup', 'iam-wrong-role-service-linked', 'iam-role-permissions-backup'];

/** Rules for the backup role's trust and permissions. */
export const backupIamRules: readonly CatalogRule[] = [
  {
    id: 'backup-role-cannot-be-assumed',
    category: 'iam-trust',
    pattern: /\bcannot be assumed by (?:AWS Backup|backup\.amazonaws\.com)/i,
    confidence: 0.9,
    suspects: ['iam-role-trust-backup', 'iam-wrong-role-service-linked', 'iam-role-missing'],
    hint: {
      en: 'AWS Backup could not assume the role: check that it exists, that its trust policy names backup.amazonaws.com, and that it is not the service-linked role.',
      ja: 'AWS Backup がロールを引き受けられませんでした。ロールが存在すること、信頼ポリシーに backup.amazonaws.com があること、サービスリンクロールを指定していないことを確認してください。',
    },
    samples: [
      { text: 'REGEX#cannot be assumed by AWS Backup', source: DASHBOARDS },
      {
        text: 'InvalidParameterValueException: IAM Role arn:aws:iam::123456789012:role/XXX cannot be assumed by AWS Backup',
        source: TF_BACKUP_SELECTION,
      },
      { text: 'The provided role arn:aws:iam::XXXXXXXXXXX:role/Backup-Role cannot be assumed by AWS Backup.', source: GH_LZA_194 },
    ],
  },
  {
    id: 'backup-role-insufficient-permissions',
    category: 'iam-permission',
    pattern: /\bIAM Role \S+ does not have sufficient permissions to execute the (?:backup|restore|copy)/i,
    confidence: 0.8,
    suspects: ROLE_CHECKS,
    hint: {
      en: 'The job role lacks permissions for this resource type, or the role named does not exist or cannot be assumed: check the role, its trust policy and its attached policies.',
      ja: 'ジョブのロールにこのリソースタイプの権限が不足しているか、指定したロールが存在しない、または引き受けられない可能性があります。ロール、信頼ポリシー、アタッチされたポリシーを確認してください。',
    },
    samples: [
      {
        text: 'IAM Role arn:aws:iam::111111111111:role/service-role/AWSBackupDefaultServiceRole does not have sufficient permissions to execute the backup.',
        source: TECRACER_ORG_BACKUP,
        corpusId: 'bk-069',
      },
    ],
  },
  {
    id: 'restore-not-authorized-encoded',
    category: 'iam-permission',
    pattern: /You are not authorized to perform this operation\.? Please consult the permissions associated with your AWS Backup role/i,
    confidence: 0.85,
    suspects: ['iam-passrole-restore', 'iam-role-permissions-backup'],
    hint: {
      en: 'The restore role was denied an action (often iam:PassRole for the instance profile): decode the authorization message with aws sts decode-authorization-message and grant that action to the restore role.',
      ja: '復元ロールに必要なアクション (多くはインスタンスプロファイルに対する iam:PassRole) が拒否されました。aws sts decode-authorization-message でメッセージをデコードし、そのアクションを復元ロールに許可してください。',
    },
    samples: [
      {
        text: 'You are not authorized to perform this operation. Please consult the permissions associated with your AWS Backup role(s), and refer to the AWS Backup documentation for more details.',
        source: KC_ENCODED_AUTH,
      },
      {
        text: 'You are not authorized to perform this operation. Please consult the permissions associated with your AWS Backup role',
        source: GH_LGALLARD_BACKUP_15,
      },
      {
        text: 'You are not authorized to perform this operation. Please consult the permissions associated with your AWS Backup role(s), and refer to the AWS Backup documentation for more details. Encoded authorization failure message: <omitted>',
        source: ZATOIMA_EC2_RESTORE,
      },
    ],
  },
  {
    id: 'restore-new-instance-profile',
    category: 'iam-permission',
    pattern: /AWS Backup does not permit attaching a new instance profile to an EC2 instance/i,
    confidence: 0.9,
    suspects: ['iam-passrole-restore'],
    hint: {
      en: 'The restore asked for a different instance profile than the backed-up one: restore with the original instance profile (the restore role needs iam:PassRole for it), or with no role and attach it later.',
      ja: '復元時にバックアップ元と異なるインスタンスプロファイルが指定されました。元のインスタンスプロファイルで復元する (復元ロールにそのロールの iam:PassRole が必要です) か、ロールなしで復元して後からアタッチしてください。',
    },
    samples: [
      {
        text: 'AWS Backup does not permit attaching a new instance profile to an EC2 instance. Please restore using the backed up instance profile.',
        source: EVENTBRIDGE,
        corpusId: 'bk-005',
      },
    ],
  },
  {
    id: 'backup-access-denied-list-tags',
    category: 'iam-permission',
    pattern: /Access denied exception while trying to list tags/i,
    confidence: 0.85,
    suspects: ['iam-role-permissions-backup'],
    hint: {
      en: "The job role cannot read the resource's tags: grant the service's tag-read action (for example ec2:DescribeTags) to the role, as AWSBackupServiceRolePolicyForBackup does.",
      ja: 'ジョブのロールがリソースのタグを読み取れません。AWSBackupServiceRolePolicyForBackup と同様に、タグ読み取りのアクション (例: ec2:DescribeTags) をロールに許可してください。',
    },
    samples: [{ text: 'Access denied exception while trying to list tags', source: EVENTBRIDGE, corpusId: 'bk-004' }],
  },
  {
    id: 'backup-insufficient-privileges',
    category: 'iam-permission',
    pattern: /^(?:AccessDeniedException: )?Insufficient privileges to perform this action/i,
    confidence: 0.75,
    suspects: ['iam-role-permissions-backup', 'kms-key-policy-role'],
    hint: {
      en: 'The caller or the job role lacks a permission (for an EFS restore: backup:StartRestoreJob, the elasticfilesystem actions, the KMS actions, and no Deny in the vault access policy).',
      ja: '呼び出し元またはジョブのロールに権限が不足しています (EFS の復元では backup:StartRestoreJob、elasticfilesystem の各アクション、KMS のアクションが必要で、ボールトのアクセスポリシーに Deny がないことも確認してください)。',
    },
    samples: [{ text: 'Insufficient privileges to perform this action', source: KC_EFS_PRIVILEGES }],
  },
  {
    id: 'backup-not-authorized-operation',
    category: 'iam-permission',
    pattern: /\bYou are not authorized to perform this operation\b/i,
    confidence: 0.7,
    suspects: ROLE_CHECKS,
    hint: {
      en: 'An AWS API refused the job role: check the role named in the job (its policies, any permissions boundary and SCPs) for the action the resource type needs.',
      ja: 'AWS API がジョブのロールからの操作を拒否しました。ジョブで指定したロールのポリシー、アクセス許可の境界、SCP に、リソースタイプに必要なアクションがあるか確認してください。',
    },
    samples: [
      { text: 'You are not authorized to perform this operation.', source: DASHBOARDS },
      {
        text: 'You are not authorized to perform this operation. User: arn:aws:sts::751353041310:assumed-role/stratus-red-team-ec2lui-role-idtzskbvtd/aws-go-sdk-1722511821294449000 is not authorized to perform: ec2:RunInstances on resource: arn:aws:ec2:ca-south-3r:751353041310:instance/* because no identity-based',
        source: STRATUS_EC2_LAUNCH,
      },
    ],
  },
  {
    id: 'backup-user-not-authorized-action',
    category: 'iam-permission',
    pattern: /\bis not authorized to perform: [a-z0-9-]+:[A-Za-z0-9*]+/i,
    confidence: 0.75,
    suspects: ['iam-role-permissions-backup', 'iam-role-missing'],
    hint: {
      en: 'The role named in the message lacks the action it names: add it to the role (the AWS managed backup policies list what each resource type needs), and check boundaries and SCPs.',
      ja: 'メッセージに示されたロールに、示されたアクションの権限がありません。ロールに追加し (リソースタイプごとに必要な権限は AWS Backup の AWS マネージドポリシーを参照)、アクセス許可の境界と SCP も確認してください。',
    },
    samples: [
      {
        text: 'User: arn:aws:sts::XXXXXXXXXXXX:assumed-role/XXXXXXX-com-DynamoDB-BackupRole-XXXXXXXXXXXXX/AWSBackup-XXXXXXX-com-DynamoDB-BackupRole-XXXXXXXXXXXXX is not authorized to perform: dynamodb:ListTagsOfResource on resource: arn:aws:dynamodb:us-west-1:XXXXXXXXXXXX:table/cache because no identity-based policy allows the dynamodb:ListTagsOfResource action',
        source: GH_WIDDIX_633,
      },
      {
        text: 'An AWS Backup job failed. Resource ARN : arn:aws:dynamodb:us-west-1:XXXXXXXXXXXX:table/cache. BackupJob ID : XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX Status Message : User: arn:aws:sts::XXXXXXXXXXXX:assumed-role/XXXXXXX-com-DynamoDB-BackupRole-XXXXXXXXXXXXX/AWSBackup-XXXXXXX-com-DynamoDB-BackupRole-XXXXXXXXXXXXX is not authorized to perform: dynamodb:ListTagsOfResource on resource: arn:aws:dynamodb:us-west-1:XXXXXXXXXXXX:table/cache because no identity-based policy allows the dynamodb:ListTagsOfResource action',
        source: GH_WIDDIX_633,
      },
      {
        text: 'An error occurred (AccessDeniedException) when calling the StartRestoreJob operation: User:xxxx is not authorized to perform: backup:StartRestoreJob on resource: arn:aws:backup:eu-west-2:326912278139:recovery-point:ef633021-fdd3-4db6-b986-2beb406e1aad because no identity-based policy allows the backup:StartRestoreJob action',
        source: GH_MOJ_4798,
      },
    ],
  },
  {
    id: 'backup-generic-access-denied',
    category: 'iam-permission',
    pattern: /\b(?:access denied|not authorized to|does not have permission|missing permission)\b/i,
    confidence: 0.5,
    suspects: ROLE_CHECKS,
    hint: {
      en: 'A permission was refused: check the job role (trust, policies, boundary), the KMS key policy and any vault access policy or SCP for the action named.',
      ja: '権限が拒否されました。ジョブのロール (信頼関係、ポリシー、境界)、KMS キーポリシー、ボールトのアクセスポリシーや SCP に、該当するアクションがあるか確認してください。',
    },
    samples: [
      { text: 'REGEX#access denied', source: DASHBOARDS },
      { text: 'REGEX#not authorized to', source: DASHBOARDS },
      { text: 'REGEX#does not have permission', source: DASHBOARDS },
      { text: 'REGEX#missing permission', source: DASHBOARDS },
    ],
  },
];
