/**
 * The evidence areas: what one kind of failure needs read. Each area reads its own objects, asks the shared reads
 * for roles, keys, vaults and resources, and returns its own part of the evidence; nothing is merged until the end.
 */
import type { Evidence, FailureEvent, JobRecord, PlanFacts } from '../model/types.ts';
import * as backup from './backup.ts';
import * as ecs from './ecs.ts';
import { isOtherAccount } from './read.ts';
import type { Scope } from './read.ts';
import { nonEmpty, type SharedReads } from './shared-reads.ts';

/** The part of the evidence an area adds besides the shared reads. */
export type AreaPart = Partial<Pick<Evidence, 'plans' | 'jobHistory' | 'backupSettings' | 'ecs' | 'ebsSnapshots' | 'trail'>>;

/** What every area is given. */
export interface AreaContext {
  readonly scope: Scope;
  readonly event: FailureEvent;
  readonly reads: SharedReads;
  /** The job record, read once for all areas (undefined when the event has no job or it could not be read). */
  readonly job: Promise<JobRecord | undefined>;
  /** The actions to simulate for a role of this failure. */
  readonly actions: (job?: JobRecord) => readonly string[];
}

/** A value from the event when it carries one, else from the job once it is read. */
async function fromJob<T>(ctx: AreaContext, value: T | undefined, pick: (j: JobRecord) => T | undefined): Promise<T | undefined> {
  if (value !== undefined) return value;
  const job = await ctx.job;
  return job === undefined ? undefined : pick(job);
}

/** Backup, copy and restore jobs: the role, the vaults, the plan, the resource and its recent jobs. */
export async function backupArea(ctx: AreaContext): Promise<AreaPart> {
  const { event, scope, reads } = ctx;
  if (event.kind !== 'backup-job' && event.kind !== 'copy-job' && event.kind !== 'restore-job') return {};
  let plan: PlanFacts | undefined;
  let history: readonly JobRecord[] | undefined;
  let resourceArn: string | undefined;
  let backupSettings: Evidence['backupSettings'];

  const role = async (): Promise<void> => {
    const roleArn = await fromJob(ctx, event.roleArn, (j) => j.roleArn);
    await reads.role(roleArn, ctx.actions(event.resourceType !== undefined ? undefined : await ctx.job));
  };
  const vault = async (): Promise<void> => {
    const ref = event.vaultArn ?? event.vaultName ?? (await fromJob(ctx, undefined, (j) => j.vaultName));
    await reads.vault(event.kind === 'copy-job' ? (event.sourceVaultArn ?? ref) : ref);
  };
  const readPlan = async (): Promise<void> => {
    const planId = await fromJob(ctx, event.plan?.planId, (j) => j.planId);
    if (planId !== undefined) plan = await backup.collectPlan(scope, planId, event.plan?.planVersion);
  };
  const readResource = async (): Promise<void> => {
    resourceArn = await fromJob(ctx, event.resourceArn, (j) => j.resourceArn);
    const type = event.resourceType ?? (await ctx.job)?.resourceType;
    const arn = resourceArn;
    await Promise.all([
      reads.resource(arn, type),
      arn === undefined || event.kind === 'restore-job' ? undefined : backup.collectHistory(scope, arn).then((h) => (history = h)),
    ]);
  };
  const copy = async (): Promise<void> => {
    if (event.kind !== 'copy-job') return;
    await Promise.all([
      reads.vault(event.destinationVaultArn),
      isOtherAccount(scope, event.destinationVaultArn)
        ? backup.collectGlobalSettings(scope).then((s) => (backupSettings = s))
        : undefined,
    ]);
  };
  await Promise.all([role(), vault(), readPlan(), readResource(), copy()]);

  return {
    ...(plan ? { plans: { [plan.planId]: plan } } : {}),
    ...(history && resourceArn !== undefined ? { jobHistory: { [resourceArn]: history } } : {}),
    ...(backupSettings !== undefined ? { backupSettings } : {}),
  };
}

/** An ECS task whose EBS volume could not attach: the task, its definition, the volume configuration and snapshots. */
export async function ecsArea(ctx: AreaContext): Promise<AreaPart> {
  const { event, scope, reads } = ctx;
  const facts = event.ecs;
  if (!facts) return {};
  const actions = ctx.actions();
  const roleArn = facts.attachment?.roleArn;

  const taskAndDefinition = async () => {
    const task = await ecs.collectTask(scope, facts);
    const arn = facts.taskDefinitionArn ?? task?.taskDefinitionArn;
    const definition = arn === undefined ? undefined : await ecs.collectTaskDefinition(scope, arn);
    return { task, definition };
  };
  const volumes = async () => {
    const [fromService, fromTrail] = await Promise.all([
      ecs.collectServiceVolumes(scope, facts),
      ecs.collectTrail(scope, facts, event.time, roleArn ?? event.roleArn),
    ]);
    const configurations = { ...(fromTrail?.volumeConfigurations ?? {}), ...(fromService ?? {}) };
    const configs = Object.values(configurations);
    const snapshotIds = [...new Set(configs.map((c) => c.snapshotId).filter((s): s is string => !!s))];
    const [snapshots] = await Promise.all([
      ecs.collectSnapshots(scope, snapshotIds).then(async (snaps) => {
        await Promise.all(Object.values(snaps).map((s) => reads.key(s.kmsKeyId)));
        return snaps;
      }),
      ...configs.map((c) => reads.role(c.roleArn, actions)),
      ...configs.map((c) => reads.key(c.kmsKeyId)),
    ]);
    return { configurations, snapshots, trail: fromTrail?.records ?? [] };
  };
  const [{ task, definition }, { configurations, snapshots, trail }] = await Promise.all([
    taskAndDefinition(),
    volumes(),
    reads.role(roleArn, actions),
  ]);

  const tasks = task ? { [task.taskArn]: task } : {};
  const taskDefinitions = definition ? { [definition.arn]: definition } : {};
  const ecsPart = {
    ...(nonEmpty(tasks) ? { tasks } : {}),
    ...(nonEmpty(taskDefinitions) ? { taskDefinitions } : {}),
    ...(nonEmpty(configurations) ? { volumeConfigurations: configurations } : {}),
  };
  return {
    ...(nonEmpty(ecsPart) ? { ecs: ecsPart } : {}),
    ...(nonEmpty(snapshots) ? { ebsSnapshots: snapshots } : {}),
    ...(trail.length > 0 ? { trail: [...trail] } : {}),
  };
}

/** An EBS volume notification: the key it names and, unless it is available, the volume. */
export async function ebsArea(ctx: AreaContext): Promise<AreaPart> {
  const ebs = ctx.event.ebs;
  if (!ebs) return {};
  await Promise.all([
    ctx.reads.key(ebs.keyArn),
    ebs.volumeArn !== undefined && ebs.result !== 'available' ? ctx.reads.resource(ebs.volumeArn, 'EBS') : undefined,
  ]);
  return {};
}

/** Every area, in the order their parts are merged. */
export const AREAS: readonly ((ctx: AreaContext) => Promise<AreaPart>)[] = [backupArea, ecsArea, ebsArea];
