/**
 * Builds what the package ships into dist/:
 *   dist/cli/backup-doctor.mjs          the command, one ESM file with the SDK bundled
 *   dist/handlers/<name>/index.mjs      every Lambda handler (lib/handlers.ts finds them), as deployed
 *   dist/lib/index.mjs                  the CDK constructs (aws-cdk-lib and constructs are peers, not bundled)
 *   dist/types/                         their type declarations
 * `npm ci` and `npm pack` run it (the `prepare` script), so a checkout and the package behave alike.
 *
 * usage: tsx scripts/build.ts [--if-stale] [--no-types]
 *   --if-stale   do nothing when dist/ is newer than every source file (tests and `cdk synth` use this)
 *   --no-types   skip the declarations (they take the longest and only the package needs them)
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions } from 'esbuild';
import { HANDLER_BUNDLING } from '../lib/bundling.ts';
import { handlerSources } from '../lib/handlers.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist');
/** Written last: its time is the build's, and its absence means an incomplete build. */
const STAMP = join(DIST, '.built');
/** The sources a build reads (besides node_modules). */
const SOURCE_DIRS = ['lambdas', 'lib', 'profiles', 'scripts'];
const SOURCE_FILES = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'];

/** The peers: the user's CDK app brings its own, and the constructs must use that one. */
const PEERS = ['aws-cdk-lib', 'constructs'];

/** The newest modification time among the sources, in ms. */
function newestSource(): number {
  let newest = 0;
  const visit = (path: string): void => {
    const st = statSync(path, { throwIfNoEntry: false });
    if (!st) return;
    if (st.isDirectory()) {
      for (const entry of readdirSync(path)) visit(join(path, entry));
    } else {
      newest = Math.max(newest, st.mtimeMs);
    }
  };
  for (const dir of SOURCE_DIRS) visit(join(ROOT, dir));
  for (const file of SOURCE_FILES) visit(join(ROOT, file));
  return newest;
}

/** Whether dist/ is missing, incomplete, or older than a source (or lacks the declarations when they are wanted). */
export function isStale(opts: { types: boolean } = { types: true }): boolean {
  const stamp = statSync(STAMP, { throwIfNoEntry: false });
  if (!stamp) return true;
  if (opts.types && !existsSync(join(DIST, 'types', 'lib', 'index.d.ts'))) return true;
  const built = new Set(existsSync(join(DIST, 'handlers')) ? readdirSync(join(DIST, 'handlers')) : []);
  if (handlerSources(join(ROOT, 'lambdas', 'handlers')).some((h) => !built.has(h.name))) return true;
  return newestSource() > stamp.mtimeMs;
}

const common: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  outExtension: { '.js': '.mjs' },
  logLevel: 'warning',
  legalComments: 'none',
};

/** Every handler, with the options the constructs deploy them with (lib/bundling.ts). */
async function buildHandlers(): Promise<string[]> {
  const handlers = handlerSources(join(ROOT, 'lambdas', 'handlers'));
  await build({
    ...common,
    ...HANDLER_BUNDLING,
    mainFields: [...HANDLER_BUNDLING.mainFields],
    banner: { js: HANDLER_BUNDLING.banner },
    entryPoints: Object.fromEntries(handlers.map((h) => [`${h.name}/index`, h.path])),
    outdir: join(DIST, 'handlers'),
  });
  return handlers.map((h) => h.name);
}

/**
 * The command, started by node directly. Split into chunks that each command loads when it runs, so that
 * `--version` or `classify` does not parse the SDK. The chunks sit next to the entry: paths relative to
 * import.meta.url (the demo scenarios, package.json) are the same from each.
 */
async function buildCli(): Promise<void> {
  const outfile = join(DIST, 'cli', 'backup-doctor.mjs');
  await build({
    ...common,
    entryPoints: { 'backup-doctor': join(ROOT, 'lambdas', 'cli', 'entry.ts') },
    outdir: join(DIST, 'cli'),
    splitting: true,
    chunkNames: '[name]-[hash]',
    target: 'node20',
    mainFields: ['module', 'main'],
    minify: true,
    banner: {
      js: "#!/usr/bin/env node\nimport { createRequire as __bdCreateRequire } from 'node:module'; const require = __bdCreateRequire(import.meta.url);",
    },
  });
  chmodSync(outfile, 0o755);
}

/** The constructs. The code they take from lambdas/ (routes, permissions, message types) is bundled in. */
async function buildLib(): Promise<void> {
  await build({
    ...common,
    entryPoints: [join(ROOT, 'lib', 'index.ts')],
    outfile: join(DIST, 'lib', 'index.mjs'),
    target: 'node20',
    mainFields: ['module', 'main'],
    external: PEERS.flatMap((p) => [p, `${p}/*`]),
    banner: {
      js: "import { createRequire as __bdCreateRequire } from 'node:module'; const require = __bdCreateRequire(import.meta.url);",
    },
  });
}

/** Declarations of the constructs, with the relative `.ts` imports rewritten to `.js` as published types use. */
function buildTypes(): void {
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  execFileSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith('.d.ts')) {
        const text = readFileSync(path, 'utf8');
        writeFileSync(path, text.replace(/(from\s+['"]\.{1,2}\/[^'"]*?)\.ts(['"])/g, '$1.js$2'));
      }
    }
  };
  visit(join(DIST, 'types'));
}

/** Builds dist/ from scratch. */
export async function buildAll(opts: { types: boolean } = { types: true }): Promise<string[]> {
  rmSync(DIST, { recursive: true, force: true });
  mkdirSync(DIST, { recursive: true });
  const [handlers] = await Promise.all([buildHandlers(), buildCli(), buildLib()]);
  if (opts.types) buildTypes();
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
  return handlers;
}

/** Builds when dist/ is stale; returns whether it built. */
export async function buildIfStale(opts: { types: boolean } = { types: false }): Promise<boolean> {
  if (!isStale(opts)) return false;
  await buildAll(opts);
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const types = !args.includes('--no-types');
  const started = Date.now();
  const built = args.includes('--if-stale') ? await buildIfStale({ types }) : (await buildAll({ types }), true);
  if (built) {
    const handlers = readdirSync(join(DIST, 'handlers')).sort();
    process.stderr.write(
      `backup-doctor build: ${relative(ROOT, DIST)}/ in ${Date.now() - started} ms (handlers: ${handlers.join(', ')}${types ? '; types' : ''})\n`,
    );
  }
}
