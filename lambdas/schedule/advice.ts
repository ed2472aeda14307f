/**
 * Schedules and retries: when a backup rule runs next, and how to re-run a failed job now. AWS Backup never
 * retries a failed job; a scheduled rule creates a new job at its next run, an on-demand job must be started again.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/creating-a-backup-plan.html
 */
import { lifecycleShorthand } from './cli-command.ts';
import { cliCommand, shellArg } from '../model/shell.ts';
import { arnAccount, arnRegion, defaultServiceRoleArn, isBackupServiceLinkedRole, vaultNameFromArn } from '../model/arn.ts';
import { BACKUP_FAILURE_STATES } from '../catalog/routes.ts';
import { nextCronRun, parseCron } from './cron.ts';
import type { Evidence, FailureEvent, Messages, NextStep, PlanFacts, PlanRuleFacts } from '../model/types.ts';

/** The schedule AWS Backup uses for a rule that sets none. */
export const DEFAULT_SCHEDULE_EXPRESSION = 'cron(0 5 ? * * *)';

/**
 * The first run of an AWS Backup schedule expression strictly after `after`, in `timezone` (IANA,
 * ScheduleExpressionTimezone; UTC by default). Undefined for syntax outside the AWS cron reference, for a
 * schedule with no later run, and for `rate(...)`, whose phase depends on a start time that rules do not record.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html
 */
export function nextRun(expression: string, after: Date, timezone?: string): Date | undefined {
  const schedule = parseCron(expression);
  return schedule ? nextCronRun(schedule, after, timezone ?? 'UTC') : undefined;
}

/** An instant as ISO 8601 UTC without milliseconds: 2026-11-22T05:00:00Z. */
export function isoUtc(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The plan a job came from, by id or ARN. */
export function planOf(evidence: Evidence, planId: string | undefined, planArn?: string): PlanFacts | undefined {
  const plans = evidence.plans ?? {};
  if (planId && plans[planId]) return plans[planId];
  return Object.values(plans).find((p) => (planId && p.planId === planId) || (planArn && p.planArn === planArn));
}

/** The plan id, rule id and plan ARN of a job: from the event, else from the described job. */
export function jobPlanIds(event: FailureEvent, evidence: Evidence): { planId?: string; ruleId?: string; planArn?: string } {
  const planId = event.plan?.planId ?? evidence.job?.planId;
  const ruleId = event.plan?.ruleId ?? evidence.job?.ruleId;
  const planArn = event.plan?.planArn;
  return { ...(planId ? { planId } : {}), ...(ruleId ? { ruleId } : {}), ...(planArn ? { planArn } : {}) };
}

/** The role to re-run a job with, and why it differs from the job's own role when it does. */
interface RerunRole {
  readonly arn: string;
  /** The job's role, when the command uses another one. */
  readonly replaced?: string;
  /** Why it was replaced: the service-linked role, or a role that no longer exists. */
  readonly because?: 'service-linked' | 'missing';
  /** Whether the evidence says the replacement exists (undefined: not read). */
  readonly replacementExists?: boolean;
}

/** Whether the evidence says a role exists: true, false, or undefined when it was not read. */
function roleExists(evidence: Evidence, arn: string): boolean | undefined {
  const roles = evidence.roles ?? {};
  const name = arn.slice(arn.lastIndexOf('/') + 1);
  const role = roles[arn] ?? Object.values(roles).find((r) => r.arn === arn || (r.name === name && arnAccount(r.arn) === arnAccount(arn)));
  return role?.exists;
}

/**
 * The role to re-run a job with: the job's own; the default service role in place of the service-linked role or
 * of a role that the evidence says no longer exists (a command never names a role known not to exist).
 */
function rerunRole(roleArn: string | undefined, account: string | undefined, evidence: Evidence): RerunRole {
  if (!roleArn) return { arn: '<iam-role-arn>' };
  const linked = isBackupServiceLinkedRole(roleArn);
  if (!linked && roleExists(evidence, roleArn) !== false) return { arn: roleArn };
  const because = linked ? 'service-linked' : 'missing';
  const acct = arnAccount(roleArn) ?? account;
  if (!acct) return { arn: '<iam-role-arn>', replaced: roleArn, because };
  const fallback = defaultServiceRoleArn(acct);
  const exists = roleExists(evidence, fallback);
  if (exists === false) return { arn: '<iam-role-arn>', replaced: roleArn, because, replacementExists: false };
  return { arn: fallback, replaced: roleArn, because, ...(exists !== undefined ? { replacementExists: exists } : {}) };
}

function scheduleSteps(rule: PlanRuleFacts, now: Date, copy: boolean): NextStep[] {
  const expression = rule.scheduleExpression ?? DEFAULT_SCHEDULE_EXPRESSION;
  const timezone = rule.scheduleExpressionTimezone ?? 'UTC';
  if (!parseCron(expression)) {
    return [{ text: { key: 'schedule.nextRunUnknown', params: { rule: rule.ruleName, expression } } }];
  }
  const next = nextRun(expression, now, timezone);
  if (!next) {
    return [{ text: { key: 'schedule.noNextRun', params: { rule: rule.ruleName, expression, after: isoUtc(now) } } }];
  }
  const params = { rule: rule.ruleName, time: isoUtc(next), expression, timezone };
  if (copy) return [{ text: { key: 'schedule.nextScheduledCopy', params } }];
  const key = rule.scheduleExpression ? 'schedule.nextScheduledRun' : 'schedule.nextScheduledRunDefault';
  return [{ text: { key, params } }];
}

function roleStep(role: RerunRole): NextStep[] {
  if (!role.replaced) return [];
  if (role.because === 'service-linked') {
    return [{ text: { key: 'schedule.serviceLinkedRole', params: { role: role.replaced, replacement: role.arn } } }];
  }
  if (role.replacementExists === false) {
    return [{ text: { key: 'schedule.roleMissingNoDefault', params: { role: role.replaced } } }];
  }
  const key = role.replacementExists === true ? 'schedule.roleMissing' : 'schedule.roleMissingDefaultUnread';
  return [{ text: { key, params: { role: role.replaced, replacement: role.arn } } }];
}

function backupSteps(event: FailureEvent, evidence: Evidence, now: Date): NextStep[] {
  const job = evidence.job;
  const { planId, ruleId, planArn } = jobPlanIds(event, evidence);
  const plan = planOf(evidence, planId, planArn);
  const rule = plan?.rules.find((r) => r.ruleId === ruleId);
  const role = rerunRole(event.roleArn ?? job?.roleArn, event.account, evidence);
  const vault =
    event.vaultName ?? job?.vaultName ?? vaultNameFromArn(event.vaultArn) ?? rule?.targetVaultName ?? '<backup-vault-name>';
  const command = cliCommand('aws backup start-backup-job', [
    ['backup-vault-name', vault],
    ['resource-arn', event.resourceArn ?? job?.resourceArn ?? '<resource-arn>'],
    ['iam-role-arn', role.arn],
    ['lifecycle', lifecycleShorthand(rule?.lifecycle)],
    ['region', event.region],
  ]);
  const steps: NextStep[] = [{ text: { key: 'schedule.notRetried' } }];
  if (planId && job?.onDemand !== true) {
    if (rule) steps.push(...scheduleSteps(rule, now, false));
    else steps.push({ text: { key: 'schedule.planUnread', params: { planId } } });
    steps.push({ text: { key: 'schedule.runNow' }, command });
  } else if (job?.onDemand === true) {
    // Only the job record says a job was started on demand.
    steps.push({ text: { key: 'schedule.rerunOnDemand' }, command });
  } else {
    steps.push({ text: { key: job ? 'schedule.rerunNoPlan' : 'schedule.rerunNoJobRecord' }, command });
  }
  return [...steps, ...roleStep(role)];
}

function copySteps(event: FailureEvent, evidence: Evidence, now: Date): NextStep[] {
  const job = evidence.job;
  const { planId, ruleId, planArn } = jobPlanIds(event, evidence);
  const rule = planOf(evidence, planId, planArn)?.rules.find((r) => r.ruleId === ruleId);
  const destination = event.destinationVaultArn;
  const lifecycle = rule?.copyActions?.find((a) => a.destinationVaultArn === destination)?.lifecycle;
  const role = rerunRole(event.roleArn ?? job?.roleArn, event.account, evidence);
  const command = cliCommand('aws backup start-copy-job', [
    ['recovery-point-arn', event.recoveryPointArn ?? '<recovery-point-arn>'],
    ['source-backup-vault-name', vaultNameFromArn(event.sourceVaultArn) ?? job?.vaultName ?? '<source-backup-vault-name>'],
    ['destination-backup-vault-arn', destination ?? '<destination-backup-vault-arn>'],
    ['iam-role-arn', role.arn],
    ['lifecycle', lifecycleShorthand(lifecycle)],
    ['region', event.region ?? arnRegion(event.sourceVaultArn)],
  ]);
  const steps: NextStep[] = [{ text: { key: 'schedule.notRetriedCopy' } }, { text: { key: 'schedule.rerunCopy' }, command }];
  if (rule) steps.push(...scheduleSteps(rule, now, true));
  return [...steps, ...roleStep(role)];
}

function restoreSteps(event: FailureEvent, evidence: Evidence): NextStep[] {
  const job = evidence.job;
  const recoveryPoint = event.recoveryPointArn ?? '<recovery-point-arn>';
  const vault = event.vaultName ?? job?.vaultName ?? vaultNameFromArn(event.vaultArn) ?? '<backup-vault-name>';
  const role = rerunRole(event.roleArn ?? job?.roleArn, event.account, evidence);
  const metadataFile = 'restore-metadata.json';
  const metadata = `${cliCommand('aws backup get-recovery-point-restore-metadata', [
    ['backup-vault-name', vault],
    ['recovery-point-arn', recoveryPoint],
    ['query', 'RestoreMetadata'],
    ['output', 'json'],
    ['region', event.region],
  ])} > ${shellArg(metadataFile)}`;
  const restore = cliCommand('aws backup start-restore-job', [
    ['recovery-point-arn', recoveryPoint],
    ['iam-role-arn', role.arn],
    ['resource-type', event.resourceType ?? job?.resourceType],
    ['metadata', `file://${metadataFile}`],
    ['region', event.region],
  ]);
  return [
    { text: { key: 'schedule.notRetriedRestore' } },
    { text: { key: 'schedule.restoreMetadata' }, command: metadata },
    { text: { key: 'schedule.rerunRestore' }, command: restore },
    ...roleStep(role),
  ];
}

/**
 * What to do after a failed backup, copy or restore job: AWS Backup does not retry it, so this says when the
 * rule runs next (scheduled jobs) and gives the exact command that starts the job again now.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/recov-point-create-on-demand-backup.html
 */
export function retryAdvice(event: FailureEvent, evidence: Evidence, now: Date): NextStep[] {
  if (!BACKUP_FAILURE_STATES.includes(event.state.toUpperCase())) return [];
  if (event.kind === 'backup-job') return backupSteps(event, evidence, now);
  if (event.kind === 'copy-job') return copySteps(event, evidence, now);
  if (event.kind === 'restore-job') return restoreSteps(event, evidence);
  return [];
}

/** Texts of the retry advice, keyed `schedule.*`. */
export const scheduleMessages: Messages = {
  en: {
    'schedule.notRetried': 'AWS Backup does not retry a failed backup job; only a new job can create the backup.',
    'schedule.notRetriedCopy': 'AWS Backup does not retry a failed copy job; only a new copy job copies this recovery point.',
    'schedule.notRetriedRestore': 'AWS Backup does not retry a failed restore job; only a new restore job restores it.',
    'schedule.nextScheduledRun': 'The next scheduled run of rule {rule} is {time} ({expression} in {timezone}).',
    'schedule.nextScheduledRunDefault':
      'Rule {rule} sets no schedule, so AWS Backup uses its default {expression}; the next run is {time}.',
    'schedule.nextScheduledCopy': 'The next scheduled backup of rule {rule}, at {time} ({expression} in {timezone}), will copy its new recovery point.',
    'schedule.nextRunUnknown': 'The next run of rule {rule} could not be computed from the schedule {expression}.',
    'schedule.noNextRun': 'The schedule {expression} of rule {rule} has no run after {after}: the rule will not start another job.',
    'schedule.planUnread': 'Backup plan {planId} could not be read, so the time of the next scheduled run is not known.',
    'schedule.runNow': 'To back up now instead of waiting for the next run, start an on-demand backup job:',
    'schedule.rerunOnDemand': 'This was an on-demand job: to try again, start a new backup job:',
    'schedule.rerunCopy': 'To copy the recovery point again, start a copy job:',
    'schedule.restoreMetadata':
      "Save the recovery point's restore metadata to a file (edit it if the restored resource needs other settings):",
    'schedule.rerunRestore': 'Then start a new restore job with that metadata:',
    'schedule.serviceLinkedRole':
      'The job ran with the service-linked role {role}; jobs you start yourself use a service role, so the command uses {replacement}.',
    'schedule.rerunNoJobRecord':
      'No job record was read, so whether a backup plan or a person started this job is not known. To try again now, start a new backup job:',
    'schedule.rerunNoPlan': 'The job record names no backup plan. To try again now, start a new backup job:',
    'schedule.roleMissing': 'Role {role} no longer exists, so the command uses the default service role {replacement}.',
    'schedule.roleMissingDefaultUnread':
      'Role {role} no longer exists, so the command uses the default service role {replacement}. Whether that role exists was not read: if it does not, create a role for AWS Backup first (see the fix above) and use its ARN.',
    'schedule.roleMissingNoDefault':
      'Role {role} no longer exists, and neither does the default service role: create a role for AWS Backup first (see the fix above) and put its ARN in place of <iam-role-arn>.',
  },
  ja: {
    'schedule.notRetried':
      'AWS Backup は失敗したバックアップジョブを再試行しません。バックアップを作成するには新しいジョブが必要です。',
    'schedule.notRetriedCopy':
      'AWS Backup は失敗したコピージョブを再試行しません。この復旧ポイントをコピーするには新しいコピージョブが必要です。',
    'schedule.notRetriedRestore': 'AWS Backup は失敗した復元ジョブを再試行しません。新しい復元ジョブが必要です。',
    'schedule.nextScheduledRun': 'ルール {rule} の次回のスケジュール実行は {time} です（{timezone} の {expression}）。',
    'schedule.nextScheduledRunDefault':
      'ルール {rule} にはスケジュールが設定されていないため、AWS Backup のデフォルト {expression} が使われます。次回の実行は {time} です。',
    'schedule.nextScheduledCopy':
      'ルール {rule} の次回のスケジュールされたバックアップ（{time}、{timezone} の {expression}）で、新しい復旧ポイントがコピーされます。',
    'schedule.nextRunUnknown': 'ルール {rule} のスケジュール {expression} から次回の実行日時を計算できませんでした。',
    'schedule.noNextRun': 'ルール {rule} のスケジュール {expression} には {after} 以降の実行がありません。このルールは新しいジョブを開始しません。',
    'schedule.planUnread': 'バックアッププラン {planId} を読み取れなかったため、次回のスケジュール実行の日時はわかりません。',
    'schedule.runNow': '次回の実行を待たずに今すぐバックアップするには、オンデマンドバックアップジョブを開始してください。',
    'schedule.rerunOnDemand': 'これはオンデマンドジョブです。やり直すには、新しいバックアップジョブを開始してください。',
    'schedule.rerunCopy': '復旧ポイントをもう一度コピーするには、コピージョブを開始してください。',
    'schedule.restoreMetadata':
      '復旧ポイントの復元メタデータをファイルに保存してください（復元するリソースの設定を変える場合は編集してください）。',
    'schedule.rerunRestore': '次に、そのメタデータで新しい復元ジョブを開始してください。',
    'schedule.serviceLinkedRole':
      'このジョブはサービスリンクロール {role} で実行されました。自分で開始するジョブにはサービスロールを使うため、コマンドでは {replacement} を指定しています。',
    'schedule.rerunNoJobRecord':
      'ジョブの記録を読み取っていないため、このジョブがバックアッププランから開始されたのか手動で開始されたのかはわかりません。今すぐやり直すには、新しいバックアップジョブを開始してください。',
    'schedule.rerunNoPlan': 'ジョブの記録にはバックアッププランが含まれていません。今すぐやり直すには、新しいバックアップジョブを開始してください。',
    'schedule.roleMissing': 'ロール {role} はもう存在しないため、コマンドではデフォルトのサービスロール {replacement} を指定しています。',
    'schedule.roleMissingDefaultUnread':
      'ロール {role} はもう存在しないため、コマンドではデフォルトのサービスロール {replacement} を指定しています。このロールが存在するかは読み取っていません。存在しない場合は、先に AWS Backup 用のロールを作成し (上記の修正方法を参照)、その ARN を指定してください。',
    'schedule.roleMissingNoDefault':
      'ロール {role} はもう存在せず、デフォルトのサービスロールもありません。先に AWS Backup 用のロールを作成し (上記の修正方法を参照)、<iam-role-arn> をその ARN に置き換えてください。',
  },
};
