/**
 * Labels (en, ja) for the facts the checks emit, declared once and spread into each check's messages as
 * `fact.<name>` keys.
 */
import type { Messages } from '../core/types.ts';

const LABELS = {
  // IAM and KMS checks
  roleArn: ['Role ARN', 'ロール ARN'],
  sourceAccount: ['aws:SourceAccount used', '評価に使った aws:SourceAccount'],
  admittedPrincipals: ['Principals the trust policy admits', '信頼ポリシーが許可しているプリンシパル'],
  decidingStatements: ['Deciding statements', '判定に使われたステートメント'],
  rolePath: ['Role path', 'ロールのパス'],
  recommendedRole: ['Role to use instead', '代わりに使うロール'],
  resourceType: ['Resource type', 'リソースタイプ'],
  jobType: ['Job type', 'ジョブの種類'],
  profile: ['Permission profile', '権限プロファイル'],
  missingActions: ['Missing actions', '不足しているアクション'],
  missingOneOf: [
    'Missing actions, one of which the job needs (by the backup setting)',
    '不足しているアクション (バックアップの設定に応じていずれか 1 つが必要)',
  ],
  deniedActions: ['Explicitly denied actions', '明示的に拒否されたアクション'],
  boundaryBlocked: ['Actions blocked by the permissions boundary', 'アクセス許可の境界でブロックされたアクション'],
  boundary: ['Permissions boundary', 'アクセス許可の境界'],
  denyStatements: ['Deny statements', 'Deny ステートメント'],
  notEvaluated: ['Variant-specific actions not evaluated', '評価していない構成依存のアクション'],
  evaluatedWith: ['Evaluated with', '評価方法'],
  managedPolicyVersion: ['Attached managed policy version', 'アタッチされたマネージドポリシーのバージョン'],
  passedRole: ['Role passed to EC2', 'EC2 に渡すロール'],
  key: ['KMS key', 'KMS キー'],
  keyRole: ['Key used for', 'キーの用途'],
  keyState: ['Key state', 'キーの状態'],
  keyManager: ['Key manager', 'キーの管理者'],
  deletionDate: ['Scheduled deletion date', '削除予定日'],
  keyAccount: ['Key account', 'キーのアカウント'],
  keysChecked: ['Keys checked', '確認したキー'],
  rootActions: ['Actions the account root is not allowed', 'アカウントのルートに許可されていないアクション'],
  viaService: ['kms:ViaService used', '評価に使った kms:ViaService'],
  grants: ['Grants counted', '考慮した許可 (グラント)'],
  // ECS checks
  callerArn: ['Caller', '呼び出し元'],
  launchCall: ['Launch call (CloudTrail)', '起動時の API 呼び出し (CloudTrail)'],
  passedToService: ['iam:PassedToService evaluated', '評価した iam:PassedToService'],
  roleCreated: ['Role created', 'ロールの作成日時'],
  roleChanged: ['Role last changed', 'ロールの最終変更日時'],
  minutesBefore: ['Minutes between the change and the failure', '変更から失敗までの時間 (分)'],
  failureTime: ['Failure time', '失敗した日時'],
  keyReference: ['Key in the volume configuration', 'ボリューム設定で指定されたキー'],
  deniedKeyActions: ['KMS actions the role cannot use', 'ロールが使用できない KMS アクション'],
  ebsEvent: ['EBS event', 'EBS イベント'],
  snapshotFilesystemType: ['Snapshot file system type', 'スナップショットのファイルシステムの種類'],
  supportedFilesystemTypes: ['File system types for this OS', 'この OS で使えるファイルシステムの種類'],
  availabilityZone: ['Availability Zone', 'アベイラビリティーゾーン'],
  sizeInGiB: ['Size (GiB)', 'サイズ (GiB)'],
  iops: ['IOPS', 'IOPS'],
  throughput: ['Throughput (MiB/s)', 'スループット (MiB/s)'],
  outOfRange: ['Values outside the documented range', 'ドキュメントに記載された範囲外の値'],
  ec2ErrorCode: ['EC2 error code', 'EC2 のエラーコード'],
  launchVolumes: ['Task definition volumes with configuredAtLaunch', 'タスク定義の configuredAtLaunch ボリューム'],
} as const satisfies Record<string, readonly [string, string]>;

/** A fact name that has a label. */
export type FactName = keyof typeof LABELS;

/** The `fact.<name>` message entries for the named facts, per language. */
export function factMessages(names: readonly FactName[]): Messages {
  const en: Record<string, string> = {};
  const ja: Record<string, string> = {};
  for (const n of names) {
    en[`fact.${n}`] = LABELS[n][0];
    ja[`fact.${n}`] = LABELS[n][1];
  }
  return { en, ja };
}
