/**
 * The command as people call it: stdin, describe-*-job output, a job id, --profile and --region, the account
 * check, the machine formats, per-command help, and a README that lists every option. Live paths run against the
 * loopback fakes of AWS and STS, over the real wire protocols.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { eventsFromText } from '../../lambdas/cli/io.ts';
import { COMMANDS, OPTIONS } from '../../lambdas/cli/options.ts';
import { loadScenarios, SCENARIO_DIR } from '../../lambdas/cli/scenarios.ts';
import { type FakeAws, startFakeAws } from '../harness/fake-aws.ts';
import { type FakeSts, startFakeSts } from '../harness/fake-sts.ts';
import { runCli } from '../harness/cli.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const EVENTS = '/work/shared/aws-reference/events';
const scenarios = loadScenarios();
const byId = (prefix: string) => scenarios.find((s) => s.id.startsWith(prefix))!;
const tmp = mkdtempSync(join(tmpdir(), 'backup-doctor-real-use-'));
const saved = { ...process.env };
const running: { close(): Promise<void> }[] = [];

afterEach(async () => {
  process.env = { ...saved };
  for (const r of running.splice(0)) await r.close();
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));


function file(name: string, text: string): string {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
}

/** The fakes for a scenario, with the credentials' account; process.env points the SDK at them. */
async function fakes(evidence: Parameters<typeof startFakeAws>[0], account: string): Promise<{ aws: FakeAws; sts: FakeSts }> {
  const aws = await startFakeAws(evidence);
  const sts = await startFakeSts({ account });
  running.push(aws, sts);
  Object.assign(process.env, aws.env, sts.env);
  return { aws, sts };
}

const s01 = byId('01-');
const event01 = join(SCENARIO_DIR, s01.id, 'event.json');
const snapshot01 = join(SCENARIO_DIR, s01.id, 'snapshot.json');

/** The command, in-process, with this process environment. */
const run = (argv: string[], stdin = '') => runCli(argv, stdin, process.env);

describe('input', () => {
  it('reads the event from stdin with -', async () => {
    const fromFile = await run(['diagnose', event01, '--offline', snapshot01, '--format', 'json', '--now', s01.now.toISOString()]);
    const fromStdin = await run(['diagnose', '-', '--offline', snapshot01, '--format', 'json', '--now', s01.now.toISOString()], readFileSync(event01, 'utf8'));
    expect(fromStdin.code).toBe(0);
    expect(fromStdin.out).toBe(fromFile.out);
  });

  it('says in one line when stdin holds no event', async () => {
    const { code, err } = await run(['diagnose', '-', '--offline', snapshot01], '');
    expect(code).toBe(1);
    expect(err).toMatch(/^backup-doctor: stdin: .+\n$/);
  });

  /** A real event's detail in the API's form (PascalCase), as describe-*-job prints it. */
  function describeOutput(event: { account: string; detail: Record<string, unknown> }, dates: 'iso' | 'epoch'): Record<string, unknown> {
    const pascal = (o: Record<string, unknown>): Record<string, unknown> =>
      Object.fromEntries(
        Object.entries(o).map(([k, v]) => {
          const key = k === 'backupPlanRuleId' ? 'BackupRuleId' : `${k[0]!.toUpperCase()}${k.slice(1)}`;
          if (k === 'createdBy' && typeof v === 'object' && v !== null) return [key, pascal(v as Record<string, unknown>)];
          if (/Date$|^startBy$/.test(k) && typeof v === 'string' && dates === 'epoch') return [key, Date.parse(v) / 1000];
          return [key, v];
        }),
      );
    return { AccountId: event.account, ...pascal(event.detail) };
  }

  it.each([
    ['backup-job-failed.json', 'backup'],
    ['backup-job-expired.json', 'backup'],
    ['copy-job-failed.json', 'copy'],
    ['restore-job-failed.json', 'restore'],
  ])('takes describe output of the job in %s as the event itself (%s)', (name, type) => {
    const text = readFileSync(join(EVENTS, name), 'utf8');
    const [fromEvent] = eventsFromText(text, name);
    const event = JSON.parse(text);
    for (const dates of ['iso', 'epoch'] as const) {
      const job = describeOutput(event, dates);
      const output = type === 'copy' ? { CopyJob: job } : job;
      const [fromDescribe] = eventsFromText(JSON.stringify(output, null, 2), `describe-${type}-job`);
      // The envelope's own fields (its id, its time) have no counterpart in the job.
      const { raw: _a, id: _b, time: _c, eventId: _d, region: regionOfEvent, ...expected } = fromEvent!;
      const { raw: _e, id: _f, time: _g, eventId: _h, region, ...actual } = fromDescribe!;
      // Epoch seconds carry the instant, not how the event spelt it ("13:00:00Z" and "13:00:00.000Z" alike).
      const instants = (e: Record<string, unknown>) =>
        Object.fromEntries(Object.entries(e).map(([k, v]) => [k, /Date$|^startBy$/.test(k) && typeof v === 'string' ? Date.parse(v) : v]));
      expect(instants(actual), dates).toEqual(instants(expected));
      if (dates === 'iso') expect(actual).toEqual(expected);
      // The region comes from the job's ARNs; a restore job's output names none, so --region or AWS_REGION applies.
      expect(region).toBe(type === 'restore' ? undefined : regionOfEvent);
    }
  });
});

describe('live reads', () => {
  const s06 = byId('06-');
  const s04 = byId('04-');

  it('diagnoses a job by id, read with DescribeBackupJob, like its event', async () => {
    const { aws, sts } = await fakes(s06.evidence, s06.event.account!);
    const { code, out, err } = await run(['diagnose', '--job-id', s06.evidence.job!.jobId, '--format', 'json', '--now', s06.now.toISOString()]);
    expect(err).not.toMatch(/Warning/);
    expect(code).toBe(0);
    const diagnosis = JSON.parse(out);
    expect(diagnosis.category.id).toBe(s06.expect.category);
    expect(diagnosis.findings[0].checkId).toBe(s06.expect.checkId);
    expect(sts.requests).toEqual(['GetCallerIdentity']);
    expect(aws.requests[0]?.action).toBe('DescribeBackupJob');
    expect(aws.requests.every((r) => /^(Get|Describe|List|Simulate|Lookup|unknown)/.test(r.action))).toBe(true);
  });

  it('says in one line when the job is not there', async () => {
    await fakes(s06.evidence, s06.event.account!);
    const { code, err } = await run(['diagnose', '--job-id', 'no-such-job', '--job-type', 'copy', '--region', 'ap-northeast-1']);
    expect(code).toBe(1);
    expect(err).toBe(`backup-doctor: no copy job no-such-job in account ${s06.event.account} in ap-northeast-1 (use --region, or --job-type if it is not a copy job)\n`);
  });

  it("refuses, in one line and before reading anything, credentials of another account than the event's", async () => {
    const { aws } = await fakes(s04.evidence, '999988887777');
    const { code, out, err } = await run(['diagnose', join(SCENARIO_DIR, s04.id, 'event.json')]);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toBe(
      `backup-doctor: the default credentials are for account 999988887777, but the event is from account ${s04.event.account}: use --profile with credentials for ${s04.event.account} (nothing was read)\n`,
    );
    expect(aws.requests).toEqual([]);
  });

  it('reads with the profile and region given', async () => {
    const { sts } = await fakes(s04.evidence, s04.event.account!);
    const credentials = file('credentials', '[audit]\naws_access_key_id = AKIDPROFILEAUDIT\naws_secret_access_key = secret\n');
    Object.assign(process.env, { AWS_SHARED_CREDENTIALS_FILE: credentials, AWS_CONFIG_FILE: file('config', '') });
    delete process.env['AWS_ACCESS_KEY_ID'];
    delete process.env['AWS_SECRET_ACCESS_KEY'];
    const { code, err } = await run(['snapshot', join(SCENARIO_DIR, s04.id, 'event.json'), '--profile', 'audit', '--region', 'eu-west-1']);
    expect(err).toMatch(/reading account 111122223333 in eu-west-1 \(read-only\)/);
    expect(code).toBe(0);
    expect(sts.signers).toEqual([{ accessKeyId: 'AKIDPROFILEAUDIT', region: 'eu-west-1' }]);
  });

  it('says in one line that a profile has no credentials', async () => {
    await fakes(s04.evidence, s04.event.account!);
    Object.assign(process.env, {
      AWS_SHARED_CREDENTIALS_FILE: file('empty-credentials', ''),
      AWS_CONFIG_FILE: file('empty-config', ''),
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    const { code, err } = await run(['diagnose', join(SCENARIO_DIR, s04.id, 'event.json'), '--profile', 'nobody']);
    expect(code).toBe(1);
    expect(err).toMatch(/^backup-doctor: no usable AWS credentials \(profile "nobody"\): .+--offline SNAPSHOT\.json to diagnose without an account\n$/);
  });

  it('says in one line that STS rejected the credentials', async () => {
    const aws = await startFakeAws(s04.evidence);
    const sts = await startFakeSts({ account: '', error: { code: 'InvalidClientTokenId', message: 'The security token included in the request is invalid.' } });
    running.push(aws, sts);
    Object.assign(process.env, aws.env, sts.env);
    const { code, err } = await run(['diagnose', join(SCENARIO_DIR, s04.id, 'event.json')]);
    expect(code).toBe(1);
    expect(err).toBe(
      'backup-doctor: cannot tell whose credentials these are (the default credentials): STS GetCallerIdentity failed: The security token included in the request is invalid.\n',
    );
    expect(aws.requests).toEqual([]);
  });

  it('prints no SDK warning on stderr from the built command', async () => {
    const { aws, sts } = await fakes(s04.evidence, s04.event.account!);
    const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'], HOME: tmp, ...aws.env, ...sts.env };
    const cli = join(ROOT, 'dist', 'cli', 'backup-doctor.mjs');
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = execFile(process.execPath, [cli, 'diagnose', join(SCENARIO_DIR, s04.id, 'event.json'), '--format', 'jsonl'], { env });
      let stderr = '';
      child.stderr?.on('data', (c) => (stderr += c));
      child.on('close', (c) => resolve({ code: c, stderr }));
    });
    expect(code).toBe(0);
    expect(stderr.split('\n').filter(Boolean).every((line) => line.startsWith('backup-doctor: '))).toBe(true);
  }, 120_000);
});

describe('output formats', () => {
  const two = file('two.json', JSON.stringify([s01.rawEvent, s01.rawEvent]));
  const args = (format: string) => ['diagnose', two, '--offline', snapshot01, '--format', format, '--now', s01.now.toISOString()];

  it('prints one JSON array for several diagnoses with --format json', async () => {
    const { code, out } = await run(args('json'));
    expect(code).toBe(0);
    const parsed = JSON.parse(out);
    expect(parsed).toHaveLength(2);
    expect(parsed[0].category.id).toBe(s01.expect.category);
  });

  it('prints one JSON document per line with --format jsonl', async () => {
    const { code, out } = await run(args('jsonl'));
    expect(code).toBe(0);
    const lines = out.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => JSON.parse(l).category.id)).toEqual([s01.expect.category, s01.expect.category]);
  });

  it('prints the subject and the body with --format email', async () => {
    const { code, out } = await run(['diagnose', event01, '--offline', snapshot01, '--format', 'email']);
    expect(code).toBe(0);
    expect(out).toMatch(/^Subject: \[backup-doctor\] [\x20-\x7e]+\n\n/);
    expect(out).toContain('backup.amazonaws.com');
  });

  it.each([
    ['json', (out: string) => (JSON.parse(out) as unknown[]).length],
    ['jsonl', (out: string) => out.trimEnd().split('\n').map((l) => JSON.parse(l)).length],
    ['slack', (out: string) => (JSON.parse(out) as unknown[]).length],
  ])('prints the demo as one document with --format %s', async (format, count) => {
    const { code, out } = await run(['demo', '--format', format]);
    expect(code).toBe(0);
    expect(count(out)).toBe(scenarios.length);
  });
});

describe('help', () => {
  it.each(Object.keys(COMMANDS))('prints the help of %s with every option it takes', async (command) => {
    const { code, out, err } = await run([command, '--help']);
    expect(code).toBe(0);
    expect(err).toBe('');
    for (const [name, option] of Object.entries(OPTIONS)) {
      if (option.commands.includes(command as never)) expect(out, name).toContain(`--${name}`);
      else expect(out, name).not.toContain(`--${name} `);
    }
  });

  it('lists every option and --version in the README', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const name of [...Object.keys(OPTIONS), 'version']) expect(readme, name).toContain(`--${name}`);
  });
});
