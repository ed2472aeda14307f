/**
 * The live evidence collectors: the only code that reads AWS. An event goes in, an Evidence snapshot comes out
 * (the same shape as an offline account snapshot), with every read that failed recorded as a gap.
 * Reads run in parallel; when the event names the role, vault, plan and resource, the critical path is three
 * round trips (GetRole → GetPolicy → GetPolicyVersion; DescribeBackupVault → KMS; DescribeInstances →
 * DescribeVolumes → KMS).
 */
import type {
  EbsSnapshotFacts,
  EcsTaskDefinitionFacts,
  EcsTaskFacts,
  EcsVolumeConfigFacts,
  Evidence,
  FailureEvent,
  JobRecord,
  KeyFacts,
  PlanFacts,
  ResourceFacts,
  RoleFacts,
  TrailRecord,
  VaultFacts,
} from '../core/types.ts';
import { ECS_INFRASTRUCTURE_VOLUMES, requiredActions } from '../../profiles/index.ts';
import * as backup from './backup.ts';
import { EvidenceCache } from './cache.ts';
import type { Clients } from './clients.ts';
import * as ecs from './ecs.ts';
import { externalEvidence } from './external.ts';
import * as iam from './iam.ts';
import * as kms from './kms.ts';
import type { Scope } from './read.ts';
import { accountOf, isOtherAccount, Reader } from './read.ts';
import * as resource from './resource.ts';

export { createClients } from './clients.ts';
export type { Clients, ClientsConfig } from './clients.ts';
export { EvidenceCache } from './cache.ts';
export type { EvidenceCacheOptions } from './cache.ts';
export { gapReasonOf } from './errors.ts';
export { decodePolicy } from './decode.ts';

/** Every IAM action the collectors call, sorted: the diagnoser's role is granted exactly these. */
export const COLLECTOR_PERMISSIONS: readonly string[] = [
  ...new Set<string>([
    ...backup.permissions,
    ...iam.permissions,
    ...kms.permissions,
    ...resource.permissions,
    ...ecs.permissions,
  ]),
].sort();

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
  };

  const roles: Record<string, RoleFacts> = {};
  const keys: Record<string, KeyFacts> = {};
  const aliases: Record<string, string> = {};
  const vaults: Record<string, VaultFacts> = {};
  const plans: Record<string, PlanFacts> = {};
  const jobHistory: Record<string, readonly JobRecord[]> = {};
  const resources: Record<string, ResourceFacts> = {};
  const tasks: Record<string, EcsTaskFacts> = {};
  const taskDefinitions: Record<string, EcsTaskDefinitionFacts> = {};
  const volumeConfigurations: Record<string, EcsVolumeConfigFacts> = {};
  const ebsSnapshots: Record<string, EbsSnapshotFacts> = {};
  const trail: TrailRecord[] = [];
  let backupSettings: Evidence['backupSettings'];
  let job: JobRecord | undefined;

  const seenKeys = new Set<string>();
  const readKey = async (ref: string | undefined): Promise<void> => {
    if (ref === undefined || ref === '' || seenKeys.has(ref)) return;
    seenKeys.add(ref);
    const read = await kms.collectKey(scope, ref);
    if (!read) return;
    keys[read.facts.arn] = read.facts;
    if (read.alias !== undefined) aliases[read.alias] = read.facts.arn;
  };
  const seenRoles = new Set<string>();
  const readRole = async (arn: string | undefined, actions: readonly string[]): Promise<void> => {
    if (arn === undefined || seenRoles.has(arn)) return;
    seenRoles.add(arn);
    const facts = await iam.collectRole(scope, arn, actions);
    if (facts) roles[arn] = facts;
  };
  const seenVaults = new Set<string>();
  const readVault = async (ref: string | undefined): Promise<void> => {
    if (ref === undefined || ref === '' || seenVaults.has(backup.vaultNameOf(ref))) return;
    seenVaults.add(backup.vaultNameOf(ref));
    const facts = await backup.collectVault(scope, ref);
    if (!facts) return;
    vaults[facts.name] = facts;
    await readKey(facts.encryptionKeyArn);
  };
  const readResource = async (arn: string | undefined, type: string | undefined): Promise<void> => {
    if (arn === undefined || resources[arn] !== undefined) return;
    const read = await resource.collectResource(scope, arn, type);
    if (!read) return;
    resources[arn] = read.facts;
    await Promise.all(read.keyRefs.map(readKey));
  };

  const jobPromise = backup.collectJob(scope, event).then((j) => {
    job = j;
    return j;
  });
  /** A value from the event when it carries one, else from the job once it is read. */
  const fromJob = async <T>(value: T | undefined, pick: (j: JobRecord) => T | undefined): Promise<T | undefined> =>
    value !== undefined ? value : pick((await jobPromise) ?? ({} as JobRecord));

  const work: Promise<unknown>[] = [jobPromise];
  const isBackupKind = event.kind === 'backup-job' || event.kind === 'copy-job' || event.kind === 'restore-job';

  if (isBackupKind) {
    work.push(
      (async () => {
        const roleArn = await fromJob(event.roleArn, (j) => j.roleArn);
        const actions = opts.actions ?? (event.resourceType !== undefined ? profileActions(event) : profileActions(event, await jobPromise));
        await readRole(roleArn, actions);
      })(),
      (async () => {
        const vault = event.vaultArn ?? event.vaultName ?? (await fromJob(undefined, (j) => j.vaultName));
        await readVault(event.kind === 'copy-job' ? (event.sourceVaultArn ?? vault) : vault);
      })(),
      (async () => {
        const planId = await fromJob(event.plan?.planId, (j) => j.planId);
        if (planId === undefined) return;
        const plan = await backup.collectPlan(scope, planId, event.plan?.planVersion);
        if (plan) plans[plan.planId] = plan;
      })(),
      (async () => {
        const arn = await fromJob(event.resourceArn, (j) => j.resourceArn);
        const type = event.resourceType ?? job?.resourceType;
        await Promise.all([
          readResource(arn, type),
          (async () => {
            if (arn === undefined || event.kind === 'restore-job') return;
            const history = await backup.collectHistory(scope, arn);
            if (history) jobHistory[arn] = history;
          })(),
        ]);
      })(),
    );
    if (event.kind === 'copy-job') {
      work.push(readVault(event.destinationVaultArn));
      if (isOtherAccount(scope, event.destinationVaultArn)) {
        work.push(
          backup.collectGlobalSettings(scope).then((s) => {
            if (s) backupSettings = s;
          }),
        );
      }
    }
  }

  const ecsFacts = event.ecs;
  if (ecsFacts) {
    const actions = opts.actions ?? profileActions(event);
    work.push(
      readRole(ecsFacts.attachment?.roleArn, actions),
      ecs.collectTask(scope, ecsFacts).then(async (task) => {
        if (task) tasks[task.taskArn] = task;
        const arn = ecsFacts.taskDefinitionArn ?? task?.taskDefinitionArn;
        if (arn === undefined) return;
        const td = await ecs.collectTaskDefinition(scope, arn);
        if (td) taskDefinitions[td.arn] = td;
      }),
      Promise.all([
        ecs.collectServiceVolumes(scope, ecsFacts),
        ecs.collectTrail(scope, ecsFacts, event.time, ecsFacts.attachment?.roleArn ?? event.roleArn),
      ]).then(
        async ([fromService, fromTrail]) => {
          if (fromTrail) trail.push(...fromTrail.records);
          Object.assign(volumeConfigurations, fromTrail?.volumeConfigurations ?? {}, fromService ?? {});
          const configs = Object.values(volumeConfigurations);
          const snapshotIds = [...new Set(configs.map((c) => c.snapshotId).filter((s): s is string => !!s))];
          await Promise.all([
            ...configs.map((c) => readRole(c.roleArn, actions)),
            ...configs.map((c) => readKey(c.kmsKeyId)),
            ecs.collectSnapshots(scope, snapshotIds).then(async (snaps) => {
              Object.assign(ebsSnapshots, snaps);
              await Promise.all(Object.values(snaps).map((s) => readKey(s.kmsKeyId)));
            }),
          ]);
        },
      ),
    );
  }
  if (event.ebs) {
    work.push(readKey(event.ebs.keyArn));
    if (event.ebs.volumeArn !== undefined && event.ebs.result !== 'available') work.push(readResource(event.ebs.volumeArn, 'EBS'));
  }

  await Promise.all(work);

  const gaps = scope.reader.gaps;
  const nonEmpty = <T extends object>(r: T): T | undefined => (Object.keys(r).length > 0 ? r : undefined);
  const ecsPart =
    nonEmpty(tasks) || nonEmpty(taskDefinitions) || nonEmpty(volumeConfigurations)
      ? {
          ...(nonEmpty(tasks) ? { tasks } : {}),
          ...(nonEmpty(taskDefinitions) ? { taskDefinitions } : {}),
          ...(nonEmpty(volumeConfigurations) ? { volumeConfigurations } : {}),
        }
      : undefined;
  return {
    schemaVersion: 1,
    ...(account !== undefined ? { account } : {}),
    ...(region !== undefined ? { region } : {}),
    capturedAt: opts.now.toISOString(),
    ...(job !== undefined ? { job } : {}),
    ...(nonEmpty(roles) ? { roles } : {}),
    ...(nonEmpty(keys) ? { keys } : {}),
    ...(nonEmpty(aliases) ? { aliases } : {}),
    ...(nonEmpty(vaults) ? { vaults } : {}),
    ...(nonEmpty(plans) ? { plans } : {}),
    ...(nonEmpty(jobHistory) ? { jobHistory } : {}),
    ...(nonEmpty(resources) ? { resources } : {}),
    ...(backupSettings !== undefined ? { backupSettings } : {}),
    ...(ecsPart !== undefined ? { ecs: ecsPart } : {}),
    ...(nonEmpty(ebsSnapshots) ? { ebsSnapshots } : {}),
    ...(trail.length > 0 ? { trail } : {}),
    gaps: [...gaps],
  };
}
