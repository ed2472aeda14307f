import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { accountSnapshotJsonSchema, parseSnapshot } from '../../lambdas/core/snapshot-schema.ts';
import { loadScenarios } from '../../lambdas/cli/scenarios.ts';

describe('account snapshot schema', () => {
  it('publishes the JSON Schema generated from the validator', () => {
    const published = JSON.parse(readFileSync(new URL('../../schema/account-snapshot.schema.json', import.meta.url), 'utf8'));
    expect(published).toEqual(accountSnapshotJsonSchema());
  });

  it('accepts every bundled demo snapshot', () => {
    expect(loadScenarios().length).toBeGreaterThan(0);
  });

  it.each([
    [{}, /schemaVersion/],
    [{ schemaVersion: 1 }, /gaps/],
    [{ schemaVersion: 1, gaps: [], keys: { k: { arn: 'k', state: 'Sleeping' } } }, /keys\.k\.state/],
    [{ schemaVersion: 1, gaps: [{ what: 'x', why: 'because' }] }, /gaps\.0\.why/],
  ])('rejects a bad snapshot with one line naming the path (%j)', (value, pattern) => {
    const result = parseSnapshot(value);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toMatch(pattern);
      expect(result.error).not.toContain('\n');
    }
  });
});
