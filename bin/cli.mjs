#!/usr/bin/env node
// Entry point of the backup-doctor command. The sources are TypeScript, so tsx compiles them on load.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../lambdas/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
