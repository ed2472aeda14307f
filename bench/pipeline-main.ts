/**
 * Entry of the pipeline benchmark's child process: bundled and run with plain Node (no TypeScript loader in
 * the process), so that its memory figure is the pipeline's own. Prints the results as JSON.
 */
import { benchPipeline } from './pipeline.ts';

process.stdout.write(JSON.stringify(benchPipeline(process.argv[2])));
