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
import type { BenchResult } from './pipeline.ts';

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
    const { stdout } = await promisify(execFile)(process.execPath, [outfile, SCENARIO_DIR], { maxBuffer: 1 << 20 });
    return JSON.parse(stdout) as BenchResult[];
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

