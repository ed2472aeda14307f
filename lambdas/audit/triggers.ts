/**
 * What starts a scheduled audit: the schedule, and the CloudTrail records of the calls that change what the audit
 * checks (backup plans and selections, vault locks, key policies and state, role trust, permissions and tags).
 * The list of calls is the one place the EventBridge rule, the handler and the README take them from. Imports
 * nothing, so the CDK app can build the rule without loading the handler.
 * @see https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-backup.html
 * @see https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-iam.html
 */

/** The detail-type of every AWS API call that CloudTrail sends to EventBridge. */
export const CLOUDTRAIL_DETAIL_TYPE = 'AWS API Call via CloudTrail';

/** The calls that change an audited object, per event source, and why each one matters to the audit. */
export const AUDITED_CHANGES = {
  'aws.iam': {
    eventSource: 'iam.amazonaws.com',
    calls: {
      UpdateAssumeRolePolicy: 'a role trust policy',
      PutRolePolicy: 'an inline role policy',
      DeleteRolePolicy: 'an inline role policy',
      AttachRolePolicy: 'a managed policy attached to a role',
      DetachRolePolicy: 'a managed policy attached to a role',
      PutRolePermissionsBoundary: 'a role permissions boundary',
      DeleteRolePermissionsBoundary: 'a role permissions boundary',
      CreatePolicyVersion: 'a managed policy document',
      SetDefaultPolicyVersion: 'a managed policy document',
      DeleteRole: 'a role a selection or profile names',
      TagRole: 'a role binding to a permission profile (backup-doctor:profile tag)',
      UntagRole: 'a role binding to a permission profile (backup-doctor:profile tag)',
    },
  },
  'aws.kms': {
    eventSource: 'kms.amazonaws.com',
    calls: {
      PutKeyPolicy: 'a key policy',
      DisableKey: 'a key state',
      EnableKey: 'a key state',
      ScheduleKeyDeletion: 'a key state',
      CancelKeyDeletion: 'a key state',
      CreateGrant: 'a grant on a key',
      RevokeGrant: 'a grant on a key',
      RetireGrant: 'a grant on a key',
    },
  },
  'aws.backup': {
    eventSource: 'backup.amazonaws.com',
    calls: {
      CreateBackupPlan: 'a backup plan',
      UpdateBackupPlan: 'a backup plan',
      DeleteBackupPlan: 'a backup plan',
      CreateBackupSelection: 'a backup selection',
      DeleteBackupSelection: 'a backup selection',
      PutBackupVaultLockConfiguration: 'a vault lock',
      DeleteBackupVaultLockConfiguration: 'a vault lock',
      CreateBackupVault: 'a backup vault',
      DeleteBackupVault: 'a backup vault',
    },
  },
} as const satisfies Record<string, { eventSource: string; calls: Record<string, string> }>;

/** An event source of AUDITED_CHANGES. */
export type AuditedSource = keyof typeof AUDITED_CHANGES;

/** The EventBridge pattern of one source's audited calls. */
export function changePattern(source: AuditedSource): { source: string[]; 'detail-type': string[]; detail: { eventSource: string[]; eventName: string[] } } {
  const { eventSource, calls } = AUDITED_CHANGES[source];
  return { source: [source], 'detail-type': [CLOUDTRAIL_DETAIL_TYPE], detail: { eventSource: [eventSource], eventName: Object.keys(calls) } };
}

/** Every audited source, in the list's order. */
export const AUDITED_SOURCES = Object.keys(AUDITED_CHANGES) as AuditedSource[];

/** What started a run. */
export type Trigger =
  | { readonly kind: 'schedule'; readonly at: Date }
  | { readonly kind: 'change'; readonly at: Date; readonly source: AuditedSource; readonly eventName: string; readonly what: string }
  | { readonly kind: 'other'; readonly reason: string };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads an EventBridge event: a scheduled event, an audited change, or something else (and why). */
export function triggerOf(event: unknown): Trigger {
  if (!isRecord(event)) return { kind: 'other', reason: 'not an EventBridge event' };
  const time = typeof event['time'] === 'string' ? new Date(event['time']) : undefined;
  if (time === undefined || Number.isNaN(time.getTime())) return { kind: 'other', reason: 'no time' };
  if (event['source'] === 'aws.events' && event['detail-type'] === 'Scheduled Event') return { kind: 'schedule', at: time };
  const source = event['source'];
  const detail = event['detail'];
  if (event['detail-type'] !== CLOUDTRAIL_DETAIL_TYPE || typeof source !== 'string' || !(source in AUDITED_CHANGES) || !isRecord(detail)) {
    return { kind: 'other', reason: `not an audited change (${String(source)} ${String(event['detail-type'])})` };
  }
  const calls: Record<string, string> = AUDITED_CHANGES[source as AuditedSource].calls;
  const name = detail['eventName'];
  if (typeof name !== 'string' || !Object.hasOwn(calls, name)) return { kind: 'other', reason: `not an audited call (${String(name)})` };
  // A call AWS refused changed nothing.
  if (detail['errorCode'] !== undefined) return { kind: 'other', reason: `${name} failed (${String(detail['errorCode'])})` };
  return { kind: 'change', at: time, source: source as AuditedSource, eventName: name, what: calls[name] ?? name };
}
