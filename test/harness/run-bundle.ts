/**
 * Runs a bundled handler in a fresh Node process through invoke-bundle.mjs, as Lambda runs the artefact: the
 * input (`invocations` and an optional `timeoutMs` budget) goes in on stdin, the runner's JSON answer comes back.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const RUNNER = fileURLToPath(new URL('./invoke-bundle.mjs', import.meta.url));

/** What the runner is given: the events of each invocation, in order, and the remaining-time budget of each. */
export interface BundleInput {
  readonly invocations: readonly unknown[];
  readonly timeoutMs?: number;
}

/** Runs `bundleFile` with `env`; a non-zero exit is an error that carries the start of stderr. */
export async function runBundle(bundleFile: string, env: NodeJS.ProcessEnv, input: BundleInput, nodeArgs: readonly string[] = []): Promise<unknown> {
  const child = execFile(process.execPath, [...nodeArgs, RUNNER, bundleFile], { env, maxBuffer: 64 * 1024 * 1024 });
  let out = '';
  let err = '';
  child.stdout?.on('data', (c) => (out += c));
  child.stderr?.on('data', (c) => (err += c));
  child.stdin?.end(JSON.stringify(input));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`bundle exited ${code}: ${err.slice(0, 2000)}`);
  return JSON.parse(out) as unknown;
}
