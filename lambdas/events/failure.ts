/**
 * Which parsed events are failures worth a diagnosis. Parsing accepts every state; callers decide with these.
 */
import type { FailureEvent } from '../model/types.ts';
import { BACKUP_FAILURE_STATES } from '../catalog/routes.ts';

const EBS_MENTION = /\bEBS\b|Elastic Block Store|AmazonElasticBlockStorage/i;

/**
 * True when the event describes a failure: a Backup/Copy/Restore job FAILED, EXPIRED, ABORTED or PARTIAL;
 * an ECS task whose EBS attachment FAILED, or that STOPPED for an EBS reason; an EBS notification with
 * result "failed".
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/troubleshoot-ebs-volumes-scenarios.html
 */
export function isFailure(e: FailureEvent): boolean {
  switch (e.kind) {
    case 'ecs-volume-attachment': {
      const attachment = e.ecs?.attachment;
      if (attachment?.status?.toUpperCase() === 'FAILED') return true;
      if ((e.ecs?.lastStatus ?? e.state).toUpperCase() !== 'STOPPED') return false;
      return attachment?.statusReason !== undefined || EBS_MENTION.test(e.ecs?.stoppedReason ?? '');
    }
    case 'ebs-volume-notification':
      return (e.ebs?.result ?? e.state).toLowerCase() === 'failed';
    case 'access-denied':
      return true;
    default:
      return BACKUP_FAILURE_STATES.includes(e.state.toUpperCase());
  }
}

/**
 * True for a backup job that COMPLETED with a status message, which the console shows as "Completed with
 * issues". It is not a failure, but its message is worth showing.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html
 */
export function isCompletedWithIssues(e: FailureEvent): boolean {
  return e.kind === 'backup-job' && e.state.toUpperCase() === 'COMPLETED' && e.statusMessage !== undefined;
}
