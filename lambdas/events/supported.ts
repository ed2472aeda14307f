/**
 * The EventBridge events backup-doctor understands, derived from the routes table.
 */
import { BACKUP_FAILURE_STATES, ROUTES } from '../catalog/routes.ts';
import type { FailureKind } from '../model/types.ts';

/** One EventBridge event type the parser accepts, and the kind of failure it describes. */
export interface SupportedDetailType {
  readonly source: string;
  readonly detailType: string;
  readonly kind: FailureKind;
}

/**
 * The EventBridge events the parser accepts (source + detail-type → kind): those the routes table routes.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_cwe_events.html
 * @see https://docs.aws.amazon.com/ebs/latest/userguide/ebs-cloud-watch-events.html
 */
export const SUPPORTED_DETAIL_TYPES: readonly SupportedDetailType[] = [
  ...new Map(ROUTES.map((r) => [`${r.source}|${r.detailType}`, { source: r.source, detailType: r.detailType, kind: r.kind }])).values(),
];

export { BACKUP_FAILURE_STATES };

/** The kind for an EventBridge source and detail-type, when it is supported. */
export function supportedKind(source: string, detailType: string): FailureKind | undefined {
  return SUPPORTED_DETAIL_TYPES.find((s) => s.source === source && s.detailType === detailType)?.kind;
}
