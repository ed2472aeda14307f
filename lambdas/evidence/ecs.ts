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
} from '../core/types.ts';
import type { Scope } from './read.ts';
import { compact, iso } from './read.ts';

/** The actions this collector calls. */
export const permissions = [
  'ecs:DescribeTasks',
  'ecs:DescribeTaskDefinition',
  'ecs:DescribeServices',
  'ec2:DescribeSnapshots',
  'cloudtrail:LookupEvents',
] as const;

/** The CloudTrail events that carry an ECS volume configuration. */
export const LAUNCH_EVENTS: readonly string[] = ['RunTask', 'StartTask', 'CreateService', 'UpdateService'];

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

/** Reads the EBS snapshots that volumes are created from; a missing one is the fact `exists: false`. */
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
      result[id] = s
        ? compact({ snapshotId: id, exists: true, encrypted: s.Encrypted, kmsKeyId: s.KmsKeyId, volumeSizeGiB: s.VolumeSize })
        : { snapshotId: id, exists: false };
    }),
  );
  return result;
}

interface TrailEventJson {
  readonly eventName?: string;
  readonly eventTime?: string;
  readonly eventSource?: string;
  readonly userIdentity?: { readonly arn?: string };
  readonly errorCode?: string;
  readonly errorMessage?: string;
  readonly requestParameters?: {
    readonly cluster?: string;
    readonly service?: string;
    readonly serviceName?: string;
    readonly volumeConfigurations?: readonly { name?: string; managedEBSVolume?: ServiceManagedEBSVolumeConfiguration }[];
  };
  readonly responseElements?: { readonly tasks?: readonly { taskArn?: string }[] };
}

/** What CloudTrail says about the launch of a task: the matching records and the volume configurations they carry. */
export interface TrailRead {
  readonly records: TrailRecord[];
  readonly volumeConfigurations: Record<string, EcsVolumeConfigFacts>;
}

/**
 * Looks up the ECS calls around the task's creation (RunTask for the task, CreateService/UpdateService for its
 * service) to learn the caller and the volume configuration given at launch. One LookupEvents call, bounded.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html
 */
export async function collectTrail(scope: Scope, ecs: EcsEventFacts, eventTime: string | undefined): Promise<TrailRead | undefined> {
  const anchor = ecs.createdAt ?? eventTime;
  if (anchor === undefined || Number.isNaN(Date.parse(anchor))) return undefined;
  const at = Date.parse(anchor);
  const service = ecs.group?.startsWith('service:') ? ecs.group.slice('service:'.length) : undefined;
  return scope.reader.read({ action: 'cloudtrail:LookupEvents', subject: ecs.taskArn }, async (abortSignal) => {
    const out = await scope.clients.cloudtrail.send(
      new LookupEventsCommand({
        LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: 'ecs.amazonaws.com' }],
        // Services are created or updated well before their tasks start; a day covers the usual rollout.
        StartTime: new Date(at - (service !== undefined ? 24 * 3_600_000 : 3_600_000)),
        EndTime: new Date(at + 10 * 60_000),
        MaxResults: 50,
      }),
      { abortSignal },
    );
    const records: TrailRecord[] = [];
    const volumeConfigurations: Record<string, EcsVolumeConfigFacts> = {};
    for (const e of out.Events ?? []) {
      if (!e.EventName || !LAUNCH_EVENTS.includes(e.EventName) || !e.CloudTrailEvent) continue;
      let body: TrailEventJson;
      try {
        body = JSON.parse(e.CloudTrailEvent) as TrailEventJson;
      } catch {
        continue;
      }
      const params = body.requestParameters;
      const forTask = body.responseElements?.tasks?.some((t) => t.taskArn === ecs.taskArn) ?? false;
      const forService =
        service !== undefined && (params?.service === service || params?.serviceName === service);
      if (!forTask && !forService) continue;
      records.push(
        compact({
          eventName: e.EventName,
          eventTime: iso(e.EventTime) ?? body.eventTime ?? '',
          eventSource: body.eventSource,
          userArn: body.userIdentity?.arn,
          errorCode: body.errorCode,
          errorMessage: body.errorMessage,
          requestParameters: params,
        }),
      );
      for (const v of params?.volumeConfigurations ?? []) {
        if (v.name !== undefined && volumeConfigurations[v.name] === undefined) {
          volumeConfigurations[v.name] = volumeConfig(v.name, v.managedEBSVolume);
        }
      }
    }
    return { records, volumeConfigurations };
  });
}
