/**
 * The reads a diagnosis asks for after a first look: who changed the objects its failing findings blame
 * (CloudTrail), and the decoding of its encoded authorization message (when allowed). The reads are injected;
 * this module decides what to read and merges the answers into the evidence, so that a snapshot keeps them and
 * an offline replay gives the same diagnosis.
 */
import type { ChangeHistory, DecodedAuthorization, Evidence, FailureEvent, Gap } from '../model/types.ts';
import { authorizationOf, encodedMessageIn, isCut } from './authorization.ts';
import { type ObjectAtFault, objectsAtFault } from './changes.ts';
import { diagnose, type DiagnoseOptions } from './index.ts';

/** What a follow-up read returns: its facts and the gaps it left. */
export interface FollowUp<T> {
  readonly value: T;
  readonly gaps: readonly Gap[];
}

/** The follow-up reads; either may be absent (no change look-up; decoding not allowed). */
export interface FollowUpReads {
  readonly changes?: (objects: readonly ObjectAtFault[]) => Promise<FollowUp<Record<string, ChangeHistory>>>;
  readonly decode?: (encodedMessage: string) => Promise<FollowUp<DecodedAuthorization | undefined>>;
}

/** The evidence with the follow-up reads merged in. A failure from another cloud is left as it is. */
export async function withFollowUps(
  event: FailureEvent,
  evidence: Evidence,
  reads: FollowUpReads,
  opts: DiagnoseOptions,
): Promise<Evidence> {
  if (event.kind === 'external') return evidence;
  const first = diagnose(event, evidence, opts);
  const objects = objectsAtFault(first.findings, evidence, event);
  const encoded = encodedMessageIn(event);
  const wantsDecoding = reads.decode !== undefined && encoded !== undefined && !isCut(encoded) && authorizationOf(event, evidence)?.decoded === undefined;
  const [changes, decoded] = await Promise.all([
    reads.changes && objects.length > 0 ? reads.changes(objects) : undefined,
    wantsDecoding && reads.decode ? reads.decode(encoded) : undefined,
  ]);
  if (!changes && !decoded) return evidence;
  return {
    ...evidence,
    ...(changes ? { changes: { ...(evidence.changes ?? {}), ...changes.value } } : {}),
    ...(decoded?.value && encoded !== undefined ? { authorizations: { ...(evidence.authorizations ?? {}), [encoded]: decoded.value } } : {}),
    gaps: [...evidence.gaps, ...(changes?.gaps ?? []), ...(decoded?.gaps ?? [])],
  };
}
