/**
 * ECS volume attachments: the task, its task definition, the service's volume configurations, the snapshot a
 * volume is created from, and the CloudTrail records of the calls that launched the task.
 */
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeSnapshotsCommand } from '@aws-sdk/client-ec2';
import { DescribeServicesCommand, DescribeTaskDefinitionCommand, DescribeTasksCommand } from '@aws-sdk/client-ecs';
import type { ServiceManagedEBSVolumeConfiguration } from '@aws-sdk/client-ecs';
import type {
  EbsSnapshotFacts,
  EcsEventFacts,
  EcsTaskDefinitionFacts,
  EcsTaskFacts,
  EcsVolumeConfigFacts,
  TrailRecord,
} from '../model/types.ts';
import type { Scope } from './read.ts';
import { compact, iso } from './read.ts';

/** The CloudTrail events that launch a standalone task with its volume configuration. */
export const TASK_LAUNCH_EVENTS: readonly string[] = ['RunTask', 'StartTask'];
/** The CloudTrail events that give a service its volume configuration. */
export const SERVICE_LAUNCH_EVENTS: readonly string[] = ['CreateService', 'UpdateService'];
/** The CloudTrail events that carry an ECS volume configuration. */
export const LAUNCH_EVENTS: readonly string[] = [...TASK_LAUNCH_EVENTS, ...SERVICE_LAUNCH_EVENTS];

/** Reads the task; a task that ECS no longer knows (failure reason MISSING) is the fact `exists: false`. */
export async function collectTask(scope: Scope, ecs: EcsEventFacts): Promise<EcsTaskFacts | undefined> {
  return scope.reader.read({ action: 'ecs:DescribeTasks', subject: ecs.taskArn }, async (abortSignal) => {
    const out = await scope.clients.ecs.send(
      new DescribeTasksCommand({ tasks: [ecs.taskArn], ...(ecs.clusterArn !== undefined ? { cluster: ecs.clusterArn } : {}) }),
      { abortSignal },
    );
    const t = out.tasks?.[0];
    if (!t) return { taskArn: ecs.taskArn, exists: false };
    return compact({
      taskArn: t.taskArn ?? ecs.taskArn,
      exists: true,
      lastStatus: t.lastStatus,
      stoppedReason: t.stoppedReason,
      taskDefinitionArn: t.taskDefinitionArn,
      launchType: t.launchType,
      platformFamily: t.platformFamily,
      startedBy: t.startedBy,
      availabilityZone: t.availabilityZone,
      attachments: t.attachments?.map((a) =>
        compact({
          type: a.type ?? '',
          status: a.status,
          details: Object.fromEntries((a.details ?? []).map((d) => [d.name ?? '', d.value ?? ''])),
        }),
      ),
    });
  });
}

/** Reads a task definition's platform and volumes. */
export async function collectTaskDefinition(scope: Scope, arn: string): Promise<EcsTaskDefinitionFacts | undefined> {
  return scope.reader.read({ action: 'ecs:DescribeTaskDefinition', subject: arn }, async (abortSignal) => {
    const td = (await scope.clients.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn }), { abortSignal }))
      .taskDefinition;
    return compact({
      arn: td?.taskDefinitionArn ?? arn,
      family: td?.family,
      operatingSystemFamily: td?.runtimePlatform?.operatingSystemFamily,
      cpuArchitecture: td?.runtimePlatform?.cpuArchitecture,
      volumes: td?.volumes?.map((v) => compact({ name: v.name ?? '', configuredAtLaunch: v.configuredAtLaunch })),
    });
  });
}

function volumeConfig(name: string, v: ServiceManagedEBSVolumeConfiguration | undefined): EcsVolumeConfigFacts {
  return compact({
    name,
    roleArn: v?.roleArn,
    encrypted: v?.encrypted,
    kmsKeyId: v?.kmsKeyId,
    volumeType: v?.volumeType,
    sizeInGiB: v?.sizeInGiB,
    iops: v?.iops,
    throughput: v?.throughput,
    snapshotId: v?.snapshotId,
    filesystemType: v?.filesystemType,
  });
}

/** Reads the volume configurations of the service a task belongs to (group "service:NAME"). */
export async function collectServiceVolumes(
  scope: Scope,
  ecs: EcsEventFacts,
): Promise<Record<string, EcsVolumeConfigFacts> | undefined> {
  const service = ecs.group?.startsWith('service:') ? ecs.group.slice('service:'.length) : undefined;
  if (service === undefined) return undefined;
  return scope.reader.read({ action: 'ecs:DescribeServices', subject: service }, async (abortSignal) => {
    const out = await scope.clients.ecs.send(
      new DescribeServicesCommand({ services: [service], ...(ecs.clusterArn !== undefined ? { cluster: ecs.clusterArn } : {}) }),
      { abortSignal },
    );
    const deployments = out.services?.[0]?.deployments ?? [];
    // The deployment that runs this task's definition describes its volumes; else the primary one.
    const deployment =
      deployments.find((d) => d.taskDefinition !== undefined && d.taskDefinition === ecs.taskDefinitionArn) ??
      deployments.find((d) => d.status === 'PRIMARY') ??
      deployments[0];
    const result: Record<string, EcsVolumeConfigFacts> = {};
    for (const v of deployment?.volumeConfigurations ?? []) {
      if (v.name !== undefined) result[v.name] = volumeConfig(v.name, v.managedEBSVolume);
    }
    return result;
  });
}

/** Why a snapshot's filesystem type is a gap: EC2 has no such attribute, and no tag convention is documented. */
export const SNAPSHOT_FILESYSTEM_DETAIL = 'EC2 does not record the filesystem a snapshot was made from';

/**
 * Reads the EBS snapshots that volumes are created from; a missing one is the fact `exists: false`. The filesystem
 * the source volume had is not an EC2 attribute, so for each snapshot that exists it is a `not-collected` gap.
 * @see https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeSnapshots.html
 */
export async function collectSnapshots(scope: Scope, ids: readonly string[]): Promise<Record<string, EbsSnapshotFacts>> {
  const result: Record<string, EbsSnapshotFacts> = {};
  await Promise.all(
    ids.map(async (id) => {
      const outcome = await scope.reader.attempt(async (abortSignal) =>
        (await scope.clients.ec2.send(new DescribeSnapshotsCommand({ SnapshotIds: [id] }), { abortSignal })).Snapshots?.[0],
      );
      if (!outcome.ok) {
        if (outcome.why === 'not-found') result[id] = { snapshotId: id, exists: false };
        else scope.reader.gap({ action: 'ec2:DescribeSnapshots', subject: id }, outcome.why, outcome.detail);
        return;
      }
      const s = outcome.value;
      if (!s) {
        result[id] = { snapshotId: id, exists: false };
        return;
      }
      result[id] = compact({ snapshotId: id, exists: true, encrypted: s.Encrypted, kmsKeyId: s.KmsKeyId, volumeSizeGiB: s.VolumeSize });
      scope.reader.gaps.push({
        what: `the filesystem type of snapshot ${id}`,
        subject: id,
        why: 'not-collected',
        detail: SNAPSHOT_FILESYSTEM_DETAIL,
      });
    }),
  );
  return result;
}

interface TrailEventJson {
  readonly eventName?: string;
  readonly eventTime?: string;
  readonly eventSource?: string;
  readonly userIdentity?: { readonly arn?: string } | null;
  readonly errorCode?: string | null;
  readonly errorMessage?: string | null;
  readonly requestParameters?: {
    readonly cluster?: string;
    readonly service?: string;
    readonly serviceName?: string;
    readonly volumeConfigurations?: readonly { name?: string; managedEBSVolume?: ServiceManagedEBSVolumeConfiguration }[];
  } | null;
  readonly responseElements?: { readonly tasks?: readonly { taskArn?: string }[] } | null;
}

/** What CloudTrail says about the launch of a task: the matching records and the volume configurations they carry. */
export interface TrailRead {
  readonly records: TrailRecord[];
  readonly volumeConfigurations: Record<string, EcsVolumeConfigFacts>;
}

/** How far before the task's creation a launch call is looked for: a standalone task, a service's task. */
const LOOKBACK_MS = { task: 3_600_000, service: 24 * 3_600_000 } as const;
/** How far after the task's creation or the failure event a launch call is looked for. */
const LOOKAHEAD_MS = 5 * 60_000;
/** Pages of LookupEvents (50 events each, newest first) read per event name. */
const MAX_PAGES = 2;

const ROLE_ARN = /arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+/g;

/**
 * The time window of the look-up: from before the task's creation (else the event's time) to a little after the
 * latest of the two.
 */
function trailWindow(createdAt: string | undefined, eventTime: string | undefined, forService: boolean): { start: Date; end: Date } | undefined {
  const parse = (t: string | undefined): number | undefined => {
    const ms = t === undefined ? Number.NaN : Date.parse(t);
    return Number.isNaN(ms) ? undefined : ms;
  };
  const created = parse(createdAt);
  const event = parse(eventTime);
  const anchor = created ?? event;
  if (anchor === undefined) return undefined;
  const lookback = forService ? LOOKBACK_MS.service : LOOKBACK_MS.task;
  return { start: new Date(anchor - lookback), end: new Date(Math.max(anchor, event ?? anchor) + LOOKAHEAD_MS) };
}

/**
 * true for a launch call that IAM denied because of the infrastructure role: an AccessDenied error whose message
 * or request names the role, or names iam:PassRole and no other role.
 */
function isPassRoleDenial(body: TrailEventJson, roleArn: string | undefined): boolean {
  if (!/^(?:Client\.)?AccessDenied/i.test(body.errorCode ?? '')) return false;
  const text = `${body.errorMessage ?? ''} ${JSON.stringify(body.requestParameters ?? {})}`;
  const roles: readonly string[] = text.match(ROLE_ARN) ?? [];
  if (roleArn !== undefined && roles.includes(roleArn)) return true;
  return /\biam:PassRole\b/i.test(body.errorMessage ?? '') && (roles.length === 0 || roleArn === undefined);
}

/**
 * Looks up the calls that launched the task, by event name (one LookupEvents attribute per call, so one look-up
 * per name): RunTask and StartTask for a standalone task, CreateService and UpdateService for a service's task.
 * Keeps the calls that name the task or its service, and the ones denied because of the infrastructure role
 * (a denied call has no response, so no task ARN). Volume configurations come from successful calls only.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html
 */
export async function collectTrail(
  scope: Scope,
  ecs: EcsEventFacts,
  eventTime: string | undefined,
  roleArn?: string,
): Promise<TrailRead | undefined> {
  const service = ecs.group?.startsWith('service:') ? ecs.group.slice('service:'.length) : undefined;
  const window = trailWindow(ecs.createdAt, eventTime, service !== undefined);
  const spec = { action: 'cloudtrail:LookupEvents', subject: ecs.taskArn };
  if (window === undefined) {
    scope.reader.gap(spec, 'not-collected', 'neither the task creation time nor the event time bounds the look-up');
    return undefined;
  }
  const names = service !== undefined ? SERVICE_LAUNCH_EVENTS : TASK_LAUNCH_EVENTS;
  const records: TrailRecord[] = [];
  const volumeConfigurations: Record<string, EcsVolumeConfigFacts> = {};
  const seen = new Set<string>();
  // One name after another: LookupEvents allows two requests per second per account and Region.
  for (const name of names) {
    let nextToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const token = nextToken;
      const outcome = await scope.reader.attempt((abortSignal) =>
        scope.clients.cloudtrail.send(
          new LookupEventsCommand({
            LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: name }],
            StartTime: window.start,
            EndTime: window.end,
            MaxResults: 50,
            ...(token !== undefined ? { NextToken: token } : {}),
          }),
          { abortSignal },
        ),
      );
      if (!outcome.ok) {
        scope.reader.gap({ ...spec, what: `cloudtrail:LookupEvents ${name} for ${ecs.taskArn}` }, outcome.why, outcome.detail);
        return { records, volumeConfigurations };
      }
      for (const e of outcome.value.Events ?? []) {
        if (e.EventName !== name || !e.CloudTrailEvent) continue;
        const key = e.EventId ?? e.CloudTrailEvent;
        if (seen.has(key)) continue;
        seen.add(key);
        let body: TrailEventJson;
        try {
          body = JSON.parse(e.CloudTrailEvent) as TrailEventJson;
        } catch {
          continue;
        }
        const params = body.requestParameters ?? undefined;
        const forTask = body.responseElements?.tasks?.some((t) => t.taskArn === ecs.taskArn) ?? false;
        const forService = service !== undefined && (params?.service === service || params?.serviceName === service);
        const denied = isPassRoleDenial(body, roleArn);
        if (!forTask && !forService && !denied) continue;
        records.push(
          compact({
            eventName: name,
            eventTime: iso(e.EventTime) ?? body.eventTime ?? '',
            eventSource: body.eventSource,
            userArn: body.userIdentity?.arn ?? undefined,
            errorCode: body.errorCode ?? undefined,
            errorMessage: body.errorMessage ?? undefined,
            requestParameters: params,
          }),
        );
        if (body.errorCode || (!forTask && !forService)) continue;
        for (const v of params?.volumeConfigurations ?? []) {
          if (v.name !== undefined && volumeConfigurations[v.name] === undefined) {
            volumeConfigurations[v.name] = volumeConfig(v.name, v.managedEBSVolume);
          }
        }
      }
      nextToken = outcome.value.NextToken;
      if (nextToken === undefined) break;
    }
  }
  return { records, volumeConfigurations };
}
