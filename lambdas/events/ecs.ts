/**
 * "ECS Task State Change" events → FailureEvent. The task object in `detail` has the DescribeTasks shape;
 * the EBS volume, when there is one, is the attachment of type AmazonElasticBlockStorage.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_cwe_events.html
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Attachment.html
 */
import type { EcsEventFacts, FailureEvent } from '../model/types.ts';
import { envelopeOf, parsed, rejected, type Parsed } from './parsed.ts';
import { arn, bool, defined, field, isRecord, num, statusText, strings, text, time, type Rec } from './values.ts';
import { ECS_BARE_EC2_ERROR, ECS_WRAPPED_EC2_ERROR } from '../catalog/ec2-codes.ts';
import { EBS_ATTACHMENT_TYPE } from '../catalog/routes.ts';

type Attachment = NonNullable<EcsEventFacts['attachment']>;

/** The EC2 error code inside an ECS status reason, when it names one. */
export function ec2ErrorCodeOf(reason: string | undefined): string | undefined {
  if (reason === undefined) return undefined;
  return ECS_WRAPPED_EC2_ERROR.exec(reason)?.[1] ?? ECS_BARE_EC2_ERROR.exec(reason)?.[1];
}

/** Parses the detail of an ECS Task State Change event. */
export function parseEcsTaskEvent(event: Rec, detail: Rec): Parsed {
  const envelope = envelopeOf(event);
  const taskArn = arn(field(detail, 'taskArn')) ?? strings(field(event, 'resources')).find((r) => /^arn:[^:]+:ecs:.*:task\//.test(r));
  if (taskArn === undefined) return rejected('malformed ECS Task State Change event: missing "detail.taskArn"');

  const attachment = ebsAttachmentOf(field(detail, 'attachments'));
  const lastStatus = text(field(detail, 'lastStatus'));
  const state = lastStatus ?? attachment?.status;
  if (state === undefined) return rejected('malformed ECS Task State Change event: missing "detail.lastStatus"');

  const version = num(field(detail, 'version'));
  const stoppedReason = text(field(detail, 'stoppedReason'));
  const reason = attachment?.statusReason ?? stoppedReason;

  const ecs: EcsEventFacts = defined({
    taskArn,
    clusterArn: arn(field(detail, 'clusterArn')),
    taskDefinitionArn: arn(field(detail, 'taskDefinitionArn')),
    version,
    lastStatus,
    desiredStatus: text(field(detail, 'desiredStatus')),
    stopCode: text(field(detail, 'stopCode')),
    stoppedReason,
    launchType: text(field(detail, 'launchType')),
    platformFamily: text(field(detail, 'platformFamily')),
    group: text(field(detail, 'group')),
    startedBy: text(field(detail, 'startedBy')),
    createdAt: time(field(detail, 'createdAt')),
    attachment,
    ec2ErrorCode: ec2ErrorCodeOf(attachment?.statusReason) ?? ec2ErrorCodeOf(stoppedReason),
  });

  // detail.version is the ordering/duplicate key ECS documents; without it, fall back to the event id.
  const suffix = version !== undefined ? String(version) : envelope.eventId;
  const result: FailureEvent = {
    kind: 'ecs-volume-attachment',
    origin: 'eventbridge',
    id: suffix === undefined ? taskArn : `${taskArn}#${suffix}`,
    ...envelope,
    state,
    statusMessage: statusText(reason),
    resourceArn: taskArn,
    roleArn: attachment?.roleArn,
    ecs,
    raw: event,
  };
  return parsed(defined(result));
}

/** The EBS attachment of a task (a FAILED one first, when a task carries several). */
function ebsAttachmentOf(attachments: unknown): Attachment | undefined {
  if (!Array.isArray(attachments)) return undefined;
  const ebs = attachments.filter(
    (a): a is Rec => isRecord(a) && text(field(a, 'type'))?.toLowerCase() === EBS_ATTACHMENT_TYPE.toLowerCase(),
  );
  const chosen = ebs.find((a) => text(field(a, 'status'))?.toUpperCase() === 'FAILED') ?? ebs[0];
  if (chosen === undefined) return undefined;
  const details = detailsOf(field(chosen, 'details'));
  return defined({
    id: text(field(chosen, 'id')),
    status: text(field(chosen, 'status')),
    roleArn: arn(details.get('roleArn')),
    volumeName: text(details.get('volumeName')),
    volumeId: text(details.get('volumeId')),
    statusReason: text(details.get('statusReason')),
    deleteOnTermination: bool(details.get('deleteOnTermination')),
  });
}

/** Attachment details are a list of {name, value} pairs; the first value for a name wins. */
function detailsOf(details: unknown): Map<string, unknown> {
  const map = new Map<string, unknown>();
  if (!Array.isArray(details)) return map;
  for (const d of details) {
    const name = text(field(d, 'name'));
    if (name !== undefined && !map.has(name)) map.set(name, field(d, 'value'));
  }
  return map;
}
