/**
 * The package as users get it: `npm pack`, installed offline into an empty folder with no dev tooling. The
 * command runs from there, and a three-line CDK app synthesises BackupDoctor with the prebuilt handlers.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../lambdas/cli/main.ts';
import { handlerSources } from '../../lib/handlers.ts';
import { type Installed, packAndInstall } from '../../scripts/pack-install.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HANDLERS = handlerSources(join(ROOT, 'lambdas', 'handlers'));
const TIMEOUT = 600_000;
let installed: Installed;
const pkgDir = () => join(installed.dir, 'node_modules', 'backup-doctor');

beforeAll(async () => {
  installed = await packAndInstall();
}, TIMEOUT);

afterAll(() => {
  if (installed) rmSync(dirname(installed.dir), { recursive: true, force: true });
});

/** Runs a command in the user's folder, with a clean environment: no tsx loader, no project on the path. */
function run(cmd: string, args: string[], env: Record<string, string> = {}): { code: number; out: string; err: string } {
  try {
    const out = execFileSync(cmd, args, {
      cwd: installed.dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env['PATH'] ?? '', HOME: installed.dir, npm_config_offline: 'true', ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, out, err: '' };
  } catch (e) {
    const err = e as { status: number; stdout: string; stderr: string };
    return { code: err.status, out: err.stdout, err: err.stderr };
  }
}

async function demoInProcess(): Promise<string> {
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (c) => (out += c));
  await main(['demo'], { stdin: new PassThrough(), stdout, stderr: new PassThrough(), isTTY: false, env: {} });
  return out;
}

/** A CDK app as a user writes it: three lines and the synth. */
function synth(props: string): Record<string, { Type: string; Properties: Record<string, unknown> }> {
  const app = join(installed.dir, 'app.mjs');
  writeFileSync(
    app,
    [
      "import { App, Stack } from 'aws-cdk-lib';",
      "import { BackupDoctor } from 'backup-doctor';",
      "const app = new App({ outdir: 'cdk.out' });",
      "const stack = new Stack(app, 'S');",
      `new BackupDoctor(stack, 'D', ${props});`,
      'app.synth();',
      '',
    ].join('\n'),
  );
  rmSync(join(installed.dir, 'cdk.out'), { recursive: true, force: true });
  const result = run(process.execPath, [app]);
  expect(result.err).toBe('');
  expect(result.code).toBe(0);
  const template = JSON.parse(readFileSync(join(installed.dir, 'cdk.out', 'S.template.json'), 'utf8'));
  return template.Resources;
}

describe('the packed package', () => {
  it('ships the built command, handlers, constructs and demo, and no sources, tests or benchmarks', () => {
    const files = installed.files;
    expect(files).toContain('dist/cli/backup-doctor.mjs');
    expect(files).toContain('dist/lib/index.mjs');
    expect(files).toContain('dist/types/lib/index.d.ts');
    for (const h of HANDLERS) expect(files, h.name).toContain(`dist/handlers/${h.name}/index.mjs`);
    expect(files.some((f) => f.startsWith('demo/scenarios/'))).toBe(true);
    expect(files.filter((f) => /^(test|bench|lambdas|lib|bin|scripts)\//.test(f))).toEqual([]);
    expect(files).not.toContain('package-lock.json');
  });

  it('declares no runtime dependencies and takes aws-cdk-lib and constructs as peers', () => {
    const pkg = JSON.parse(readFileSync(join(pkgDir(), 'package.json'), 'utf8'));
    expect(pkg.private).toBeUndefined();
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(Object.keys(pkg.peerDependencies).sort()).toEqual(['aws-cdk-lib', 'constructs']);
    // Installed without dev tooling: no tsx, no esbuild, no TypeScript.
    for (const tool of ['tsx', 'esbuild', 'typescript']) {
      expect(existsSync(join(installed.dir, 'node_modules', tool)), tool).toBe(false);
    }
  });

  it('runs `npx backup-doctor demo` with the same output as the sources', async () => {
    const result = run('npx', ['--offline', 'backup-doctor', 'demo']);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toBe(await demoInProcess());
  }, TIMEOUT);

  it('prints its version, with nothing on stderr', () => {
    const result = run(process.execPath, [join(pkgDir(), 'dist', 'cli', 'backup-doctor.mjs'), '--version']);
    expect(result).toEqual({ code: 0, out: `${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version}\n`, err: '' });
  });

  it('synthesises a three-line CDK app with BackupDoctor, deploying the prebuilt handlers', () => {
    const resources = synth("{ notifyEmail: 'ops@example.com', slackWebhookSecretName: 'backup-doctor/slack' }");
    const functions = Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::Function');
    expect(functions.length).toBeGreaterThanOrEqual(2);
    for (const fn of functions) {
      expect(fn.Properties['Handler']).toBe('index.handler');
      expect(fn.Properties['Runtime']).toBe('nodejs22.x');
    }
    // Each function's asset is a prebuilt handler directory, copied as is.
    const assets = readdirSync(join(installed.dir, 'cdk.out')).filter((d) => d.startsWith('asset.'));
    expect(assets.length).toBe(functions.length);
    for (const asset of assets) {
      expect(readdirSync(join(installed.dir, 'cdk.out', asset)).sort()).toEqual(['index.mjs', 'index.mjs.map']);
    }
  }, TIMEOUT);

  it('type-checks a TypeScript app against the published declarations', () => {
    const file = join(installed.dir, 'app.ts');
    writeFileSync(
      file,
      [
        "import { App, Stack } from 'aws-cdk-lib';",
        "import { BackupDoctor, type BackupDoctorProps } from 'backup-doctor';",
        "const props: BackupDoctorProps = { notifyEmail: 'ops@example.com', lang: 'ja' };",
        "new BackupDoctor(new Stack(new App(), 'S'), 'D', props);",
        '',
      ].join('\n'),
    );
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const compilerOptions = { noEmit: true, strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', skipLibCheck: true, types: [] };
    writeFileSync(join(installed.dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['app.ts'] }));
    const flags = ['-p', join(installed.dir, 'tsconfig.json')];
    const ok = run(process.execPath, [tsc, ...flags]);
    expect(ok.out + ok.err).toBe('');
    expect(ok.code).toBe(0);
    // And the declarations are real: an unknown language is a type error.
    writeFileSync(file, readFileSync(file, 'utf8').replace("lang: 'ja'", "lang: 'fr'"));
    const bad = run(process.execPath, [tsc, ...flags]);
    expect(bad.code).not.toBe(0);
    expect(bad.out).toMatch(/'"fr"' is not assignable/);
  }, TIMEOUT);
});
