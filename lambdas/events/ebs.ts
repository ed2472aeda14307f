/**
 * "EBS Volume Notification" events → FailureEvent. A failed createVolume/attachVolume/reattachVolume names
 * the KMS key and its state in `cause`; resources[0] is the volume.
 * @see https://docs.aws.amazon.com/ebs/latest/userguide/ebs-cloud-watch-events.html
 */
import type { EbsEventFacts, FailureEvent } from '../model/types.ts';
import { envelopeOf, parsed, rejected, type Parsed } from './parsed.ts';
import { defined, field, strings, text, type Rec } from './values.ts';

const KEY_ARN = /arn:[a-z-]+:kms:[^\s:]*:[^\s:]*:key\/[^\s]+/;
const VOLUME_ARN = /^arn:[^:]+:ec2:[^:]*:[^:]*:volume\//;

/** The KMS key ARN named in an EBS notification cause ("arn:aws:kms:...:key/... is disabled."). */
export function keyArnOf(cause: string | undefined): string | undefined {
  const match = cause === undefined ? undefined : KEY_ARN.exec(cause)?.[0];
  return match?.replace(/\.$/, '');
}

/** Parses the detail of an EBS Volume Notification event. */
export function parseEbsVolumeEvent(event: Rec, detail: Rec): Parsed {
  const envelope = envelopeOf(event);
  if (envelope.eventId === undefined) return rejected('malformed EBS Volume Notification event: missing "id"');
  const action = text(field(detail, 'event'));
  if (action === undefined) return rejected('malformed EBS Volume Notification event: missing "detail.event"');
  const result = text(field(detail, 'result'));
  if (result === undefined) return rejected('malformed EBS Volume Notification event: missing "detail.result"');

  const cause = text(field(detail, 'cause'));
  const resources = strings(field(event, 'resources'));
  const volumeArn = resources.find((r) => VOLUME_ARN.test(r)) ?? resources[0];
  const ebs: EbsEventFacts = defined({
    event: action,
    result,
    cause,
    volumeArn,
    keyArn: keyArnOf(cause) ?? resources.map((r) => keyArnOf(r)).find((k) => k !== undefined),
  });

  const failure: FailureEvent = {
    kind: 'ebs-volume-notification',
    origin: 'eventbridge',
    id: envelope.eventId,
    ...envelope,
    state: result,
    statusMessage: cause,
    resourceArn: volumeArn,
    ebs,
    raw: event,
  };
  return parsed(defined(failure));
}
