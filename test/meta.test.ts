/**
 * The registries that must agree with each other: checks, catalog, routes, parser and collectors.
 * Each list exists once; these tests fail when one of them drifts from the others.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULES, STATE_RULES } from '../lambdas/catalog/index.ts';
import { CHECKS } from '../lambdas/checks/registry.ts';
import { CATEGORIES } from '../lambdas/model/types.ts';
import { ROUTES } from '../lambdas/catalog/routes.ts';

const AREAS = ['iam', 'kms', 'backup', 'ecs', 'external'] as const;

describe('the registries', () => {
  it('gives every check a unique id prefixed by its area', () => {
    const ids = CHECKS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^(iam|kms|backup|s3|copy|vmware|ecs|external)-[a-z0-9-]+$/);
  });

  it('keeps a test file beside every check', () => {
    const missing = CHECKS.map((c) => c.id).filter(
      (id) => !AREAS.some((area) => existsSync(new URL(`./checks/${area}/${id.replace(/^backup-/, '')}.test.ts`, import.meta.url)) || existsSync(new URL(`./checks/${area}/${id}.test.ts`, import.meta.url))),
    );
    expect(missing).toEqual([]);
  });

  it('uses only taxonomy categories in checks and catalog rules', () => {
    const categories = new Set<string>(CATEGORIES);
    for (const c of CHECKS) expect(categories.has(c.category), c.id).toBe(true);
    for (const r of [...RULES, ...STATE_RULES]) expect(categories.has(r.category), r.id).toBe(true);
  });

  it('names only registered checks as catalog suspects', () => {
    const ids = new Set(CHECKS.map((c) => c.id));
    const unknown = [...RULES, ...STATE_RULES].flatMap((r) => r.suspects.filter((s) => !ids.has(s)).map((s) => `${r.id} → ${s}`));
    expect(unknown).toEqual([]);
  });

  it('applies every check to a routed kind', () => {
    // External failures arrive through the webhook, not through an EventBridge route.
    const routedKinds = new Set<string>([...ROUTES.map((r) => r.kind), 'external']);
    for (const check of CHECKS) expect(check.appliesTo.some((k) => routedKinds.has(k)), check.id).toBe(true);
  });

  it('writes every check in one style: a file named after its id, META, and fact labels from the shared table', () => {
    const dir = new URL('../lambdas/checks/', import.meta.url);
    const files = readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && d.name !== 'support')
      .flatMap((d) => readdirSync(new URL(`${d.name}/`, dir)).filter((f) => f !== 'index.ts').map((f) => `${d.name}/${f}`));
    const offStyle = files.filter((f) => {
      const text = readFileSync(new URL(f, dir), 'utf8');
      const id = f.slice(f.indexOf('/') + 1, -'.ts'.length);
      return !text.includes(`const META = { id: '${id}'`) || /^\s*'fact\./m.test(text) || /\bconst self\b/.test(text);
    });
    expect(files.length).toBe(CHECKS.length);
    expect(offStyle).toEqual([]);
  });
});
