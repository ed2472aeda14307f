/**
 * The encoded authorization failure message of a failure: decoded when the deployment allows STS to decode it,
 * else the exact command that decodes it. Pure: the decoding itself is a collector's read.
 */
import { encodedMessageOf } from '../events/cloudtrail.ts';
import { decodeAuthorizationCommand, isCutMessage } from '../model/shell.ts';
import type { AuthorizationReport, Evidence, FailureEvent } from '../model/types.ts';

/** The encoded message a failure carries: a denied call's error, or EC2's message inside a status or reason. */
export function encodedMessageIn(event: FailureEvent): string | undefined {
  return (
    event.denied?.encodedMessage ??
    encodedMessageOf(event.statusMessage) ??
    encodedMessageOf(event.ecs?.attachment?.statusReason) ??
    encodedMessageOf(event.ecs?.stoppedReason)
  );
}

/** true when AWS cut the message short: STS cannot decode a part of one. */
export const isCut = isCutMessage;

/** The command that decodes a message, quoted for a POSIX shell. */
export const decodeCommand = decodeAuthorizationCommand;

/** The report of the failure's encoded message, or undefined when it carries none. */
export function authorizationOf(event: FailureEvent, evidence: Evidence): AuthorizationReport | undefined {
  const encoded = encodedMessageIn(event);
  if (encoded === undefined) return undefined;
  const command = decodeCommand(encoded);
  const found = evidence.authorizations?.[encoded];
  if (found) {
    const { encodedMessage: _, ...decoded } = found;
    return { encodedMessage: encoded, decoded, command };
  }
  if (isCut(encoded)) return { encodedMessage: encoded, command, notDecodedBecause: 'truncated' };
  const gap = evidence.gaps.find((g) => g.action === 'sts:DecodeAuthorizationMessage');
  return { encodedMessage: encoded, command, notDecodedBecause: gap?.why ?? 'not-enabled' };
}
