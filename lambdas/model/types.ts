/**
 * The core types shared by every stage of the pipeline: parse → classify → collect → check → render → publish.
 * Everything here is plain JSON so that the same values flow through the Lambda, the CLI, snapshots and tests.
 */
import type { AgentProfile } from './agent-profile-schema.ts';

/** The cause taxonomy. Ids are stable: tests, scoring and grouping rely on them. */
export const CATEGORIES = [
  'iam-trust',
  'iam-permission',
  'kms-key-policy',
  'kms-key-state',
  'vault-lock-range',
  'completion-window',
  'start-window',
  'vmware-disk',
  'vmware-gateway',
  'resource-state',
  'resource-not-found',
  'quota',
  'cross-account-copy',
  's3-specific',
  'filesystem-format',
  'invalid-configuration',
  'service-internal',
  'user-action',
  'agent-unhealthy',
  'network',
  'unknown',
] as const;

/** One id of the cause taxonomy. */
export type Category = (typeof CATEGORIES)[number];

/** What failed, across sources. */
export type FailureKind =
  | 'backup-job'
  | 'copy-job'
  | 'restore-job'
  | 'ecs-volume-attachment'
  | 'ebs-volume-notification'
  | 'access-denied'
  | 'external';

/** Where the event came from; `sweep`: no event arrived, the reconciler's sweep of AWS Backup jobs found the failure. */
export type EventOrigin = 'eventbridge' | 'sns' | 'webhook' | 'cli' | 'sweep';

/** Languages every human-facing text is available in. */
export type Lang = 'en' | 'ja';

/** A human-facing text: a message key plus parameters, resolved per language by the report layer. */
export interface Text {
  readonly key: string;
  readonly params?: Readonly<Record<string, string | number>>;
}

/** ECS-specific facts carried by an ECS Task State Change event. */
export interface EcsEventFacts {
  readonly taskArn: string;
  readonly clusterArn?: string;
  readonly taskDefinitionArn?: string;
  /** detail.version: the same value means a duplicate delivery; a lower one is stale. */
  readonly version?: number;
  readonly lastStatus?: string;
  readonly desiredStatus?: string;
  readonly stopCode?: string;
  readonly stoppedReason?: string;
  readonly launchType?: string;
  readonly platformFamily?: string;
  readonly group?: string;
  readonly startedBy?: string;
  readonly createdAt?: string;
  /** The AmazonElasticBlockStorage attachment, when the event carries one. */
  readonly attachment?: {
    readonly id?: string;
    readonly status?: string;
    readonly roleArn?: string;
    readonly volumeName?: string;
    readonly volumeId?: string;
    readonly statusReason?: string;
    readonly deleteOnTermination?: boolean;
  };
  /** The EC2 error code inside ECS's wrapper "Encountered '<Code>' error from AmazonEC2", when present. */
  readonly ec2ErrorCode?: string;
}

/** EBS-specific facts carried by an "EBS Volume Notification" event. */
export interface EbsEventFacts {
  readonly event: string;
  readonly result: string;
  readonly cause?: string;
  readonly volumeArn?: string;
  /** The KMS key ARN named in `cause`, when there is one. */
  readonly keyArn?: string;
}

/** A call that AWS denied, as CloudTrail recorded it ("AWS API Call via CloudTrail" with an AccessDenied error). */
export interface DeniedCallFacts {
  /** The IAM action, e.g. "ec2:ModifyNetworkInterfaceAttribute". */
  readonly action: string;
  readonly eventSource: string;
  readonly eventName: string;
  readonly errorCode: string;
  /** The caller: the session ARN (assumed-role/ROLE/SESSION). */
  readonly principalArn?: string;
  readonly sessionName?: string;
  /** The encoded authorization failure message, when the error message carries one (it may be cut short). */
  readonly encodedMessage?: string;
  readonly sourceIp?: string;
  readonly userAgent?: string;
  readonly readOnly?: boolean;
}

/** The cloud a failure reported through the webhook came from. */
export type ExternalCloud = 'azure' | 'alibaba' | 'kubernetes' | 'generic';

/** Facts of a failure reported from outside AWS (an Azure Monitor alert, a Kubernetes event, generic JSON). */
export interface ExternalEventFacts {
  readonly cloud: ExternalCloud;
  /** The catalog the text is read against: `aks` (Azure Backup for AKS) or `ack` (ACK Backup Center). */
  readonly source?: 'aks' | 'ack';
  /** How it arrived: azure-monitor, kubernetes-event-exporter, kube-eventer or generic. */
  readonly format: 'azure-monitor' | 'kubernetes-event-exporter' | 'kube-eventer' | 'generic';
  /** The vendor's error code, when the payload carries one. */
  readonly code?: string;
  /** The object that failed: a vault job, an applicationbackup, a Velero Backup, a pod. */
  readonly resource?: string;
  readonly cluster?: string;
  /** Kubernetes: the involved object's kind and namespace; Azure: the alert rule. */
  readonly objectKind?: string;
  readonly namespace?: string;
  readonly reason?: string;
  readonly alertRule?: string;
}

/** A failure, normalised across sources. Optional fields are absent when the source did not carry them. */
export interface FailureEvent {
  readonly kind: FailureKind;
  readonly origin: EventOrigin;
  /** A stable id for idempotency: the job id, or taskArn#version, or the event id. */
  readonly id: string;
  readonly eventId?: string;
  readonly jobId?: string;
  readonly account?: string;
  readonly region?: string;
  /** The event's own time (ISO 8601). */
  readonly time?: string;
  /** FAILED, EXPIRED, ABORTED, PARTIAL, COMPLETED, STOPPED, ...: upper case as AWS sends it. */
  readonly state: string;
  /** The status message without AWS's surrounding literal quotes. */
  readonly statusMessage?: string;
  readonly resourceArn?: string;
  /** AWS Backup's resource type (EBS, EC2, RDS, Aurora, EFS, DynamoDB, S3, VirtualMachine, ...). */
  readonly resourceType?: string;
  readonly roleArn?: string;
  readonly vaultArn?: string;
  readonly vaultName?: string;
  /** Copy jobs: where the copy was going. */
  readonly destinationVaultArn?: string;
  readonly sourceVaultArn?: string;
  readonly recoveryPointArn?: string;
  readonly plan?: {
    readonly planId?: string;
    readonly planArn?: string;
    readonly planVersion?: string;
    readonly ruleId?: string;
  };
  readonly creationDate?: string;
  readonly startBy?: string;
  readonly completionDate?: string;
  readonly bytesTransferred?: number;
  readonly backupSizeInBytes?: number;
  readonly percentDone?: number;
  readonly ecs?: EcsEventFacts;
  readonly ebs?: EbsEventFacts;
  readonly denied?: DeniedCallFacts;
  readonly external?: ExternalEventFacts;
  /** The event as received, for the JSON output and for debugging. */
  readonly raw: unknown;
}

// ---------------------------------------------------------------------------------------------------------
// Policies

/** A value that AWS allows as a single item or an array. */
export type OneOrMany<T> = T | readonly T[];

/** A principal block as written in a policy. */
export type PrincipalBlock =
  | '*'
  | {
      readonly AWS?: OneOrMany<string>;
      readonly Service?: OneOrMany<string>;
      readonly Federated?: OneOrMany<string>;
      readonly CanonicalUser?: OneOrMany<string>;
    };

/** One statement of an IAM policy document, as written. */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action?: OneOrMany<string>;
  readonly NotAction?: OneOrMany<string>;
  readonly Resource?: OneOrMany<string>;
  readonly NotResource?: OneOrMany<string>;
  readonly Principal?: PrincipalBlock;
  readonly NotPrincipal?: PrincipalBlock;
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, OneOrMany<string | boolean | number>>>>>;
}

/** An IAM policy document (identity, trust, key or boundary policy), already URL-decoded and parsed. */
export interface PolicyDocument {
  readonly Version?: string;
  readonly Id?: string;
  readonly Statement: OneOrMany<PolicyStatement>;
}

// ---------------------------------------------------------------------------------------------------------
// Evidence: the facts a diagnosis needs. The offline form is the account snapshot.

/** Why a piece of evidence could not be read. */
export type GapReason =
  | 'access-denied'
  | 'not-found'
  | 'throttled'
  | 'cross-account'
  | 'timeout'
  | 'not-collected'
  | 'error';

/** Something the collectors could not read. Recorded as data, never thrown. */
export interface Gap {
  /** What could not be read, e.g. "kms:GetKeyPolicy arn:aws:kms:...". */
  readonly what: string;
  /** The subject it concerns (a role, key or vault ARN), for checks to look up. */
  readonly subject?: string;
  /** The API action that failed, e.g. "kms:GetKeyPolicy". */
  readonly action?: string;
  readonly why: GapReason;
  /** The AWS error code or message, bounded. */
  readonly detail?: string;
}

/** A managed or inline policy attached to a role. */
export interface AttachedPolicy {
  readonly name: string;
  readonly arn?: string;
  readonly versionId?: string;
  /** Absent when it could not be read (see gaps). */
  readonly document?: PolicyDocument;
}

/** An IAM role (or the caller principal) as read from IAM. */
export interface RoleFacts {
  readonly arn: string;
  readonly name: string;
  readonly path?: string;
  /** false when IAM answered NoSuchEntity. */
  readonly exists: boolean;
  readonly createDate?: string;
  /** RoleLastUsed / the latest policy change, when known. */
  readonly lastModified?: string;
  readonly trustPolicy?: PolicyDocument;
  readonly attachedPolicies?: readonly AttachedPolicy[];
  readonly inlinePolicies?: readonly AttachedPolicy[];
  readonly permissionsBoundary?: AttachedPolicy;
  /** The role's tags (GetRole returns them); `backup-doctor:profile` binds the role to agent profiles. */
  readonly tags?: Readonly<Record<string, string>>;
  /** Results of iam:SimulatePrincipalPolicy per action, when it was run. */
  readonly simulation?: Readonly<Record<string, 'allowed' | 'implicitDeny' | 'explicitDeny'>>;
}

/** KMS key states as DescribeKey reports them, plus Missing for a key that does not exist. */
export type KeyState =
  | 'Enabled'
  | 'Disabled'
  | 'PendingDeletion'
  | 'PendingImport'
  | 'PendingReplicaDeletion'
  | 'Unavailable'
  | 'Updating'
  | 'Creating'
  | 'Missing';

/** A KMS grant, as ListGrants reports it. */
export interface GrantFacts {
  readonly grantId?: string;
  readonly granteePrincipal?: string;
  readonly retiringPrincipal?: string;
  readonly operations: readonly string[];
  readonly constraints?: unknown;
}

/** A KMS key. */
export interface KeyFacts {
  readonly arn: string;
  readonly keyId?: string;
  readonly state: KeyState;
  readonly manager?: 'AWS' | 'CUSTOMER';
  readonly origin?: string;
  readonly aliases?: readonly string[];
  readonly deletionDate?: string;
  /** Absent when it could not be read (a cross-account key always; see gaps). */
  readonly policy?: PolicyDocument;
  readonly grants?: readonly GrantFacts[];
}

/** A backup vault. */
export interface VaultFacts {
  readonly name: string;
  readonly arn?: string;
  readonly exists: boolean;
  readonly encryptionKeyArn?: string;
  /** STANDARD | LOGICALLY_AIR_GAPPED_BACKUP_VAULT | ... */
  readonly vaultType?: string;
  readonly locked?: boolean;
  readonly minRetentionDays?: number;
  readonly maxRetentionDays?: number;
  readonly lockDate?: string;
  /** The vault access policy (GetBackupVaultAccessPolicy); none is recorded as a not-found gap on that action. */
  readonly accessPolicy?: PolicyDocument;
}

/** A backup lifecycle. */
export interface LifecycleFacts {
  readonly deleteAfterDays?: number;
  readonly moveToColdStorageAfterDays?: number;
  readonly optInToArchiveForSupportedResources?: boolean;
}

/** A rule of a backup plan. */
export interface PlanRuleFacts {
  readonly ruleId: string;
  readonly ruleName: string;
  readonly targetVaultName: string;
  /** e.g. "cron(0 5 ? * * *)". */
  readonly scheduleExpression?: string;
  readonly scheduleExpressionTimezone?: string;
  readonly startWindowMinutes?: number;
  readonly completionWindowMinutes?: number;
  readonly enableContinuousBackup?: boolean;
  readonly lifecycle?: LifecycleFacts;
  readonly copyActions?: readonly { readonly destinationVaultArn: string; readonly lifecycle?: LifecycleFacts }[];
}

/** A backup plan. */
export interface PlanFacts {
  readonly planId: string;
  readonly planArn?: string;
  readonly name?: string;
  readonly versionId?: string;
  readonly rules: readonly PlanRuleFacts[];
}

/** A backup selection: which resources a plan backs up, with which role. */
export interface SelectionFacts {
  readonly selectionId: string;
  readonly planId: string;
  readonly name?: string;
  readonly roleArn: string;
  /** Resource ARNs (or ARN patterns) the selection names. */
  readonly resources: readonly string[];
  /** The AWS Backup resource types those resources are of (EBS, RDS, DynamoDB, ...). */
  readonly resourceTypes: readonly string[];
}

/** A job of AWS Backup (this one or an earlier one for the same resource). */
export interface JobRecord {
  readonly jobId: string;
  readonly jobType: 'backup' | 'copy' | 'restore';
  readonly state: string;
  readonly resourceArn?: string;
  readonly resourceType?: string;
  readonly roleArn?: string;
  readonly vaultName?: string;
  readonly creationDate: string;
  /** When the job actually started transferring, when known. */
  readonly startDate?: string;
  readonly completionDate?: string;
  readonly startBy?: string;
  /** The backup rule's completion deadline as computed by AWS Backup (CompleteWindow deadline), when known. */
  readonly completeBy?: string;
  readonly bytesTransferred?: number;
  readonly backupSizeInBytes?: number;
  readonly statusMessage?: string;
  /** true for on-demand jobs (no createdBy.backupPlanId). */
  readonly onDemand?: boolean;
  readonly planId?: string;
  readonly ruleId?: string;
}

/** A VMware virtual disk. */
export interface VmDiskFacts {
  readonly label: string;
  readonly sizeBytes: number;
  /** persistent | independent_persistent | independent_nonpersistent | nonpersistent | undoable | append */
  readonly mode: string;
}

/** The AWS Backup gateway that serves a VMware VM. */
export interface GatewayFacts {
  readonly arn: string;
  readonly name?: string;
  /** ONLINE | OFFLINE, as ListGateways/GetGateway report it. */
  readonly status?: string;
  readonly lastSeenTime?: string;
  readonly hypervisorHost?: string;
  /** Connectivity facts gathered from the gateway's test results or the snapshot. */
  readonly dnsServers?: readonly string[];
  readonly blockedPorts?: readonly number[];
  readonly hypervisorReachable?: boolean;
}

/** The resource that was backed up or restored. */
export interface ResourceFacts {
  readonly arn: string;
  readonly type?: string;
  readonly exists: boolean;
  readonly encrypted?: boolean;
  readonly encryptionKeyArn?: string;
  readonly s3?: {
    readonly versioning?: 'Enabled' | 'Suspended' | 'Off';
    readonly continuousBackupVault?: string;
  };
  readonly vmware?: {
    readonly disks: readonly VmDiskFacts[];
    readonly gateway?: GatewayFacts;
  };
}

/** ECS task facts from DescribeTasks. */
export interface EcsTaskFacts {
  readonly taskArn: string;
  readonly exists: boolean;
  readonly lastStatus?: string;
  readonly stoppedReason?: string;
  readonly taskDefinitionArn?: string;
  readonly launchType?: string;
  readonly platformFamily?: string;
  readonly startedBy?: string;
  readonly availabilityZone?: string;
  readonly attachments?: readonly {
    readonly type: string;
    readonly status?: string;
    readonly details: Readonly<Record<string, string>>;
  }[];
}

/** An ECS-managed EBS volume configuration (from the service or the RunTask call). */
export interface EcsVolumeConfigFacts {
  readonly name: string;
  readonly roleArn?: string;
  readonly encrypted?: boolean;
  readonly kmsKeyId?: string;
  readonly volumeType?: string;
  readonly sizeInGiB?: number;
  readonly iops?: number;
  readonly throughput?: number;
  readonly snapshotId?: string;
  /** ext3 | ext4 | xfs | ntfs */
  readonly filesystemType?: string;
}

/** An ECS task definition. */
export interface EcsTaskDefinitionFacts {
  readonly arn: string;
  readonly family?: string;
  /** runtimePlatform.operatingSystemFamily, e.g. LINUX, WINDOWS_SERVER_2022_CORE. */
  readonly operatingSystemFamily?: string;
  readonly cpuArchitecture?: string;
  readonly volumes?: readonly { readonly name: string; readonly configuredAtLaunch?: boolean }[];
}

/** An EBS snapshot (for volumes created from one). */
export interface EbsSnapshotFacts {
  readonly snapshotId: string;
  readonly exists: boolean;
  readonly encrypted?: boolean;
  readonly kmsKeyId?: string;
  readonly volumeSizeGiB?: number;
  /** The filesystem the source volume had, when the snapshot's tags or the user say so. */
  readonly filesystemType?: string;
}

/** A CloudTrail record relevant to the failure (RunTask/CreateService caller, AccessDenied on PassRole, ...). */
export interface TrailRecord {
  readonly eventName: string;
  readonly eventTime: string;
  readonly eventSource?: string;
  readonly userArn?: string;
  readonly errorCode?: string;
  readonly errorMessage?: string;
  readonly requestParameters?: unknown;
}

/** The kinds of object whose changes are looked up in CloudTrail (lambdas/catalog/change-events.ts lists the calls). */
export type ChangeObjectKind = 'role' | 'key' | 'vault' | 'plan';

/** Who made a call, as CloudTrail's userIdentity says. */
export interface ChangeActor {
  /** IAMUser, AssumedRole, Root, AWSService, FederatedUser, ... */
  readonly type?: string;
  /** The caller's ARN (for a role session: arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION). */
  readonly arn?: string;
  readonly accountId?: string;
  /** An IAM user's name. */
  readonly userName?: string;
  /** A role session: the role that issued it (sessionContext.sessionIssuer.arn). */
  readonly issuer?: string;
  /** The AWS service that made the call on the caller's behalf (invokedBy). */
  readonly invokedBy?: string;
}

/** A CloudTrail event that changed an object at fault. */
export interface ChangeEvent {
  readonly eventId?: string;
  readonly eventName: string;
  readonly eventTime: string;
  readonly eventSource?: string;
  readonly actor: ChangeActor;
  readonly sourceIp?: string;
  readonly userAgent?: string;
  /** The call's request parameters as CloudTrail recorded them (policy documents are JSON strings there). */
  readonly requestParameters?: unknown;
}

/** The change history of one object at fault over CloudTrail's window, newest first. */
export interface ChangeHistory {
  /** The object as the diagnosis names it: a role or key ARN, a vault name, a plan id. */
  readonly subject: string;
  readonly kind: ChangeObjectKind;
  /** The window that was looked up (ISO 8601). */
  readonly since: string;
  readonly until: string;
  /** The successful changing calls found, newest first. */
  readonly events: readonly ChangeEvent[];
  /** Set when the look-up did not finish: events older than those listed may exist. */
  readonly incomplete?: { readonly why: GapReason; readonly detail?: string };
}

/** An encoded authorization failure message, and what STS DecodeAuthorizationMessage made of it. */
export interface DecodedAuthorization {
  /** The encoded message as AWS sent it. */
  readonly encodedMessage: string;
  readonly allowed?: boolean;
  readonly explicitDeny?: boolean;
  /** context.action, context.resource and context.principal.arn of the decoded message. */
  readonly action?: string;
  readonly resource?: string;
  readonly principalArn?: string;
  /** How many statements matched (an explicit deny names them). */
  readonly matchedStatements?: number;
  /** The decoded message, as STS returned it (bounded). */
  readonly decoded: string;
}

/** Organization deployments: the member account the evidence was read in, and through which role. */
export interface AccountAccess {
  readonly account: string;
  /** The inspection role assumed in that account. */
  readonly roleArn: string;
  /**
   * assumed: read there with the role's credentials; refused: AssumeRole was denied (the role is not deployed
   * there, or does not trust this diagnoser); failed: STS could not be reached or throttled.
   */
  readonly outcome: 'assumed' | 'refused' | 'failed';
  /** The StackSet that deploys the inspection role to member accounts. */
  readonly stackSetName?: string;
  /** The region whose stack instance creates the (global) inspection role. */
  readonly roleRegion?: string;
  /** STS's error, when the role could not be assumed. */
  readonly detail?: string;
}

/**
 * The facts a diagnosis relies on: what the collectors read, or an account snapshot replays.
 * Maps are keyed by ARN (vaults by name, plans by id, job history by resource ARN).
 */
export interface Evidence {
  readonly schemaVersion: 1;
  readonly account?: string;
  readonly region?: string;
  readonly capturedAt?: string;
  /** The job as DescribeBackupJob/DescribeCopyJob/DescribeRestoreJob report it. */
  readonly job?: JobRecord;
  readonly roles?: Readonly<Record<string, RoleFacts>>;
  readonly keys?: Readonly<Record<string, KeyFacts>>;
  /** alias ARN or alias name → key ARN. */
  readonly aliases?: Readonly<Record<string, string>>;
  readonly vaults?: Readonly<Record<string, VaultFacts>>;
  readonly plans?: Readonly<Record<string, PlanFacts>>;
  /** Backup selections, keyed by selection id (recorded by the audit). */
  readonly selections?: Readonly<Record<string, SelectionFacts>>;
  /** Earlier jobs, newest first, keyed by resource ARN. */
  readonly jobHistory?: Readonly<Record<string, readonly JobRecord[]>>;
  readonly resources?: Readonly<Record<string, ResourceFacts>>;
  /** Account-wide AWS Backup settings (DescribeGlobalSettings, DescribeRegionSettings). */
  readonly backupSettings?: {
    readonly crossAccountBackupEnabled?: boolean;
    readonly resourceTypeOptIn?: Readonly<Record<string, boolean>>;
  };
  readonly ecs?: {
    readonly tasks?: Readonly<Record<string, EcsTaskFacts>>;
    readonly taskDefinitions?: Readonly<Record<string, EcsTaskDefinitionFacts>>;
    /** Keyed by volume name. */
    readonly volumeConfigurations?: Readonly<Record<string, EcsVolumeConfigFacts>>;
  };
  readonly ebsSnapshots?: Readonly<Record<string, EbsSnapshotFacts>>;
  readonly trail?: readonly TrailRecord[];
  /** The CloudTrail change history of the objects at fault, keyed by subject (role/key ARN, vault name, plan id). */
  readonly changes?: Readonly<Record<string, ChangeHistory>>;
  /** Encoded authorization failure messages that STS decoded (an opt-in grant), keyed by the encoded message. */
  readonly authorizations?: Readonly<Record<string, DecodedAuthorization>>;
  /** Organization deployments: how the event's account was read. */
  readonly readAs?: AccountAccess;
  readonly gaps: readonly Gap[];
}

// ---------------------------------------------------------------------------------------------------------
// Classification, findings and the diagnosis

/** What the catalog says of a status message: a category and the checks to suspect. */
export interface Classification {
  readonly category: Category;
  /** The catalog rule that matched, or "unknown". */
  readonly ruleId: string;
  /** 0..1: how sure the message alone makes us. */
  readonly confidence: number;
  /** Check ids worth running first; the checks decide. */
  readonly suspects: readonly string[];
  /** A short hint keyed for translation (catalog.<ruleId>.hint). */
  readonly hint?: Text;
}

/** One check's verdict. `error` means the check itself threw: shown, never hidden. */
export type Verdict = 'fail' | 'pass' | 'not-applicable' | 'inconclusive' | 'error';

/** One fact a finding relied on. `name` is a label key (fact.<name>), `value` is shown as is. */
export interface Fact {
  readonly name: string;
  readonly value: string;
}

/** How to fix a failing finding. */
export interface Fix {
  readonly summary: Text;
  /** An exact AWS CLI command (placeholders in <angle brackets> only where a value cannot be known). */
  readonly command?: string;
  /** A policy document or other snippet, pretty-printed JSON. */
  readonly snippet?: string;
  /** The AWS doc that defines the requirement. */
  readonly docs?: string;
  /** The change the command makes, as a change to the evidence, so that it can be proven before it is shown. */
  readonly patch?: EvidencePatch;
  /** The proof: set by the pipeline for every fix that carries a patch. */
  readonly verification?: FixVerification;
}

/** A request that a fix is meant to allow: what the failing check needed, and nothing else. */
export interface NeededAccess {
  /** The principal (role ARN or service principal). */
  readonly principal: string;
  /** Action patterns ("kms:Decrypt", "kms:*"). */
  readonly actions: readonly string[];
  /** Resource ARNs; absent for any resource of the document (a key policy's own key, a trust policy). */
  readonly resources?: readonly string[];
  /** The only request context in which it is needed; absent for any context. */
  readonly context?: Readonly<Record<string, string>>;
}

/** A fix's change to the evidence: a policy document written back, as the command writes it. */
export type EvidencePatch =
  | { readonly kind: 'trust-policy'; readonly roleArn: string; readonly document: PolicyDocument; readonly needs: readonly NeededAccess[] }
  | { readonly kind: 'key-policy'; readonly keyArn: string; readonly document: PolicyDocument; readonly needs: readonly NeededAccess[] }
  | {
      readonly kind: 'role-inline-policy';
      readonly roleArn: string;
      readonly policyName: string;
      readonly document: PolicyDocument;
      readonly needs: readonly NeededAccess[];
    };

/** Whether a fix was proven on a copy of the evidence, and against which checks. */
export interface FixVerification {
  readonly verified: boolean;
  /** The checks run again on the patched evidence (the failing check first). */
  readonly against: readonly string[];
  /** Why it was not proven (one line per reason), when it was not. */
  readonly reasons?: readonly string[];
}

/** One check's result. */
export interface Finding {
  readonly checkId: string;
  readonly category: Category;
  readonly verdict: Verdict;
  /** Names the problem and the object ("Role BackupRole cannot be assumed by backup.amazonaws.com"). */
  readonly title: Text;
  /** Why it matters / what was seen. */
  readonly detail?: Text;
  readonly facts: readonly Fact[];
  readonly fix?: Fix;
  /** For inconclusive: what could not be read and why. */
  readonly missing?: readonly Gap[];
  /** 0..1: how strongly this finding explains the failure (used for ranking). */
  readonly confidence?: number;
  /** The ARN (or name) of the object at fault: the role, key, vault or rule. Used for the root-cause fingerprint. */
  readonly subject?: string;
}

/** What to do next, beyond the fix: retry information and follow-ups. */
export interface NextStep {
  readonly text: Text;
  readonly command?: string;
}

/** The result of the pipeline for one event. */
export interface Diagnosis {
  readonly event: FailureEvent;
  readonly classification: Classification;
  /** The root-cause category: the top failing finding's, else the catalog's, else unknown. */
  readonly category: Category;
  readonly headline: Text;
  /** Ranked: fail, then inconclusive/error, then pass, then not-applicable. */
  readonly findings: readonly Finding[];
  readonly nextSteps: readonly NextStep[];
  /** account|region|category|the object at fault: one alert per root cause. */
  readonly fingerprint: string;
  readonly gaps: readonly Gap[];
  readonly generatedAt: string;
  /** Organization deployments: the member account read, and the role assumed there. */
  readonly readAs?: AccountAccess;
  /** Who changed the objects at fault of the failing findings, and what (absent when nothing was at fault). */
  readonly changes?: readonly ObjectChanges[];
  /** The encoded authorization failure message of the failure: decoded, or the command that decodes it. */
  readonly authorization?: AuthorizationReport;
}

/** The difference between two policy documents, statement by statement (each summarised in one line). */
export interface PolicyDiff {
  /** The policy's name, when the object has several (an inline policy, a key's "default"). */
  readonly policyName?: string;
  /** false: the document before this change is unknown (no earlier change in the window); added lists them all. */
  readonly beforeKnown: boolean;
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly unchanged: number;
}

/** One change, ready to report: who, when, from where, what. */
export interface ChangeSummary {
  readonly eventName: string;
  readonly eventTime: string;
  /** The caller: its ARN (an IAM user, a role session), else the service or identity type. */
  readonly who: string;
  /** A role session: the role that issued it. */
  readonly issuer?: string;
  readonly invokedBy?: string;
  readonly sourceIp?: string;
  readonly userAgent?: string;
  /** Policy changes: the statements added and removed. */
  readonly diff?: PolicyDiff;
  /** Other changes: the request's parameters in one line (name=value, bounded). */
  readonly parameters?: string;
}

/** The changes of one object at fault. */
export interface ObjectChanges {
  readonly subject: string;
  readonly kind: ChangeObjectKind;
  /**
   * changed: changes were found; unchanged: none in the window; not-allowed: cloudtrail:LookupEvents was denied;
   * not-read: the look-up failed or was not made (throttled, out of time, an offline snapshot without it).
   */
  readonly outcome: 'changed' | 'unchanged' | 'not-allowed' | 'not-read';
  readonly since?: string;
  /** The latest changes, newest first. */
  readonly latest: readonly ChangeSummary[];
  /** Changes found beyond those listed. */
  readonly more: number;
  /** Why the look-up failed or stopped early. */
  readonly detail?: string;
  /** The look-up stopped before reaching the start of the window. */
  readonly incomplete?: boolean;
}

/** The encoded authorization message of a failure, decoded when the deployment allows it. */
export interface AuthorizationReport {
  readonly encodedMessage: string;
  /** The decoded message's verdict, when STS decoded it. */
  readonly decoded?: Omit<DecodedAuthorization, 'encodedMessage'>;
  /** The command that decodes it (always given; the only content when it was not decoded). */
  readonly command: string;
  /** Why it was not decoded: not-enabled (the opt-in is off), a gap reason, or truncated (AWS cut the message). */
  readonly notDecodedBecause?: 'not-enabled' | 'truncated' | GapReason;
}

// ---------------------------------------------------------------------------------------------------------
// Checks

/** What a check receives. Everything is plain data; `now` comes from outside. */
export interface CheckContext {
  readonly event: FailureEvent;
  readonly evidence: Evidence;
  readonly classification: Classification;
  readonly now: Date;
  /** Agent permission profiles (built-in plus the user's); the built-in ones when absent. */
  readonly agentProfiles?: readonly AgentProfile[];
  /** Role ARN or name → "profile@version, ..." bindings from the deployment's context map. */
  readonly profileBindings?: Readonly<Record<string, string>>;
}

/** Per-language message templates: key → template with {param} placeholders. */
export interface Messages {
  readonly en: Readonly<Record<string, string>>;
  readonly ja: Readonly<Record<string, string>>;
}

/** A pure check: one question, one file. */
export interface Check {
  /** Stable id, prefixed by area (iam-, kms-, backup-, vmware-, ecs-). */
  readonly id: string;
  readonly category: Category;
  /** Which failures it applies to; the runner skips it (not-applicable) for others. */
  readonly appliesTo: readonly FailureKind[];
  /** The AWS doc that defines the check's semantics. */
  readonly docs?: string;
  /** Message templates, keyed `<check id>.<name>`. */
  readonly messages: Messages;
  run(ctx: CheckContext): Finding;
}
