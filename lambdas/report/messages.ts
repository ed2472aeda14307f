/**
 * The report layer's own texts: section titles, labels for kinds, states, verdicts, categories, gap reasons and
 * common fact names, the headlines used when no finding names the cause, and the runner's shared messages.
 */
import type { Messages } from '../core/types.ts';
import { factMessages } from '../checks/fact-labels.ts';

/** The labels of the facts shown in every report. */
const FACTS = factMessages([
  'role', 'roleArn', 'roleName', 'key', 'keyArn', 'keyState', 'keyManager', 'deletionDate', 'vault', 'vaultArn',
  'sourceVault', 'destinationVault', 'resource', 'resourceArn', 'resourceType', 'service', 'principal',
  'trustedPrincipals', 'action', 'actions', 'missingActions', 'deniedBy', 'statement', 'boundary', 'policy',
  'minRetentionDays', 'maxRetentionDays', 'retentionDays', 'deleteAfterDays', 'moveToColdStorageAfterDays',
  'startWindowMinutes', 'completionWindowMinutes', 'scheduleExpression', 'plan', 'rule', 'jobId', 'state',
  'statusMessage', 'creationDate', 'startBy', 'completeBy', 'completionDate', 'account', 'region', 'taskArn',
  'taskDefinition', 'cluster', 'volumeName', 'volumeType', 'filesystemType', 'operatingSystemFamily',
  'snapshotId', 'gateway', 'gatewayStatus', 'disk', 'diskMode', 'diskSize',
]);

/** Common messages, en and ja. Checks and the catalog bring their own; these are shared by every report. */
export const COMMON_MESSAGES: Messages = {
  en: {
    // Shared by lambdas/checks/runner.ts.
    'common.notApplicableKind': 'Does not apply to {kind} failures',
    'common.checkError': 'The check {check} could not run: {message}',

    // Headlines when no failing finding names the cause.
    'common.headline.unknown': 'No known cause matched the failure of {object}; the status message is shown as AWS sent it',
    'common.headline.inconclusive': 'The cause of the failure of {object} could not be confirmed: some evidence could not be read',
    'common.headline.allPassed': 'Every check passed for {object}: the cause lies outside what was checked',
    'common.headline.notFailed': '{object} did not fail: nothing to diagnose',

    // Sections.
    'section.event': 'Event',
    'section.statusMessage': 'Status message (as sent by AWS)',
    'section.cause': 'Cause',
    'section.evidence': 'Evidence',
    'section.fix': 'Fix',
    'section.couldNotCheck': 'Could not check',
    'param.job.backup': 'backup',
    'param.job.copy': 'copy',
    'param.job.restore': 'restore',
    'param.use.resource': 'resource',
    'param.use.vault': 'vault',
    'param.use.destination-vault': 'destination vault',
    'section.alsoNotRead': 'Could not read either (no verdict rests on these)',
    'label.moreGaps': '… and {count} more that could not be read',
    'section.passed': 'Checked and fine',
    'section.nextSteps': 'Next steps',
    'section.docs': 'Docs',

    // Labels.
    'label.category': 'Category',
    'label.kind': 'Failure',
    'label.jobId': 'Job ID',
    'label.resource': 'Resource',
    'label.role': 'IAM role',
    'label.vault': 'Backup vault',
    'label.destinationVault': 'Destination vault',
    'label.time': 'Time',
    'label.account': 'Account',
    'label.task': 'ECS task',
    'label.volume': 'Volume',
    'label.rule': 'matched rule {rule}',
    'label.generatedAt': 'Diagnosed at {time}',
    'label.fingerprint': 'Root-cause id {fingerprint}',
    'label.notApplicableCount': 'Checks that do not apply to this failure: {count}',
    'label.moreFindings': '… and {count} more. The email and the command line show them all.',
    'label.truncated': '(shortened)',
    'label.noStatusMessage': 'AWS sent no status message.',

    // Gaps: "could not check X because Y".
    'gap.line': 'could not read {what} ({why})',
    'gap.reasonOn': '{reason} on {action}',
    'gap.actionReason': '{action}: {reason}',
    'gap.access-denied': 'access denied',
    'gap.not-found': 'not found',
    'gap.throttled': 'throttled',
    'gap.cross-account': 'it belongs to another account',
    'gap.timeout': 'timed out',
    'gap.not-collected': 'not collected',
    'gap.error': 'error',

    // Verdicts.
    'verdict.fail': 'Problem found',
    'verdict.pass': 'OK',
    'verdict.inconclusive': 'Could not check',
    'verdict.error': 'Check error',
    'verdict.not-applicable': 'Not applicable',

    // Failure kinds.
    'kind.backup-job': 'Backup job',
    'kind.copy-job': 'Copy job',
    'kind.restore-job': 'Restore job',
    'kind.ecs-volume-attachment': 'ECS EBS volume attachment',
    'kind.ebs-volume-notification': 'EBS volume event',
    'kind.access-denied': 'Access denied',
    'kind.external': 'External alert',

    // Job states as AWS reports them.
    'state.FAILED': 'failed',
    'state.EXPIRED': 'expired',
    'state.ABORTED': 'aborted',
    'state.PARTIAL': 'partially completed',
    'state.COMPLETED': 'completed',
    'state.STOPPED': 'stopped',
    'state.RUNNING': 'running',
    'state.CREATED': 'created',
    'state.PENDING': 'pending',

    // Cause categories.
    'category.iam-trust': 'IAM role trust',
    'category.iam-permission': 'IAM permissions',
    'category.kms-key-policy': 'KMS key policy',
    'category.kms-key-state': 'KMS key state',
    'category.vault-lock-range': 'Vault lock retention range',
    'category.completion-window': 'Completion window',
    'category.start-window': 'Start window',
    'category.vmware-disk': 'VMware disk',
    'category.vmware-gateway': 'Backup gateway (VMware)',
    'category.resource-state': 'Resource state',
    'category.resource-not-found': 'Resource not found',
    'category.quota': 'Quota or throttling',
    'category.cross-account-copy': 'Cross-account / cross-Region copy',
    'category.s3-specific': 'Amazon S3 backup requirements',
    'category.filesystem-format': 'File system type',
    'category.invalid-configuration': 'Invalid configuration',
    'category.service-internal': 'AWS internal error',
    'category.user-action': 'Stopped or changed by a user',
    'category.unknown': 'Unknown',

    // Labels for fact names that several checks share.
    ...FACTS.en,

    'delivery.foreign.headline':
      'This event comes from account {account} ({region}), but backup-doctor here reads only account {homeAccount} ({homeRegion}): nothing was read, so the cause is not diagnosed',
  },
  ja: {
    'common.notApplicableKind': '{kind} の失敗には該当しません',
    'common.checkError': 'チェック {check} を実行できませんでした: {message}',

    'common.headline.unknown': '{object} の失敗に一致する既知の原因はありません。AWS からのステータスメッセージをそのまま示します',
    'common.headline.inconclusive': '{object} の失敗原因を確定できませんでした。一部の情報を読み取れませんでした',
    'common.headline.allPassed': '{object} のチェックはすべて問題ありませんでした。原因はチェックの範囲外にあります',
    'common.headline.notFailed': '{object} は失敗していません。診断する対象はありません',

    'section.event': 'イベント',
    'section.statusMessage': 'ステータスメッセージ（AWS から届いたまま）',
    'section.cause': '原因',
    'section.evidence': '根拠',
    'section.fix': '対処',
    'section.couldNotCheck': '確認できなかった項目',
    'param.job.backup': 'バックアップ',
    'param.job.copy': 'コピー',
    'param.job.restore': '復元',
    'param.use.resource': 'リソース',
    'param.use.vault': '保存先ボールト',
    'param.use.destination-vault': 'コピー先ボールト',
    'section.alsoNotRead': 'そのほかに読み取れなかった情報（これらに依存する判定はありません）',
    'label.moreGaps': '… ほかに読み取れなかった情報が {count} 件あります',
    'section.passed': '確認して問題がなかった項目',
    'section.nextSteps': '次の手順',
    'section.docs': 'ドキュメント',

    'label.category': '分類',
    'label.kind': '失敗の種類',
    'label.jobId': 'ジョブ ID',
    'label.resource': 'リソース',
    'label.role': 'IAM ロール',
    'label.vault': 'バックアップボールト',
    'label.destinationVault': 'コピー先ボールト',
    'label.time': '発生時刻',
    'label.account': 'アカウント',
    'label.task': 'ECS タスク',
    'label.volume': 'ボリューム',
    'label.rule': '一致したルール {rule}',
    'label.generatedAt': '診断日時 {time}',
    'label.fingerprint': '根本原因 ID {fingerprint}',
    'label.notApplicableCount': 'この失敗に該当しないチェック: {count} 件',
    'label.moreFindings': '…ほか {count} 件あります。すべての項目はメールとコマンドラインで確認できます。',
    'label.truncated': '（省略しました）',
    'label.noStatusMessage': 'AWS からステータスメッセージは届いていません。',

    'gap.line': '{what} を読み取れませんでした（{why}）',
    'gap.reasonOn': '{action} で {reason}',
    'gap.actionReason': '{action}: {reason}',
    'gap.access-denied': 'アクセスが拒否されました',
    'gap.not-found': '見つかりません',
    'gap.throttled': 'スロットリングされました',
    'gap.cross-account': '別アカウントのリソースです',
    'gap.timeout': 'タイムアウトしました',
    'gap.not-collected': '収集していません',
    'gap.error': 'エラーが発生しました',

    'verdict.fail': '問題あり',
    'verdict.pass': '問題なし',
    'verdict.inconclusive': '確認できず',
    'verdict.error': 'チェックエラー',
    'verdict.not-applicable': '対象外',

    'kind.backup-job': 'バックアップジョブ',
    'kind.copy-job': 'コピージョブ',
    'kind.restore-job': '復元ジョブ',
    'kind.ecs-volume-attachment': 'ECS の EBS ボリュームアタッチメント',
    'kind.ebs-volume-notification': 'EBS ボリュームイベント',
    'kind.access-denied': 'アクセス拒否',
    'kind.external': '外部からのアラート',

    'state.FAILED': '失敗',
    'state.EXPIRED': '期限切れ',
    'state.ABORTED': '中止',
    'state.PARTIAL': '一部完了',
    'state.COMPLETED': '完了',
    'state.STOPPED': '停止',
    'state.RUNNING': '実行中',
    'state.CREATED': '作成済み',
    'state.PENDING': '保留中',

    'category.iam-trust': 'IAM ロールの信頼関係',
    'category.iam-permission': 'IAM の権限',
    'category.kms-key-policy': 'KMS キーポリシー',
    'category.kms-key-state': 'KMS キーの状態',
    'category.vault-lock-range': 'ボールトロックの保持期間の範囲',
    'category.completion-window': '完了ウィンドウ',
    'category.start-window': '開始ウィンドウ',
    'category.vmware-disk': 'VMware のディスク',
    'category.vmware-gateway': 'バックアップゲートウェイ（VMware）',
    'category.resource-state': 'リソースの状態',
    'category.resource-not-found': 'リソースが存在しない',
    'category.quota': 'クォータ・スロットリング',
    'category.cross-account-copy': 'クロスアカウント／クロスリージョンコピー',
    'category.s3-specific': 'Amazon S3 バックアップの要件',
    'category.filesystem-format': 'ファイルシステムの種類',
    'category.invalid-configuration': '設定の誤り',
    'category.service-internal': 'AWS の内部エラー',
    'category.user-action': 'ユーザーによる停止・変更',
    'category.unknown': '不明',

    ...FACTS.ja,

    'delivery.foreign.headline':
      'このイベントはアカウント {account} ({region}) のものですが、ここの backup-doctor が読み取るのはアカウント {homeAccount} ({homeRegion}) だけです。何も読み取っていないため、原因は診断していません',
  },
};
