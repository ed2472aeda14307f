/**
 * "AWS API Call via CloudTrail" events with an access-denied error → FailureEvent of kind access-denied. The
 * detail is the CloudTrail record: the caller (userIdentity, the role in sessionContext.sessionIssuer), the call
 * (eventSource, eventName) and the error (errorCode, errorMessage with an encoded authorization message).
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event.html
 */
import type { DeniedCallFacts, FailureEvent } from '../model/types.ts';
import { envelopeOf, parsed, rejected, type Parsed } from './parsed.ts';
import { bool, defined, field, text, time, type Rec } from './values.ts';

/** The detail-type of CloudTrail API calls on EventBridge. */
export const CLOUDTRAIL_DETAIL_TYPE = 'AWS API Call via CloudTrail';

/**
 * The error codes of a denied call: IAM-style AccessDenied (and AccessDeniedException), and EC2's
 * Client.UnauthorizedOperation. The routes table matches the same codes at the rule.
 */
export const DENIED_CODE_PREFIXES: readonly string[] = ['AccessDenied'];
/** Error codes ending in these are denials as well (EC2 writes "Client.UnauthorizedOperation"). */
export const DENIED_CODE_SUFFIXES: readonly string[] = ['UnauthorizedOperation'];

/** true for an error code that means the call was denied. */
export function isDeniedCode(code: string | undefined): boolean {
  if (code === undefined) return false;
  return DENIED_CODE_PREFIXES.some((p) => code.startsWith(p)) || DENIED_CODE_SUFFIXES.some((s) => code.endsWith(s));
}

const MARKER = 'Encoded authorization failure message:';

/** The encoded authorization failure message at the end of an error message (linear: one indexOf). */
export function encodedMessageOf(message: string | undefined): string | undefined {
  if (message === undefined) return undefined;
  const at = message.indexOf(MARKER);
  if (at < 0) return undefined;
  const rest = message.slice(at + MARKER.length).trim();
  const end = rest.search(/\s/);
  const token = end < 0 ? rest : rest.slice(0, end);
  return token === '' ? undefined : token;
}

/** "ec2.amazonaws.com" → "ec2". */
export function servicePrefixOf(eventSource: string): string {
  const dot = eventSource.indexOf('.');
  return dot > 0 ? eventSource.slice(0, dot) : eventSource;
}

/** Parses the detail of a CloudTrail API call event; only denied calls are accepted. */
export function parseCloudTrailEvent(event: Rec, detail: Rec): Parsed {
  const envelope = envelopeOf(event);
  const eventSource = text(field(detail, 'eventSource'));
  const eventName = text(field(detail, 'eventName'));
  if (eventSource === undefined || eventName === undefined) {
    return rejected(`malformed ${CLOUDTRAIL_DETAIL_TYPE} event: missing "detail.eventSource" or "detail.eventName"`);
  }
  const errorCode = text(field(detail, 'errorCode'));
  if (!isDeniedCode(errorCode)) {
    return rejected(`unsupported ${CLOUDTRAIL_DETAIL_TYPE} event: ${eventName} was not denied (errorCode ${errorCode ?? 'absent'})`);
  }
  const identity = field(detail, 'userIdentity');
  const issuer = field(field(identity, 'sessionContext'), 'sessionIssuer');
  const roleArn = text(field(issuer, 'type')) === 'Role' ? text(field(issuer, 'arn')) : undefined;
  const principalArn = text(field(identity, 'arn'));
  const principalId = text(field(identity, 'principalId'));
  const sessionName = principalId?.includes(':') ? principalId.slice(principalId.indexOf(':') + 1) : undefined;
  const errorMessage = text(field(detail, 'errorMessage'));
  const denied: DeniedCallFacts = defined({
    action: `${servicePrefixOf(eventSource)}:${eventName}`,
    eventSource,
    eventName,
    errorCode: errorCode as string,
    principalArn,
    sessionName,
    encodedMessage: encodedMessageOf(errorMessage),
    sourceIp: text(field(detail, 'sourceIPAddress')),
    userAgent: text(field(detail, 'userAgent')),
    readOnly: bool(field(detail, 'readOnly')),
  });
  const id = text(field(detail, 'eventID')) ?? envelope.eventId;
  if (id === undefined) return rejected(`malformed ${CLOUDTRAIL_DETAIL_TYPE} event: missing "detail.eventID" and "id"`);
  const failure: FailureEvent = {
    kind: 'access-denied',
    origin: 'eventbridge',
    ...envelope,
    id,
    account: text(field(detail, 'recipientAccountId')) ?? envelope.account,
    region: text(field(detail, 'awsRegion')) ?? envelope.region,
    time: time(field(detail, 'eventTime')) ?? envelope.time,
    state: errorCode as string,
    statusMessage: errorMessage,
    roleArn,
    denied,
    raw: event,
  };
  return parsed(defined(failure));
}
