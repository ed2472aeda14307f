/** The project's README, and its fenced examples, for tests that keep the examples equal to what the code renders. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const README = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');

/** The fenced block that follows the first line containing `marker`. */
export function blockAfter(marker: string): string {
  const at = README.indexOf(marker);
  expect(at, marker).toBeGreaterThanOrEqual(0);
  const open = README.indexOf('```\n', at);
  const close = README.indexOf('\n```\n', open + 4);
  return README.slice(open + 4, close + 1);
}
