/**
 * The command's options, defined once: the parser, the per-command help and the checks of each value all read
 * this table. Loading it loads nothing else, so `--version` and `--help` start fast.
 */
import { parseArgs } from 'node:util';
import type { Lang } from '../model/types.ts';

/** Streams the command writes to; tests pass their own. */
export interface Io {
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  /** Whether stdout is a terminal (colour on). */
  readonly isTTY?: boolean;
  readonly env?: NodeJS.ProcessEnv;
}

/** A mistake in how the command was called: exit code 2 with the usage. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The output formats. json, slack and chatbot give one JSON document (an array for several diagnoses). */
export const FORMATS = ['text', 'json', 'jsonl', 'slack', 'chatbot', 'email'] as const;
export type Format = (typeof FORMATS)[number];

/** The output formats of audit: one report, so no line per diagnosis and no email of one. */
export const AUDIT_FORMATS = ['text', 'json', 'slack', 'chatbot'] as const satisfies readonly Format[];
export type AuditFormatName = (typeof AUDIT_FORMATS)[number];

/** The job types of --job-type. */
export const JOB_TYPE_NAMES = ['backup', 'copy', 'restore'] as const;

type Command = 'demo' | 'diagnose' | 'snapshot' | 'classify' | 'audit';

interface OptionSpec {
  readonly type: 'string' | 'boolean';
  /** The value's placeholder in the help (string options). */
  readonly arg?: string;
  /** A placeholder for the commands that take fewer values than `arg` says. */
  readonly argFor?: Partial<Record<Command, string>>;
  readonly help: string;
  readonly commands: readonly Command[];
}

/** Every option, with the commands that take it. */
export const OPTIONS: Readonly<Record<string, OptionSpec>> = {
  offline: { type: 'string', arg: 'SNAPSHOT.json', help: 'replay an account snapshot instead of reading the account', commands: ['diagnose', 'audit'] },
  profiles: { type: 'string', arg: 'DIR', help: 'agent permission profiles (JSON files) to add to the built-in ones', commands: ['diagnose', 'audit'] },
  audit: { type: 'boolean', help: 'record what the audit reads (plans, selections, vaults, keys, roles) instead of one event\'s facts', commands: ['snapshot'] },
  'job-id': { type: 'string', arg: 'ID', help: 'read this AWS Backup job from the account instead of an event file', commands: ['diagnose', 'snapshot'] },
  'job-type': { type: 'string', arg: 'backup|copy|restore', help: 'the kind of job --job-id names (default backup)', commands: ['diagnose', 'snapshot'] },
  format: { type: 'string', arg: FORMATS.join('|'), help: 'output form (default text); json, slack and chatbot print one JSON document, an array for several; jsonl prints one JSON line each; email prints the subject and body (audit takes text, json, slack or chatbot)', argFor: { audit: AUDIT_FORMATS.join('|') }, commands: ['demo', 'diagnose', 'audit'] },
  lang: { type: 'string', arg: 'en|ja', help: 'language of the diagnosis (default en)', commands: ['demo', 'diagnose', 'audit'] },
  now: { type: 'string', arg: 'ISO-8601', help: 'the time to judge windows and next runs against (default: the current time)', commands: ['diagnose', 'audit'] },
  profile: { type: 'string', arg: 'NAME', help: 'the AWS profile to read the account with (default: the SDK default chain)', commands: ['diagnose', 'snapshot'] },
  region: { type: 'string', arg: 'REGION', help: "the region to read (default: the event's region, else AWS_REGION)", commands: ['diagnose', 'snapshot'] },
  color: { type: 'boolean', help: 'colour the text output even when stdout is not a terminal', commands: ['demo', 'diagnose'] },
  'no-color': { type: 'boolean', help: 'no colour (so does the NO_COLOR environment variable)', commands: ['demo', 'diagnose'] },
  jsonl: { type: 'boolean', help: 'read and write JSON Lines (required)', commands: ['classify'] },
  help: { type: 'boolean', help: 'show this help', commands: ['demo', 'diagnose', 'snapshot', 'classify', 'audit'] },
};

/** What each command does and how it is called. */
export const COMMANDS: Readonly<Record<Command, { readonly usage: readonly string[]; readonly about: string }>> = {
  demo: {
    usage: ['backup-doctor demo [SCENARIO...]'],
    about: 'diagnoses the bundled scenarios offline, without credentials; SCENARIO picks some by id, number or part of the id',
  },
  diagnose: {
    usage: ['backup-doctor diagnose EVENT.json|-', 'backup-doctor diagnose --job-id ID [--job-type backup|copy|restore]'],
    about:
      'explains a failed job or volume attachment: from an event file, stdin (-), the output of aws backup describe-backup-job, ' +
      'describe-copy-job or describe-restore-job, or a job id read from the account',
  },
  snapshot: {
    usage: [
      'backup-doctor snapshot EVENT.json|- > SNAPSHOT.json',
      'backup-doctor snapshot --job-id ID [--job-type backup|copy|restore] > SNAPSHOT.json',
      'backup-doctor snapshot --audit > SNAPSHOT.json',
    ],
    about: 'records, read-only, the account facts a diagnosis needs, to replay with diagnose --offline',
  },
  classify: { usage: ['backup-doctor classify --jsonl < in.jsonl > out.jsonl'], about: 'classifies one status message per input line' },
  audit: {
    usage: ['backup-doctor audit'],
    about: 'runs the checks before anything fails: plans against vault locks, roles against their resources and profiles, keys, windows',
  },
};

/** Whether `name` is a command. */
export function isCommand(name: string | undefined): name is Command {
  return name !== undefined && Object.hasOwn(COMMANDS, name);
}

const optionsOf = (command: Command) => Object.entries(OPTIONS).filter(([, o]) => o.commands.includes(command));

/** The short usage of every command. */
export function usage(): string {
  const lines = (Object.keys(COMMANDS) as Command[]).flatMap((c) => {
    const opts = optionsOf(c)
      .filter(([name]) => name !== 'help' && name !== 'jsonl' && name !== 'job-type')
      .map(([name, o]) => {
        const arg = o.argFor?.[c] ?? o.arg;
        return arg ? `[--${name} ${arg}]` : `[--${name}]`;
      });
    return COMMANDS[c].usage.map((u, i) => `  ${u}${i === 0 && opts.length > 0 ? ` ${opts.join(' ')}` : ''}`);
  });
  return ['usage:', ...lines, '  backup-doctor --version', "  backup-doctor COMMAND --help"].join('\n');
}

/** The help of one command: its forms, what it does, and each of its options. */
export function commandHelp(command: Command): string {
  const opts = optionsOf(command).map(([name, o]) => {
    const arg = o.argFor?.[command] ?? o.arg;
    const flag = arg ? `--${name} ${arg}` : `--${name}`;
    return `  ${flag}\n      ${o.help}`;
  });
  return [`usage:`, ...COMMANDS[command].usage.map((u) => `  ${u}`), '', COMMANDS[command].about, '', 'options:', ...opts].join('\n');
}

/** Parses a command's options; an option the command does not take is a usage error in one line. */
export function parseOptions(command: Command, args: readonly string[]) {
  const options = Object.fromEntries(optionsOf(command).map(([name, o]) => [name, { type: o.type }]));
  try {
    return parseArgs({ args: [...args], allowPositionals: true, strict: true, options }) as {
      values: Record<string, string | boolean | undefined>;
      positionals: string[];
    };
  } catch (err) {
    throw new UsageError(oneLine(err));
  }
}

/** A string option's value (parseArgs typed them all alike). */
export const str = (v: string | boolean | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

/** Validates --format. */
export function formatOption(value: string | boolean | undefined): Format {
  const format = str(value) ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got "${format}")`);
  }
  return format as Format;
}

/** Validates --lang. */
export function langOption(value: string | boolean | undefined): Lang {
  const lang = str(value) ?? 'en';
  if (lang !== 'en' && lang !== 'ja') throw new UsageError(`--lang must be en or ja (got "${lang}")`);
  return lang;
}

/** Validates --now. */
export function nowOption(value: string | boolean | undefined): Date {
  const text = str(value);
  if (text === undefined) return new Date();
  const now = new Date(text);
  if (Number.isNaN(now.getTime())) throw new UsageError(`--now must be an ISO-8601 time (got "${text}")`);
  return now;
}

/** Validates --job-type. */
export function jobTypeOption(value: string | boolean | undefined): (typeof JOB_TYPE_NAMES)[number] {
  const type = str(value) ?? 'backup';
  if (!(JOB_TYPE_NAMES as readonly string[]).includes(type)) {
    throw new UsageError(`--job-type must be one of ${JOB_TYPE_NAMES.join(', ')} (got "${type}")`);
  }
  return type as (typeof JOB_TYPE_NAMES)[number];
}

/** Colour when stdout is a terminal, unless --no-color or NO_COLOR; --color forces it. */
export function colorWanted(values: Record<string, string | boolean | undefined>, io: Io): boolean {
  if (values['no-color']) return false;
  if (values['color']) return true;
  return Boolean(io.isTTY) && !io.env?.['NO_COLOR'];
}

/** An error as one line, without a stack. */
export function oneLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.replace(/\s*\n\s*/g, ' ').slice(0, 500);
}
