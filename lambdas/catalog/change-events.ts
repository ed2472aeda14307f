/**
 * The CloudTrail events that change an object a diagnosis can blame: a role, a KMS key, a backup vault or a
 * backup plan. One list per kind of object, kept here as data with no SDK import, so that the diagnoser's
 * "who changed what" look-up and any other reader (the scheduled audit) share it.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html
 */
import type { ChangeObjectKind } from '../model/types.ts';

/** How far back CloudTrail's event history reaches (LookupEvents): 90 days. */
export const CHANGE_WINDOW_DAYS = 90;

/**
 * The write calls that change each kind of object, as CloudTrail names them (eventName). A call not listed here
 * is not a change of that object for the diagnosis (reads, tagging of unrelated resources, ...).
 */
export const CHANGE_EVENTS: Readonly<Record<ChangeObjectKind, readonly string[]>> = {
  // IAM records these in us-east-1 (a global service); LookupEvents reads them from the same region.
  role: [
    'CreateRole',
    'DeleteRole',
    'UpdateAssumeRolePolicy',
    'PutRolePolicy',
    'DeleteRolePolicy',
    'AttachRolePolicy',
    'DetachRolePolicy',
    'PutRolePermissionsBoundary',
    'DeleteRolePermissionsBoundary',
    'TagRole',
    'UntagRole',
  ],
  key: [
    'PutKeyPolicy',
    'DisableKey',
    'EnableKey',
    'ScheduleKeyDeletion',
    'CancelKeyDeletion',
    'RevokeGrant',
    'RetireGrant',
    'CreateGrant',
    'UpdateAlias',
    'DeleteAlias',
  ],
  vault: [
    'CreateBackupVault',
    'DeleteBackupVault',
    'PutBackupVaultLockConfiguration',
    'DeleteBackupVaultLockConfiguration',
    'PutBackupVaultAccessPolicy',
    'DeleteBackupVaultAccessPolicy',
  ],
  plan: ['CreateBackupPlan', 'UpdateBackupPlan', 'DeleteBackupPlan', 'CreateBackupSelection', 'DeleteBackupSelection'],
};

/**
 * The request parameter that holds a policy document, per event name: these changes are shown as a diff of
 * statements. `policyName` names the policy when the object has several (a role's inline policies).
 */
export const POLICY_PARAMETERS: Readonly<Record<string, { readonly document: string; readonly policyName?: string }>> = {
  UpdateAssumeRolePolicy: { document: 'policyDocument' },
  PutRolePolicy: { document: 'policyDocument', policyName: 'policyName' },
  PutKeyPolicy: { document: 'policy', policyName: 'policyName' },
  PutBackupVaultAccessPolicy: { document: 'policy' },
};

/** The kind of object whose change an event name is, or undefined for any other call. */
export function changeKindOf(eventName: string): ChangeObjectKind | undefined {
  for (const [kind, names] of Object.entries(CHANGE_EVENTS) as [ChangeObjectKind, readonly string[]][]) {
    if (names.includes(eventName)) return kind;
  }
  return undefined;
}
