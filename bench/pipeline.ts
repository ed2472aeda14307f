/**
 * Benchmark: the pure pipeline (classify → checks → rank → render) on the demo scenarios, on one core.
 * Reports the median of several rounds (the machine is noisy) and the peak resident memory.
 */
import { performance } from 'node:perf_hooks';
import { diagnose } from '../lambdas/core/pipeline.ts';
import { render } from '../lambdas/report/index.ts';
import { loadScenarios, SCENARIO_DIR } from '../lambdas/cli/scenarios.ts';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';

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

/** One benchmark's result line. */
export interface BenchResult {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly note?: string;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Runs the pipeline benchmark: `rounds` rounds of `perRound` diagnoses each. */
export function benchPipeline(scenarioDir?: string, rounds = 7, perRound = 4000): BenchResult[] {
  const scenarios = loadScenarios(scenarioDir);
  let peakRss = process.memoryUsage().rss;
  let sink = 0;

  // Warm up the JIT so the rounds measure steady state.
  for (let i = 0; i < 500; i++) {
    const s = scenarios[i % scenarios.length]!;
    sink += diagnose(s.event, s.evidence, { now: s.now }).findings.length;
  }

  const diagnoseRates: number[] = [];
  const withRenderRates: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let t0 = performance.now();
    for (let i = 0; i < perRound; i++) {
      const s = scenarios[i % scenarios.length]!;
      sink += diagnose(s.event, s.evidence, { now: s.now }).findings.length;
    }
    diagnoseRates.push(perRound / ((performance.now() - t0) / 1000));
    peakRss = Math.max(peakRss, process.memoryUsage().rss);

    t0 = performance.now();
    for (let i = 0; i < perRound; i++) {
      const s = scenarios[i % scenarios.length]!;
      const d = diagnose(s.event, s.evidence, { now: s.now });
      sink += render(d, { format: 'slack', lang: 'en' }).length + render(d, { format: 'text', lang: 'ja' }).length;
    }
    withRenderRates.push(perRound / ((performance.now() - t0) / 1000));
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  if (sink === 0) throw new Error('benchmark produced nothing');
  return [
    { name: 'pipeline: diagnoses per second (classify + all checks + rank)', value: Math.round(median(diagnoseRates)), unit: 'diagnoses/s', note: `median of ${rounds} rounds × ${perRound}, ${scenarios.length} demo scenarios` },
    { name: 'pipeline + render (Slack en + text ja)', value: Math.round(median(withRenderRates)), unit: 'diagnoses/s', note: `median of ${rounds} rounds` },
    { name: 'peak resident memory during the pipeline benchmark', value: Math.round(peakRss / 1024 / 1024), unit: 'MB', note: 'whole Node process, plain node running the bundled pipeline' },
  ];
}
