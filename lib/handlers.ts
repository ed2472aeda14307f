/**
 * The Lambda handlers: every file in lambdas/handlers/ that exports `handler` is one. The build, the constructs
 * and the tests all take the list from here, so a new handler file is built and deployable with no list to edit.
 * This module reads the source tree, so only the build and the tests use `handlerSources`; the constructs need
 * only `handlerName` and the prebuilt directory.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A handler source file and the name it is built under (dist/handlers/<name>/index.mjs). */
export interface HandlerSource {
  readonly name: string;
  readonly file: string;
  readonly path: string;
}

/** `export async function handler`, `export function handler` or `export const handler`, at the start of a line. */
const EXPORTS_HANDLER = /^export\s+(?:(?:async\s+)?function\s+handler\b|(?:const|let)\s+handler\b)/m;

/** `diagnose.ts` → `diagnose`. */
export function handlerName(file: string): string {
  return file.replace(/\.ts$/, '');
}

/** The handlers under `dir` (lambdas/handlers of the project), sorted by name. */
export function handlerSources(dir: string): HandlerSource[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isFile() && d.name.endsWith('.ts') && !d.name.endsWith('.d.ts'))
    .map((d) => ({ name: handlerName(d.name), file: d.name, path: join(dir, d.name) }))
    .filter((h) => EXPORTS_HANDLER.test(readFileSync(h.path, 'utf8')))
    .sort((a, b) => a.name.localeCompare(b.name));
}
