/** Runs the command in-process, as a shell would: argv, stdin and the environment in; exit code, stdout, stderr out. */
import { PassThrough } from 'node:stream';
import { main } from '../../lambdas/cli/main.ts';

/** What one run of the command printed, and its exit code. */
export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs `backup-doctor ARGV` with `stdin` as standard input, not on a terminal, with `env` as its environment. */
export async function runCli(argv: readonly string[], stdin = '', env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const input = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += c));
  stderr.on('data', (c) => (err += c));
  input.end(stdin);
  const code = await main([...argv], { stdin: input, stdout, stderr, isTTY: false, env });
  return { code, out, err };
}
