import { checkSync } from 'recheck';
import { describe, expect, it } from 'vitest';
import { EC2_CODE_SHAPES, RULES, regexesOf } from '../../lambdas/catalog/index.ts';
import { UNWRAP_REGEXES } from '../../lambdas/catalog/unwrap.ts';

/**
 * Every regular expression the classifier runs, checked once per distinct source with the recheck ReDoS checker.
 * An expression without unbounded repetition (`*`, `+`, `{n,}`) matches strings of bounded length, so it is linear
 * by construction and needs no search; the others go to the checker.
 */
const ALL: readonly RegExp[] = [...RULES.flatMap((r) => regexesOf(r.pattern)), ...EC2_CODE_SHAPES, ...UNWRAP_REGEXES];

/** Whether a source may repeat without bound (over-approximated: an escaped or bracketed `*` also counts). */
function repeatsWithoutBound(source: string): boolean {
  return /[*+]|\{\d+,\}/.test(source.replace(/\\[\\*+{]/g, ''));
}

function distinct(regexes: readonly RegExp[]): { source: string; flags: string }[] {
  const seen = new Map<string, { source: string; flags: string }>();
  for (const re of regexes) {
    const flags = re.flags.replace(/[gy]/g, '');
    seen.set(`${flags}/${re.source}`, { source: re.source, flags });
  }
  return [...seen.values()];
}

// Fuzzing with a fixed seed and attack strings long enough to show polynomial growth, but not minutes long.
const PARAMS = {
  checker: 'fuzz',
  randomSeed: 20261204,
  timeout: 20_000,
  maxAttackStringSize: 20_000,
  attackLimit: 100_000_000,
  maxIteration: 5,
  incubationLimit: 10_000,
} as const;

describe('catalog regular expressions (ReDoS)', () => {
  const checked = distinct(ALL).filter((r) => repeatsWithoutBound(r.source));

  it('finds the expressions to check', () => {
    expect(ALL.length).toBeGreaterThan(100);
    expect(checked.length).toBeGreaterThan(10);
  });

  it('finds no super-linear backtracking in any of them', () => {
    const unsafe: string[] = [];
    for (const { source, flags } of checked) {
      const result = checkSync(source, flags, PARAMS);
      if (result.status !== 'safe') unsafe.push(`/${source}/${flags}: ${result.status}${result.status === 'vulnerable' ? ` (${result.complexity.type}, attack ${JSON.stringify(result.attack.pattern)})` : result.status === 'unknown' ? ` (${result.error.kind})` : ''}`);
    }
    expect(unsafe).toEqual([]);
  }, 120_000);

  it('flags the kind of pattern it must reject', () => {
    const old = checkSync(String.raw`\bis not authorized to perform:? \S+.*?(?:with an explicit deny in (?:a|an) service control policy|because no session policy allows)`, 'i', PARAMS);

    expect(old.status).toBe('vulnerable');
  }, 60_000);
});
