/**
 * Benchmarks of live collection against the loopback fake (real wire protocols, the SDK's own stack):
 * AWS calls per diagnosis, and latency with 50 ms added to every call, which shows the critical path in round trips.
 */
import { performance } from 'node:perf_hooks';
import { collectEvidence, createClients, EvidenceCache } from '../lambdas/evidence/index.ts';
import { loadScenarios } from '../lambdas/cli/scenarios.ts';
import { startFakeAws } from '../test/harness/fake-aws.ts';
import { type BenchResult, median } from './stats.ts';


const LATENCY_MS = 50;

/** Calls per diagnosis and latency per demo scenario (`rounds` timed runs each, median). */
export async function benchLive(rounds = 5): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const calls: number[] = [];
  const trips: number[] = [];
  for (const scenario of loadScenarios()) {
    const aws = await startFakeAws(scenario.evidence);
    try {
      const clients = createClients({
        region: scenario.evidence.region ?? 'us-east-1',
        endpoint: aws.url,
        credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
      });
      const collect = () =>
        collectEvidence(scenario.event, clients, {
          now: scenario.now,
          deadline: Date.now() + 30_000,
          cache: new EvidenceCache(),
        });
      await collect();
      const count = aws.requests.length;
      calls.push(count);
      const base: number[] = [];
      for (let r = 0; r < rounds; r++) {
        const t0 = performance.now();
        await collect();
        base.push(performance.now() - t0);
      }
      const baseMs = median(base);

      aws.setFaults({ faults: { '*': { latencyMs: LATENCY_MS } } });
      const times: number[] = [];
      for (let r = 0; r < rounds; r++) {
        const t0 = performance.now();
        await collect();
        times.push(performance.now() - t0);
      }
      const ms = median(times);
      // Round trips on the critical path: the added time over the same run without latency, per added 50 ms.
      const roundTrips = (ms - baseMs) / LATENCY_MS;
      trips.push(roundTrips);
      results.push({
        name: `  ${scenario.id}`,
        value: Math.round(ms),
        unit: 'ms',
        note: `${count} AWS calls; ${roundTrips.toFixed(1)} round trips of ${LATENCY_MS} ms (${Math.round(baseMs)} ms without added latency)`,
      });
    } finally {
      await aws.close();
    }
  }
  const mean = calls.reduce((a, b) => a + b, 0) / calls.length;
  return [
    { name: 'AWS calls per diagnosis (demo scenarios, cold cache)', value: Math.round(mean * 10) / 10, unit: 'calls', note: `min ${Math.min(...calls)}, max ${Math.max(...calls)}` },
    { name: `collection latency, ${LATENCY_MS} ms per call (median of ${rounds})`, value: Math.round(median(trips) * LATENCY_MS), unit: 'ms', note: `critical path ≈ ${median(trips).toFixed(1)} round trips (median over scenarios), max ${Math.max(...trips).toFixed(1)}` },
    ...results,
  ];
}
