/**
 * How the Lambda handlers are bundled: ESM for Node.js 22 on arm64, the AWS SDK bundled (not taken from the
 * runtime, so the tested version is the deployed one), minified with source maps. Local esbuild, no Docker.
 */
import { fileURLToPath } from 'node:url';
import { type Duration, Validations } from 'aws-cdk-lib';
import { Architecture, LoggingFormat, Runtime } from 'aws-cdk-lib/aws-lambda';
import { type NodejsFunction, type NodejsFunctionProps, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';

/** The repository root: the esbuild project root and the home of the lockfile. */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The absolute path of a handler under lambdas/handlers/. */
export function handlerEntry(file: string): string {
  return fileURLToPath(new URL(`../lambdas/handlers/${file}`, import.meta.url));
}

/** The function properties every handler shares. */
export function functionDefaults(timeout: Duration): Partial<NodejsFunctionProps> {
  return {
    runtime: Runtime.NODEJS_22_X,
    architecture: Architecture.ARM_64,
    memorySize: 512,
    timeout,
    loggingFormat: LoggingFormat.JSON,
    projectRoot: PROJECT_ROOT,
    depsLockFilePath: fileURLToPath(new URL('../package-lock.json', import.meta.url)),
    environment: { NODE_OPTIONS: '--enable-source-maps' },
    bundling: {
      format: OutputFormat.ESM,
      mainFields: ['module', 'main'],
      minify: true,
      sourceMap: true,
      target: 'node22',
      externalModules: [],
      // Bundled CommonJS dependencies call require(); an ESM bundle has to define it.
      banner: "import { createRequire as __bdCreateRequire } from 'node:module'; const require = __bdCreateRequire(import.meta.url);",
    },
  };
}

/** Records why the functions stay on Node.js 22 rather than the newest runtime. */
export function acknowledgeRuntime(fn: NodejsFunction): void {
  Validations.of(fn).acknowledge({
    id: 'AwsSolutions-L1',
    reason:
      'Node.js 22 is the runtime the bundle is built and tested for (esbuild target node22, engines >= 20.19); ' +
      'it is a supported Lambda LTS runtime, and moving to a newer one is a tested upgrade, not a default.',
  });
}
