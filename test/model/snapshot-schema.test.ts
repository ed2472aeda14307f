import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { accountSnapshotJsonSchema, parseSnapshot } from '../../lambdas/model/snapshot-schema.ts';
import { loadScenarios, SCENARIO_DIR } from '../../lambdas/cli/scenarios.ts';

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

/** Every path of a JSON value that holds an object, with the object. */
function objectPaths(value: unknown, path: (string | number)[] = []): { path: (string | number)[]; node: Record<string, unknown> }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => objectPaths(v, [...path, i]));
  if (value === null || typeof value !== 'object') return [];
  const node = value as Record<string, unknown>;
  return [{ path, node }, ...Object.entries(node).flatMap(([k, v]) => objectPaths(v, [...path, k]))];
}

/** The published schema's node for a path of a value (following properties, items and additionalProperties). */
function schemaAt(schema: Record<string, unknown>, path: (string | number)[]): Record<string, unknown> | undefined {
  type Node = Record<string, unknown> | undefined;
  // A union (one statement or many, a principal): the branch that fits the value's shape at this step.
  const branch = (node: Node, wantArray: boolean): Node => {
    const anyOf = node?.anyOf as Record<string, unknown>[] | undefined;
    return anyOf ? anyOf.find((b) => b.type === (wantArray ? 'array' : 'object')) : node;
  };
  let node: Node = schema;
  for (const step of path) {
    node = branch(node, typeof step === 'number');
    if (!node) return undefined;
    const props = node.properties as Record<string, Record<string, unknown>> | undefined;
    if (typeof step === 'number') node = node.items as Node;
    else if (props?.[step]) node = props[step];
    else if (node.additionalProperties && typeof node.additionalProperties === 'object') node = node.additionalProperties as Node;
    else return undefined;
  }
  return branch(node, false);
}

describe('strict snapshots', () => {
  it('refuses an unknown top-level field with one line naming it', () => {
    const [scenario] = readdirSync(SCENARIO_DIR).sort();
    const snapshot = JSON.parse(readFileSync(join(SCENARIO_DIR, scenario!, 'snapshot.json'), 'utf8'));
    const result = parseSnapshot({ ...snapshot, capturedBy: 'someone' });
    expect(result).toEqual({ ok: false, error: 'capturedBy: Unrecognized key: "capturedBy"' });
  });

  it('agrees with the published schema on every demo snapshot with an unknown field added at each object', () => {
    const published = accountSnapshotJsonSchema();
    let mutated = 0;
    for (const dir of readdirSync(SCENARIO_DIR).sort()) {
      const original = JSON.parse(readFileSync(join(SCENARIO_DIR, dir, 'snapshot.json'), 'utf8'));
      expect(parseSnapshot(original).ok, dir).toBe(true);
      for (const { path } of objectPaths(original)) {
        const copy = structuredClone(original);
        const target = path.reduce<Record<string, unknown>>((o, k) => o[k as string] as Record<string, unknown>, copy);
        target['zzUnknownField'] = true;
        const node = schemaAt(published, path);
        // The published schema says whether the field is allowed; the validator must say the same.
        // (A map's new entry `true` is refused when its values must be something else.)
        const extra = node?.additionalProperties;
        const closed = extra === false;
        const acceptsTrue = (x: unknown): boolean => {
          if (x === undefined || x === true) return true;
          if (x === false || x === null || typeof x !== 'object') return false;
          const o = x as { type?: string; anyOf?: unknown[] };
          if (o.anyOf) return o.anyOf.some(acceptsTrue);
          return Object.keys(o).length === 0 || o.type === 'boolean';
        };
        const schemaRefuses = !acceptsTrue(extra);
        const result = parseSnapshot(copy);
        expect(result.ok, `${dir} ${path.join('.')}`).toBe(!schemaRefuses);
        if (closed && !result.ok) expect(result.error).toBe(`${[...path, 'zzUnknownField'].join('.')}: Unrecognized key: "zzUnknownField"`);
        mutated += 1;
      }
    }
    expect(mutated).toBeGreaterThan(100);
  });
});
