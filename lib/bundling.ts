/**
 * How the Lambda handlers are built and deployed: ESM for Node.js 22 on arm64, the AWS SDK bundled (not taken
 * from the runtime, so the tested version is the deployed one), minified with source maps. Local esbuild, no
 * Docker.
 *
 * The build (`npm run build`, run by `npm ci` and `npm pack`) writes every handler to
 * dist/handlers/<name>/index.mjs; a function deploys that prebuilt directory as is, so an installed package
 * needs neither esbuild nor the project's lockfile. Only a source checkout without dist/ bundles from source.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Duration, Validations } from 'aws-cdk-lib';
import { Architecture, Code, Function as LambdaFunction, type FunctionProps, LoggingFormat, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, type NodejsFunctionProps, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { Construct } from 'constructs';
import { handlerName } from './handlers.ts';

/** The nearest directory upwards from `from` that holds a package.json: the project root or the installed package. */
function packageRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`backup-doctor: no package.json above ${from}`);
    dir = parent;
  }
  return dir;
}

/** The project (or installed package) root. This file runs from lib/ in a checkout and from dist/lib/ when built. */
export const PROJECT_ROOT = packageRoot(dirname(fileURLToPath(import.meta.url)));

/** Where the build writes the handlers. */
export const HANDLERS_OUT_DIR = join(PROJECT_ROOT, 'dist', 'handlers');

/** The absolute path of a handler's source under lambdas/handlers/. */
export function handlerEntry(file: string): string {
  return join(PROJECT_ROOT, 'lambdas', 'handlers', file);
}

/** The directory a handler is built into; it holds index.mjs and its source map. */
export function builtHandlerDir(file: string): string {
  return join(HANDLERS_OUT_DIR, handlerName(file));
}

/**
 * The esbuild options of every handler bundle: the build script and the source fallback both use them, so the
 * prebuilt artefact and a bundle made at synth time are the same.
 */
export const HANDLER_BUNDLING = {
  format: 'esm',
  platform: 'node',
  target: 'node22',
  mainFields: ['module', 'main'],
  minify: true,
  sourcemap: true,
  // Bundled CommonJS dependencies call require(); an ESM bundle has to define it.
  banner: "import { createRequire as __bdCreateRequire } from 'node:module'; const require = __bdCreateRequire(import.meta.url);",
} as const;

/** Everything a handler's function takes except its code. */
export type HandlerFunctionProps = Omit<FunctionProps, 'code' | 'handler' | 'runtime' | 'architecture'> & {
  readonly timeout: Duration;
};

/**
 * A Lambda function running lambdas/handlers/<file>: the prebuilt bundle when there is one (always in the
 * installed package), else bundled from source with the same options.
 */
export function handlerFunction(scope: Construct, id: string, file: string, props: HandlerFunctionProps): LambdaFunction {
  const common = {
    runtime: Runtime.NODEJS_22_X,
    architecture: Architecture.ARM_64,
    memorySize: 512,
    loggingFormat: LoggingFormat.JSON,
    ...props,
    environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
  };
  const built = builtHandlerDir(file);
  if (existsSync(join(built, 'index.mjs'))) {
    return new LambdaFunction(scope, id, { ...common, code: Code.fromAsset(built), handler: 'index.handler' });
  }
  return new NodejsFunction(scope, id, {
    ...common,
    entry: handlerEntry(file),
    handler: 'handler',
    projectRoot: PROJECT_ROOT,
    depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
    bundling: sourceBundling(),
  });
}

/**
 * NodejsFunction properties that bundle lambdas/handlers/<file> from source. Only a source checkout can do that;
 * use `handlerFunction`, which deploys the prebuilt bundle, for anything the package ships.
 */
export function functionDefaults(timeout: Duration): Partial<NodejsFunctionProps> {
  return {
    runtime: Runtime.NODEJS_22_X,
    architecture: Architecture.ARM_64,
    memorySize: 512,
    timeout,
    loggingFormat: LoggingFormat.JSON,
    projectRoot: PROJECT_ROOT,
    depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
    environment: { NODE_OPTIONS: '--enable-source-maps' },
    bundling: sourceBundling(),
  };
}

function sourceBundling(): NonNullable<NodejsFunctionProps['bundling']> {
  return {
    format: OutputFormat.ESM,
    mainFields: [...HANDLER_BUNDLING.mainFields],
    minify: HANDLER_BUNDLING.minify,
    sourceMap: HANDLER_BUNDLING.sourcemap,
    target: HANDLER_BUNDLING.target,
    externalModules: [],
    banner: HANDLER_BUNDLING.banner,
  };
}

/** Records why the functions stay on Node.js 22 rather than the newest runtime. */
export function acknowledgeRuntime(fn: LambdaFunction): void {
  Validations.of(fn).acknowledge({
    id: 'AwsSolutions-L1',
    reason:
      'Node.js 22 is the runtime the bundle is built and tested for (esbuild target node22, engines >= 20.19); ' +
      'it is a supported Lambda LTS runtime, and moving to a newer one is a tested upgrade, not a default.',
  });
}
