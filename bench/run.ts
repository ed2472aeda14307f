/**
 * `npm run bench`: every benchmark, printed as a table with the machine stated. Figures are medians.
 */
import { cpus, totalmem } from 'node:os';
import { benchColdStart } from './coldstart.ts';
import { benchLive } from './live.ts';
import type { BenchResult } from './stats.ts';
import { benchPipelineIsolated } from './pipeline-isolated.ts';

const results: BenchResult[] = [];
const only = process.argv[2];

process.stdout.write(
  `machine: ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}\n\n`,
);
if (!only || only === 'pipeline') results.push(...(await benchPipelineIsolated()));
if (!only || only === 'live') results.push(...(await benchLive()));
if (!only || only === 'coldstart') results.push(...(await benchColdStart()));

const width = Math.max(...results.map((r) => r.name.length));
for (const r of results) {
  process.stdout.write(`${r.name.padEnd(width)}  ${String(r.value).padStart(8)} ${r.unit}${r.note ? `  (${r.note})` : ''}\n`);
}
