/**
 * The shape of the house: no import cycle anywhere, a ground floor (the shared vocabulary) that imports nothing
 * else of the project, and a CDK app that loads no AWS SDK client at synth time.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SOURCE_DIRS = ['lambdas', 'lib', 'profiles', 'bench', 'scripts', 'bin', 'test'];
/** The shared vocabulary: types, the snapshot schema, configuration, ARNs and shell quoting. */
const GROUND_FLOOR = 'lambdas/model/';

function sourceFiles(dir: string): string[] {
  const abs = path.join(ROOT, dir);
  let entries: string[];
  try {
    entries = readdirSync(abs);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const rel = `${dir}/${name}`;
    if (statSync(path.join(ROOT, rel)).isDirectory()) return sourceFiles(rel);
    return /\.(ts|mts|mjs)$/.test(name) && !name.endsWith('.d.ts') ? [rel] : [];
  });
}

// Static imports and re-exports only: a dynamic import() is loaded on demand and is how a module stays light.
const STATIC_IMPORT = /^\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;

interface Edge {
  readonly to: string;
  readonly typeOnly: boolean;
}

function importsOf(file: string): { project: Edge[]; packages: string[] } {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  const project: Edge[] = [];
  const packages: string[] = [];
  for (const m of text.matchAll(STATIC_IMPORT)) {
    const spec = m[1] ?? '';
    const typeOnly = /^\s*(?:import|export)\s+type\s/.test(m[0]);
    if (spec.startsWith('.')) project.push({ to: path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)), typeOnly });
    else if (!typeOnly) packages.push(spec);
  }
  return { project, packages };
}

const FILES = SOURCE_DIRS.flatMap(sourceFiles);
const GRAPH = new Map(FILES.map((f) => [f, importsOf(f)]));

/** Every cycle of the import graph, as the files on it (Tarjan's strongly connected components). */
function cycles(graph: Map<string, { project: Edge[] }>, includeTypes: boolean): string[][] {
  let index = 0;
  const stack: string[] = [];
  const onStack = new Set<string>();
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    indices.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const e of graph.get(v)?.project ?? []) {
      if (e.typeOnly && !includeTypes) continue;
      if (!graph.has(e.to)) continue;
      if (!indices.has(e.to)) {
        visit(e.to);
        low.set(v, Math.min(low.get(v)!, low.get(e.to)!));
      } else if (onStack.has(e.to)) low.set(v, Math.min(low.get(v)!, indices.get(e.to)!));
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      const selfLoop = graph.get(v)?.project.some((e) => e.to === v);
      if (component.length > 1 || selfLoop) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!indices.has(v)) visit(v);
  return found;
}

/** The files a file loads at run time, transitively (type-only imports load nothing). */
function closure(start: string): Set<string> {
  const seen = new Set<string>([start]);
  const todo = [start];
  while (todo.length) {
    const f = todo.pop()!;
    for (const e of GRAPH.get(f)?.project ?? []) {
      if (e.typeOnly || seen.has(e.to) || !GRAPH.has(e.to)) continue;
      seen.add(e.to);
      todo.push(e.to);
    }
  }
  return seen;
}

describe('the house', () => {
  it('reads the import graph of every source file', () => {
    expect(FILES.length).toBeGreaterThan(100);
    const unresolved = [...GRAPH].flatMap(([f, i]) => i.project.filter((e) => !GRAPH.has(e.to) && !e.to.endsWith('.json')).map((e) => `${f} → ${e.to}`));
    expect(unresolved).toEqual([]);
  });

  it('has no import cycle, not even through type-only imports', () => {
    expect(cycles(GRAPH, true)).toEqual([]);
  });

  it('finds a cycle when there is one', () => {
    const graph = new Map([
      ['a.ts', { project: [{ to: 'b.ts', typeOnly: false }] }],
      ['b.ts', { project: [{ to: 'c.ts', typeOnly: true }] }],
      ['c.ts', { project: [{ to: 'a.ts', typeOnly: false }] }],
    ]);
    expect(cycles(graph, true)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
    expect(cycles(graph, false)).toEqual([]);
  });

  it('keeps the ground floor free of imports from the rest of the project', () => {
    const floor = FILES.filter((f) => f.startsWith(GROUND_FLOOR));
    expect(floor.length).toBeGreaterThan(0);
    const upward = floor.flatMap((f) => GRAPH.get(f)!.project.filter((e) => !e.to.startsWith(GROUND_FLOOR)).map((e) => `${f} → ${e.to}`));
    expect(upward).toEqual([]);
  });

  it('synthesises the CDK app without loading an AWS SDK client', () => {
    const entries = FILES.filter((f) => f.startsWith('lib/') || f.startsWith('bin/'));
    const loaded = new Set(entries.flatMap((f) => [...closure(f)]));
    const sdk = [...loaded].flatMap((f) => GRAPH.get(f)!.packages.filter((p) => p.startsWith('@aws-sdk/') || p.startsWith('@smithy/')).map((p) => `${f} → ${p}`));
    expect(sdk).toEqual([]);
  });
});
