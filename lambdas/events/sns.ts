/**
 * AWS Backup vault notifications (SNS) → FailureEvent. The job kind, state, account and job id come from
 * the message attributes; the message text carries the resource ARN, the job id and, on some failures,
 * " Status Message : <message>" at its end.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-notifications.html
 */
import type { FailureEvent } from '../model/types.ts';
import type { BackupJobKind } from './backup.ts';
import { parsed, rejected, type Parsed } from './parsed.ts';
import { arn, arnRegion, defined, field, isRecord, quoted, statusText, text, time, type Rec } from './values.ts';

/** An SNS notification reduced to what the parser reads, whatever envelope it came in. */
export interface Notification {
  readonly message: string;
  /** A message attribute's string value by name (Lambda, HTTP and SQS raw-delivery shapes alike). */
  readonly attribute: (name: string) => string | undefined;
  readonly messageId?: string;
  readonly topicArn?: string;
  readonly timestamp?: string;
}

const KIND_BY_EVENT_TYPE: readonly (readonly [string, BackupJobKind])[] = [
  ['BACKUP_JOB', 'backup-job'],
  ['COPY_JOB', 'copy-job'],
  ['RESTORE_JOB', 'restore-job'],
];

// The job id marker differs per kind: "BackupJob ID : <id>", "Copy Job Id : <id>".
const JOB_ID = /\b(Backup ?Job|Copy ?Job|Restore ?Job) I[Dd]\s*:\s*([^\s.]+)/;
const KIND_BY_MARKER: Readonly<Record<string, BackupJobKind>> = { backup: 'backup-job', copy: 'copy-job', restore: 'restore-job' };
const RESOURCE_ARN = /\bResource ARN\s*:\s*(arn:\S+?)\.?(?=\s|$)/;
const RECOVERY_POINT_ARN = /\bRecovery point ARN\s*:\s*(arn:\S+?)\.?(?=\s|$)/i;
const STATUS_MESSAGE = /\s*\bStatus Message\s*:\s*/;

// Without a State attribute, only AWS's own fixed sentences are read; anything else is not guessed.
const STATE_BY_SENTENCE: readonly (readonly [RegExp, string])[] = [
  [/^An AWS Backup job failed to complete in time\./, 'EXPIRED'],
  [/^An AWS Backup job failed\./, 'FAILED'],
  [/^An AWS Backup job was completed successfully\./, 'COMPLETED'],
];

/** Reads a message attribute value from the Lambda/HTTP shape ({Type, Value}) or the SQS shape ({stringValue}). */
export function attributeReader(attributes: unknown): (name: string) => string | undefined {
  return (name) => {
    const attribute = field(attributes, name);
    if (!isRecord(attribute)) return undefined;
    return text(field(attribute, 'Value')) ?? text(field(attribute, 'stringValue')) ?? text(field(attribute, 'StringValue'));
  };
}

/** True when the notification looks like one from AWS Backup (an EventType attribute or a job id in the text). */
export function isBackupNotification(n: Notification): boolean {
  return n.attribute('EventType') !== undefined || JOB_ID.test(n.message);
}

/** Parses an AWS Backup job notification. `raw` is the envelope as received. */
export function parseBackupNotification(n: Notification, raw: unknown): Parsed {
  const statusAt = n.message.search(STATUS_MESSAGE);
  const head = statusAt >= 0 ? n.message.slice(0, statusAt) : n.message;
  const tail = statusAt >= 0 ? n.message.slice(statusAt).replace(STATUS_MESSAGE, '').trim() : '';

  const eventType = n.attribute('EventType');
  const marker = JOB_ID.exec(head);
  let kind: BackupJobKind | undefined;
  if (eventType !== undefined) {
    kind = KIND_BY_EVENT_TYPE.find(([prefix]) => eventType.toUpperCase().startsWith(prefix))?.[1];
    if (kind === undefined) return rejected(`unsupported AWS Backup notification: EventType ${quoted(eventType)}`);
  } else {
    const word = marker?.[1]?.split(/ ?Job/)[0]?.toLowerCase();
    kind = word === undefined ? undefined : KIND_BY_MARKER[word];
    if (kind === undefined) return rejected('not an AWS Backup job notification: no EventType attribute and no job id in the message');
  }

  const state = n.attribute('State') ?? STATE_BY_SENTENCE.find(([sentence]) => sentence.test(head.trim()))?.[1];
  if (state === undefined) return rejected('malformed AWS Backup notification: missing the "State" message attribute');

  const jobId = n.attribute('Id') ?? marker?.[2];
  const id = jobId ?? n.messageId;
  if (id === undefined) return rejected('malformed AWS Backup notification: no job id and no MessageId');

  const resourceArn = arn(RESOURCE_ARN.exec(head)?.[1]);
  const event: FailureEvent = {
    kind,
    origin: 'sns',
    id,
    eventId: n.messageId,
    jobId,
    account: n.attribute('AccountId'),
    region: arnRegion(resourceArn) ?? arnRegion(n.topicArn),
    time: time(n.timestamp),
    state,
    statusMessage: statusText(tail),
    resourceArn,
    recoveryPointArn: arn(RECOVERY_POINT_ARN.exec(head)?.[1]),
    raw,
  };
  return parsed(defined(event));
}

/** The SNS fields of a Lambda record's `Sns` object or of the HTTP/SQS JSON envelope. */
export function notificationOf(sns: Rec, attributes: unknown = field(sns, 'MessageAttributes')): Notification | undefined {
  const message = field(sns, 'Message');
  if (typeof message !== 'string') return undefined;
  return {
    message,
    attribute: attributeReader(attributes),
    messageId: text(field(sns, 'MessageId')),
    topicArn: arn(field(sns, 'TopicArn')),
    timestamp: text(field(sns, 'Timestamp')),
  };
}
