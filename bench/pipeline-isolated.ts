/**
 * Runs the pipeline benchmark in a child process of plain Node, bundled with esbuild first, so that its memory
 * figure is the pipeline's own and not a TypeScript loader's.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { SCENARIO_DIR } from '../lambdas/cli/scenarios.ts';
import type { BenchResult } from './stats.ts';

/** Runs the pipeline benchmark in a child process of plain Node (bundled with esbuild first). */
export async function benchPipelineIsolated(): Promise<BenchResult[]> {
  const outdir = mkdtempSync(join(tmpdir(), 'backup-doctor-bench-'));
  try {
    const outfile = join(outdir, 'pipeline.mjs');
    await build({
      entryPoints: [fileURLToPath(new URL('./pipeline-main.ts', import.meta.url))],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'silent',
    });
    const run = async (flags: string[]) =>
      JSON.parse((await promisify(execFile)(process.execPath, [...flags, outfile, SCENARIO_DIR], { maxBuffer: 1 << 20 })).stdout) as BenchResult[];
    const results = await run([]);
    // Most of the resident memory is V8's young generation, sized for the allocation rate; a smaller one shows
    // what the pipeline itself needs (and is a NODE_OPTIONS setting away in Lambda).
    const small = await run(['--max-semi-space-size=4']);
    const peak = small.find((r) => r.name.startsWith('peak resident memory, pipeline + render'));
    const rate = small.find((r) => r.name.startsWith('pipeline: diagnoses per second'));
    return [
      ...results,
      ...(peak && rate
        ? [{ name: 'peak resident memory with --max-semi-space-size=4', value: peak.value, unit: 'MB', note: `${rate.value} diagnoses/s in that run` }]
        : []),
    ];
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

