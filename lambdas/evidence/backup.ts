/**
 * AWS Backup: the job itself, its plan's rules, the vaults involved, the resource's recent jobs and the
 * account-wide cross-account setting.
 */
import {
  DescribeBackupJobCommand,
  DescribeBackupVaultCommand,
  DescribeCopyJobCommand,
  DescribeGlobalSettingsCommand,
  DescribeRestoreJobCommand,
  GetBackupPlanCommand,
  ListBackupJobsCommand,
} from '@aws-sdk/client-backup';
import type { BackupJob, BackupVaultListMember, CopyJob, Lifecycle, RestoreJobsListMember } from '@aws-sdk/client-backup';
import type { FailureEvent, JobRecord, LifecycleFacts, PlanFacts, VaultFacts } from '../model/types.ts';
import type { Reader, Scope } from './read.ts';
import { cachedRead, compact, isOtherAccount, isOtherRegion, iso, ownerScope } from './read.ts';

/** How many earlier jobs of a resource are read. */
export const HISTORY_LIMIT = 20;

/** The vault name of a vault ARN (or the name itself). */
export function vaultNameOf(ref: string): string {
  const marker = ':backup-vault:';
  return ref.includes(marker) ? ref.slice(ref.indexOf(marker) + marker.length) : ref;
}

function lifecycle(l: Lifecycle | undefined): LifecycleFacts | undefined {
  if (!l) return undefined;
  return compact({
    deleteAfterDays: l.DeleteAfterDays,
    moveToColdStorageAfterDays: l.MoveToColdStorageAfterDays,
    optInToArchiveForSupportedResources: l.OptInToArchiveForSupportedResources,
  });
}

/** A job as DescribeBackupJob or ListBackupJobs reports it, as a JobRecord. */
export function backupJobRecord(j: BackupJob): JobRecord {
  return compact({
    jobId: j.BackupJobId ?? '',
    jobType: 'backup' as const,
    state: j.State ?? '',
    resourceArn: j.ResourceArn,
    resourceType: j.ResourceType,
    roleArn: j.IamRoleArn,
    vaultName: j.BackupVaultName,
    creationDate: iso(j.CreationDate) ?? '',
    completionDate: iso(j.CompletionDate),
    startBy: iso(j.StartBy),
    bytesTransferred: j.BytesTransferred,
    backupSizeInBytes: j.BackupSizeInBytes,
    statusMessage: j.StatusMessage,
    onDemand: j.CreatedBy?.BackupPlanId === undefined,
    planId: j.CreatedBy?.BackupPlanId,
    ruleId: j.CreatedBy?.BackupRuleId,
  });
}

/** A copy job as DescribeCopyJob or ListCopyJobs reports it, as a JobRecord. */
export function copyJobRecord(j: CopyJob, jobId = ''): JobRecord {
  return compact({
    jobId: j.CopyJobId ?? jobId,
    jobType: 'copy' as const,
    state: j.State ?? '',
    resourceArn: j.ResourceArn,
    resourceType: j.ResourceType,
    roleArn: j.IamRoleArn,
    vaultName: j.DestinationBackupVaultArn !== undefined ? vaultNameOf(j.DestinationBackupVaultArn) : undefined,
    creationDate: iso(j.CreationDate) ?? '',
    completionDate: iso(j.CompletionDate),
    backupSizeInBytes: j.BackupSizeInBytes,
    statusMessage: j.StatusMessage,
    onDemand: j.CreatedBy?.BackupPlanId === undefined,
    planId: j.CreatedBy?.BackupPlanId,
    ruleId: j.CreatedBy?.BackupRuleId,
  });
}

/** A restore job as DescribeRestoreJob or ListRestoreJobs reports it, as a JobRecord. */
export function restoreJobRecord(j: RestoreJobsListMember, jobId = ''): JobRecord {
  return compact({
    jobId: j.RestoreJobId ?? jobId,
    jobType: 'restore' as const,
    state: j.Status ?? '',
    resourceArn: j.CreatedResourceArn,
    resourceType: j.ResourceType,
    roleArn: j.IamRoleArn,
    creationDate: iso(j.CreationDate) ?? '',
    completionDate: iso(j.CompletionDate),
    backupSizeInBytes: j.BackupSizeInBytes,
    statusMessage: j.StatusMessage,
  });
}

/** Reads the failed job itself (backup, copy or restore), by the event's job id. */
export async function collectJob(scope: Scope, event: FailureEvent): Promise<JobRecord | undefined> {
  const jobId = event.jobId;
  if (jobId === undefined) return undefined;
  const backup = scope.clients.backup;
  if (event.kind === 'backup-job') {
    return scope.reader.read({ action: 'backup:DescribeBackupJob', subject: jobId }, async (abortSignal) =>
      backupJobRecord(await backup.send(new DescribeBackupJobCommand({ BackupJobId: jobId }), { abortSignal })),
    );
  }
  if (event.kind === 'copy-job') {
    return scope.reader.read({ action: 'backup:DescribeCopyJob', subject: jobId }, async (abortSignal) =>
      copyJobRecord((await backup.send(new DescribeCopyJobCommand({ CopyJobId: jobId }), { abortSignal })).CopyJob ?? {}, jobId),
    );
  }
  if (event.kind === 'restore-job') {
    return scope.reader.read({ action: 'backup:DescribeRestoreJob', subject: jobId }, async (abortSignal) =>
      restoreJobRecord(await backup.send(new DescribeRestoreJobCommand({ RestoreJobId: jobId }), { abortSignal }), jobId),
    );
  }
  return undefined;
}

/**
 * Reads a backup plan's rules: schedule, windows, lifecycle and copy actions. Cached per plan and version (a
 * version never changes; the latest version, asked without one, is kept as long as a role is).
 */
export async function collectPlan(scope: Scope, planId: string, versionId?: string): Promise<PlanFacts | undefined> {
  const spec = { action: 'backup:GetBackupPlan', subject: planId };
  return cachedRead(scope.cache, scope.reader, `plan:${scope.account ?? ''}:${scope.region ?? ''}:${planId}@${versionId ?? ''}`, spec, (reader) => readPlan(scope, reader, planId, versionId));
}

async function readPlan(scope: Scope, reader: Reader, planId: string, versionId?: string): Promise<PlanFacts | undefined> {
  return reader.read({ action: 'backup:GetBackupPlan', subject: planId }, async (abortSignal) => {
    const out = await scope.clients.backup.send(
      new GetBackupPlanCommand({ BackupPlanId: planId, ...(versionId !== undefined ? { VersionId: versionId } : {}) }),
      { abortSignal },
    );
    return compact({
      planId: out.BackupPlanId ?? planId,
      planArn: out.BackupPlanArn,
      name: out.BackupPlan?.BackupPlanName,
      versionId: out.VersionId,
      rules: (out.BackupPlan?.Rules ?? []).map((r) =>
        compact({
          ruleId: r.RuleId ?? '',
          ruleName: r.RuleName ?? '',
          targetVaultName: r.TargetBackupVaultName ?? '',
          scheduleExpression: r.ScheduleExpression,
          scheduleExpressionTimezone: r.ScheduleExpressionTimezone,
          startWindowMinutes: r.StartWindowMinutes,
          completionWindowMinutes: r.CompletionWindowMinutes,
          enableContinuousBackup: r.EnableContinuousBackup,
          lifecycle: lifecycle(r.Lifecycle),
          copyActions: r.CopyActions?.map((c) =>
            compact({ destinationVaultArn: c.DestinationBackupVaultArn ?? '', lifecycle: lifecycle(c.Lifecycle) }),
          ),
        }),
      ),
    });
  });
}

/**
 * Reads a vault by name or ARN (cached per name, as a role is). ResourceNotFoundException is the fact
 * `exists: false`; a vault of another account or region is a gap (DescribeBackupVault reads this account and
 * region only).
 */
export async function collectVault(scope: Scope, ref: string): Promise<VaultFacts | undefined> {
  const name = vaultNameOf(ref);
  const spec = { action: 'backup:DescribeBackupVault', subject: ref };
  const owner = await ownerScope(scope, ref);
  if (owner && 'scope' in owner) return collectVault(owner.scope, ref);
  if (owner) {
    scope.reader.gap(spec, 'cross-account', owner.detail);
    return undefined;
  }
  if (isOtherAccount(scope, ref)) {
    scope.reader.gap(spec, 'cross-account');
    return undefined;
  }
  if (isOtherRegion(scope, ref)) {
    scope.reader.gap(spec, 'not-collected', `vault in another region than ${scope.region}`);
    return undefined;
  }
  return cachedRead(scope.cache, scope.reader, `vault:${scope.account ?? ''}:${scope.region ?? ''}:${name}`, spec, (reader) => readVault(scope, reader, ref));
}

async function readVault(scope: Scope, reader: Reader, ref: string): Promise<VaultFacts | undefined> {
  const name = vaultNameOf(ref);
  const outcome = await reader.attempt((abortSignal) =>
    scope.clients.backup.send(new DescribeBackupVaultCommand({ BackupVaultName: name }), { abortSignal }),
  );
  if (!outcome.ok) {
    if (outcome.why === 'not-found') return { name, ...(ref.startsWith('arn:') ? { arn: ref } : {}), exists: false };
    reader.gap({ action: 'backup:DescribeBackupVault', subject: ref }, outcome.why, outcome.detail);
    return undefined;
  }
  return vaultFacts(outcome.value, name);
}

/** A vault as DescribeBackupVault or ListBackupVaults reports it (both carry these fields), as VaultFacts. */
export function vaultFacts(v: BackupVaultListMember, name = ''): VaultFacts {
  return compact({
    name: v.BackupVaultName ?? name,
    arn: v.BackupVaultArn,
    exists: true,
    encryptionKeyArn: v.EncryptionKeyArn,
    vaultType: v.VaultType,
    locked: v.Locked,
    minRetentionDays: v.MinRetentionDays,
    maxRetentionDays: v.MaxRetentionDays,
    lockDate: iso(v.LockDate),
  });
}

/** Reads the resource's latest backup jobs, newest first (bounded). */
export async function collectHistory(scope: Scope, resourceArn: string): Promise<JobRecord[] | undefined> {
  return scope.reader.read({ action: 'backup:ListBackupJobs', subject: resourceArn }, async (abortSignal) => {
    const out = await scope.clients.backup.send(
      new ListBackupJobsCommand({ ByResourceArn: resourceArn, MaxResults: HISTORY_LIMIT }),
      { abortSignal },
    );
    return (out.BackupJobs ?? [])
      .map(backupJobRecord)
      .sort((a, b) => b.creationDate.localeCompare(a.creationDate))
      .slice(0, HISTORY_LIMIT);
  });
}

/**
 * Reads whether cross-account backup is enabled (the Organizations management account's setting).
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DescribeGlobalSettings.html
 */
export async function collectGlobalSettings(scope: Scope): Promise<{ crossAccountBackupEnabled?: boolean } | undefined> {
  return scope.reader.read({ action: 'backup:DescribeGlobalSettings', what: 'backup:DescribeGlobalSettings' }, async (abortSignal) => {
    const out = await scope.clients.backup.send(new DescribeGlobalSettingsCommand({}), { abortSignal });
    const flag = out.GlobalSettings?.['isCrossAccountBackupEnabled'];
    return flag === undefined ? {} : { crossAccountBackupEnabled: flag === 'true' };
  });
}
