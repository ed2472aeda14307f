/**
 * Cold start: the bundled diagnoser's module load plus its first diagnosis (against the loopback fake, no added
 * latency), against a bare bundle that only builds the same SDK clients. Fresh Node process per sample; medians.
 */
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { loadScenarios } from '../lambdas/cli/scenarios.ts';
import { bundleHandler } from '../test/harness/bundle.ts';
import { startFakeAws } from '../test/harness/fake-aws.ts';
import { type BenchResult, median } from './stats.ts';

const run = promisify(execFile);
const CHILD = fileURLToPath(new URL('./coldstart-child.mjs', import.meta.url));


/** Runs `samples` cold starts of each bundle and compares their medians. */
export async function benchColdStart(samples = 11): Promise<BenchResult[]> {
  const diagnoser = await bundleHandler('diagnose.ts');
  const pure = await bundleHandler('cold-pure-entry.ts', fileURLToPath(new URL('./cold-pure-entry.ts', import.meta.url)));
  const bare = await bundleHandler('bare-sdk.ts', fileURLToPath(new URL('./bare-sdk.ts', import.meta.url)));
  const scenario = loadScenarios()[0]!;
  const dir = join(fileURLToPath(new URL('../demo/scenarios/', import.meta.url)), scenario.id);
  const eventFile = join(dir, 'event.json');
  const snapshotFile = join(dir, 'snapshot.json');
  const aws = await startFakeAws(scenario.evidence);
  const env = {
    ...process.env,
    ...aws.env,
    TOPIC_ARN: 'arn:aws:sns:ap-northeast-1:111122223333:backup-doctor',
    IDEMPOTENCY_TABLE: 'bench',
    REPORT_LANG: 'en',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  const offline: number[] = [];
  const full: number[] = [];
  const fullLoad: number[] = [];
  const base: number[] = [];
  try {
    for (let i = 0; i < samples; i++) {
      const b = JSON.parse((await run(process.execPath, [CHILD, bare.file], { env })).stdout) as { loadMs: number; firstMs: number };
      base.push(b.loadMs + b.firstMs);
      // A new event id each time, so that idempotency never skips the publish.
      const f = JSON.parse((await run(process.execPath, [CHILD, diagnoser.file, eventFile], { env })).stdout) as { loadMs: number; firstMs: number };
      full.push(f.loadMs + f.firstMs);
      fullLoad.push(f.loadMs);
      const o = JSON.parse(
        (await run(process.execPath, [CHILD, pure.file, eventFile, snapshotFile, scenario.now.toISOString()], { env })).stdout,
      ) as { loadMs: number; firstMs: number };
      offline.push(o.loadMs + o.firstMs);
    }
  } finally {
    await aws.close();
    for (const b of [diagnoser, pure, bare]) rmSync(dirname(b.file), { recursive: true, force: true });
  }
  const kb = (n: number) => Math.round(n / 1024);
  return [
    { name: 'cold start ratio: diagnoser load + first pure diagnosis and render / bare SDK bundle', value: Math.round((median(offline) / median(base)) * 100) / 100, unit: '×', note: `${Math.round(median(offline))} ms vs ${Math.round(median(base))} ms; evidence from the snapshot, no AWS call` },
    { name: 'cold start ratio: diagnoser load + first diagnosis with AWS calls / bare SDK bundle', value: Math.round((median(full) / median(base)) * 100) / 100, unit: '×', note: `${Math.round(median(full))} ms vs ${Math.round(median(base))} ms, median of ${samples} fresh processes` },
    { name: 'diagnoser module load alone', value: Math.round(median(fullLoad)), unit: 'ms' },
    { name: 'diagnoser bundle size (minified, without source map)', value: kb(diagnoser.bytes), unit: 'KB', note: `bare SDK bundle ${kb(bare.bytes)} KB` },
  ];
}
