/**
 * Event parsing: whatever reaches the diagnoser (an EventBridge event, an AWS Backup SNS notification, an SQS
 * batch carrying either, or a list of them) → normalised FailureEvents. Tolerant of AWS quirks, and it never
 * throws: input it cannot use is reported as a one-line reason with a bounded excerpt.
 */
import type { FailureEvent } from '../model/types.ts';
import { parseBackupJobEvent } from './backup.ts';
import { parseCloudTrailEvent } from './cloudtrail.ts';
import { parseEbsVolumeEvent } from './ebs.ts';
import { parseEcsTaskEvent } from './ecs.ts';
import { parseExternal } from './external/index.ts';
import { parseJsonText } from './json-text.ts';
import { rejected, type Parsed } from './parsed.ts';
import { attributeReader, isBackupNotification, notificationOf, parseBackupNotification, type Notification } from './sns.ts';
import { supportedKind } from './supported.ts';
import { describeType, excerpt, field, isRecord, oneLine, quoted, text, type Rec } from './values.ts';

export { isCompletedWithIssues, isFailure } from './failure.ts';
export { BACKUP_FAILURE_STATES, SUPPORTED_DETAIL_TYPES, type SupportedDetailType } from './supported.ts';

/** An input (or part of a batch) that was not turned into an event: why, and a bounded one-line excerpt. */
export interface IgnoredInput {
  readonly reason: string;
  readonly excerpt: string;
}

/** The events found in an input, and the parts that were ignored; or one error when nothing was usable. */
export type ParseOutcome =
  | { readonly ok: true; readonly events: FailureEvent[]; readonly ignored: IgnoredInput[] }
  | { readonly ok: false; readonly error: string };

// SQS → SNS → EventBridge is three levels; anything much deeper is not an AWS delivery.
const MAX_DEPTH = 8;

interface Sink {
  readonly events: FailureEvent[];
  readonly ignored: IgnoredInput[];
}

/**
 * Parses any input the diagnoser may receive. Successful-state events parse too; use `isFailure` to filter.
 * A batch with some unusable records gives ok with those records in `ignored`; nothing usable gives an error.
 */
export function parseInput(input: unknown): ParseOutcome {
  try {
    const sink: Sink = { events: [], ignored: [] };
    visit(input, '', 0, sink);
    return outcomeOf(sink);
  } catch (e) {
    const message = e instanceof Error ? e.message : describeType(e);
    return { ok: false, error: oneLine(`internal error while parsing input: ${message.slice(0, 200)}`) };
  }
}

/**
 * Parses JSON text (the CLI's EVENT.json). A syntax error gives "<name> is not JSON: <reason> at line L
 * column C"; valid JSON goes through `parseInput`.
 */
export function parseEventText(text: string, name = 'input'): ParseOutcome {
  if (typeof text !== 'string') return { ok: false, error: `${oneLine(name)} is not text` };
  const json = parseJsonText(text, oneLine(name));
  return json.ok ? parseInput(json.value) : { ok: false, error: oneLine(json.error) };
}

function outcomeOf(sink: Sink): ParseOutcome {
  if (sink.events.length > 0) return { ok: true, events: sink.events, ignored: sink.ignored };
  const [first] = sink.ignored;
  if (first === undefined) return { ok: false, error: 'no events in input' };
  if (sink.ignored.length === 1) return { ok: false, error: first.reason };
  return { ok: false, error: `no supported event among ${sink.ignored.length} inputs; first: ${first.reason}` };
}

function at(path: string, segment: string): string {
  return path === '' ? segment : `${path}.${segment}`;
}

function ignore(sink: Sink, path: string, reason: string, input: unknown): void {
  sink.ignored.push({ reason: oneLine(path === '' ? reason : `${path}: ${reason}`), excerpt: excerpt(input) });
}

function add(sink: Sink, path: string, result: Parsed, input: unknown): void {
  if (result.ok) sink.events.push(result.event);
  else ignore(sink, path, result.error, input);
}

function visit(input: unknown, path: string, depth: number, sink: Sink): void {
  if (depth > MAX_DEPTH) return ignore(sink, path, 'input nested too deeply', input);
  if (Array.isArray(input)) return visitList(input, path, depth, sink);
  if (!isRecord(input)) return ignore(sink, path, `not an AWS event: expected a JSON object, got ${describeType(input)}`, input);

  const records = field(input, 'Records');
  if (Array.isArray(records)) return visitList(records, at(path, 'Records'), depth, sink);
  const sns = field(input, 'Sns');
  if (isRecord(sns)) return visitSns(sns, input, at(path, 'Sns'), depth, sink);
  if (typeof field(input, 'Type') === 'string' && typeof field(input, 'Message') === 'string') {
    return visitSns(input, input, path, depth, sink);
  }
  if (isSqsRecord(input)) return visitSqs(input, path, depth, sink);
  if (Object.hasOwn(input, 'detail-type')) return add(sink, path, parseEventBridge(input), input);
  const external = parseExternal(input);
  if (external) return add(sink, path, external, input);
  return ignore(sink, path, unrecognised(input), input);
}

function visitList(items: readonly unknown[], path: string, depth: number, sink: Sink): void {
  if (items.length === 0) return ignore(sink, path, 'no events: the list is empty', items);
  for (let i = 0; i < items.length; i++) visit(items[i], `${path}[${i}]`, depth + 1, sink);
}

/** The Lambda record's `Sns` object, or the SNS HTTP/SQS JSON envelope itself. */
function visitSns(sns: Rec, raw: Rec, path: string, depth: number, sink: Sink): void {
  const type = text(field(sns, 'Type'));
  if (type !== undefined && type !== 'Notification') return ignore(sink, path, `unsupported SNS message: Type ${quoted(type)}`, raw);
  const notification = notificationOf(sns);
  if (notification === undefined) return ignore(sink, path, 'malformed SNS notification: "Message" is not a string', raw);

  // An SNS topic that is an EventBridge rule target carries the event as JSON in Message.
  const trimmed = notification.message.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const json = parseJsonText(notification.message, 'SNS Message');
    return json.ok ? visit(json.value, at(path, 'Message'), depth + 1, sink) : ignore(sink, path, json.error, raw);
  }
  if (!isBackupNotification(notification)) {
    const subject = text(field(sns, 'Subject'));
    const about = subject === undefined ? '' : ` (Subject ${quoted(subject)})`;
    return ignore(sink, path, `unsupported SNS notification: not an AWS Backup job notification${about}`, raw);
  }
  add(sink, path, parseBackupNotification(notification, raw), raw);
}

function isSqsRecord(input: Rec): boolean {
  if (field(input, 'eventSource') === 'aws:sqs') return true;
  return typeof field(input, 'body') === 'string' && (Object.hasOwn(input, 'receiptHandle') || Object.hasOwn(input, 'messageId'));
}

/** An SQS record: the body holds an EventBridge event, an SNS envelope, or (raw delivery) the SNS text. */
function visitSqs(record: Rec, path: string, depth: number, sink: Sink): void {
  const body = field(record, 'body');
  if (typeof body !== 'string') return ignore(sink, path, 'malformed SQS record: "body" is not a string', record);
  const json = parseJsonText(body, 'SQS message body');
  if (json.ok) return visit(json.value, at(path, 'body'), depth + 1, sink);

  // SNS raw message delivery: the body is the notification text, the attributes are SQS message attributes.
  const notification: Notification = {
    message: body,
    attribute: attributeReader(field(record, 'messageAttributes')),
    messageId: text(field(record, 'messageId')),
  };
  if (isBackupNotification(notification)) return add(sink, path, parseBackupNotification(notification, record), record);
  ignore(sink, path, json.error, record);
}

function parseEventBridge(event: Rec): Parsed {
  const detailType = field(event, 'detail-type');
  if (typeof detailType !== 'string') return rejected(`not an AWS event: "detail-type" is ${describeType(detailType)}, not a string`);
  const source = field(event, 'source');
  if (typeof source !== 'string') {
    return rejected(`not an AWS event: ${source === undefined ? 'missing "source"' : `"source" is ${describeType(source)}, not a string`}`);
  }
  const kind = supportedKind(source, detailType);
  if (kind === undefined) return rejected(`unsupported event: source ${quoted(source)}, detail-type ${quoted(detailType)}`);
  const detail = field(event, 'detail');
  if (!isRecord(detail)) {
    const what = detail === undefined ? 'missing "detail"' : `"detail" is ${describeType(detail)}, not an object`;
    return rejected(`malformed ${detailType} event: ${what}`);
  }
  switch (kind) {
    case 'backup-job':
    case 'copy-job':
    case 'restore-job':
      return parseBackupJobEvent(event, detail, kind, detailType);
    case 'ecs-volume-attachment':
      return parseEcsTaskEvent(event, detail);
    case 'ebs-volume-notification':
      return parseEbsVolumeEvent(event, detail);
    case 'access-denied':
      return parseCloudTrailEvent(event, detail);
    default:
      return rejected(`unsupported event: source ${quoted(source)}, detail-type ${quoted(detailType)}`);
  }
}

/** Names what an unrecognised object looks like, so that the error says more than "no". */
function unrecognised(input: Rec): string {
  const eventSource = text(field(input, 'eventSource')) ?? text(field(input, 'EventSource'));
  const eventName = text(field(input, 'eventName'));
  if (eventSource !== undefined && eventName !== undefined && Object.hasOwn(input, 'eventVersion')) {
    return `unsupported input: a CloudTrail record (eventSource ${quoted(eventSource)}, eventName ${quoted(eventName)}), not an EventBridge event`;
  }
  if (eventSource === 'aws:sns') return 'malformed SNS record: missing "Sns"';
  if (eventSource !== undefined) return `unsupported record: eventSource ${quoted(eventSource)}`;
  return 'not an AWS event: missing "detail-type"';
}
