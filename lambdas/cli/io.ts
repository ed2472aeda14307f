/**
 * File input and output of the command: events and snapshots read with one-line errors, diagnoses rendered.
 */
import { readFileSync } from 'node:fs';
import { parseEventText, parseInput } from '../events/index.ts';
import { parseSnapshot } from '../model/snapshot-schema.ts';
import type { Evidence, FailureEvent } from '../model/types.ts';
import { describedJob, eventsFromDescribeOutputs } from './job.ts';
import { UsageError } from './options.ts';

export { UsageError };

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (code ?? 'unreadable');
    throw new Error(`cannot read ${what} ${path}: ${why}`, { cause: err });
  }
}

/** Reads and parses an event file (any supported form); at least one event, else a one-line error. */
export function loadEvent(path: string): FailureEvent[] {
  return eventsFromText(readText(path, 'event'), path);
}

/** Reads all of stdin as text. */
export async function readStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  stdin.setEncoding?.('utf8');
  for await (const chunk of stdin) text += String(chunk);
  return text;
}

/**
 * Parses event text: any form the diagnoser takes, or the JSON output of `aws backup describe-backup-job`,
 * `describe-copy-job` or `describe-restore-job` (or a list of them). `name` names the input in errors.
 */
export function eventsFromText(text: string, name: string): FailureEvent[] {
  const outcome = parseEventText(text, name);
  const result = outcome.ok ? outcome : fromDescribeOutputs(text) ?? outcome;
  if (!result.ok) throw new Error(`${name}: ${result.error}`);
  if (result.events.length === 0) {
    const why = result.ignored[0]?.reason ?? 'it holds no event';
    throw new Error(`${name}: nothing to diagnose (${why})`);
  }
  return result.events;
}

/** The events of describe-*-job outputs, or undefined when the text holds none. */
function fromDescribeOutputs(text: string): ReturnType<typeof parseInput> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const items = Array.isArray(value) ? value : [value];
  if (!items.some((item) => describedJob(item) !== undefined)) return undefined;
  return parseInput(eventsFromDescribeOutputs(value));
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
