/**
 * What the ECS checks read about a failed EBS volume attachment: the infrastructure role, the volume
 * configuration given at launch, the task definition and the task. Values fall back from the event to the
 * evidence that DescribeTasks, DescribeServices and CloudTrail gave.
 */
import type {
  CheckContext,
  EcsTaskDefinitionFacts,
  EcsTaskFacts,
  EcsVolumeConfigFacts,
  Gap,
} from '../../model/types.ts';
import { partitionOf as arnPartition } from '../../../profiles/index.ts';
import { shellJson } from './finding.ts';
import { gapsFor } from './lookup.ts';
import { arnAccount, arnName } from '../../model/arn.ts';

/** The Amazon ECS infrastructure IAM role page: trust policy, managed policy and the caller's PassRole. */
export const INFRA_ROLE_DOCS = 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/infrastructure_IAM_role.html';
/** The status reasons of failed EBS volume attachments and their causes. */
export const STATUS_REASONS_DOCS =
  'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/troubleshoot-ebs-volumes-scenarios.html';
/** The ECS page on encrypting EBS volumes with a KMS key. */
export const EBS_KMS_DOCS = 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ebs-kms-encryption.html';
/** The service principal that assumes the infrastructure role. */
export const ECS_SERVICE = 'ecs.amazonaws.com';

/**
 * The volume configuration of the failed attachment: by the attachment's volume name, else the only one (ECS
 * attaches one EBS volume per task, and a misnamed configuration is exactly what ecs-ec2-volume-config reports).
 */
export function volumeConfigOf(ctx: CheckContext): EcsVolumeConfigFacts | undefined {
  const configs = ctx.evidence.ecs?.volumeConfigurations ?? {};
  const name = ctx.event.ecs?.attachment?.volumeName;
  if (name !== undefined && configs[name]) return configs[name];
  const all = Object.values(configs);
  return all.length === 1 ? all[0] : undefined;
}

/** The infrastructure role: the one the attachment names, else the volume configuration's. */
export function infraRoleArnOf(ctx: CheckContext): string | undefined {
  return ctx.event.ecs?.attachment?.roleArn ?? ctx.event.roleArn ?? volumeConfigOf(ctx)?.roleArn;
}

/** The task as DescribeTasks reported it. */
export function taskOf(ctx: CheckContext): EcsTaskFacts | undefined {
  const arn = ctx.event.ecs?.taskArn;
  return arn ? ctx.evidence.ecs?.tasks?.[arn] : undefined;
}

/** The task definition of the task. */
export function taskDefinitionOf(ctx: CheckContext): EcsTaskDefinitionFacts | undefined {
  const arn = ctx.event.ecs?.taskDefinitionArn ?? taskOf(ctx)?.taskDefinitionArn;
  const defs = ctx.evidence.ecs?.taskDefinitions ?? {};
  if (arn) return defs[arn];
  const all = Object.values(defs);
  return all.length === 1 ? all[0] : undefined;
}

/** The account the task ran in. */
export function accountOf(ctx: CheckContext): string | undefined {
  const task = ctx.event.ecs?.taskArn;
  return ctx.event.account ?? ctx.evidence.account ?? (task ? arnAccount(task) : undefined);
}

/** The partition of the task ARN ("aws" by default). */
export function partitionOf(ctx: CheckContext): string {
  return arnPartition(ctx.event.ecs?.taskArn ?? ctx.event.resourceArn);
}

/** When the failure happened: the event's time, else the task's creation, else `now`. */
export function failureTimeOf(ctx: CheckContext): Date {
  for (const t of [ctx.event.time, ctx.event.ecs?.createdAt]) {
    if (t !== undefined && !Number.isNaN(Date.parse(t))) return new Date(t);
  }
  return ctx.now;
}

/** A gap for the volume configuration, which only CloudTrail or DescribeServices can tell. */
export function volumeConfigGap(ctx: CheckContext): Gap[] {
  const task = ctx.event.ecs?.taskArn;
  const trail = gapsFor(ctx.evidence, task, 'cloudtrail:LookupEvents');
  if (trail.length > 0) return trail;
  const name = ctx.event.ecs?.attachment?.volumeName;
  return [
    {
      what: `the volume configuration${name ? ` of volume ${name}` : ''} (RunTask/CreateService/UpdateService request)`,
      ...(task ? { subject: task } : {}),
      why: 'not-collected',
    },
  ];
}

/** The cluster name of the task. */
export function clusterNameOf(ctx: CheckContext): string {
  const cluster = ctx.event.ecs?.clusterArn;
  if (cluster) return arnName(cluster);
  const task = ctx.event.ecs?.taskArn ?? '';
  const m = /:task\/([^/]+)\//.exec(task);
  return m?.[1] ?? '<cluster>';
}

/** The service that started the task ("service:<name>" group), when it was a service. */
export function serviceNameOf(ctx: CheckContext): string | undefined {
  const group = ctx.event.ecs?.group;
  return group?.startsWith('service:') ? group.slice('service:'.length) : undefined;
}

/** The managed EBS volume part of a volume configuration, as the ECS API spells it. */
function managedVolume(config: EcsVolumeConfigFacts): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (config.roleArn !== undefined) out.roleArn = config.roleArn;
  if (config.encrypted !== undefined) out.encrypted = config.encrypted;
  if (config.kmsKeyId !== undefined) out.kmsKeyId = config.kmsKeyId;
  if (config.volumeType !== undefined) out.volumeType = config.volumeType;
  if (config.sizeInGiB !== undefined) out.sizeInGiB = config.sizeInGiB;
  if (config.iops !== undefined) out.iops = config.iops;
  if (config.throughput !== undefined) out.throughput = config.throughput;
  if (config.snapshotId !== undefined) out.snapshotId = config.snapshotId;
  if (config.filesystemType !== undefined) out.filesystemType = config.filesystemType;
  return out;
}

/**
 * The command that launches again with a corrected volume configuration: update-service for a service's task,
 * run-task for a standalone task.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/configure-ebs-volume.html
 */
export function relaunchCommand(ctx: CheckContext, config: EcsVolumeConfigFacts): string {
  const cluster = clusterNameOf(ctx);
  const service = serviceNameOf(ctx);
  const volume = [{ name: config.name, managedEBSVolume: managedVolume(config) }];
  const json = shellJson(volume);
  if (service) {
    return `aws ecs update-service --cluster ${cluster} --service ${service} --volume-configurations ${json} --force-new-deployment`;
  }
  const td = ctx.event.ecs?.taskDefinitionArn ?? taskOf(ctx)?.taskDefinitionArn ?? '<task-definition>';
  return `aws ecs run-task --cluster ${cluster} --task-definition ${td} --volume-configurations ${json} --network-configuration <same-as-before>`;
}

/** The command that launches the task again unchanged: a new deployment of its service, or the same RunTask. */
export function retryCommand(ctx: CheckContext): string {
  const service = serviceNameOf(ctx);
  if (service) return `aws ecs update-service --cluster ${clusterNameOf(ctx)} --service ${service} --force-new-deployment`;
  const config = volumeConfigOf(ctx);
  if (config) return relaunchCommand(ctx, config);
  const td = ctx.event.ecs?.taskDefinitionArn ?? taskOf(ctx)?.taskDefinitionArn ?? '<task-definition>';
  return `aws ecs run-task --cluster ${clusterNameOf(ctx)} --task-definition ${td} --volume-configurations <same-as-before> --network-configuration <same-as-before>`;
}
