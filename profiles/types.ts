/**
 * Permission profiles as data: the IAM actions a role needs for one job, each traced to the AWS managed policy
 * statement it comes from. Resource ARNs and condition values are templates resolved per event.
 */
import type { ContextValue } from '../lambdas/policy/types.ts';

/** The AWS Backup job types a profile is written for. */
export type JobType = 'backup' | 'copy' | 'restore';

/** The AWS managed policies the profiles cite (file names under managed-policies/). */
export type ManagedPolicyName =
  | 'AWSBackupServiceRolePolicyForBackup'
  | 'AWSBackupServiceRolePolicyForRestores'
  | 'AWSBackupServiceRolePolicyForS3Backup'
  | 'AWSBackupServiceRolePolicyForS3Restore'
  | 'AmazonECSInfrastructureRolePolicyForVolumes';

/**
 * One required action. `resource` and string `context` values may hold the placeholders {partition}, {region},
 * {account}, {resource} (the job's resource ARN), {destinationVault} (a copy's destination vault ARN) and {key}.
 */
export interface ProfileAction {
  readonly action: string;
  readonly resource: string;
  /** Condition keys the real request carries and the cited statement tests. */
  readonly context?: Readonly<Record<string, ContextValue>>;
  /** The managed policy and the statement (Sid, or "#<index>" when it has none) that grant it. */
  readonly policy: ManagedPolicyName;
  readonly sid: string;
  /** The managed policy version that introduced the statement, when older versions lack it. */
  readonly since?: string;
  /**
   * Only needed in one variant of the job (for example a volume created from a snapshot). Variants named
   * `<setting>-<choice>` that share a setting ("dynamodb-standard", "dynamodb-advanced") are its exhaustive
   * choices: the job needs the actions of one of them.
   */
  readonly when?: string;
}

/** The actions one role needs for one resource type and job type. */
export interface ProfileEntry {
  /** Stable id, e.g. "backup-ebs" or "ecs-infrastructure-volumes". */
  readonly id: string;
  /** The resource type as AWS Backup reports it ("EBS", "Aurora", ...), or the ECS role it describes. */
  readonly resourceType: string;
  readonly jobType: JobType | 'ecs-volume';
  /** The managed policies that grant every action below: what to attach when actions are missing. */
  readonly managedPolicies: readonly ManagedPolicyName[];
  readonly actions: readonly ProfileAction[];
}

/** The values that placeholders resolve to. */
export interface TemplateVars {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly resource?: string;
  readonly destinationVault?: string;
  /** The KMS key a KMS profile is evaluated on. */
  readonly key?: string;
}
