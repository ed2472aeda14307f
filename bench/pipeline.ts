/**
 * Benchmark: the pure pipeline (classify → checks → rank → render) on the demo scenarios, on one core.
 * Reports the median of several rounds (the machine is noisy) and the peak resident memory.
 */
import { performance } from 'node:perf_hooks';
import { diagnose } from '../lambdas/pipeline/index.ts';
import { render } from '../lambdas/pipeline/report.ts';
import { loadScenarios } from '../lambdas/cli/scenarios.ts';
import { type BenchResult, median } from './stats.ts';

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
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (let i = 0; i < perRound; i++) {
      const s = scenarios[i % scenarios.length]!;
      sink += diagnose(s.event, s.evidence, { now: s.now }).findings.length;
      if (i % 500 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }
    diagnoseRates.push(perRound / ((performance.now() - t0) / 1000));
  }
  const pipelinePeak = peakRss;

  const withRenderRates: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (let i = 0; i < perRound; i++) {
      const s = scenarios[i % scenarios.length]!;
      const d = diagnose(s.event, s.evidence, { now: s.now });
      sink += render(d, { format: 'slack', lang: 'en' }).length + render(d, { format: 'text', lang: 'ja' }).length;
      if (i % 500 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }
    withRenderRates.push(perRound / ((performance.now() - t0) / 1000));
  }
  if (sink === 0) throw new Error('benchmark produced nothing');
  return [
    { name: 'pipeline: diagnoses per second (classify + all checks + rank)', value: Math.round(median(diagnoseRates)), unit: 'diagnoses/s', note: `median of ${rounds} rounds × ${perRound}, ${scenarios.length} demo scenarios` },
    { name: 'pipeline + render (Slack en + text ja)', value: Math.round(median(withRenderRates)), unit: 'diagnoses/s', note: `median of ${rounds} rounds` },
    { name: 'peak resident memory, pipeline rounds', value: Math.round(pipelinePeak / 1024 / 1024), unit: 'MB', note: 'whole Node process: plain node running the bundled pipeline' },
    { name: 'peak resident memory, pipeline + render rounds', value: Math.round(peakRss / 1024 / 1024), unit: 'MB' },
  ];
}
