/**
 * EC2 API error codes that reach us inside other messages (ECS "Encountered '<Code>' error from AmazonEC2",
 * SDK "An error occurred (<Code>) when calling ...", "Error Code: <Code>", "Client.<Code>: ..."), as data.
 * @see https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html
 */
import type { Ec2CodeEntry } from './types.ts';

/** ECS's wrapper of an EC2 error: "Encountered '<Code>' error from AmazonEC2". */
export const ECS_WRAPPED_EC2_ERROR = /Encountered\s+'([A-Za-z][\w.]*)'\s+error from AmazonEC2/i;

// Unquoted, a code is told from a plain word by its two capitals (CamelCase, optionally dotted, as in
// InvalidSnapshot.InUse). The first run takes no capital, so there is one way to split a code: matching is linear.
const CAMEL_CODE = String.raw`[A-Z][a-z0-9]*[A-Z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+)*`;

/** The unquoted form the EBS troubleshooting page prints: "Encountered IdempotentParameterMismatch"; ...". */
export const ECS_BARE_EC2_ERROR = new RegExp(String.raw`Encountered\s+["']?(${CAMEL_CODE})(?=["';:,.\s]|$)`);

/**
 * Every shape in which ECS, the SDKs and AWS Backup pass an EC2 error code through, the code in group 1. A global
 * shape may occur several times in one message.
 */
export const EC2_CODE_SHAPES: readonly RegExp[] = [
  ECS_WRAPPED_EC2_ERROR,
  /An error occurred \(([A-Za-z][\w.]*)\) when calling the \w+ operation/,
  /\bError Code: ([A-Za-z][\w.]*)/,
  /^(?:Client\.|Server\.)?([A-Z][A-Za-z]+(?:\.[A-Za-z]+)?):\s/,
  // Terraform and other tools print "<what failed>: <Code>: <message>"; only codes we know are taken.
  /:\s["']?(?:Client\.|Server\.)?([A-Z][A-Za-z]+(?:\.[A-Za-z]+)?):\s/g,
];

const VOLUME_CONFIG = ['ecs-ec2-volume-config'];

/** Known EC2 error codes and their category. Descriptions paraphrase the EC2 error-codes reference. */
export const EC2_CODES: readonly Ec2CodeEntry[] = [
  {
    code: 'VolumeTypeNotAvailableInZone',
    category: 'invalid-configuration',
    confidence: 0.85,
    suspects: VOLUME_CONFIG,
    hint: {
      en: 'The volume type is not offered in that Availability Zone: pick another type or another zone.',
      ja: 'そのボリュームタイプは指定のアベイラビリティーゾーンで提供されていません。別のタイプかゾーンを選んでください。',
    },
  },
  {
    code: 'InvalidParameterValue',
    category: 'invalid-configuration',
    confidence: 0.7,
    suspects: VOLUME_CONFIG,
    hint: {
      en: 'EC2 rejected a parameter value (size, IOPS, throughput, device name...): the message says which; fix the volume configuration.',
      ja: 'EC2 がパラメータ値 (サイズ、IOPS、スループット、デバイス名など) を拒否しました。どの値かはメッセージに示されています。ボリューム設定を修正してください。',
    },
  },
  {
    code: 'InvalidParameterCombination',
    category: 'invalid-configuration',
    confidence: 0.7,
    suspects: VOLUME_CONFIG,
    hint: {
      en: 'EC2 rejected a combination of parameters (for example IOPS with a volume type that does not take it): fix the volume configuration.',
      ja: 'EC2 がパラメータの組み合わせを拒否しました (例: IOPS を指定できないボリュームタイプに IOPS を指定)。ボリューム設定を修正してください。',
    },
  },
  {
    code: 'InvalidParameter',
    category: 'invalid-configuration',
    confidence: 0.65,
    suspects: VOLUME_CONFIG,
    hint: {
      en: 'EC2 rejected a parameter as invalid or unsupported: the message says which.',
      ja: 'EC2 がパラメータを無効またはサポート外として拒否しました。どのパラメータかはメッセージに示されています。',
    },
  },
  {
    code: 'EncryptedVolumesNotSupported',
    category: 'invalid-configuration',
    confidence: 0.8,
    suspects: VOLUME_CONFIG,
    hint: {
      en: 'The instance type does not support encrypted EBS volumes: use an instance type that does.',
      ja: 'このインスタンスタイプは暗号化された EBS ボリュームをサポートしていません。対応するインスタンスタイプを使用してください。',
    },
  },
  {
    code: 'InvalidSnapshot.NotFound',
    category: 'resource-not-found',
    confidence: 0.85,
    suspects: VOLUME_CONFIG,
    hint: {
      en: 'The snapshot to create the volume from does not exist (or is in another Region or account): fix the snapshot id.',
      ja: 'ボリュームの作成元スナップショットが存在しません (または別のリージョンやアカウントにあります)。スナップショット ID を修正してください。',
    },
  },
  {
    code: 'InvalidVolume.NotFound',
    category: 'resource-not-found',
    confidence: 0.85,
    suspects: [],
    hint: {
      en: 'The volume does not exist (it may have been deleted): check the volume id.',
      ja: 'ボリュームが存在しません (削除された可能性があります)。ボリューム ID を確認してください。',
    },
  },
  {
    code: 'InvalidVolume.ZoneMismatch',
    category: 'invalid-configuration',
    confidence: 0.8,
    suspects: VOLUME_CONFIG,
    hint: {
      en: 'The volume and the instance are in different Availability Zones: create the volume in the instance\'s zone.',
      ja: 'ボリュームとインスタンスが異なるアベイラビリティーゾーンにあります。インスタンスと同じゾーンにボリュームを作成してください。',
    },
  },
  {
    code: 'VolumeLimitExceeded',
    category: 'quota',
    confidence: 0.85,
    suspects: [],
    hint: {
      en: 'The account reached its EBS storage quota for the volume type: delete unused volumes or request a quota increase.',
      ja: 'アカウントがボリュームタイプの EBS ストレージのクォータに達しました。不要なボリュームを削除するか、クォータの引き上げを申請してください。',
    },
  },
  {
    code: 'SnapshotLimitExceeded',
    category: 'quota',
    confidence: 0.85,
    suspects: [],
    hint: {
      en: 'The account reached its snapshot quota: delete old snapshots or request a quota increase.',
      ja: 'アカウントがスナップショットのクォータに達しました。古いスナップショットを削除するか、クォータの引き上げを申請してください。',
    },
  },
  {
    code: 'ConcurrentSnapshotLimitExceeded',
    category: 'quota',
    confidence: 0.85,
    suspects: [],
    hint: {
      en: 'Too many snapshots of the volume were in progress: wait for them (and clear snapshots in the error state) before the next one.',
      ja: 'ボリュームで進行中のスナップショットが多すぎます。完了を待ち (エラー状態のスナップショットも整理し)、その後に次を作成してください。',
    },
  },
  {
    code: 'MaxIOPSLimitExceeded',
    category: 'quota',
    confidence: 0.8,
    suspects: VOLUME_CONFIG,
    hint: {
      en: 'The account reached its provisioned IOPS quota: lower the IOPS or request a quota increase.',
      ja: 'アカウントがプロビジョンド IOPS のクォータに達しました。IOPS を下げるか、クォータの引き上げを申請してください。',
    },
  },
  {
    code: 'AttachmentLimitExceeded',
    category: 'quota',
    confidence: 0.8,
    suspects: [],
    hint: {
      en: 'The instance cannot take more EBS volumes or network interfaces: place the task on an instance with free attachment slots.',
      ja: 'インスタンスにこれ以上 EBS ボリュームやネットワークインターフェイスをアタッチできません。空きのあるインスタンスにタスクを配置してください。',
    },
  },
  {
    code: 'InsufficientVolumeCapacity',
    category: 'quota',
    confidence: 0.7,
    suspects: VOLUME_CONFIG,
    hint: {
      en: 'EC2 has no capacity for this volume now: try another volume type or Availability Zone, or retry later.',
      ja: '現在このボリュームに割り当てる EC2 の容量がありません。別のボリュームタイプかアベイラビリティーゾーンを試すか、後で再試行してください。',
    },
  },
  {
    code: 'RequestLimitExceeded',
    category: 'quota',
    confidence: 0.75,
    suspects: [],
    hint: {
      en: 'EC2 throttled the API calls: the call is retried later; reduce concurrent launches if it repeats.',
      ja: 'EC2 が API 呼び出しをスロットリングしました。後で再試行されます。繰り返す場合は同時起動数を減らしてください。',
    },
  },
  {
    code: 'CustomerKeyHasBeenRevoked',
    category: 'kms-key-policy',
    confidence: 0.75,
    suspects: ['kms-key-policy-role', 'kms-key-state', 'ecs-kms-key'],
    hint: {
      en: "The volume's KMS key cannot be accessed: check the key policy and grants for the attaching role, then the key's state.",
      ja: 'ボリュームの KMS キーにアクセスできません。アタッチするロールに対するキーポリシーとグラントを確認し、次にキーの状態を確認してください。',
    },
  },
  {
    code: 'UnauthorizedOperation',
    category: 'iam-permission',
    confidence: 0.75,
    suspects: ['ecs-infra-role-permissions', 'iam-role-permissions-backup'],
    hint: {
      en: 'The calling role is not allowed the EC2 action: decode the authorization message and add the action to the role.',
      ja: '呼び出し元のロールに EC2 アクションの権限がありません。認可メッセージをデコードし、アクションをロールに追加してください。',
    },
  },
  {
    code: 'IncorrectState',
    category: 'resource-state',
    confidence: 0.7,
    suspects: [],
    hint: {
      en: 'The volume or snapshot was in the wrong state for the call (still creating, not available): retry when it is available.',
      ja: 'ボリュームまたはスナップショットが呼び出しに適さない状態 (作成中、available でない) でした。利用可能になってから再試行してください。',
    },
  },
  {
    code: 'IncorrectInstanceState',
    category: 'resource-state',
    confidence: 0.7,
    suspects: [],
    hint: {
      en: 'The instance was in the wrong state for the call: retry when it is running or stopped as the action requires.',
      ja: 'インスタンスが呼び出しに適さない状態でした。アクションが必要とする状態 (実行中または停止) になってから再試行してください。',
    },
  },
  {
    code: 'VolumeInUse',
    category: 'resource-state',
    confidence: 0.7,
    suspects: [],
    hint: {
      en: 'The volume is already attached to an instance: detach it first, or use another volume.',
      ja: 'ボリュームはすでにインスタンスにアタッチされています。先にデタッチするか、別のボリュームを使用してください。',
    },
  },
  {
    code: 'InternalError',
    category: 'service-internal',
    confidence: 0.75,
    suspects: [],
    hint: {
      en: 'EC2 had an internal error: retry; contact AWS Support if it persists.',
      ja: 'EC2 で内部エラーが発生しました。再試行し、続く場合は AWS サポートに問い合わせてください。',
    },
  },
  {
    code: 'ServerInternal',
    category: 'service-internal',
    confidence: 0.75,
    suspects: [],
    hint: {
      en: 'EC2 had an internal error: retry; contact AWS Support if it persists.',
      ja: 'EC2 で内部エラーが発生しました。再試行し、続く場合は AWS サポートに問い合わせてください。',
    },
  },
  {
    code: 'Unavailable',
    category: 'service-internal',
    confidence: 0.7,
    suspects: [],
    hint: {
      en: 'EC2 was temporarily unavailable: retry later.',
      ja: 'EC2 が一時的に利用できませんでした。後で再試行してください。',
    },
  },
  {
    code: 'SnapshotCreationPerVolumeRateExceeded',
    category: 'quota',
    confidence: 0.85,
    suspects: [],
    hint: {
      en: 'Snapshots of the same volume were requested too fast: space out the backups of this volume (EC2 asks for at least 15 seconds between snapshots of one volume).',
      ja: '同じボリュームのスナップショットが短い間隔で要求されました。このボリュームのバックアップ間隔を空けてください (EC2 は同一ボリュームのスナップショット間に少なくとも 15 秒を求めています)。',
    },
  },
  {
    code: 'InvalidSnapshot.InUse',
    category: 'resource-state',
    confidence: 0.8,
    suspects: [],
    hint: {
      en: 'The snapshot is in use (for example by a registered AMI) and cannot be deleted: deregister the image first.',
      ja: 'スナップショットが使用中 (登録済みの AMI など) のため削除できません。先にイメージの登録を解除してください。',
    },
  },
  {
    code: 'OptInRequired',
    category: 'invalid-configuration',
    confidence: 0.7,
    suspects: [],
    hint: {
      en: 'The account is not subscribed to the service in this Region: enable the Region or the service for the account.',
      ja: 'アカウントがこのリージョンでサービスを利用できる状態になっていません。アカウントでリージョンまたはサービスを有効にしてください。',
    },
  },
  // Codes an EC2 restore (RunInstances with the recovery point's or the restore metadata's settings) passes through.
  {
    code: 'InvalidSubnetID.NotFound',
    category: 'resource-not-found',
    confidence: 0.8,
    suspects: [],
    hint: {
      en: 'The subnet given to the restore (or kept in the restore metadata) no longer exists: choose an existing subnet in the restore settings.',
      ja: '復元に指定された (または復元メタデータに残っている) サブネットが存在しません。復元設定で既存のサブネットを選んでください。',
    },
  },
  {
    code: 'InvalidGroup.NotFound',
    category: 'resource-not-found',
    confidence: 0.8,
    suspects: [],
    hint: {
      en: 'A security group given to the restore does not exist in the target VPC: choose security groups of that VPC.',
      ja: '復元に指定されたセキュリティグループが復元先の VPC に存在しません。その VPC のセキュリティグループを選んでください。',
    },
  },
  {
    code: 'InvalidKeyPair.NotFound',
    category: 'resource-not-found',
    confidence: 0.8,
    suspects: [],
    hint: {
      en: 'The key pair the instance was launched with no longer exists, and a restore reuses it: recreate or import a key pair with that name, then restore again.',
      ja: 'インスタンスの起動時に使われたキーペアが存在せず、復元でも同じキーペアが使われます。同じ名前のキーペアを作成またはインポートしてから、再度復元してください。',
    },
  },
  {
    code: 'InvalidAMIID.NotFound',
    category: 'resource-not-found',
    confidence: 0.75,
    suspects: [],
    hint: {
      en: 'The image the call refers to does not exist (deregistered, or in another Region or account): check the recovery point and the Region.',
      ja: '呼び出しが参照するイメージが存在しません (登録解除済み、または別のリージョンやアカウント)。復旧ポイントとリージョンを確認してください。',
    },
  },
  {
    code: 'VcpuLimitExceeded',
    category: 'quota',
    confidence: 0.8,
    suspects: [],
    hint: {
      en: "The account's vCPU quota for this instance family is used up: restore to a smaller instance type, stop other instances, or request a quota increase.",
      ja: 'このインスタンスファミリーのアカウントの vCPU クォータを使い切っています。より小さいインスタンスタイプに復元するか、他のインスタンスを停止するか、クォータの引き上げを申請してください。',
    },
  },
  {
    code: 'InstanceLimitExceeded',
    category: 'quota',
    confidence: 0.8,
    suspects: [],
    hint: {
      en: 'The account reached its limit of running instances: stop instances you do not need or request a quota increase.',
      ja: 'アカウントの実行中インスタンス数が上限に達しました。不要なインスタンスを停止するか、クォータの引き上げを申請してください。',
    },
  },
  {
    code: 'InsufficientInstanceCapacity',
    category: 'quota',
    confidence: 0.7,
    suspects: [],
    hint: {
      en: 'EC2 has no capacity for this instance type in that Availability Zone now: retry later, or restore into a subnet of another zone or with another instance type.',
      ja: '現在そのアベイラビリティーゾーンにこのインスタンスタイプの EC2 容量がありません。後で再試行するか、別のゾーンのサブネットまたは別のインスタンスタイプで復元してください。',
    },
  },
  {
    code: 'Unsupported',
    category: 'invalid-configuration',
    confidence: 0.6,
    suspects: [],
    hint: {
      en: 'EC2 does not support the request as given (for example the instance type in that Availability Zone): the message says what; change the instance type or the subnet.',
      ja: 'EC2 が指定どおりのリクエストをサポートしていません (例: そのアベイラビリティーゾーンでのインスタンスタイプ)。内容はメッセージに示されています。インスタンスタイプまたはサブネットを変更してください。',
    },
  },
];

/** `VolumeTypeNotAvailableInZone` → `ec2-volume-type-not-available-in-zone`. */
export function ec2RuleId(code: string): string {
  const kebab = code
    .replace(/\./g, '-')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();
  return `ec2-${kebab}`;
}
