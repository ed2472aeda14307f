/**
 * Every bundled demo scenario, diagnosed offline: the real-shaped events and account snapshots of demo/scenarios/.
 * Tests that must hold "for every demo" read them from here.
 */
import { loadScenarios } from '../../lambdas/cli/scenarios.ts';
import type { Diagnosis } from '../../lambdas/model/types.ts';
import { diagnose } from '../../lambdas/pipeline/index.ts';

export interface DemoDiagnosis {
  readonly id: string;
  readonly diagnosis: Diagnosis;
}

let cached: DemoDiagnosis[] | undefined;

/** The diagnosis of each demo scenario, in the demo's order. */
export function demoDiagnoses(): DemoDiagnosis[] {
  cached ??= loadScenarios().map((s) => ({
    id: s.id,
    diagnosis: diagnose(s.event, s.evidence, { now: s.now, agentProfiles: s.agentProfiles }),
  }));
  return cached;
}
