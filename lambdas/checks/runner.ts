/**
 * Runs checks over one context. A check that throws becomes a visible `error` finding for that check alone.
 */
import type { Check, CheckContext, Finding } from '../model/types.ts';

/** Runs every applicable check; the others report not-applicable. Never throws. */
export function runChecks(ctx: CheckContext, checks: readonly Check[]): Finding[] {
  return checks.map((check) => {
    if (!check.appliesTo.includes(ctx.event.kind)) {
      return {
        checkId: check.id,
        category: check.category,
        verdict: 'not-applicable',
        title: { key: 'common.notApplicableKind', params: { kind: ctx.event.kind } },
        facts: [],
      } satisfies Finding;
    }
    try {
      return check.run(ctx);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return {
        checkId: check.id,
        category: check.category,
        verdict: 'error',
        title: { key: 'common.checkError', params: { check: check.id, message: message.slice(0, 300) } },
        facts: [],
      } satisfies Finding;
    }
  });
}
