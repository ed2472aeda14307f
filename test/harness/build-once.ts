/**
 * vitest global setup: brings dist/ up to date before any test runs, so that tests of the built artefacts (the
 * bundled handlers, the synthesised functions, the packed command) never see an older build of the sources.
 */
import { buildIfStale } from '../../scripts/build.ts';

export default async function setup(): Promise<void> {
  await buildIfStale({ types: false });
}
