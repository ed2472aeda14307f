/**
 * Growth, not speed: every input path (classify, each catalog pattern, unwrap, wrapping, every renderer, JSON
 * text) is run on hostile text of size n and 8n (three doublings). Linear code takes about 8 times as long,
 * quadratic code 64 times; the test fails above 24 (medians of several runs, plus slack for a busy machine).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RULES, classify, matchesPattern, unwrap } from '../../lambdas/catalog/index.ts';
import { loadScenarios } from '../../lambdas/cli/scenarios.ts';
import { diagnose } from '../../lambdas/pipeline/index.ts';
import { parseEventText } from '../../lambdas/events/index.ts';
import { render } from '../../lambdas/pipeline/report.ts';
import { wrap } from '../../lambdas/report/wrap.ts';

// Pieces of the shapes the patterns look for, and characters that stress wrapping and escaping.
const FRAGMENTS = [
  'is not authorized to perform: ',
  'sts:AssumeRole ',
  'KMS key ',
  'arn:aws:kms:',
  ':key/',
  'Error: ',
  '"',
  "'",
  'Status Message ',
  'Resource handler returned message: "',
  '(Service: ',
  'Status Code',
  ') ',
  'api error A: ',
  'An error occurred (A) when calling the X operation: ',
  'The target KMS key [',
  'IAM Role ',
  'a',
  'x1',
  ' ',
  '  ',
  '\\n',
  '\n',
  'あ',
  '、',
  '(',
  ')',
  '```',
  '`',
  'cron(',
  'rate(',
  '<!channel>',
  '&',
  '\u202e',
  '\u001b[31m',
];

// Shapes that were quadratic once: a long word, a repeated lazy-gap prefix, nested quotes and Terraform prefixes.
const EXAMPLES = ['a', 'is not authorized to perform: ', 'KMS key ', '"', 'Error: "'];

const unit = fc.array(fc.constantFrom(...FRAGMENTS), { minLength: 1, maxLength: 6 }).map((parts) => parts.join(''));

function sized(piece: string, n: number): string {
  return piece.repeat(Math.ceil(n / piece.length)).slice(0, n);
}

// Sizes stay below ~100k characters: past that, allocation and cache effects make even a single native replace()
// jump by several times from one doubling to the next, which says nothing about the algorithm.
/** Time per call in ms: the call is repeated until at least 10 ms have passed, so short calls are measurable. */
function perCall(run: () => unknown): number {
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    run();
    calls++;
    elapsed = performance.now() - start;
  } while (elapsed < 10);
  return elapsed / calls;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/**
 * Asserts that f on 8n characters takes at most 24 times as long as on n characters. Samples of both sizes are
 * interleaved, so that a busy machine slows both alike, and their medians are compared.
 */
function growsLinearly(f: (text: string) => unknown, n: number, runs = 8): void {
  fc.assert(
    fc.property(unit, (piece) => {
      const small = sized(piece, n);
      const large = sized(piece, 8 * n);
      f(small); // warm up
      f(large);
      const measure = (samples: number): { tSmall: number; tLarge: number } => {
        const smalls: number[] = [];
        const larges: number[] = [];
        for (let i = 0; i < samples; i++) {
          smalls.push(perCall(() => f(small)));
          larges.push(perCall(() => f(large)));
        }
        return { tSmall: median(smalls), tLarge: median(larges) };
      };
      const within = (m: { tSmall: number; tLarge: number }): boolean => m.tLarge <= 24 * m.tSmall + 1;
      // A busy machine can stall one series; quadratic code exceeds the bound on a second, longer measurement too.
      let m = measure(7);
      if (!within(m)) m = measure(15);
      expect(m.tLarge, `${JSON.stringify(piece)}: ${m.tSmall.toFixed(2)} ms → ${m.tLarge.toFixed(2)} ms`).toBeLessThanOrEqual(24 * m.tSmall + 1);
    }),
    { numRuns: runs, seed: 7, examples: EXAMPLES.map((e) => [e] as [string]) },
  );
}

const scenario = loadScenarios()[0];

describe('time grows linearly with the input', () => {
  it('classifies in linear time', () => {
    growsLinearly((text) => classify({ text }), 4_000);
  }, 120_000);

  it('matches every catalog pattern in linear time', () => {
    growsLinearly((text) => RULES.map((r) => matchesPattern(r.pattern, text)), 8_000);
  }, 120_000);

  it('unwraps in linear time', () => {
    growsLinearly((text) => unwrap(text), 8_000);
  }, 120_000);

  it('wraps in linear time', () => {
    growsLinearly((text) => wrap(text, 100, '  '), 8_000);
  }, 120_000);

  it('renders every format in linear time', () => {
    if (!scenario) throw new Error('no demo scenario');
    growsLinearly((text) => {
      const diagnosis = diagnose({ ...scenario.event, statusMessage: text }, scenario.evidence, { now: scenario.now });
      return (['text', 'json', 'slack', 'chatbot', 'email'] as const).map((format) => render(diagnosis, { format, lang: 'ja' }));
    }, 2_000, 5);
  }, 120_000);

  it('reads JSON text and reports its syntax error in linear time', () => {
    growsLinearly((text) => parseEventText(`{"detail": ${JSON.stringify(text)}, "x": ${text.slice(0, 100)}`), 8_000);
  }, 120_000);
});
