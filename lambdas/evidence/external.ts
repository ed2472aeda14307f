/**
 * Evidence for failures reported from outside AWS (Azure, Alibaba Cloud, any Kubernetes cluster): the
 * diagnoser has no access to those accounts and reads nothing from AWS for them, so the evidence is empty and
 * the diagnosis rests on the payload and the catalog alone.
 */
import type { Evidence, FailureEvent } from '../model/types.ts';

/** The evidence of an external failure: nothing read, nothing missing. Never calls AWS. */
export function externalEvidence(_event: FailureEvent, now: Date): Evidence {
  return { schemaVersion: 1, capturedAt: now.toISOString(), gaps: [] };
}
