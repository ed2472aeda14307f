/**
 * File input and output of the command: events and snapshots read with one-line errors, diagnoses rendered.
 */
import { readFileSync } from 'node:fs';
import { parseEventText } from '../events/index.ts';
import { diagnose } from '../core/pipeline.ts';
import { parseSnapshot } from '../core/snapshot-schema.ts';
import type { Evidence, FailureEvent, Lang } from '../core/types.ts';
import { render } from '../pipeline/report.ts';

/** A mistake in how the command was called: exit code 2 with the usage. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (code ?? 'unreadable');
    throw new Error(`cannot read ${what} ${path}: ${why}`, { cause: err });
  }
}

/** Reads and parses an event file (any supported form); at least one failure event, else a one-line error. */
export function loadEvent(path: string): FailureEvent[] {
  const outcome = parseEventText(readText(path, 'event'));
  if (!outcome.ok) throw new Error(`${path}: ${outcome.error}`);
  if (outcome.events.length === 0) {
    const why = outcome.ignored[0]?.reason ?? 'it holds no event';
    throw new Error(`${path}: nothing to diagnose (${why})`);
  }
  return outcome.events;
}

/** Reads and validates an account snapshot. */
export function loadSnapshot(path: string): Evidence {
  const text = readText(path, 'snapshot');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new Error(`${path} is not JSON: ${(err as Error).message}`, { cause: err });
  }
  const parsed = parseSnapshot(value);
  if (!parsed.ok) throw new Error(`${path} is not an account snapshot: ${parsed.error}`);
  return parsed.evidence;
}

/** Diagnoses one event and renders it, ending with a newline. */
export function diagnoseToString(
  event: FailureEvent,
  evidence: Evidence,
  opts: { now: Date; format: 'text' | 'json' | 'slack' | 'chatbot'; lang: Lang; color: boolean },
): string {
  const diagnosis = diagnose(event, evidence, { now: opts.now });
  const out = render(diagnosis, { format: opts.format, lang: opts.lang, color: opts.color });
  return out.endsWith('\n') ? out : `${out}\n`;
}
