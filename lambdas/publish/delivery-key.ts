/**
 * The delivery key: one failure, one key, whatever form and how many times it arrives (docs/delivery.md).
 * A job is its job id. An ECS volume attachment is its task ARN and attachment id: one failed attachment shows
 * in several versions of its task (DEPROVISIONING, then STOPPED), and each version is an event of its own.
 */
import type { FailureEvent } from '../model/types.ts';

/** The key under which a failure is notified once. */
export function deliveryKey(event: FailureEvent): string {
  if (event.kind === 'ecs-volume-attachment' && event.ecs) {
    const attachment = event.ecs.attachment?.id;
    return attachment ? `${event.ecs.taskArn}#${attachment}` : event.ecs.taskArn;
  }
  // A job's id is its job id (from EventBridge, an SNS notification or the sweep alike).
  return event.id;
}
