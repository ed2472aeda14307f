/**
 * ECS task EBS volume attachment status reasons and EBS volume notification causes.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/troubleshoot-ebs-volumes-scenarios.html
 * @see https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ebs-cloud-watch-events.html
 */
import type { CatalogRule } from '../types.ts';
import {
  EBS_EVENTS,
  EC2_DETACH_VOLUME,
  ECS_EBS_STATUS,
  GH_CDKD_806,
  GH_KUBE_AWS_393,
  GH_RUNNERS_3546,
  TF_ECS_TESTS,
  TF_KMS_EXTERNAL_KEY,
  TF_KMS_KEY,
} from '../sources.ts';

/** Rules for ECS-managed EBS volumes and EBS volume notifications. */
export const ecsEbsRules: readonly CatalogRule[] = [
  {
    id: 'ecs-infrastructure-role-cannot-be-assumed',
    category: 'iam-trust',
    pattern: /ECS was unable to assume the configured ECS Infrastructure Role/i,
    confidence: 0.8,
    suspects: ['ecs-infra-role-trust', 'ecs-passrole', 'ecs-infra-role-permissions', 'ecs-role-propagation'],
    hint: {
      en: 'ECS could not use the infrastructure role: check its trust policy (ecs.amazonaws.com), the caller\'s iam:PassRole for it, its EBS permissions, and allow a few minutes for a new role to propagate.',
      ja: 'ECS がインフラストラクチャロールを使用できませんでした。信頼ポリシー (ecs.amazonaws.com)、呼び出し元の iam:PassRole、ロールの EBS 権限を確認してください。新しいロールは反映まで数分かかることがあります。',
    },
    samples: [
      {
        text: "ECS was unable to assume the configured ECS Infrastructure Role 'arn:aws:iam::111122223333:role/ecsInfrastructureRole'. Please verify that the role being passed has the proper trust relationship with Amazon ECS",
        source: ECS_EBS_STATUS,
        corpusId: 'ecs-001',
      },
    ],
  },
  {
    id: 'ecs-idempotent-parameter-mismatch-kms',
    category: 'kms-key-policy',
    pattern:
      /ECS failed to set up the EBS volume\.? Encountered IdempotentParameterMismatch|client token you have provided is associated with a resource that is already deleted/i,
    confidence: 0.7,
    sources: ['ecs'],
    suspects: ['ecs-kms-key', 'ecs-kms-key-policy'],
    hint: {
      en: 'ECS reports this when the volume\'s KMS key is unusable: either the key ARN, id or alias is not valid, or the key policy does not let the ECS infrastructure role use it; EBS volume events name the exact cause.',
      ja: 'ボリュームの KMS キーが使用できない場合に ECS がこのメッセージを出します。キーの ARN・ID・エイリアスが無効か、キーポリシーが ECS インフラストラクチャロールによる使用を許可していません。正確な原因は EBS のボリュームイベントに示されます。',
    },
    samples: [
      {
        text: 'ECS failed to set up the EBS volume. Encountered IdempotentParameterMismatch"; "The client token you have provided is associated with a resource that is already deleted. Please use a different client token."',
        source: ECS_EBS_STATUS,
      },
    ],
  },
  {
    id: 'ecs-ebs-attachment-timeout',
    category: 'filesystem-format',
    pattern: /ECS timed out while configuring the EBS volume attachment to your Task/i,
    confidence: 0.8,
    suspects: ['ecs-filesystem-type', 'ecs-ec2-volume-config'],
    hint: {
      en: "The volume's filesystem type does not suit the task's operating system (or, for a volume from a snapshot, differs from the snapshot's): set filesystemType to match.",
      ja: 'ボリュームのファイルシステムタイプがタスクの OS に合っていません (スナップショットから作成する場合はスナップショット作成時のタイプと異なっています)。filesystemType を合わせてください。',
    },
    samples: [{ text: 'ECS timed out while configuring the EBS volume attachment to your Task', source: ECS_EBS_STATUS }],
  },
  {
    id: 'ecs-no-matching-configured-at-launch-volume',
    category: 'invalid-configuration',
    pattern: /Volume configuration provided but no matching configuredAtLaunch volume found in task definition/i,
    confidence: 0.95,
    suspects: ['ecs-ec2-volume-config'],
    hint: {
      en: 'The service or RunTask volume configuration names a volume that the task definition does not declare with configuredAtLaunch: make the names match.',
      ja: 'サービスまたは RunTask のボリューム設定が、タスク定義で configuredAtLaunch として宣言されていないボリュームを指定しています。名前を一致させてください。',
    },
    samples: [
      {
        text: 'Invalid request provided: Volume configuration provided but no matching configuredAtLaunch volume found in task definition.',
        source: GH_CDKD_806,
        corpusId: 'ecs-015',
      },
    ],
  },
  {
    id: 'ebs-detach-ecs-managed-volume',
    category: 'resource-state',
    pattern: /Unable to detach volume attached to ECS tasks/i,
    confidence: 0.7,
    suspects: [],
    hint: {
      en: 'The volume is managed by ECS for a running task and cannot be detached by hand: stop the task (ECS detaches and deletes or keeps it per deleteOnTermination).',
      ja: 'このボリュームは実行中のタスクのために ECS が管理しているため、手動でデタッチできません。タスクを停止してください (ECS が deleteOnTermination の設定に従ってデタッチし、削除または保持します)。',
    },
    samples: [{ text: 'Unable to detach volume attached to ECS tasks', source: EC2_DETACH_VOLUME, corpusId: 'ecs-009' }],
  },
  {
    id: 'ebs-kms-key-invalid-state',
    category: 'kms-key-state',
    // Each part of the ARN stops at the next colon, so no two repetitions compete for the same characters.
    pattern:
      /\barn:aws[a-z-]*:kms:[a-z0-9-]*:[^\s:]*:key\/[^\s:]+ is (?:disabled|pending deletion|pending import|unavailable|pending replica deletion)\b/i,
    confidence: 0.9,
    suspects: ['kms-key-state', 'ecs-kms-key'],
    hint: {
      en: 'The KMS key of the volume is not enabled (disabled, pending deletion or pending import): enable it, cancel its deletion or import its key material, then start the task again.',
      ja: 'ボリュームの KMS キーが有効ではありません (無効、削除保留中、インポート保留中)。キーを有効にする、削除をキャンセルする、またはキーマテリアルをインポートしてから、タスクを再度起動してください。',
    },
    samples: [
      {
        text: 'arn:aws:kms:sa-east-1:0123456789ab:key/01234567-0123-0123-0123-0123456789ab is pending import.',
        source: EBS_EVENTS,
        corpusId: 'ecs-006',
      },
      {
        text: 'arn:aws:kms:sa-east-1:0123456789ab:key/01234567-0123-0123-0123-0123456789ab is disabled.',
        source: EBS_EVENTS,
      },
      {
        text: 'arn:aws:kms:us-east-1:0123456789ab:key/01234567-0123-0123-0123-0123456789ab is pending deletion.',
        source: EBS_EVENTS,
      },
      {
        text: 'Error: error scheduling deletion for KMS Key (a93d0bf5-ff4c-4323-9f9a-2151ac639254): KMSInvalidStateException: arn:aws:kms:us-west-2:346386234494:key/a93d0bf5-ff4c-4323-9f9a-2151ac639254 is pending deletion.',
        source: TF_KMS_KEY,
      },
      {
        text: 'KMSInvalidStateException: arn:aws:kms:us-west-2:123456789012:key/47e3edc1-945f-413b-88b1-e7341c2d89f7 is pending import.',
        source: TF_KMS_EXTERNAL_KEY,
      },
    ],
  },
  {
    id: 'ebs-customer-key-revoked',
    category: 'kms-key-policy',
    pattern: /\bCustomerKeyHasBeenRevoked\b|encrypted volume was unable to access the KMS (?:master )?key/i,
    confidence: 0.8,
    suspects: ['kms-key-policy-role', 'kms-key-state', 'ecs-kms-key'],
    hint: {
      en: 'EC2 could not use the volume\'s KMS key for the attaching principal: check the key policy and grants for that role, then the key\'s state.',
      ja: 'アタッチを行うプリンシパルの権限では、EC2 がボリュームの KMS キーを使用できませんでした。そのロールに対するキーポリシーとグラントを確認し、次にキーの状態を確認してください。',
    },
    samples: [
      {
        text: 'An error occurred (CustomerKeyHasBeenRevoked) when calling the AttachVolume operation: Volume vol-xxx cannot be attached. The encrypted volume was unable to access the KMS master key.',
        source: GH_KUBE_AWS_393,
        corpusId: 'ecs-008',
      },
    ],
  },
  {
    id: 'ebs-invalid-kms-key-state',
    category: 'kms-key-state',
    pattern: /\bInvalidKMSKey\.InvalidState\b|The KMS key provided is in an incorrect state/i,
    confidence: 0.8,
    suspects: ['kms-key-state', 'kms-key-policy-role'],
    hint: {
      en: 'EC2 found the volume\'s KMS key unusable: check that the key is enabled and in this Region, then that the key policy lets the launching role use it.',
      ja: 'EC2 がボリュームの KMS キーを使用できないと判断しました。キーが有効でこのリージョンにあることを確認し、次にキーポリシーが起動するロールによる使用を許可しているか確認してください。',
    },
    samples: [
      {
        text: 'Client.InvalidKMSKey.InvalidState: The KMS key provided is in an incorrect state',
        source: GH_RUNNERS_3546,
        corpusId: 'ecs-011',
      },
    ],
  },
  {
    id: 'ecs-volume-type-not-available-in-zone',
    category: 'invalid-configuration',
    pattern: /Encountered 'VolumeTypeNotAvailableInZone' error from AmazonEC2/i,
    confidence: 0.9,
    suspects: ['ecs-ec2-volume-config'],
    hint: {
      en: 'The requested EBS volume type is not offered in the task\'s Availability Zone: choose another volume type or subnets in other zones.',
      ja: '指定した EBS ボリュームタイプはタスクのアベイラビリティーゾーンで提供されていません。別のボリュームタイプか、他のゾーンのサブネットを選んでください。',
    },
    samples: [{ text: "Encountered 'VolumeTypeNotAvailableInZone' error from AmazonEC2", source: TF_ECS_TESTS }],
  },
  {
    id: 'ebs-source-snapshot-id-not-valid',
    category: 'invalid-configuration',
    pattern: /^Source snapshot ID is not valid\b/i,
    confidence: 0.65,
    suspects: ['ecs-ec2-volume-config'],
    hint: {
      en: 'The snapshot to copy or create from is not a valid id for this account and Region: check the snapshot id, its Region and whether it is shared with you.',
      ja: 'コピー元または作成元のスナップショット ID が、このアカウントとリージョンで有効ではありません。スナップショット ID、リージョン、共有されているかを確認してください。',
    },
    samples: [{ text: 'Source snapshot ID is not valid', source: EBS_EVENTS }],
  },
];
