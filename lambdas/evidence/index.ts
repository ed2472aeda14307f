/**
 * The live evidence collectors: the only code that reads AWS. An event goes in, an Evidence snapshot comes out
 * (the same shape as an offline account snapshot), with every read that failed recorded as a gap.
 * Reads run in parallel; when the event names the role, vault, plan and resource, the critical path is three
 * round trips (GetRole → GetPolicy → GetPolicyVersion; DescribeBackupVault → KMS; DescribeInstances →
 * DescribeVolumes → KMS).
 */
import type { Evidence, FailureEvent, Gap, JobRecord, RoleFacts } from '../model/types.ts';
import { ECS_INFRASTRUCTURE_VOLUMES, requiredActions } from '../../profiles/index.ts';
import { BUILTIN_AGENT_PROFILES, PROFILE_TAG, needsOf, parseBindings, type AgentProfile } from '../../profiles/agent-profiles.ts';
import * as iam from './iam.ts';
import { AREAS, type AreaContext } from './areas.ts';
import * as backup from './backup.ts';
import { EvidenceCache } from './cache.ts';
import type { Clients } from './clients.ts';
import { externalEvidence } from './external.ts';
import type { AccountReach, Scope } from './read.ts';
import { accountOf, Reader } from './read.ts';
import { SharedReads } from './shared-reads.ts';
import { collectChanges, type ChangeLookupOptions, type ObjectAtFault } from './changes.ts';
import { collectAuthorization } from './authorization.ts';
import type { ChangeHistory, DecodedAuthorization } from '../model/types.ts';

export { createClients } from './clients.ts';
export type { Clients, ClientsConfig } from './clients.ts';
export type { AccountReach, Reach } from './read.ts';
export { MemberCredentials, memberRoleArn } from './credentials.ts';
export type { AccountCredentials, CredentialsCacheOptions, MemberRoleConfig } from './credentials.ts';
export { EvidenceCache } from './cache.ts';
export type { EvidenceCacheOptions } from './cache.ts';
export { gapReasonOf } from './errors.ts';
export { decodePolicy } from './decode.ts';

export { COLLECTOR_PERMISSIONS } from './permissions.ts';

/** The module-scope cache used when the caller passes none: roles, policy versions and keys for 5 minutes. */
export const defaultEvidenceCache = new EvidenceCache();

/** Options of one collection. */
export interface CollectOptions {
  /** Stamped as capturedAt. */
  readonly now: Date;
  /** Epoch ms after which nothing more is read; what was not read becomes `timeout` gaps. */
  readonly deadline: number;
  readonly cache?: EvidenceCache;
  /** The actions to simulate for the role; by default the permission profile for the event's resource and job. */
  readonly actions?: readonly string[];
  /** The clients' region, when the event does not say (objects in other regions are not read). */
  readonly region?: string;
  /** Agent permission profiles and the context map of role bindings: what a denied call's role is simulated for. */
  readonly agentProfiles?: readonly AgentProfile[];
  readonly profileBindings?: Readonly<Record<string, string>>;
  /** Other accounts of the organization: their objects are read there, through their inspection role. */
  readonly accounts?: AccountReach;
  /** The job record when it was already read (before grouping looked for a shortcut, or listed by the sweep). */
  readonly job?: JobRead;
}

/** A job record as read, with the gaps its read left. */
export interface JobRead {
  readonly record: JobRecord | undefined;
  readonly gaps: readonly Gap[];
}

/** Reads the failed job alone (DescribeBackupJob, DescribeCopyJob or DescribeRestoreJob) before `deadline`. */
export async function readJob(event: FailureEvent, clients: Clients, opts: Pick<CollectOptions, 'deadline' | 'region' | 'cache'>): Promise<JobRead> {
  const reader = new Reader(opts.deadline);
  const region = event.region ?? opts.region;
  const account = event.account ?? accountOf(event.roleArn) ?? accountOf(event.resourceArn) ?? accountOf(event.vaultArn);
  const scope: Scope = {
    clients,
    reader,
    cache: opts.cache ?? defaultEvidenceCache,
    ...(account !== undefined ? { account } : {}),
    ...(region !== undefined ? { region } : {}),
  };
  const record = await backup.collectJob(scope, event);
  return { record, gaps: [...reader.gaps] };
}

/** The actions of every profile version a role is bound to (tag or context map). */
export function boundActions(role: RoleFacts, opts: Pick<CollectOptions, 'agentProfiles' | 'profileBindings'>): string[] {
  const profiles = opts.agentProfiles ?? BUILTIN_AGENT_PROFILES;
  const tag = role.tags?.[PROFILE_TAG] ?? '';
  const mapped = opts.profileBindings?.[role.arn] ?? opts.profileBindings?.[role.name] ?? '';
  const { bindings } = parseBindings(`${tag} ${mapped}`);
  const actions = bindings.flatMap((b) => {
    const profile = profiles.find((p) => p.id === b.profileId);
    return profile ? needsOf(profile, b.version).actions.map((a) => a.action) : [];
  });
  return [...new Set(actions)];
}

/**
 * A denied call's role: its tags say which profiles bind it (a first read, whose gaps the second repeats), then
 * one simulation covers every action they need and the denied one.
 */
async function deniedCallRole(scope: Scope, reads: SharedReads, event: FailureEvent, opts: CollectOptions): Promise<void> {
  if (event.kind !== 'access-denied' || event.roleArn === undefined) return;
  const probe = await iam.collectRole({ ...scope, reader: new Reader(scope.reader.deadline) }, event.roleArn, []);
  const bound = probe?.exists ? boundActions(probe, opts) : [];
  await reads.role(event.roleArn, [...new Set([...bound, ...(event.denied ? [event.denied.action] : [])])]);
}

const JOB_TYPES = { 'backup-job': 'backup', 'copy-job': 'copy', 'restore-job': 'restore' } as const;

/** The actions a role needs for this failure, from the permission profiles; empty when none covers it. */
export function profileActions(event: FailureEvent, job?: JobRecord): readonly string[] {
  if (event.kind === 'ecs-volume-attachment') return ECS_INFRASTRUCTURE_VOLUMES.actions.map((a) => a.action);
  const resourceType = event.resourceType ?? job?.resourceType;
  if (resourceType === undefined) return [];
  const jobType = event.kind === 'backup-job' || event.kind === 'copy-job' || event.kind === 'restore-job' ? JOB_TYPES[event.kind] : undefined;
  if (jobType === undefined) return [];
  return [...new Set((requiredActions(resourceType, jobType)?.actions ?? []).map((a) => a.action))];
}

/**
 * Reads the evidence for one failure. Never throws for known AWS errors (they become gaps); an unknown error is
 * thrown. Reads race `deadline`: when it passes, what is still unread becomes `timeout` gaps.
 * The job is read once; each area reads what its kind of failure needs, and their parts are merged once.
 */
export async function collectEvidence(event: FailureEvent, clients: Clients, opts: CollectOptions): Promise<Evidence> {
  // Failures from other clouds are diagnosed from their payload and the catalog: nothing is read from AWS.
  if (event.kind === 'external') return externalEvidence(event, opts.now);
  const account = event.account ?? accountOf(event.roleArn) ?? accountOf(event.resourceArn) ?? accountOf(event.vaultArn);
  const region = event.region ?? opts.region;
  const scope: Scope = {
    clients,
    reader: new Reader(opts.deadline),
    cache: opts.cache ?? defaultEvidenceCache,
    ...(account !== undefined ? { account } : {}),
    ...(region !== undefined ? { region } : {}),
    ...(opts.accounts !== undefined ? { accounts: opts.accounts } : {}),
  };
  const reads = new SharedReads(scope);
  if (opts.job) scope.reader.gaps.push(...opts.job.gaps);
  const job = opts.job ? Promise.resolve(opts.job.record) : backup.collectJob(scope, event);
  const context: AreaContext = { scope, event, reads, job, actions: (j) => opts.actions ?? profileActions(event, j) };
  const [jobRecord, ...parts] = await Promise.all([
    job,
    ...AREAS.map((area) => area(context)),
    deniedCallRole(scope, reads, event, opts).then(() => ({})),
  ]);
  const shared = await reads.part();

  return {
    schemaVersion: 1,
    ...(account !== undefined ? { account } : {}),
    ...(region !== undefined ? { region } : {}),
    capturedAt: opts.now.toISOString(),
    ...(jobRecord !== undefined ? { job: jobRecord } : {}),
    ...shared,
    ...Object.assign({}, ...parts),
    gaps: [...scope.reader.gaps],
  };
}

/** Options of the follow-up reads of one diagnosis. */
export interface FollowUpOptions extends Pick<ChangeLookupOptions, 'maxPages' | 'minIntervalMs'> {
  readonly now: Date;
  /** Epoch ms after which nothing more is read (the invocation's remaining time). */
  readonly deadline: number;
  /** true when the deployment grants sts:DecodeAuthorizationMessage (the opt-in). */
  readonly decodeAuthorizationMessages?: boolean;
}

/**
 * The follow-up reads against one account: CloudTrail's record of who changed the objects at fault, and, when
 * allowed, STS's decoding of an encoded authorization message. Each returns its facts and the gaps it left.
 */
export function followUpReads(
  clients: Clients,
  opts: FollowUpOptions,
): {
  changes: (objects: readonly ObjectAtFault[]) => Promise<{ value: Record<string, ChangeHistory>; gaps: Gap[] }>;
  decode?: (encoded: string) => Promise<{ value: DecodedAuthorization | undefined; gaps: Gap[] }>;
} {
  const scope = (): Scope => ({ clients, reader: new Reader(opts.deadline), cache: defaultEvidenceCache });
  return {
    changes: async (objects) => {
      const s = scope();
      const value = await collectChanges(s, objects, opts);
      return { value, gaps: s.reader.gaps };
    },
    ...(opts.decodeAuthorizationMessages
      ? {
          decode: async (encoded: string) => {
            const s = scope();
            const value = await collectAuthorization(s, encoded);
            return { value, gaps: s.reader.gaps };
          },
        }
      : {}),
  };
}
