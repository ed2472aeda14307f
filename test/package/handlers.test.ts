/**
 * Every Lambda handler is built: the list comes from lambdas/handlers/ itself (a file that exports `handler`),
 * so a new handler file needs no list to be edited, and a file the build missed fails here.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtHandlerDir } from '../../lib/bundling.ts';
import { handlerSources } from '../../lib/handlers.ts';

const HANDLERS_DIR = fileURLToPath(new URL('../../lambdas/handlers/', import.meta.url));

describe('the handlers', () => {
  it('are the files that export handler, and only those', () => {
    const dir = mkdtempSync(join(tmpdir(), 'backup-doctor-handlers-'));
    try {
      writeFileSync(join(dir, 'a.ts'), 'export async function handler(event: unknown) {\n  return event;\n}\n');
      writeFileSync(join(dir, 'b.ts'), 'const x = 1;\nexport const handler = async () => x;\n');
      writeFileSync(join(dir, 'helper.ts'), '// calls handler() elsewhere\nexport function handlerOf() {}\nexport const handlers = [];\n');
      expect(handlerSources(dir).map((h) => h.name)).toEqual(['a', 'b']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each(handlerSources(HANDLERS_DIR).map((h) => [h.name, h] as const))('builds %s into dist/handlers, exporting handler', (_name, h) => {
    const bundle = readFileSync(join(builtHandlerDir(h.file), 'index.mjs'), 'utf8');
    expect(bundle).toMatch(/export\s*\{[^}]*\bhandler\s*\}|export\s*\{[^}]*\bas handler\b/);
  });

  it('include the diagnoser and the Slack notifier', () => {
    expect(handlerSources(HANDLERS_DIR).map((h) => h.name)).toEqual(expect.arrayContaining(['diagnose', 'slack-notifier']));
  });
});
