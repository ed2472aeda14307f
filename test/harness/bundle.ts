/**
 * Bundles a Lambda handler with the local esbuild and the same options the CDK app deploys with
 * (lib/bundling.ts), so that tests and benchmarks exercise the artefact users run.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import { build } from 'esbuild';
import { functionDefaults, handlerEntry } from '../../lib/bundling.ts';

/** The bundle's path and size. */
export interface Bundle {
  readonly file: string;
  readonly bytes: number;
}

/** Bundles lambdas/handlers/<file> into a fresh temporary directory as index.mjs. */
export async function bundleHandler(file: string, entry = handlerEntry(file)): Promise<Bundle> {
  const opts = functionDefaults(Duration.minutes(1)).bundling ?? {};
  const outdir = mkdtempSync(join(tmpdir(), 'backup-doctor-bundle-'));
  const outfile = join(outdir, 'index.mjs');
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: opts.target ?? 'node22',
    mainFields: opts.mainFields ?? ['module', 'main'],
    minify: opts.minify ?? true,
    sourcemap: opts.sourceMap ?? true,
    banner: { js: opts.banner ?? '' },
    metafile: true,
    logLevel: 'silent',
  });
  const bytes = Object.values(result.metafile.outputs)
    .filter((_o, i) => !Object.keys(result.metafile.outputs)[i]?.endsWith('.map'))
    .reduce((sum, o) => sum + o.bytes, 0);
  return { file: outfile, bytes };
}
