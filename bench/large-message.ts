/**
 * `npm run bench:large`: hostile 1 MB status messages through classify and every renderer (text, json, slack,
 * chatbot, email; en and ja). Prints the median of several runs per shape and path, and the machine.
 */
import { cpus, totalmem } from 'node:os';
import { classify } from '../lambdas/catalog/index.ts';
import { loadScenarios } from '../lambdas/cli/scenarios.ts';
import { diagnose } from '../lambdas/pipeline/index.ts';
import { type Format, render } from '../lambdas/pipeline/report.ts';
import { median } from './stats.ts';

const SIZE = 1_000_000;
const RUNS = 5;

function sized(piece: string): string {
  return piece.repeat(Math.ceil(SIZE / piece.length)).slice(0, SIZE);
}

/** Shapes that were slow once, or that stress one path: one long word, repeated rule prefixes, nested wrappers. */
const SHAPES: Record<string, string> = {
  'one long word': 'a'.repeat(SIZE),
  'guardrail rule prefix': `User: x is not authorized to perform: ${'a'.repeat(SIZE - 40)}`,
  'repeated access denied': sized('is not authorized to perform: s3:GetObject '),
  'repeated "KMS key"': sized('KMS key '),
  'KMS ARN parts': sized('arn:aws:kms:us-east-1:1:key/'),
  'nested Error: and quotes': sized('Error: "'),
  'Japanese, no spaces': sized('バックアップ'),
  'closing punctuation': sized('）'),
  'control and bidi': sized('\u001b[31m\u202eabc '),
  'mentions and fences': sized('<!channel> ``` & '),
};

const FORMATS: readonly Format[] = ['text', 'json', 'slack', 'chatbot', 'email'];

function time(run: () => unknown): number {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

const scenario = loadScenarios()[0];
if (!scenario) throw new Error('no demo scenario');
process.stdout.write(
  `machine: ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}\n`,
);
process.stdout.write(`1 MB status messages, median of ${RUNS} runs, ms\n\n`);
const columns = ['classify', ...FORMATS.flatMap((f) => [`${f}/en`, `${f}/ja`])];
const nameWidth = Math.max(...Object.keys(SHAPES).map((k) => k.length));
process.stdout.write(`${''.padEnd(nameWidth)}  ${columns.map((c) => c.padStart(11)).join('')}\n`);
let worst = 0;
for (const [name, text] of Object.entries(SHAPES)) {
  const cells = [time(() => classify({ text, source: 'backup' }))];
  const diagnosis = diagnose({ ...scenario.event, statusMessage: text }, scenario.evidence, { now: scenario.now });
  for (const format of FORMATS) for (const lang of ['en', 'ja'] as const) cells.push(time(() => render(diagnosis, { format, lang })));
  worst = Math.max(worst, ...cells);
  process.stdout.write(`${name.padEnd(nameWidth)}  ${cells.map((c) => c.toFixed(1).padStart(11)).join('')}\n`);
}
process.stdout.write(`\nslowest median: ${worst.toFixed(1)} ms\n`);
