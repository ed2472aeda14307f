/**
 * The backup-doctor command. Its forms are a contract that scripts rely on:
 *   backup-doctor demo
 *   backup-doctor diagnose EVENT.json [--offline SNAPSHOT.json] [--format text|json|slack|chatbot] [--lang en|ja]
 *   backup-doctor snapshot EVENT.json > SNAPSHOT.json
 *   backup-doctor classify --jsonl < in.jsonl > out.jsonl
 *   backup-doctor audit [--offline SNAPSHOT.json] [--profiles DIR] [--format text|json|slack|chatbot] [--lang en|ja]
 * Each command loads its own modules when it runs, so `--version` and `--help` load almost nothing.
 */
import { neutralise } from '../report/unsafe.ts';
import { readFileSync } from 'node:fs';
import type { Evidence, FailureEvent } from '../model/types.ts';
import type { LiveReader } from './live.ts';
import {
  colorWanted,
  commandHelp,
  formatOption,
  type Io,
  isCommand,
  jobTypeOption,
  langOption,
  nowOption,
  oneLine,
  parseOptions,
  str,
  usage,
  UsageError,
} from './options.ts';

export type { Io } from './options.ts';
export { colorWanted, formatOption, langOption, oneLine } from './options.ts';

/** Runs the command; returns the exit code (0 ok, 1 failed, 2 usage). Errors are one line on stderr. */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (isCommand(command) && rest.includes('--help')) {
      io.stdout.write(`${commandHelp(command)}\n`);
      return 0;
    }
    switch (command) {
      case 'demo':
        return await (await import('./demo.ts')).demoCommand(rest, io);
      case 'diagnose':
        return await diagnoseCommand(rest, io);
      case 'snapshot':
        return rest.includes('--audit') ? await (await import('./audit.ts')).auditSnapshotCommand(rest, io) : await snapshotCommand(rest, io);
      case 'audit':
        return await (await import('./audit.ts')).auditCommand(rest, io);
      case 'classify':
        return await (await import('./classify.ts')).classifyCommand([...rest], io);
      case '--version':
      case 'version':
        io.stdout.write(`${packageVersion()}\n`);
        return 0;
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        (command === undefined ? io.stderr : io.stdout).write(`${usage()}\n`);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(neutralise(`backup-doctor: ${err.message}\n${usage()}\n`));
      return 2;
    }
    io.stderr.write(neutralise(`backup-doctor: ${oneLine(err)}\n`));
    return 1;
  }
}

/** The events a command works on: from a file, stdin (-), or a job read by --job-id. */
async function inputEvents(command: 'diagnose' | 'snapshot', values: Record<string, string | boolean | undefined>, positionals: string[], io: Io, live: () => Promise<LiveReader>): Promise<FailureEvent[]> {
  const jobId = str(values['job-id']);
  if (jobId !== undefined) {
    if (positionals.length > 0) throw new UsageError(`${command} takes either EVENT.json or --job-id, not both`);
    if (values['offline'] !== undefined) throw new UsageError('--job-id reads the job from the account; it cannot be used with --offline');
    return [await (await live()).job(jobTypeOption(values['job-type']), jobId)];
  }
  if (values['job-type'] !== undefined) throw new UsageError('--job-type goes with --job-id');
  if (positionals.length !== 1) throw new UsageError(`${command} takes exactly one EVENT.json (or - for stdin, or --job-id ID)`);
  const { eventsFromText, loadEvent, readStdin } = await import('./io.ts');
  const source = positionals[0] as string;
  return source === '-' ? eventsFromText(await readStdin(io.stdin), 'stdin') : loadEvent(source);
}

/** A reader of the live account, made on first use (an offline diagnosis never loads the SDK). */
function liveReaderFor(values: Record<string, string | boolean | undefined>, io: Io): () => Promise<LiveReader> {
  let reader: LiveReader | undefined;
  const profile = str(values['profile']);
  const region = str(values['region']);
  return async () => {
    if (reader === undefined) {
      const { LiveReader } = await import('./live.ts');
      reader = new LiveReader(io, { ...(profile !== undefined ? { profile } : {}), ...(region !== undefined ? { region } : {}) });
    }
    return reader;
  };
}

async function diagnoseCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions('diagnose', args);
  const format = formatOption(values['format']);
  const lang = langOption(values['lang']);
  const now = nowOption(values['now']);
  const offline = str(values['offline']);
  const profilesDir = str(values['profiles']);
  const agentProfiles = profilesDir === undefined ? undefined : (await import('./profiles-option.ts')).profilesOption(profilesDir);
  if (offline !== undefined && (values['profile'] !== undefined || values['region'] !== undefined)) {
    throw new UsageError('--profile and --region are for reading the account; --offline reads a snapshot instead');
  }
  const live = liveReaderFor(values, io);
  const all = await inputEvents('diagnose', values, positionals, io, live);
  // A file may hold successes too (an SNS batch, an SQS dump): only failures are diagnosed, and the rest are named.
  const { isFailure } = await import('../events/index.ts');
  const events = all.filter(isFailure);
  for (const e of all.filter((x) => !isFailure(x))) {
    io.stderr.write(neutralise(`backup-doctor: skipped ${e.id}: ${e.kind} ${e.state} is not a failure\n`));
  }
  if (events.length === 0) return 0;

  let evidenceFor: (event: FailureEvent) => Promise<Evidence>;
  if (offline !== undefined) {
    const { loadSnapshot } = await import('./io.ts');
    const evidence = loadSnapshot(offline);
    evidenceFor = async () => evidence;
  } else {
    const reader = await live();
    evidenceFor = (event) => reader.evidence(event, now, agentProfiles);
  }

  const [{ diagnose }, { renderDiagnoses }] = await Promise.all([import('../pipeline/index.ts'), import('./output.ts')]);
  const diagnoses = [];
  for (const event of events) {
    const evidence = event.kind === 'external' ? (await import('../evidence/external.ts')).externalEvidence(event, now) : await evidenceFor(event);
    diagnoses.push(diagnose(event, evidence, { now, ...(agentProfiles ? { agentProfiles } : {}) }));
  }
  io.stdout.write(renderDiagnoses(diagnoses, { format, lang, color: colorWanted(values, io) && format === 'text' }));
  return 0;
}

async function snapshotCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions('snapshot', args);
  const live = liveReaderFor(values, io);
  const events = await inputEvents('snapshot', values, positionals, io, live);
  if (events.length !== 1) throw new UsageError(`snapshot takes one event; ${positionals[0]} holds ${events.length}`);
  const evidence = await (await live()).evidence(events[0] as FailureEvent, new Date());
  io.stdout.write(`${JSON.stringify(evidence, null, 2)}\n`);
  return 0;
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
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
