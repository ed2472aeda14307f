/**
 * Messages about when and how long a job may run, and the vault lock retention range.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupRule.html
 */
import type { CatalogRule } from '../types.ts';
import {
  DASHBOARDS,
  EVENTBRIDGE,
  GH_LGALLARD_BACKUP_40,
  LAG_VAULT,
  NOTIFICATIONS,
  TF_ISSUE_24960,
  TF_ISSUE_35512,
  TF_PR_34994,
  TF_PR_7350,
  TROUBLESHOOTING,
} from '../sources.ts';

/** Rules for start/completion windows, vault lock range and jobs stopped by a person. */
export const backupWindowRules: readonly CatalogRule[] = [
  {
    id: 'backup-expired-before-completion',
    category: 'completion-window',
    pattern: /Backup job expired before completion/i,
    confidence: 0.9,
    suspects: ['backup-completion-window'],
    hint: {
      en: 'The job started but did not finish within the rule\'s completion window (CompleteWithin): lengthen the window, or look for a competing backup (an Aurora backup started from the RDS console, for example).',
      ja: 'ジョブは開始しましたが、ルールの完了ウィンドウ (CompleteWithin) 内に終わりませんでした。ウィンドウを長くするか、競合するバックアップ (RDS コンソールから開始した Aurora のバックアップなど) がないか確認してください。',
    },
    samples: [
      { text: 'Backup job expired before completion.', source: DASHBOARDS },
      { text: 'Backup job expired before completion.', source: TROUBLESHOOTING },
    ],
  },
  {
    id: 'backup-sns-failed-to-complete-in-time',
    category: 'completion-window',
    pattern: /^An AWS Backup job failed to complete in time\b/i,
    confidence: 0.8,
    suspects: ['backup-completion-window'],
    hint: {
      en: 'AWS Backup reports the job EXPIRED: it did not complete within the completion window; lengthen CompleteWithin or look at what slowed the job.',
      ja: 'AWS Backup はジョブを EXPIRED と報告しています。完了ウィンドウ内に完了しなかったため、CompleteWithin を長くするか、ジョブが遅くなった原因を確認してください。',
    },
    samples: [
      {
        text: 'An AWS Backup job failed to complete in time. Resource ARN : arn:aws:ec2:us-west-1:123456789012:volume/vol-012f345df6789012e. BackupJob ID : 1b2345b2-f22c-4dab-5eb6-bbc7890ed123',
        source: NOTIFICATIONS,
        corpusId: 'bk-081',
      },
    ],
  },
  {
    id: 'backup-running-job-same-resource',
    category: 'start-window',
    pattern: /Backup job failed because there was a running job for the same resource/i,
    confidence: 0.85,
    suspects: ['backup-start-window'],
    hint: {
      en: 'An earlier backup of the same resource was still running, so this one could not start in its window: widen the start window or make runs overlap less (EFS queues only one backup at a time).',
      ja: '同じリソースの前回のバックアップがまだ実行中だったため、今回のジョブはウィンドウ内に開始できませんでした。開始ウィンドウを広げるか、実行が重ならないようにしてください (EFS では、キューに入れられるバックアップは同時に 1 件だけです)。',
    },
    samples: [
      {
        text: '"Backup job failed because there was a running job for the same resource."',
        source: EVENTBRIDGE,
        corpusId: 'bk-002',
      },
      { text: 'Backup job failed because there was a running job for the same resource.', source: DASHBOARDS },
    ],
  },
  {
    id: 'backup-inside-maintenance-window',
    category: 'start-window',
    pattern: /could not start because it is either inside or too close to the (?:weekly maintenance|automated backup) window/i,
    confidence: 0.9,
    suspects: ['backup-start-window'],
    hint: {
      en: "Database services cannot start a snapshot backup in, or an hour before, their maintenance or automated backup window: move the backup rule's start time away from those windows.",
      ja: 'データベースサービスは、メンテナンスウィンドウや自動バックアップウィンドウの間とその 1 時間前にはスナップショットバックアップを開始できません。バックアップルールの開始時刻をこれらのウィンドウから離してください。',
    },
    samples: [
      {
        text: 'REGEX#could not start because it is either inside or too close to the weekly maintenance window configured',
        source: DASHBOARDS,
      },
      {
        text: 'REGEX#could not start because it is either inside or too close to the automated backup window configured',
        source: DASHBOARDS,
      },
    ],
  },
  {
    id: 'backup-lifecycle-outside-vault-lock',
    category: 'vault-lock-range',
    pattern: /lifecycle is outside the valid range for (?:the )?backup vault/i,
    confidence: 0.95,
    suspects: ['backup-retention-outside-vault-lock'],
    hint: {
      en: "The rule's retention is outside the vault lock's MinRetentionDays/MaxRetentionDays: change the plan's retention to fit the range (or the lock, if it is still changeable).",
      ja: 'ルールの保持期間がボールトロックの MinRetentionDays/MaxRetentionDays の範囲外です。プランの保持期間を範囲内に変更してください (ロックがまだ変更可能なら、ロック設定を変更することもできます)。',
    },
    samples: [
      {
        text: 'Backup job failed because the lifecycle is outside the valid range for backup vault.',
        source: LAG_VAULT,
      },
    ],
  },
  {
    id: 'copy-retention-outside-vault-range',
    category: 'vault-lock-range',
    pattern: /retention specified in the job is not within the range specified for the target Backup Vault/i,
    confidence: 0.95,
    suspects: ['backup-retention-outside-vault-lock'],
    hint: {
      en: "The copy's retention is outside the destination vault's lock range: set the copy action's lifecycle to fit MinRetentionDays/MaxRetentionDays of the target vault.",
      ja: 'コピーの保持期間がコピー先ボールトのロック範囲外です。コピーアクションのライフサイクルをコピー先ボールトの MinRetentionDays/MaxRetentionDays の範囲内にしてください。',
    },
    samples: [
      {
        text: 'Copy job failed. The retention specified in the job is not within the range specified for the target Backup Vault.',
        source: LAG_VAULT,
        corpusId: 'bk-016',
      },
      {
        text: 'Copy job failed. The retention specified in the job is not within the range specified for the target Backup Vault.',
        source: DASHBOARDS,
      },
    ],
  },
  {
    id: 'backup-plan-invalid-lifecycle',
    category: 'invalid-configuration',
    // CreateBackupPlan/UpdateBackupPlan validation (InvalidParameterValueException); only the lifecycle fields AWS names.
    pattern: /\bInvalid lifecycle\.\s*(?:MoveToColdStorageAfterDays|DeleteAfterDays|EBS Cold Tier)\b/i,
    confidence: 0.85,
    suspects: [],
    hint: {
      en: "AWS Backup rejected the rule's lifecycle: keep DeleteAfterDays between 1 and 36500 and at least 90 days after MoveToColdStorageAfterDays, and drop the cold-storage transition where it is unavailable (continuous backups, Regions without the EBS cold tier).",
      ja: 'AWS Backup がルールのライフサイクルを拒否しました。DeleteAfterDays は 1〜36500 日の範囲で、MoveToColdStorageAfterDays より 90 日以上後にしてください。コールドストレージへの移行が使えない場合 (継続的バックアップ、EBS のコールド階層がないリージョン) は移行の設定を外してください。',
    },
    samples: [
      {
        text: 'Error: error creating Backup Plan: InvalidParameterValueException: Error in rule Yearly-Backups : Invalid lifecycle. MoveToColdStorageAfterDays is unavailable',
        source: GH_LGALLARD_BACKUP_40,
      },
      {
        text: 'Error: creating Backup Plan: InvalidParameterValueException: Invalid lifecycle. EBS Cold Tier is not yet supported.',
        source: TF_ISSUE_35512,
      },
      {
        text: 'Error: creating Backup Plan: InvalidParameterValueException: Error in some rules due to : Invalid lifecycle. EBS Cold Tier is not yet supported.',
        source: TF_PR_34994,
      },
      { text: 'Invalid lifecycle. DeleteAfterDays cannot be less than 1 or more than 36500 days', source: TF_ISSUE_24960 },
      {
        text: 'Error in rule backup-plan-rule : Invalid lifecycle. DeleteAfterDays cannot be less than 90 days apart from MoveToColdStorageAfterDays',
        source: TF_PR_7350,
      },
    ],
  },
  {
    id: 'backup-stopped-by-user',
    category: 'user-action',
    pattern: /\bjob was stopped by user\b/i,
    confidence: 0.95,
    suspects: [],
    hint: {
      en: 'Someone stopped the job (StopBackupJob or the console): CloudTrail shows who; nothing is broken.',
      ja: '誰かがジョブを停止しました (StopBackupJob またはコンソール)。誰が停止したかは CloudTrail で確認できます。設定の不具合ではありません。',
    },
    samples: [{ text: '"Backup job was stopped by user."', source: EVENTBRIDGE }],
  },
];
