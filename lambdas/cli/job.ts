/**
 * AWS Backup jobs as the API describes them (DescribeBackupJob, DescribeCopyJob, DescribeRestoreJob: the output of
 * `aws backup describe-backup-job` and its siblings, or the SDK's) → the EventBridge "Job State Change" event the
 * same job sends, so that a job id or a saved describe output is diagnosed exactly like the event.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DescribeBackupJob.html
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DescribeCopyJob.html
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DescribeRestoreJob.html
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html
 */

/** The job types of `--job-type`, the detail-type of their events, and the field that holds the id. */
export const JOB_TYPES = {
  backup: { detailType: 'Backup Job State Change', idField: 'BackupJobId' },
  copy: { detailType: 'Copy Job State Change', idField: 'CopyJobId' },
  restore: { detailType: 'Restore Job State Change', idField: 'RestoreJobId' },
} as const;

/** backup, copy or restore. */
export type JobType = keyof typeof JOB_TYPES;

type Rec = Record<string, unknown>;
const isRecord = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The timestamps of the three outputs (epoch seconds on the wire and in CLI v1, ISO text in CLI v2, Date in the SDK). */
const DATE_FIELDS = new Set(['CreationDate', 'CompletionDate', 'StartBy', 'ExpectedCompletionDate', 'InitiationDate', 'RecoveryPointCreationDate']);

/** Where the event detail names a field differently from the API. */
const RENAMED: Readonly<Record<string, string>> = { BackupRuleId: 'backupPlanRuleId', Status: 'status' };

function isoTime(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(Math.round(value * 1000)).toISOString();
  return value;
}

function camel(key: string): string {
  return RENAMED[key] ?? `${key.charAt(0).toLowerCase()}${key.slice(1)}`;
}

/** The API's PascalCase members → the event detail's camelCase ones, dates as ISO text. */
function detailOf(job: Rec): Rec {
  const detail: Rec = {};
  for (const [key, value] of Object.entries(job)) {
    if (value === undefined || value === null) continue;
    if (DATE_FIELDS.has(key)) detail[camel(key)] = isoTime(value);
    else if (key === 'CreatedBy' && isRecord(value)) detail.createdBy = detailOf(value);
    else detail[camel(key)] = value;
  }
  return detail;
}

/** The job type of a describe output, and the job object itself; undefined when `value` is not one. */
export function describedJob(value: unknown): { type: JobType; job: Rec } | undefined {
  if (!isRecord(value)) return undefined;
  if (isRecord(value.CopyJob) && typeof value.CopyJob.CopyJobId === 'string') return { type: 'copy', job: value.CopyJob };
  for (const type of ['backup', 'copy', 'restore'] as const) {
    if (typeof value[JOB_TYPES[type].idField] === 'string') return { type, job: value };
  }
  return undefined;
}

/** The region in an ARN (arn:partition:service:region:account:…), when it has one. */
function regionOf(arn: unknown): string | undefined {
  if (typeof arn !== 'string') return undefined;
  const region = arn.split(':')[3];
  return region ? region : undefined;
}

/** The ARN fields that carry the job's region, most telling first. */
const REGION_SOURCES = ['BackupVaultArn', 'SourceBackupVaultArn', 'RecoveryPointArn', 'SourceRecoveryPointArn', 'ResourceArn', 'CreatedResourceArn'];

/**
 * The EventBridge event for a described job. The account and region come from the output (AccountId, the ARNs),
 * else from `where` (the credentials' account, the region the job was read in).
 */
export function jobEvent(type: JobType, job: Rec, where: { account?: string; region?: string } = {}): Rec {
  const id = String(job[JOB_TYPES[type].idField]);
  const detail = detailOf(job);
  const account = typeof job.AccountId === 'string' ? job.AccountId : where.account;
  const region = REGION_SOURCES.map((f) => regionOf(job[f])).find((r) => r !== undefined) ?? where.region;
  const time = detail.completionDate ?? detail.creationDate;
  return {
    version: '0',
    id: `describe-${type}-job-${id}`,
    'detail-type': JOB_TYPES[type].detailType,
    source: 'aws.backup',
    ...(account !== undefined ? { account } : {}),
    ...(typeof time === 'string' ? { time } : {}),
    ...(region !== undefined ? { region } : {}),
    resources: [],
    detail,
  };
}

/** Replaces every describe output in `value` (an object or a list) by its event; anything else is left as is. */
export function eventsFromDescribeOutputs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(eventsFromDescribeOutputs);
  const described = describedJob(value);
  return described === undefined ? value : jobEvent(described.type, described.job);
}
