/**
 * AWS Backup "Backup/Copy/Restore Job State Change" events → FailureEvent.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html
 */
import type { FailureEvent } from '../model/types.ts';
import { envelopeOf, parsed, rejected, type Parsed } from './parsed.ts';
import { arn, defined, field, isRecord, num, statusText, strings, text, time, type Rec } from './values.ts';

/** The three AWS Backup job kinds. */
export type BackupJobKind = 'backup-job' | 'copy-job' | 'restore-job';

const JOB_ID_FIELD: Readonly<Record<BackupJobKind, string>> = {
  'backup-job': 'backupJobId',
  'copy-job': 'copyJobId',
  'restore-job': 'restoreJobId',
};

const RECOVERY_POINT = /^arn:[^:]+:backup:[^:]*:[^:]*:recovery-point:/;

/** The part of a backup vault ARN after ":backup-vault:". */
export function vaultNameOf(vaultArn: string | undefined): string | undefined {
  const marker = ':backup-vault:';
  const at = vaultArn?.indexOf(marker) ?? -1;
  const name = at >= 0 ? vaultArn?.slice(at + marker.length) : undefined;
  return name ? name : undefined;
}

/** Parses the detail of an AWS Backup job event. `detailType` only names the event in errors. */
export function parseBackupJobEvent(event: Rec, detail: Rec, kind: BackupJobKind, detailType: string): Parsed {
  const envelope = envelopeOf(event);
  const jobIdField = JOB_ID_FIELD[kind];
  const jobId = text(field(detail, jobIdField));
  const id = jobId ?? envelope.eventId;
  if (id === undefined) return rejected(`malformed ${detailType} event: missing "detail.${jobIdField}" and "id"`);

  // Restore events report `status` where the other job events report `state` (documented AWS quirk).
  const state = text(field(detail, 'state')) ?? text(field(detail, 'status'));
  if (state === undefined) return rejected(`malformed ${detailType} event: missing "detail.state" (or "detail.status")`);

  const sourceVaultArn = arn(field(detail, 'sourceBackupVaultArn'));
  const vaultArn = arn(field(detail, 'backupVaultArn')) ?? (kind === 'copy-job' ? sourceVaultArn : undefined);
  // resources[] carries the recovery point for completed backup jobs and created restore jobs.
  const resourceRecoveryPoint = kind === 'copy-job' ? undefined : strings(field(event, 'resources')).find((r) => RECOVERY_POINT.test(r));

  const result: FailureEvent = {
    kind,
    origin: 'eventbridge',
    id,
    ...envelope,
    jobId,
    state,
    statusMessage: statusText(field(detail, 'statusMessage')),
    resourceArn: arn(field(detail, 'resourceArn')) ?? arn(field(detail, 'sourceResourceArn')),
    resourceType: text(field(detail, 'resourceType')),
    roleArn: arn(field(detail, 'iamRoleArn')),
    vaultArn,
    vaultName: text(field(detail, 'backupVaultName')) ?? vaultNameOf(vaultArn),
    sourceVaultArn: kind === 'copy-job' ? sourceVaultArn : undefined,
    destinationVaultArn: kind === 'copy-job' ? arn(field(detail, 'destinationBackupVaultArn')) : undefined,
    recoveryPointArn:
      arn(field(detail, 'recoveryPointArn')) ?? arn(field(detail, 'sourceRecoveryPointArn')) ?? resourceRecoveryPoint,
    plan: planOf(field(detail, 'createdBy')),
    creationDate: time(field(detail, 'creationDate')),
    startBy: time(field(detail, 'startBy')),
    completionDate: time(field(detail, 'completionDate')),
    bytesTransferred: num(field(detail, 'bytesTransferred')),
    backupSizeInBytes: num(field(detail, 'backupSizeInBytes')),
    percentDone: num(field(detail, 'percentDone')),
    raw: event,
  };
  return parsed(defined(result));
}

/** createdBy.backupPlanId/backupPlanArn/backupPlanVersion/backupPlanRuleId → plan; absent for on-demand jobs. */
function planOf(createdBy: unknown): FailureEvent['plan'] {
  if (!isRecord(createdBy)) return undefined;
  const plan = defined({
    planId: text(field(createdBy, 'backupPlanId')),
    planArn: arn(field(createdBy, 'backupPlanArn')),
    planVersion: text(field(createdBy, 'backupPlanVersion')),
    ruleId: text(field(createdBy, 'backupPlanRuleId')),
  });
  return Object.keys(plan).length > 0 ? plan : undefined;
}
