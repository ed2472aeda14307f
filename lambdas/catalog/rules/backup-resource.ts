/**
 * Messages about the protected resource itself (state, VSS, existence), service limits and AWS-side errors.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-dashboards.html
 */
import type { CatalogRule } from '../types.ts';
import { DASHBOARDS, EVENTBRIDGE, GH_MOJ_11307, GH_MOJ_BASELINES_293, GH_MOJ_BASELINES_90, LAG_VAULT } from '../sources.ts';

/** Rules for resource state, missing resources, quotas and internal errors. */
export const backupResourceRules: readonly CatalogRule[] = [
  {
    id: 'backup-vault-does-not-exist',
    category: 'resource-not-found',
    pattern: /\bbackup vault \S+ does not exist\b/i,
    confidence: 0.95,
    suspects: ['backup-vault-missing'],
    hint: {
      en: 'The target vault named by the plan or job does not exist in this account and Region: create it or point the rule at an existing vault.',
      ja: 'プランまたはジョブが指定した保存先ボールトが、このアカウントとリージョンに存在しません。ボールトを作成するか、既存のボールトをルールに指定してください。',
    },
    samples: [
      {
        text: '"Backup job failed because backup vault arn:aws:backup:us-west-2:1112233445566:backup-vault:9ab3e749-82c6-4342-9320-5edbf4918b86 does not exist."',
        source: EVENTBRIDGE,
        corpusId: 'bk-001',
      },
    ],
  },
  {
    id: 'backup-vss-agent-state-or-privileges',
    category: 'resource-state',
    pattern: /Windows VSS Backup attempt failed because either Instance or SSM Agent has invalid state or insufficient privileges/i,
    confidence: 0.8,
    suspects: [],
    hint: {
      en: 'The VSS backup could not run through Systems Manager: check that the instance is running and managed by SSM, and that its instance profile allows the VSS snapshot actions.',
      ja: 'Systems Manager 経由で VSS バックアップを実行できませんでした。インスタンスが実行中で SSM の管理下にあること、インスタンスプロファイルが VSS スナップショットのアクションを許可していることを確認してください。',
    },
    samples: [
      {
        text: 'Windows VSS Backup attempt failed because either Instance or SSM Agent has invalid state or insufficient privileges.',
        source: DASHBOARDS,
        corpusId: 'bk-033',
      },
    ],
  },
  {
    id: 'backup-vss-insufficient-privileges',
    category: 'iam-permission',
    pattern: /Windows VSS Backup attempt failed because of insufficient privileges/i,
    confidence: 0.85,
    suspects: ['iam-role-permissions-backup'],
    hint: {
      en: "The VSS backup was denied: the instance profile needs the VSS snapshot permissions (AWSEC2VssSnapshotPolicy) and the backup role needs ssm:SendCommand.",
      ja: 'VSS バックアップが拒否されました。インスタンスプロファイルに VSS スナップショットの権限 (AWSEC2VssSnapshotPolicy) が、バックアップロールに ssm:SendCommand が必要です。',
    },
    samples: [
      {
        text: 'Windows VSS Backup attempt failed because of insufficient privileges to perform this operation',
        source: DASHBOARDS,
        corpusId: 'bk-034',
      },
    ],
  },
  {
    id: 'backup-vss-agent-not-installed',
    category: 'resource-state',
    pattern: /Windows VSS Backup attempt failed because ec2-vss-agent\.exe is not installed/i,
    confidence: 0.9,
    suspects: [],
    hint: {
      en: 'The AWS VSS components are not installed on the instance: install the AwsVssComponents package with Systems Manager Distributor.',
      ja: 'インスタンスに AWS VSS コンポーネントがインストールされていません。Systems Manager Distributor で AwsVssComponents パッケージをインストールしてください。',
    },
    samples: [
      { text: 'Windows VSS Backup attempt failed because ec2-vss-agent.exe is not installed in the Instance', source: DASHBOARDS },
    ],
  },
  {
    id: 'backup-vss-timeout',
    category: 'resource-state',
    pattern: /Windows VSS Backup attempt failed because of timeout on VSS enabled snapshot creation/i,
    confidence: 0.8,
    suspects: [],
    hint: {
      en: 'The VSS writers did not freeze in time: check the VSS writers on the instance (vssadmin list writers) and the load during the backup window.',
      ja: 'VSS ライターが時間内にフリーズしませんでした。インスタンスの VSS ライターの状態 (vssadmin list writers) とバックアップウィンドウ中の負荷を確認してください。',
    },
    samples: [{ text: 'Windows VSS Backup attempt failed because of timeout on VSS enabled snapshot creation', source: DASHBOARDS }],
  },
  {
    id: 'backup-vss-unsupported-windows',
    category: 'resource-state',
    pattern: /Windows VSS Backup attempt failed because of unsupported Windows Server version/i,
    confidence: 0.9,
    suspects: [],
    hint: {
      en: 'VSS backups need Windows Server 2012 or later: turn off Windows VSS in the backup rule for this instance, or upgrade it.',
      ja: 'VSS バックアップには Windows Server 2012 以降が必要です。このインスタンスのバックアップルールで Windows VSS を無効にするか、OS をアップグレードしてください。',
    },
    samples: [
      {
        text: 'Windows VSS Backup attempt failed because of unsupported Windows Server version. Supported Versions are Windows Server 2012 or later.',
        source: DASHBOARDS,
        corpusId: 'bk-038',
      },
    ],
  },
  {
    id: 'backup-vss-fallback-regular',
    category: 'resource-state',
    pattern: /Windows VSS Backup Job Error encountered, trying for regular backup/i,
    confidence: 0.8,
    suspects: [],
    hint: {
      en: 'The VSS snapshot failed and AWS Backup took a crash-consistent backup instead: check the SSM agent, the VSS components and the instance profile.',
      ja: 'VSS スナップショットに失敗したため、AWS Backup はクラッシュ整合性のバックアップを代わりに取得しました。SSM エージェント、VSS コンポーネント、インスタンスプロファイルを確認してください。',
    },
    samples: [{ text: 'Windows VSS Backup Job Error encountered, trying for regular backup', source: DASHBOARDS }],
  },
  {
    id: 'backup-resource-wrong-state',
    category: 'resource-state',
    pattern: /\bInstance is not in state\b|\bnot in (?:the )?available state\b|\bCannot snapshot volume\b/i,
    confidence: 0.7,
    suspects: [],
    hint: {
      en: 'The resource was not in a state that can be backed up (stopped, modifying, creating): schedule the backup when it is available.',
      ja: 'リソースがバックアップできない状態 (停止中、変更中、作成中など) でした。利用可能な状態のときにバックアップを実行するようスケジュールしてください。',
    },
    samples: [
      { text: 'REGEX#Instance is not in state', source: DASHBOARDS },
      { text: 'REGEX#not in the available state', source: DASHBOARDS },
      { text: 'REGEX#not in available state', source: DASHBOARDS },
      { text: 'REGEX#Cannot snapshot volume', source: DASHBOARDS },
    ],
  },
  {
    id: 'backup-resource-not-found',
    category: 'resource-not-found',
    pattern:
      /The specified volume was not found|The virtual machine is not found|^Table not found|Could not find (?:resource|cryopod)|Cannot find recovery point|\bresource not found\b|\bno longer available\b/i,
    confidence: 0.8,
    suspects: [],
    hint: {
      en: 'The resource (or recovery point) no longer exists: remove it from the backup selection, or restore it before the next run.',
      ja: 'リソース (または復旧ポイント) が存在しません。リソース割り当てから外すか、次回の実行までに復元してください。',
    },
    samples: [
      { text: 'The specified volume was not found.', source: DASHBOARDS, corpusId: 'bk-057' },
      { text: 'The virtual machine is not found.', source: DASHBOARDS },
      { text: 'Table not found.', source: DASHBOARDS },
      { text: 'REGEX#Could not find resource', source: DASHBOARDS },
      { text: 'REGEX#Could not find cryopod', source: DASHBOARDS },
      { text: 'REGEX#Cannot find recovery point', source: DASHBOARDS },
      { text: 'REGEX#resource not found', source: DASHBOARDS },
      { text: 'REGEX#no longer available', source: DASHBOARDS },
    ],
  },
  {
    id: 'backup-generic-does-not-exist',
    category: 'resource-not-found',
    pattern: /\bdoes not exist\b/i,
    confidence: 0.5,
    suspects: ['backup-vault-missing'],
    hint: {
      en: 'Something the job needs (the resource, the vault, a key, a role) does not exist: the message names it.',
      ja: 'ジョブに必要なもの (リソース、ボールト、キー、ロール) が存在しません。どれが存在しないかはメッセージに示されています。',
    },
    samples: [{ text: 'REGEX#does not exist', source: DASHBOARDS }],
  },
  {
    id: 'backup-unsupported-resource-type',
    category: 'invalid-configuration',
    pattern: /\bunsupported resource type\b|resource type is not supported by logically air-gapped backup vault/i,
    confidence: 0.75,
    suspects: [],
    hint: {
      en: 'The target vault or feature does not support this resource type: change the target vault or remove the resource from the selection.',
      ja: '保存先ボールトまたは機能がこのリソースタイプに対応していません。保存先ボールトを変更するか、リソースをリソース割り当てから外してください。',
    },
    samples: [
      { text: 'REGEX#unsupported resource type', source: DASHBOARDS },
      { text: 'REGEX#Unsupported resource type', source: DASHBOARDS },
      {
        text: 'Backup job completed successfully to the target backup vault. This resource type is not supported by logically air-gapped backup vault.',
        source: LAG_VAULT,
      },
    ],
  },
  {
    id: 'backup-concurrent-backups-limit',
    category: 'quota',
    pattern: /\bsubscriber limit exceeded\b/i,
    confidence: 0.9,
    suspects: [],
    hint: {
      en: 'The account reached the maximum number of concurrent backup jobs: spread the schedules or request a quota increase.',
      ja: 'アカウントの同時実行バックアップジョブ数が上限に達しました。スケジュールを分散するか、クォータの引き上げを申請してください。',
    },
    samples: [
      {
        text: 'Subscriber limit exceeded: You have reached the maximum concurrent number of backups, which is 300. Wait until other jobs finish, and try again. You can also reach out to Support to request a quota increase.',
        source: DASHBOARDS,
        corpusId: 'bk-039',
      },
      { text: 'REGEX#subscriber limit exceeded', source: DASHBOARDS },
    ],
  },
  {
    id: 'backup-ebs-snapshot-limit',
    category: 'quota',
    pattern:
      /Maximum allowed in-progress snapshots for a single volume exceeded|Maximum allowed active snapshot limit exceeded|Image creation throttled due to maximum number of concurrent snapshots|Cannot create more than \d+ user snapshots/i,
    confidence: 0.9,
    suspects: [],
    hint: {
      en: 'An EBS snapshot limit was reached (concurrent snapshots per volume, or snapshots per account): space out backups of the volume or delete old snapshots.',
      ja: 'EBS スナップショットの上限 (ボリュームあたりの同時スナップショット数、またはアカウントのスナップショット数) に達しました。ボリュームのバックアップ間隔を空けるか、古いスナップショットを削除してください。',
    },
    samples: [
      { text: 'Maximum allowed in-progress snapshots for a single volume exceeded.', source: DASHBOARDS, corpusId: 'bk-040' },
      { text: 'Maximum allowed active snapshot limit exceeded.', source: DASHBOARDS },
      {
        text: 'Image creation throttled due to maximum number of concurrent snapshots on an EBS volume.',
        source: DASHBOARDS,
        corpusId: 'bk-042',
      },
      { text: 'Cannot create more than 20 user snapshots', source: DASHBOARDS },
    ],
  },
  {
    id: 'backup-tag-limit',
    category: 'quota',
    pattern: /resultant tag set must not have more than \d+ user tags|More than \d+ tags specified|\bcan have at most\b/i,
    confidence: 0.85,
    suspects: [],
    hint: {
      en: 'Copying the resource tags plus the recovery point tags would exceed the tag limit: reduce the tags on the resource or in the backup rule.',
      ja: 'リソースのタグと復旧ポイントのタグを合わせるとタグ数の上限を超えます。リソースまたはバックアップルールのタグを減らしてください。',
    },
    samples: [
      { text: 'The resultant tag set must not have more than 50 user tags.', source: DASHBOARDS },
      { text: 'REGEX#More than 50 tags specified', source: DASHBOARDS },
      { text: 'REGEX#can have at most', source: DASHBOARDS },
    ],
  },
  {
    id: 'backup-service-backup-quota',
    category: 'quota',
    pattern:
      /You have reached the maximum supported backups for your account\/database|You have reached your quota of [\d,]+ for the number of public and private images/i,
    confidence: 0.9,
    suspects: [],
    hint: {
      en: 'The service-side quota for backups or AMIs was reached: delete unused backups or images, or request a quota increase.',
      ja: 'サービス側のバックアップまたは AMI のクォータに達しました。不要なバックアップやイメージを削除するか、クォータの引き上げを申請してください。',
    },
    samples: [
      {
        text: 'You have reached the maximum supported backups for your account/database. See Quotas in the Timestream developer guide for additional information.',
        source: DASHBOARDS,
        corpusId: 'bk-045',
      },
      {
        text: 'You have reached your quota of 50,000 for the number of public and private images allowed in this Region. Deregister unused images, or request an increase in your AMI quota.',
        source: DASHBOARDS,
      },
    ],
  },
  {
    id: 'backup-network-interfaces-metadata-limit',
    category: 'quota',
    pattern: /unable to persist NetworkInterfaces metadata as its size exceeded our internal limits/i,
    confidence: 0.85,
    suspects: [],
    hint: {
      en: "The backup succeeded but the instance's network interface metadata was too large to keep: a restore may need the network settings given by hand.",
      ja: 'バックアップは成功しましたが、インスタンスのネットワークインターフェイスのメタデータが大きすぎて保存されませんでした。復元時にネットワーク設定を手動で指定する必要がある場合があります。',
    },
    samples: [
      {
        text: 'Your backup succeeded, but we were unable to persist NetworkInterfaces metadata as its size exceeded our internal limits.',
        source: DASHBOARDS,
      },
    ],
  },
  {
    id: 'backup-internal-error',
    category: 'service-internal',
    pattern:
      /^An internal error occurred\.?$|\b(?:Copy|Backup) job encountered a fatal error\b|unable to copy resource tags to your backup because of the Internal Failure|^Token expired\. Try again\.?$/i,
    confidence: 0.85,
    suspects: [],
    hint: {
      en: 'AWS Backup hit an internal error: retry (a scheduled job runs again at the next window); contact AWS Support if it repeats.',
      ja: 'AWS Backup 内部でエラーが発生しました。再試行してください (スケジュールされたジョブは次のウィンドウで再実行されます)。繰り返す場合は AWS サポートに問い合わせてください。',
    },
    samples: [
      { text: 'An internal error occurred.', source: DASHBOARDS, corpusId: 'bk-066' },
      {
        text: 'Copy job encountered a fatal error. Please contact AWS Support for further assistance.',
        source: DASHBOARDS,
        corpusId: 'bk-067',
      },
      { text: 'Copy job encountered a fatal error.', source: DASHBOARDS },
      { text: 'REGEX#Backup job encountered a fatal error', source: DASHBOARDS },
      { text: 'We are unable to copy resource tags to your backup because of the Internal Failure.', source: DASHBOARDS },
      { text: 'Token expired. Try again.', source: DASHBOARDS, corpusId: 'bk-063' },
    ],
  },
  {
    id: 'backup-tags-recovery-point-unavailable',
    category: 'service-internal',
    pattern: /unable to copy resource tags to your backup because source or destination recovery point is unavailable/i,
    confidence: 0.6,
    suspects: [],
    hint: {
      en: 'The recovery point was not available when AWS Backup copied the tags: the backup itself usually exists; check it and retry the tag copy if the tags matter.',
      ja: 'AWS Backup がタグをコピーする時点で復旧ポイントが利用できませんでした。通常バックアップ自体は存在します。復旧ポイントを確認し、タグが必要な場合はタグのコピーを再実行してください。',
    },
    samples: [
      {
        text: 'We are unable to copy resource tags to your backup because source or destination recovery point is unavailable',
        source: DASHBOARDS,
        corpusId: 'bk-062',
      },
    ],
  },
  {
    id: 'backup-snapshot-in-use-by-image',
    category: 'resource-state',
    pattern: /\bThe snapshot snap-\S+ is currently in use by ami-/i,
    confidence: 0.85,
    suspects: [],
    hint: {
      en: 'The snapshot of the recovery point backs an AMI that someone registered from it, so it cannot be deleted: deregister that AMI, then delete the recovery point.',
      ja: '復旧ポイントのスナップショットから登録された AMI があるため、スナップショットを削除できません。その AMI の登録を解除してから復旧ポイントを削除してください。',
    },
    samples: [
      {
        text: 'The snapshot snap-xxx is currently in use by ami-xxx (Service: AmazonEC2; Status Code: 400; Error Code: InvalidSnapshot.InUse; Request ID: xxx; Proxy: null)',
        source: GH_MOJ_11307,
      },
    ],
  },
  {
    id: 'backup-selection-empty',
    category: 'invalid-configuration',
    pattern: /Invalid backup selection\. Either 'ListOfTags' or 'Resources' section must be non-empty/i,
    confidence: 0.9,
    suspects: [],
    hint: {
      en: 'The backup selection names no resources and no tags: add Resources (for example ["*"] with conditions) or ListOfTags to the selection.',
      ja: 'リソース割り当てにリソースもタグも指定されていません。Resources (条件付きの ["*"] など) または ListOfTags をリソース割り当てに追加してください。',
    },
    samples: [
      {
        text: "Error: error creating Backup Selection: InvalidParameterValueException: Invalid backup selection. Either 'ListOfTags' or 'Resources' section must be non-empty.",
        source: GH_MOJ_BASELINES_90,
      },
      { text: "Invalid backup selection. Either 'ListOfTags' or 'Resources' section must be non-empty.", source: GH_MOJ_BASELINES_293 },
    ],
  },
  {
    id: 'backup-service-subscription-required',
    category: 'invalid-configuration',
    pattern: /\bThe AWS Access Key Id needs a subscription for the service\b/i,
    confidence: 0.7,
    suspects: [],
    hint: {
      en: 'The account is not subscribed to a service the job needs (OptInRequired): enable the Region or the service for the account, or complete the account activation.',
      ja: 'ジョブに必要なサービスをアカウントが利用できる状態になっていません (OptInRequired)。アカウントでリージョンまたはサービスを有効にするか、アカウントの有効化を完了してください。',
    },
    samples: [{ text: 'The AWS Access Key Id needs a subscription for the service', source: DASHBOARDS }],
  },
  {
    id: 'backup-generic-is-invalid',
    category: 'invalid-configuration',
    pattern: /\bis invalid\b/i,
    confidence: 0.4,
    suspects: [],
    hint: {
      en: 'A value the job uses was rejected as invalid (an id, an ARN, a parameter): the message names it; correct it in the plan, the selection or the restore metadata.',
      ja: 'ジョブが使用する値 (ID、ARN、パラメータ) が無効として拒否されました。どの値かはメッセージに示されています。バックアッププラン、リソース割り当て、または復元メタデータで修正してください。',
    },
    samples: [{ text: 'REGEX#is invalid', source: DASHBOARDS }],
  },
];
