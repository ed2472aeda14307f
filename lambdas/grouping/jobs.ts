/**
 * The reconciler's listing: AWS Backup's ListBackupJobs, ListCopyJobs and ListRestoreJobs, each job turned into
 * the FailureEvent its EventBridge event would have given, with origin `sweep`.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ListBackupJobs.html
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ListCopyJobs.html
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ListRestoreJobs.html
 */
import {
  type BackupClient,
  type BackupJob,
  type BackupJobState,
  type CopyJob,
  type CopyJobState,
  ListBackupJobsCommand,
  ListCopyJobsCommand,
  ListRestoreJobsCommand,
  type RestoreJobStatus,
  type RestoreJobsListMember,
} from '@aws-sdk/client-backup';
import type { FailureEvent, JobRecord } from '../model/types.ts';
import { backupJobRecord, copyJobRecord, restoreJobRecord } from '../evidence/backup.ts';
import type { ListJobs } from './reconcile.ts';
import { defined } from '../events/values.ts';

const iso = (d: Date | undefined): string | undefined => d?.toISOString();

/** The plan and rule that created a job, when a plan did. */
function planOf(createdBy: BackupJob['CreatedBy']): FailureEvent['plan'] {
  if (!createdBy) return undefined;
  return defined({
    planId: createdBy.BackupPlanId,
    planArn: createdBy.BackupPlanArn,
    planVersion: createdBy.BackupPlanVersion,
    ruleId: createdBy.BackupRuleId,
  });
}

/** A backup job as a failure event. */
export function backupJobEvent(j: BackupJob, region: string): FailureEvent {
  const plan = planOf(j.CreatedBy);
  return defined({
    kind: 'backup-job',
    origin: 'sweep',
    id: j.BackupJobId ?? '',
    jobId: j.BackupJobId,
    account: j.AccountId,
    region,
    time: iso(j.CompletionDate),
    state: j.State ?? 'FAILED',
    statusMessage: j.StatusMessage,
    resourceArn: j.ResourceArn,
    resourceType: j.ResourceType,
    roleArn: j.IamRoleArn,
    vaultArn: j.BackupVaultArn,
    vaultName: j.BackupVaultName,
    recoveryPointArn: j.RecoveryPointArn,
    plan,
    creationDate: iso(j.CreationDate),
    startBy: iso(j.StartBy),
    completionDate: iso(j.CompletionDate),
    bytesTransferred: j.BytesTransferred,
    backupSizeInBytes: j.BackupSizeInBytes,
    raw: j,
  } satisfies FailureEvent);
}

/** A copy job as a failure event. */
export function copyJobEvent(j: CopyJob, region: string): FailureEvent {
  const plan = planOf(j.CreatedBy);
  return defined({
    kind: 'copy-job',
    origin: 'sweep',
    id: j.CopyJobId ?? '',
    jobId: j.CopyJobId,
    account: j.AccountId,
    region,
    time: iso(j.CompletionDate),
    state: j.State ?? 'FAILED',
    statusMessage: j.StatusMessage,
    resourceArn: j.ResourceArn,
    resourceType: j.ResourceType,
    roleArn: j.IamRoleArn,
    vaultArn: j.SourceBackupVaultArn,
    sourceVaultArn: j.SourceBackupVaultArn,
    destinationVaultArn: j.DestinationBackupVaultArn,
    recoveryPointArn: j.SourceRecoveryPointArn,
    plan,
    creationDate: iso(j.CreationDate),
    completionDate: iso(j.CompletionDate),
    backupSizeInBytes: j.BackupSizeInBytes,
    raw: j,
  } satisfies FailureEvent);
}

/** A restore job as a failure event. */
export function restoreJobEvent(j: RestoreJobsListMember, region: string): FailureEvent {
  return defined({
    kind: 'restore-job',
    origin: 'sweep',
    id: j.RestoreJobId ?? '',
    jobId: j.RestoreJobId,
    account: j.AccountId,
    region,
    time: iso(j.CompletionDate),
    state: j.Status ?? 'FAILED',
    statusMessage: j.StatusMessage,
    resourceArn: j.CreatedResourceArn,
    resourceType: j.ResourceType,
    roleArn: j.IamRoleArn,
    recoveryPointArn: j.RecoveryPointArn,
    creationDate: iso(j.CreationDate),
    completionDate: iso(j.CompletionDate),
    backupSizeInBytes: j.BackupSizeInBytes,
    raw: j,
  } satisfies FailureEvent);
}

/**
 * The job record of a job the sweep listed: the listing returns the same job as DescribeBackupJob,
 * DescribeCopyJob and DescribeRestoreJob do, so a swept failure's job is not read again.
 */
export function listedJobRecord(event: FailureEvent): JobRecord | undefined {
  if (event.origin !== 'sweep' || typeof event.raw !== 'object' || event.raw === null) return undefined;
  if (event.kind === 'backup-job') return backupJobRecord(event.raw as BackupJob);
  if (event.kind === 'copy-job') return copyJobRecord(event.raw as CopyJob);
  if (event.kind === 'restore-job') return restoreJobRecord(event.raw as RestoreJobsListMember);
  return undefined;
}

/** The listing over a Backup client. */
export function backupJobLister(backup: BackupClient, region: string): ListJobs {
  return async (type, state, after, before, token) => {
    const page = { NextToken: token, MaxResults: 100 };
    if (type === 'backup') {
      const out = await backup.send(new ListBackupJobsCommand({ ...page, ByState: state as BackupJobState, ByCompleteAfter: after, ByCompleteBefore: before }));
      return { events: (out.BackupJobs ?? []).map((j) => backupJobEvent(j, region)), ...(out.NextToken ? { next: out.NextToken } : {}) };
    }
    if (type === 'copy') {
      const out = await backup.send(new ListCopyJobsCommand({ ...page, ByState: state as CopyJobState, ByCompleteAfter: after, ByCompleteBefore: before }));
      return { events: (out.CopyJobs ?? []).map((j) => copyJobEvent(j, region)), ...(out.NextToken ? { next: out.NextToken } : {}) };
    }
    const out = await backup.send(new ListRestoreJobsCommand({ ...page, ByStatus: state as RestoreJobStatus, ByCompleteAfter: after, ByCompleteBefore: before }));
    return { events: (out.RestoreJobs ?? []).map((j) => restoreJobEvent(j, region)), ...(out.NextToken ? { next: out.NextToken } : {}) };
  };
}
