/**
 * The backup-doctor command. Its forms are a contract that scripts rely on:
 *   backup-doctor demo
 *   backup-doctor diagnose EVENT.json [--offline SNAPSHOT.json] [--format text|json|slack|chatbot] [--lang en|ja]
 *   backup-doctor snapshot EVENT.json > SNAPSHOT.json
 *   backup-doctor classify --jsonl < in.jsonl > out.jsonl
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Evidence, FailureEvent, Lang } from '../core/types.ts';
import { isFailure } from '../events/index.ts';
import { externalEvidence } from '../evidence/external.ts';
import { classifyCommand } from './classify.ts';
import { demoCommand } from './demo.ts';
import { diagnoseToString, loadEvent, loadSnapshot, UsageError } from './io.ts';

/** Streams the command writes to; tests pass their own. */
export interface Io {
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  /** Whether stdout is a terminal (colour on). */
  readonly isTTY?: boolean;
  readonly env?: NodeJS.ProcessEnv;
}

const USAGE = `usage:
  backup-doctor demo [--lang en|ja] [--format text|json|slack|chatbot] [--no-color]
  backup-doctor diagnose EVENT.json [--offline SNAPSHOT.json] [--format text|json|slack|chatbot] [--lang en|ja] [--now ISO-8601]
  backup-doctor snapshot EVENT.json > SNAPSHOT.json
  backup-doctor classify --jsonl < in.jsonl > out.jsonl`;

const FORMATS = ['text', 'json', 'slack', 'chatbot'] as const;
type Format = (typeof FORMATS)[number];

/** Runs the command; returns the exit code (0 ok, 1 failed, 2 usage). Errors are one line on stderr. */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'demo':
        return await demoCommand(rest, io);
      case 'diagnose':
        return await diagnoseCommand(rest, io);
      case 'snapshot':
        return await snapshotCommand(rest, io);
      case 'classify':
        return await classifyCommand([...rest], io);
      case '--version':
      case 'version':
        io.stdout.write(`${packageVersion()}\n`);
        return 0;
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        (command === undefined ? io.stderr : io.stdout).write(`${USAGE}\n`);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`backup-doctor: ${err.message}\n${USAGE}\n`);
      return 2;
    }
    io.stderr.write(`backup-doctor: ${oneLine(err)}\n`);
    return 1;
  }
}

/** Shared option parsing; unknown options are a usage error in one line. */
export function parseOptions(args: readonly string[], extra: Record<string, { type: 'string' | 'boolean' }> = {}) {
  try {
    return parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string' },
        lang: { type: 'string' },
        offline: { type: 'string' },
        now: { type: 'string' },
        'no-color': { type: 'boolean' },
        color: { type: 'boolean' },
        jsonl: { type: 'boolean' },
        ...extra,
      },
    });
  } catch (err) {
    throw new UsageError(oneLine(err));
  }
}

/** Validates --format. */
export function formatOption(value: string | undefined): Format {
  const format = value ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got "${format}")`);
  }
  return format as Format;
}

/** Validates --lang. */
export function langOption(value: string | undefined): Lang {
  const lang = value ?? 'en';
  if (lang !== 'en' && lang !== 'ja') throw new UsageError(`--lang must be en or ja (got "${lang}")`);
  return lang;
}

function nowOption(value: string | undefined): Date {
  if (value === undefined) return new Date();
  const now = new Date(value);
  if (Number.isNaN(now.getTime())) throw new UsageError(`--now must be an ISO-8601 time (got "${value}")`);
  return now;
}

async function diagnoseCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions(args);
  if (positionals.length !== 1) throw new UsageError('diagnose takes exactly one EVENT.json');
  const format = formatOption(values.format);
  const lang = langOption(values.lang);
  const now = nowOption(values.now);
  const all = loadEvent(positionals[0] as string);
  // A file may hold successes too (an SNS batch, an SQS dump): only failures are diagnosed, and the rest are named.
  const events = all.filter(isFailure);
  for (const e of all.filter((x) => !isFailure(x))) {
    io.stderr.write(`backup-doctor: skipped ${e.id}: ${e.kind} ${e.state} is not a failure\n`);
  }
  if (events.length === 0) return 0;

  let evidenceFor: (event: FailureEvent) => Promise<Evidence>;
  if (values.offline !== undefined) {
    const evidence = loadSnapshot(values.offline);
    evidenceFor = async () => evidence;
  } else {
    evidenceFor = await liveEvidence(io, now);
  }

  const color = colorWanted(values, io);
  for (const event of events) {
    const evidence = event.kind === 'external' ? externalEvidence(event, now) : await evidenceFor(event);
    io.stdout.write(diagnoseToString(event, evidence, { now, format, lang, color }));
  }
  return 0;
}

async function snapshotCommand(args: readonly string[], io: Io): Promise<number> {
  const { positionals } = parseOptions(args);
  if (positionals.length !== 1) throw new UsageError('snapshot takes exactly one EVENT.json');
  const events = loadEvent(positionals[0] as string);
  if (events.length !== 1) throw new UsageError(`snapshot takes one event; ${positionals[0]} holds ${events.length}`);
  const collect = await liveEvidence(io, new Date());
  const evidence = await collect(events[0] as FailureEvent);
  io.stdout.write(`${JSON.stringify(evidence, null, 2)}\n`);
  return 0;
}

/** Live, read-only collection with the caller's credentials; progress goes to stderr. */
async function liveEvidence(io: Io, now: Date): Promise<(event: FailureEvent) => Promise<Evidence>> {
  const { collectEvidence, createClients } = await import('../evidence/index.ts');
  return async (event) => {
    const region = event.region ?? io.env?.AWS_REGION ?? io.env?.AWS_DEFAULT_REGION;
    io.stderr.write(`backup-doctor: reading account ${event.account ?? '?'} in ${region ?? '?'} (read-only)…\n`);
    const clients = createClients(region ? { region } : {});
    const evidence = await collectEvidence(event, clients, { now, deadline: Date.now() + 60_000 });
    if (evidence.gaps.length > 0) {
      io.stderr.write(`backup-doctor: ${evidence.gaps.length} item(s) could not be read; the diagnosis says which\n`);
    }
    return evidence;
  };
}

/** Colour when stdout is a terminal, unless --no-color or NO_COLOR; --color forces it. */
export function colorWanted(values: { color?: boolean; 'no-color'?: boolean }, io: Io): boolean {
  if (values['no-color']) return false;
  if (values.color) return true;
  return Boolean(io.isTTY) && !io.env?.NO_COLOR;
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** An error as one line, without a stack. */
export function oneLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.replace(/\s*\n\s*/g, ' ').slice(0, 500);
}

function processIo(): Io {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    isTTY: Boolean(process.stdout.isTTY),
    env: process.env,
  };
}
