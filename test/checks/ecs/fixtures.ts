/**
 * Shared inputs of the ECS check tests: the ECS Task State Change event of demo scenario 09 (real envelope and
 * RunTask task shape, documented statusReason), cloned and altered, and small evidence builders (our own data).
 */
import { readFileSync } from 'node:fs';
import { classifyEvent } from '../../../lambdas/catalog/index.ts';
import type {
  CheckContext,
  EcsVolumeConfigFacts,
  Evidence,
  FailureEvent,
  PolicyDocument,
  RoleFacts,
} from '../../../lambdas/model/types.ts';
import { parseInput } from '../../../lambdas/events/index.ts';

export const ACCOUNT = '111122223333';
export const REGION = 'ap-northeast-1';
export const ROLE = `arn:aws:iam::${ACCOUNT}:role/ecsInfrastructureRole`;
export const TD = `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/mytaskdef:4`;
export const NOW = new Date('2026-11-20T09:15:00Z');

/** Status reasons exactly as the ECS troubleshooting page (and the catalog's samples) print them. */
export const REASONS = {
  assume: `ECS was unable to assume the configured ECS Infrastructure Role '${ROLE}'. Please verify that the role being passed has the proper trust relationship with Amazon ECS`,
  idempotent:
    'ECS failed to set up the EBS volume. Encountered IdempotentParameterMismatch"; "The client token you have provided is associated with a resource that is already deleted. Please use a different client token."',
  timeout: 'ECS timed out while configuring the EBS volume attachment to your Task',
  noMatch: 'Invalid request provided: Volume configuration provided but no matching configuredAtLaunch volume found in task definition.',
  zone: "Encountered 'VolumeTypeNotAvailableInZone' error from AmazonEC2",
} as const;

const BASE_EVENT = JSON.parse(
  readFileSync(new URL('../../../demo/scenarios/09-ecs-infra-role-not-trusted/event.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

/** The base event with another statusReason (and optionally another task group). */
export function ecsEvent(reason: string, group?: string): FailureEvent {
  const raw = structuredClone(BASE_EVENT) as { detail: { group: string; attachments: { type: string; details: { name: string; value: string }[] }[] } };
  const ebs = raw.detail.attachments.find((a) => a.type === 'AmazonElasticBlockStorage');
  const reasonDetail = ebs?.details.find((d) => d.name === 'statusReason');
  if (reasonDetail) reasonDetail.value = reason;
  if (group) raw.detail.group = group;
  const parsed = parseInput(raw);
  if (!parsed.ok || !parsed.events[0]) throw new Error('the base ECS event does not parse');
  return parsed.events[0];
}

/** An EBS Volume Notification from the EBS user guide (test/fixtures/events). */
export function ebsEvent(file: string): FailureEvent {
  const raw = JSON.parse(readFileSync(new URL(`../../fixtures/events/${file}`, import.meta.url), 'utf8')) as unknown;
  const parsed = parseInput(raw);
  if (!parsed.ok || !parsed.events[0]) throw new Error(`${file} does not parse`);
  return parsed.events[0];
}

/** The trust policy the ECS documentation publishes. */
export const ECS_TRUST: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

const MANAGED = JSON.parse(
  readFileSync(new URL('../../../profiles/managed-policies/AmazonECSInfrastructureRolePolicyForVolumes.json', import.meta.url), 'utf8'),
) as { PolicyVersion: { VersionId: string; Document: PolicyDocument } };

/** The current AmazonECSInfrastructureRolePolicyForVolumes document. */
export const VOLUMES_POLICY = MANAGED.PolicyVersion.Document;

/** A role with the managed policy attached, trusted by ECS, created long ago. */
export function infraRole(over: Partial<RoleFacts> = {}): RoleFacts {
  return {
    arn: ROLE,
    name: 'ecsInfrastructureRole',
    exists: true,
    createDate: '2025-06-02T08:00:00Z',
    trustPolicy: ECS_TRUST,
    attachedPolicies: [
      {
        name: 'AmazonECSInfrastructureRolePolicyForVolumes',
        arn: 'arn:aws:iam::aws:policy/service-role/AmazonECSInfrastructureRolePolicyForVolumes',
        versionId: MANAGED.PolicyVersion.VersionId,
        document: VOLUMES_POLICY,
      },
    ],
    inlinePolicies: [],
    ...over,
  };
}

/** A volume configuration as RunTask received it. */
export function volumeConfig(over: Partial<EcsVolumeConfigFacts> = {}): EcsVolumeConfigFacts {
  return { name: 'myEBSVolume', roleArn: ROLE, encrypted: true, volumeType: 'gp3', sizeInGiB: 100, filesystemType: 'ext4', ...over };
}

/** Evidence with the role, the configuration and a Linux task definition; `over` replaces parts. */
export function evidence(
  over: Partial<Evidence> & { config?: EcsVolumeConfigFacts | null; os?: string; volumes?: { name: string; configuredAtLaunch?: boolean }[] } = {},
): Evidence {
  const { config, os, volumes, ...rest } = over;
  const cfg = config === null ? undefined : (config ?? volumeConfig());
  return {
    schemaVersion: 1,
    account: ACCOUNT,
    region: REGION,
    roles: { [ROLE]: infraRole() },
    ecs: {
      taskDefinitions: {
        [TD]: {
          arn: TD,
          family: 'mytaskdef',
          operatingSystemFamily: os ?? 'LINUX',
          volumes: volumes ?? [{ name: 'myEBSVolume', configuredAtLaunch: true }],
        },
      },
      ...(cfg ? { volumeConfigurations: { [cfg.name]: cfg } } : {}),
    },
    gaps: [],
    ...rest,
  };
}

/** A check context for an event and evidence. */
export function context(event: FailureEvent, ev: Evidence, now: Date = NOW): CheckContext {
  return { event, evidence: ev, classification: classifyEvent(event), now };
}
