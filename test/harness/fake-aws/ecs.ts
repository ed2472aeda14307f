/** The loopback fake of AWS: Amazon ECS (awsJson1_1): tasks, task definitions and services. */
import type { EcsVolumeConfigFacts, Evidence } from '../../../lambdas/model/types.ts';
import { ApiError, notFound } from './wire.ts';

export function ecs(s: Evidence, action: string, body: Record<string, unknown>): unknown {
  switch (action) {
    case 'DescribeTasks': {
      const arns = (body['tasks'] as string[] | undefined) ?? [];
      const found = arns.map((a) => s.ecs?.tasks?.[a]).filter((t) => t?.exists === true);
      return {
        tasks: found.map((t) => ({
          taskArn: t?.taskArn,
          lastStatus: t?.lastStatus,
          stoppedReason: t?.stoppedReason,
          taskDefinitionArn: t?.taskDefinitionArn,
          launchType: t?.launchType,
          platformFamily: t?.platformFamily,
          startedBy: t?.startedBy,
          availabilityZone: t?.availabilityZone,
          attachments: t?.attachments?.map((a) => ({
            type: a.type,
            status: a.status,
            details: Object.entries(a.details).map(([name, value]) => ({ name, value })),
          })),
        })),
        failures: arns.filter((a) => s.ecs?.tasks?.[a]?.exists !== true).map((arn) => ({ arn, reason: 'MISSING' })),
      };
    }
    case 'DescribeTaskDefinition': {
      const td = s.ecs?.taskDefinitions?.[String(body['taskDefinition'] ?? '')] ?? notFound('ClientException', 400);
      return {
        taskDefinition: {
          taskDefinitionArn: td.arn,
          family: td.family,
          runtimePlatform: td.operatingSystemFamily ? { operatingSystemFamily: td.operatingSystemFamily, cpuArchitecture: td.cpuArchitecture } : undefined,
          volumes: td.volumes,
        },
      };
    }
    case 'DescribeServices': {
      const names = (body['services'] as string[] | undefined) ?? [];
      const configs = Object.values(s.ecs?.volumeConfigurations ?? {});
      return {
        services: names.map((serviceName) => ({
          serviceName,
          deployments: [
            {
              status: 'PRIMARY',
              volumeConfigurations: configs.map(volumeConfigurationJson),
            },
          ],
        })),
        failures: [],
      };
    }
    default:
      throw new ApiError('NotImplemented', 501);
  }
}

/** A volume configuration in the shape ECS's API uses (DescribeServices deployments, RunTask requests). */
export function volumeConfigurationJson(c: EcsVolumeConfigFacts) {
  return {
    name: c.name,
    managedEBSVolume: {
      roleArn: c.roleArn,
      encrypted: c.encrypted,
      kmsKeyId: c.kmsKeyId,
      volumeType: c.volumeType,
      sizeInGiB: c.sizeInGiB,
      iops: c.iops,
      throughput: c.throughput,
      snapshotId: c.snapshotId,
      filesystemType: c.filesystemType,
    },
  };
}
