/**
 * `npm run bench:startup`: how fast the installed command starts. The package is packed and installed into an
 * empty folder (offline), then `backup-doctor --version` and `node -e 0` run alternately, each in a fresh
 * process; the figures are medians of wall time, side by side, with their ratio (the target is under 4×).
 * usage: tsx bench/startup.ts [RUNS]
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { packAndInstall } from '../scripts/pack-install.ts';
import { median } from './stats.ts';

const runs = Number(process.argv[2] ?? '21');
const installed = await packAndInstall();
const cli = join(installed.dir, 'node_modules', 'backup-doctor', 'dist', 'cli', 'backup-doctor.mjs');

function time(args: string[]): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd: installed.dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${String(result.stderr)}`);
  return ms;
}

const baseline: number[] = [];
const command: number[] = [];
time(['-e', '0']);
time([cli, '--version']);
for (let i = 0; i < runs; i++) {
  baseline.push(time(['-e', '0']));
  command.push(time([cli, '--version']));
}
rmSync(dirname(installed.dir), { recursive: true, force: true });

const node = median(baseline);
const doctor = median(command);
process.stdout.write(
  `machine: ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; ${runs} runs each, medians of wall time\n` +
    `node -e 0                          ${node.toFixed(1).padStart(8)} ms\n` +
    `backup-doctor --version (installed) ${doctor.toFixed(1).padStart(7)} ms\n` +
    `ratio                              ${(doctor / node).toFixed(2).padStart(8)} × (target < 4×)\n`,
);
