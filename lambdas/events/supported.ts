/**
 * The EventBridge events backup-doctor understands. One list drives both the parser and the routing rules.
 */
import type { FailureKind } from '../core/types.ts';
import { BUILTIN_AGENT_PROFILES } from '../../profiles/agent-profiles.ts';
import { CLOUDTRAIL_DETAIL_TYPE } from './cloudtrail.ts';

/** One EventBridge event type the parser accepts, and the kind of failure it describes. */
export interface SupportedDetailType {
  readonly source: string;
  readonly detailType: string;
  readonly kind: FailureKind;
}

/**
 * The EventBridge events the parser accepts (source + detail-type → kind).
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_cwe_events.html
 * @see https://docs.aws.amazon.com/ebs/latest/userguide/ebs-cloud-watch-events.html
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event.html
 */
export const SUPPORTED_DETAIL_TYPES: readonly SupportedDetailType[] = [
  { source: 'aws.backup', detailType: 'Backup Job State Change', kind: 'backup-job' },
  { source: 'aws.backup', detailType: 'Copy Job State Change', kind: 'copy-job' },
  { source: 'aws.backup', detailType: 'Restore Job State Change', kind: 'restore-job' },
  { source: 'aws.ecs', detailType: 'ECS Task State Change', kind: 'ecs-volume-attachment' },
  { source: 'aws.ec2', detailType: 'EBS Volume Notification', kind: 'ebs-volume-notification' },
  ...agentServices().map((service) => ({ source: `aws.${service}`, detailType: CLOUDTRAIL_DETAIL_TYPE, kind: 'access-denied' as const })),
];

/** The services (IAM prefixes) whose actions the built-in agent profiles name, sorted: their denied calls are parsed. */
export function agentServices(): string[] {
  const prefixes = BUILTIN_AGENT_PROFILES.flatMap((p) => p.requirements.flatMap((r) => r.actions.map((a) => a.action.split(':')[0] as string)));
  return [...new Set(prefixes.map((s) => s.toLowerCase()))].sort();
}

/**
 * AWS Backup job states that mean the job did not do its work. COMPLETED with a status message
 * ("Completed with issues") is not among them.
 * @see https://docs.aws.amazon.com/aws-backup/latest/APIReference/API_BackupJob.html
 */
export const BACKUP_FAILURE_STATES: readonly string[] = ['FAILED', 'EXPIRED', 'ABORTED', 'PARTIAL'];

/** The kind for an EventBridge source and detail-type, when it is supported. */
export function supportedKind(source: string, detailType: string): FailureKind | undefined {
  return SUPPORTED_DETAIL_TYPES.find((s) => s.source === source && s.detailType === detailType)?.kind;
}
