/**
 * VMware (backup gateway) and Amazon S3 backup messages.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/vm-troubleshooting.html
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/s3-backups.html
 */
import type { CatalogRule } from '../types.ts';
import { DASHBOARDS, GH_MOJ_11307, GH_MOJ_6152, LAG_VAULT, VM_TROUBLESHOOTING } from '../sources.ts';

const GATEWAY = ['vmware-gateway-connectivity', 'vmware-disk-mode', 'vmware-disk-size'];

/** Rules for VMware backups through the AWS Backup gateway. */
export const vmwareRules: readonly CatalogRule[] = [
  {
    id: 'vmware-cbt-invalid',
    category: 'vmware-disk',
    pattern: /VMware Change Block Tracking \(CBT\) (?:data was invalid|was not available)/i,
    confidence: 0.85,
    suspects: ['vmware-disk-mode'],
    hint: {
      en: 'Changed Block Tracking was invalid or off for the VM: check ctkEnabled, reset CBT if the message repeats, and keep ESXi 4.0+ and VM hardware version 7+.',
      ja: 'VM の変更ブロック追跡 (CBT) が無効またはオフでした。ctkEnabled を確認し、繰り返す場合は CBT をリセットしてください (ESXi 4.0 以降、VM ハードウェアバージョン 7 以降が必要です)。',
    },
    samples: [
      {
        text: 'The VMware Change Block Tracking (CBT) data was invalid during this backup, but the incremental backup was successfully completed with our proprietary change detection mechanism.',
        source: VM_TROUBLESHOOTING,
        corpusId: 'bk-024',
      },
      {
        text: 'VMware Change Block Tracking (CBT) was not available for this virtual machine, but the incremental backup was successfully completed with our proprietary change mechanism.',
        source: VM_TROUBLESHOOTING,
      },
    ],
  },
  {
    id: 'vmware-failed-to-process-backup-data',
    category: 'vmware-gateway',
    pattern: /Failed to process backup data\.? Aborted backup job|Error opening disk on the virtual machine/i,
    confidence: 0.7,
    suspects: GATEWAY,
    hint: {
      en: 'The gateway could not read the VM\'s disks: check the gateway\'s ports 443/902 to the ESXi host and its DNS servers, then the disk modes (no independent disks) and sizes (multiples of 512 KiB).',
      ja: 'ゲートウェイが VM のディスクを読み取れませんでした。ESXi ホストへのポート 443/902 とゲートウェイの DNS サーバーを確認し、次にディスクモード (独立ディスクでないこと) とディスクサイズ (512 KiB の倍数) を確認してください。',
    },
    samples: [
      { text: 'Failed to process backup data. Aborted backup job.', source: VM_TROUBLESHOOTING, corpusId: 'bk-026' },
      { text: 'Error opening disk on the virtual machine', source: VM_TROUBLESHOOTING },
    ],
  },
  {
    id: 'vmware-data-ingestion-network',
    category: 'vmware-gateway',
    pattern: /Failed to upload backup during data ingestion|Cloud network request timed out during data ingestion/i,
    confidence: 0.85,
    suspects: ['vmware-gateway-connectivity'],
    hint: {
      en: 'The upload from the gateway to AWS was too slow or interrupted: check the gateway\'s bandwidth (about 1000 Mbps upload is recommended) and any bandwidth rate limit.',
      ja: 'ゲートウェイから AWS へのアップロードが遅いか中断されました。ゲートウェイの帯域幅 (アップロード約 1000 Mbps を推奨) と帯域幅制限の設定を確認してください。',
    },
    samples: [
      { text: 'Failed to upload backup during data ingestion. Aborted backup job.', source: VM_TROUBLESHOOTING },
      { text: 'Cloud network request timed out during data ingestion', source: VM_TROUBLESHOOTING },
    ],
  },
  {
    id: 'vmware-snapshot-creation-failed',
    category: 'vmware-gateway',
    pattern: /Failed to create backup during snapshot creation\.? Aborted backup job/i,
    confidence: 0.75,
    suspects: ['vmware-gateway-connectivity'],
    hint: {
      en: 'The VMware host could not snapshot the VM: check the host\'s configuration and the hypervisor connection (hypervisor logs in CloudWatch Logs help).',
      ja: 'VMware ホストが VM のスナップショットを作成できませんでした。ホストの設定とハイパーバイザーへの接続を確認してください (ハイパーバイザーのログを CloudWatch Logs に出力すると調査に役立ちます)。',
    },
    samples: [{ text: 'Failed to create backup during snapshot creation. Aborted backup job.', source: VM_TROUBLESHOOTING }],
  },
  {
    id: 'vmware-create-snapshot-not-supported',
    category: 'vmware-gateway',
    pattern: /CreateSnapshot method not supported on hypervisor during snapshot creation/i,
    confidence: 0.8,
    suspects: ['vmware-gateway-connectivity'],
    hint: {
      en: 'The hypervisor refused the snapshot call: check that the hypervisor is a supported VMware version and that the gateway connects to vCenter/ESXi with a user allowed to snapshot.',
      ja: 'ハイパーバイザーがスナップショットの呼び出しを拒否しました。サポート対象の VMware バージョンであること、ゲートウェイがスナップショット権限を持つユーザーで vCenter/ESXi に接続していることを確認してください。',
    },
    samples: [
      {
        text: 'CreateSnapshot method not supported on hypervisor during snapshot creation. Aborted backup job',
        source: DASHBOARDS,
        corpusId: 'bk-064',
      },
    ],
  },
  {
    id: 'vmware-no-gateways-available',
    category: 'vmware-gateway',
    pattern: /No gateways available to work on job/i,
    confidence: 0.9,
    suspects: ['vmware-gateway-connectivity'],
    hint: {
      en: 'Every gateway was busy (each runs at most four jobs at a time) or offline: add gateways or widen the backup window.',
      ja: 'すべてのゲートウェイがビジー (1 台で同時に最大 4 ジョブ) またはオフラインでした。ゲートウェイを追加するか、バックアップウィンドウを広げてください。',
    },
    samples: [{ text: 'No gateways available to work on job.', source: VM_TROUBLESHOOTING, corpusId: 'bk-031' }],
  },
  {
    id: 'vmware-abort-signal-detected',
    category: 'vmware-gateway',
    pattern: /^Abort signal detected/i,
    confidence: 0.7,
    suspects: ['vmware-gateway-connectivity', 'backup-completion-window'],
    hint: {
      en: 'The job was cut off: usually too little bandwidth, too few gateways for the VMs in the window, or a completion window that is too short.',
      ja: 'ジョブが打ち切られました。多くの場合、帯域幅の不足、ウィンドウ内の VM 数に対するゲートウェイの不足、または短すぎる完了ウィンドウが原因です。',
    },
    samples: [{ text: 'Abort signal detected', source: VM_TROUBLESHOOTING }],
  },
  {
    id: 'vmware-hypervisor-not-online',
    category: 'vmware-gateway',
    pattern: /not valid for the specified hypervisor because it is not online/i,
    confidence: 0.9,
    suspects: ['vmware-gateway-connectivity'],
    hint: {
      en: 'The hypervisor is offline for AWS Backup: check the gateway\'s connection to vCenter/ESXi and the hypervisor credentials.',
      ja: 'AWS Backup からはハイパーバイザーがオフラインと認識されています。ゲートウェイから vCenter/ESXi への接続とハイパーバイザーの認証情報を確認してください。',
    },
    samples: [{ text: 'This operation is not valid for the specified hypervisor because it is not online', source: DASHBOARDS }],
  },
];

/** Rules for Amazon S3 backups. */
export const s3Rules: readonly CatalogRule[] = [
  {
    id: 's3-continuous-backup-other-vault',
    category: 's3-specific',
    pattern: /already has continuous backup enabled for another vault/i,
    confidence: 0.95,
    suspects: ['s3-backup-permissions'],
    hint: {
      en: 'A bucket can have only one continuous recovery point: disassociate the existing one (unlocked vault) or wait for it to expire (locked vault).',
      ja: 'バケットが持てる継続的な復旧ポイントは 1 つだけです。既存の復旧ポイントの関連付けを解除する (ロックされていないボールト) か、期限切れを待ってください (ロックされたボールト)。',
    },
    samples: [
      {
        text: 'Bucket {bucket_name} already has continuous backup enabled for another vault Backup job failed.',
        source: LAG_VAULT,
        corpusId: 'bk-018',
      },
    ],
  },
  {
    id: 's3-versioning-not-enabled',
    category: 's3-specific',
    pattern: /\bVersioning is not enabled on \S+/i,
    confidence: 0.95,
    suspects: ['s3-versioning'],
    hint: {
      en: 'AWS Backup needs S3 Versioning on the bucket: enable versioning (and a lifecycle rule for old versions) before the next run.',
      ja: 'AWS Backup ではバケットの S3 バージョニングが必要です。次回の実行までにバージョニングを有効にしてください (非現行バージョン用のライフサイクルルールの設定も推奨します)。',
    },
    samples: [{ text: 'Versioning is not enabled on xxx within account xxx', source: GH_MOJ_11307 }],
  },
  {
    id: 's3-bucket-versioning-permission',
    category: 's3-specific',
    pattern: /Customer credential miss permission to get bucket versioning/i,
    confidence: 0.85,
    suspects: ['s3-backup-permissions', 's3-versioning'],
    hint: {
      en: 'The backup role cannot read the bucket\'s versioning: attach AWSBackupServiceRolePolicyForS3Backup to the role and check the bucket policy.',
      ja: 'バックアップロールがバケットのバージョニング設定を読み取れません。AWSBackupServiceRolePolicyForS3Backup をロールにアタッチし、バケットポリシーも確認してください。',
    },
    samples: [{ text: 'Customer credential miss permission to get bucket versioning for bucket.', source: DASHBOARDS }],
  },
  {
    id: 's3-no-permission-describe-bucket',
    category: 's3-specific',
    pattern: /AWS Backup does not have permission to describe resource arn:aws[a-z-]*:s3:::/i,
    confidence: 0.85,
    suspects: ['s3-backup-permissions'],
    hint: {
      en: 'The backup role lacks the S3 permissions: attach AWSBackupServiceRolePolicyForS3Backup (and ForS3Restore) to it; the default role does not include them.',
      ja: 'バックアップロールに S3 の権限がありません。AWSBackupServiceRolePolicyForS3Backup (復元用に ForS3Restore も) をアタッチしてください。デフォルトロールには含まれていません。',
    },
    samples: [
      {
        text: 'Your backup job failed as AWS Backup does not have permission to describe resource arn:aws:s3:::{env}-production20220617125755072300000001. Please review your IAM policies to ensure AWS Backup can protect your resources.',
        source: GH_MOJ_6152,
      },
    ],
  },
  {
    id: 's3-no-objects-backed-up',
    category: 's3-specific',
    pattern: /No objects were backed up from the source bucket/i,
    confidence: 0.8,
    suspects: ['s3-backup-permissions'],
    hint: {
      en: 'Nothing in the bucket could be backed up (for example every object is in an archive storage class, or unreadable): check storage classes and object permissions.',
      ja: 'バケット内のオブジェクトを 1 つもバックアップできませんでした (すべてアーカイブ系ストレージクラスにある、または読み取れないなど)。ストレージクラスとオブジェクトの権限を確認してください。',
    },
    samples: [
      {
        text: 'No objects were backed up from the source bucket xxx. To get notified of these failures please enable SNS event notifications.',
        source: GH_MOJ_11307,
        corpusId: 'bk-075',
      },
    ],
  },
];
