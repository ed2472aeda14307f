/**
 * The diagnoser handler module plus an offline entry point, for the cold-start benchmark's "pure" variant: the
 * same module graph loads (config, logger, clients, pipeline, renderers), then one diagnosis runs on a snapshot
 * without any AWS call.
 */
import { diagnose } from '../lambdas/pipeline/index.ts';
import type { Evidence } from '../lambdas/model/types.ts';
import { parseInput } from '../lambdas/events/index.ts';
import { emailMessage, render } from '../lambdas/pipeline/report.ts';

export { handler } from '../lambdas/handlers/diagnose.ts';

/** Diagnoses one event on a snapshot and renders what SNS would carry; returns the rendered size. */
export function diagnoseOffline(event: unknown, evidence: Evidence, now: Date): number {
  const parsed = parseInput(event);
  if (!parsed.ok || !parsed.events[0]) throw new Error('the event does not parse');
  const diagnosis = diagnose(parsed.events[0], evidence, { now });
  return (
    emailMessage(diagnosis, 'en').body.length +
    render(diagnosis, { format: 'slack', lang: 'en' }).length +
    render(diagnosis, { format: 'chatbot', lang: 'en' }).length
  );
}
