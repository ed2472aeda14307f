/** The loopback fake of AWS: AWS Backup (restJson1): jobs, plans, vaults and settings. */
import type { Evidence, JobRecord, VaultFacts } from '../../../lambdas/model/types.ts';
import { ApiError, epoch, notFound, page } from './wire.ts';

/** A backup job as DescribeBackupJob and ListBackupJobs answer it. */
export function backupJobJson(j: Omit<JobRecord, 'jobType'>): Record<string, unknown> {
  return {
    BackupJobId: j.jobId,
    BackupVaultName: j.vaultName,
    ResourceArn: j.resourceArn,
    ResourceType: j.resourceType,
    IamRoleArn: j.roleArn,
    State: j.state,
    StatusMessage: j.statusMessage,
    CreationDate: epoch(j.creationDate),
    CompletionDate: epoch(j.completionDate),
    StartBy: epoch(j.startBy),
    BytesTransferred: j.bytesTransferred,
    BackupSizeInBytes: j.backupSizeInBytes,
    CreatedBy: j.planId ? { BackupPlanId: j.planId, BackupRuleId: j.ruleId } : undefined,
  };
}

export function lifecycleJson(l: { deleteAfterDays?: number; moveToColdStorageAfterDays?: number; optInToArchiveForSupportedResources?: boolean } | undefined): unknown {
  return l === undefined
    ? undefined
    : {
        DeleteAfterDays: l.deleteAfterDays,
        MoveToColdStorageAfterDays: l.moveToColdStorageAfterDays,
        OptInToArchiveForSupportedResources: l.optInToArchiveForSupportedResources,
      };
}

/** A vault as DescribeBackupVault and ListBackupVaults answer it (the same fields in both). */
function vaultWire(v: VaultFacts): Record<string, unknown> {
  return {
    BackupVaultName: v.name,
    BackupVaultArn: v.arn,
    VaultType: v.vaultType,
    EncryptionKeyArn: v.encryptionKeyArn,
    Locked: v.locked,
    MinRetentionDays: v.minRetentionDays,
    MaxRetentionDays: v.maxRetentionDays,
    LockDate: epoch(v.lockDate),
  };
}

export function backup(s: Evidence, method: string, path: string, query: URLSearchParams, pageSize?: number): { action: string; answer: () => unknown } {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const paged = <T>(items: readonly T[], fallbackMax: number) => page(items, query.get('nextToken'), Number(query.get('maxResults') ?? fallbackMax), pageSize);
  const token = (next: string | undefined) => (next !== undefined ? { NextToken: next } : {});
  const missing = (): never => notFound('ResourceNotFoundException', 404);
  const job = (type: JobRecord['jobType'], id: string): JobRecord =>
    s.job !== undefined && s.job.jobId === id && s.job.jobType === type ? s.job : missing();
  if (method === 'GET' && parts[0] === 'backup-jobs' && parts[1] !== undefined) {
    return { action: 'DescribeBackupJob', answer: () => backupJobJson(job('backup', parts[1] ?? '')) };
  }
  if (method === 'GET' && parts[0] === 'backup-jobs') {
    return {
      action: 'ListBackupJobs',
      answer: () => {
        const resource = query.get('resourceArn');
        const after = query.get('createdAfter');
        const history =
          resource !== null
            ? (s.jobHistory?.[resource] ?? [])
            : Object.values(s.jobHistory ?? {}).flat().filter((j) => after === null || Date.parse(j.creationDate) >= Date.parse(after));
        if (resource !== null) return { BackupJobs: history.slice(0, Number(query.get('maxResults') ?? '1000')).map(backupJobJson) };
        const got = paged(history, 1000);
        return { BackupJobs: got.items.map(backupJobJson), ...token(got.next) };
      },
    };
  }
  if (method === 'GET' && parts[0] === 'backup' && parts[1] === 'plans' && parts.length === 2) {
    return {
      action: 'ListBackupPlans',
      answer: () => {
        const got = paged(Object.values(s.plans ?? {}), 1000);
        return {
          BackupPlansList: got.items.map((p) => ({ BackupPlanId: p.planId, BackupPlanArn: p.planArn, BackupPlanName: p.name ?? p.planId, VersionId: p.versionId })),
          ...token(got.next),
        };
      },
    };
  }
  if (method === 'GET' && parts[0] === 'backup' && parts[1] === 'plans' && parts[3] === 'selections' && parts.length === 4) {
    return {
      action: 'ListBackupSelections',
      answer: () => {
        if (!s.plans?.[parts[2] ?? '']) missing();
        const got = paged(Object.values(s.selections ?? {}).filter((x) => x.planId === parts[2]), 1000);
        return {
          BackupSelectionsList: got.items.map((x) => ({ SelectionId: x.selectionId, SelectionName: x.name, BackupPlanId: x.planId, IamRoleArn: x.roleArn })),
          ...token(got.next),
        };
      },
    };
  }
  if (method === 'GET' && parts[0] === 'backup' && parts[1] === 'plans' && parts[3] === 'selections' && parts.length === 5) {
    return {
      action: 'GetBackupSelection',
      answer: () => {
        const found = s.selections?.[parts[4] ?? ''];
        const x = found !== undefined && found.planId === parts[2] ? found : missing();
        return { SelectionId: x.selectionId, BackupPlanId: x.planId, BackupSelection: { SelectionName: x.name ?? x.selectionId, IamRoleArn: x.roleArn, Resources: x.resources } };
      },
    };
  }
  if (method === 'GET' && parts[0] === 'backup-vaults' && parts.length === 1) {
    return {
      action: 'ListBackupVaults',
      answer: () => {
        const got = paged(Object.values(s.vaults ?? {}).filter((v) => v.exists), 1000);
        return {
          BackupVaultList: got.items.map(vaultWire),
          ...token(got.next),
        };
      },
    };
  }
  if (method === 'GET' && parts[0] === 'copy-jobs' && parts[1] !== undefined) {
    return {
      action: 'DescribeCopyJob',
      answer: () => {
        const j = job('copy', parts[1] ?? '');
        return {
          CopyJob: {
            CopyJobId: j.jobId,
            State: j.state,
            StatusMessage: j.statusMessage,
            ResourceArn: j.resourceArn,
            ResourceType: j.resourceType,
            IamRoleArn: j.roleArn,
            CreationDate: epoch(j.creationDate),
            CompletionDate: epoch(j.completionDate),
            BackupSizeInBytes: j.backupSizeInBytes,
            CreatedBy: j.planId ? { BackupPlanId: j.planId, BackupRuleId: j.ruleId } : undefined,
          },
        };
      },
    };
  }
  if (method === 'GET' && parts[0] === 'restore-jobs' && parts[1] !== undefined) {
    return {
      action: 'DescribeRestoreJob',
      answer: () => {
        const j = job('restore', parts[1] ?? '');
        return {
          RestoreJobId: j.jobId,
          Status: j.state,
          StatusMessage: j.statusMessage,
          CreatedResourceArn: j.resourceArn,
          ResourceType: j.resourceType,
          IamRoleArn: j.roleArn,
          CreationDate: epoch(j.creationDate),
          CompletionDate: epoch(j.completionDate),
          BackupSizeInBytes: j.backupSizeInBytes,
        };
      },
    };
  }
  if (method === 'GET' && parts[0] === 'backup' && parts[1] === 'plans' && parts[2] !== undefined && parts.length === 3) {
    return {
      action: 'GetBackupPlan',
      answer: () => {
        const plan = s.plans?.[parts[2] ?? ''] ?? missing();
        return {
          BackupPlanId: plan.planId,
          BackupPlanArn: plan.planArn,
          VersionId: plan.versionId,
          BackupPlan: {
            BackupPlanName: plan.name ?? plan.planId,
            Rules: plan.rules.map((r) => ({
              RuleId: r.ruleId,
              RuleName: r.ruleName,
              TargetBackupVaultName: r.targetVaultName,
              ScheduleExpression: r.scheduleExpression,
              ScheduleExpressionTimezone: r.scheduleExpressionTimezone,
              StartWindowMinutes: r.startWindowMinutes,
              CompletionWindowMinutes: r.completionWindowMinutes,
              EnableContinuousBackup: r.enableContinuousBackup,
              Lifecycle: lifecycleJson(r.lifecycle),
              CopyActions: r.copyActions?.map((c) => ({ DestinationBackupVaultArn: c.destinationVaultArn, Lifecycle: lifecycleJson(c.lifecycle) })),
            })),
          },
        };
      },
    };
  }
  if (method === 'GET' && parts[0] === 'backup-vaults' && parts[1] !== undefined && parts.length === 2) {
    return {
      action: 'DescribeBackupVault',
      answer: () => {
        return vaultWire(Object.values(s.vaults ?? {}).find((x) => x.name === parts[1] && x.exists) ?? missing());
      },
    };
  }
  if (method === 'GET' && parts[0] === 'global-settings') {
    return {
      action: 'DescribeGlobalSettings',
      answer: () => {
        const flag = s.backupSettings?.crossAccountBackupEnabled;
        return { GlobalSettings: flag === undefined ? {} : { isCrossAccountBackupEnabled: String(flag) } };
      },
    };
  }
  return { action: `${method} ${path}`, answer: () => { throw new ApiError('NotImplemented', 501); } };
}
