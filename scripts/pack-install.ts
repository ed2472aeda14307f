/**
 * Packs the project as `npm pack` publishes it and installs the tarball into an empty folder, offline, as a user's
 * project would get it. The peers (aws-cdk-lib, constructs) come from this project's node_modules, linked in
 * place of the user's own, so that nothing is downloaded. Used by the package test and the startup benchmark.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIfStale } from './build.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The peers a user's CDK app brings. */
export const PEERS = ['aws-cdk-lib', 'constructs'] as const;

/** An installed copy of the package. */
export interface Installed {
  /** The user's project folder, with node_modules/backup-doctor. */
  readonly dir: string;
  /** The tarball. */
  readonly tarball: string;
  /** The paths the tarball holds (package/ prefix removed). */
  readonly files: readonly string[];
}

const npm = (args: string[], cwd: string): string =>
  execFileSync('npm', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' },
  });

/** Builds dist/ if needed, packs, and installs the tarball into a new folder under `parent` (a temp dir by default). */
export async function packAndInstall(parent: string = tmpdir()): Promise<Installed> {
  await buildIfStale({ types: true });
  const work = mkdtempSync(join(parent, 'backup-doctor-pack-'));
  // dist/ is current, so the pack does not need to run the build again.
  const [packed] = JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', work], ROOT)) as {
    filename: string;
    files: { path: string }[];
  }[];
  if (!packed) throw new Error('npm pack gave no tarball');
  const tarball = join(work, packed.filename);

  const dir = join(work, 'app');
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'app', private: true, type: 'module' }, null, 2)}\n`);
  // The package has no dependencies of its own; its peers are linked below rather than fetched.
  npm(['install', '--offline', '--legacy-peer-deps', '--no-package-lock', tarball], dir);
  for (const peer of PEERS) symlinkSync(join(ROOT, 'node_modules', peer), join(dir, 'node_modules', peer), 'dir');
  return { dir, tarball, files: packed.files.map((f) => f.path) };
}
