import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SCENARIO_DIR } from '../../lambdas/cli/scenarios.ts';
import { runCli } from '../harness/cli.ts';


const scenario = join(SCENARIO_DIR, '01-role-not-trusted');
const event = join(scenario, 'event.json');
const snapshot = join(scenario, 'snapshot.json');
const tmp = mkdtempSync(join(tmpdir(), 'backup-doctor-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
}

/** The command, in-process, with an empty environment. */
const run = (argv: string[], stdin = '') => runCli(argv, stdin, {});

describe('backup-doctor diagnose', () => {
  it('prints a text diagnosis offline', async () => {
    const { code, out, err } = await run(['diagnose', event, '--offline', snapshot, '--now', '2026-11-20T20:10:00Z']);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('backup.amazonaws.com');
    expect(out).not.toContain('\u001b[');
  });

  it('prints valid JSON with the cause category', async () => {
    const { code, out } = await run(['diagnose', event, '--offline', snapshot, '--format', 'json']);
    expect(code).toBe(0);
    const parsed = JSON.parse(out);
    expect(parsed.category.id).toBe("iam-trust");
  });

  it.each(['slack', 'chatbot'])('prints valid %s JSON', async (format) => {
    const { code, out } = await run(['diagnose', event, '--offline', snapshot, '--format', format]);
    expect(code).toBe(0);
    expect(() => JSON.parse(out)).not.toThrow();
  });

  it('speaks Japanese with --lang ja', async () => {
    const { code, out } = await run(['diagnose', event, '--offline', snapshot, '--lang', 'ja']);
    expect(code).toBe(0);
    expect(out).toMatch(/[\u3040-\u30ff]/);
  });

  it.each([
    [['diagnose'], /exactly one EVENT\.json/],
    [['diagnose', event, '--format', 'xml'], /--format must be one of/],
    [['diagnose', event, '--lang', 'fr'], /--lang must be en or ja/],
    [['diagnose', event, '--bogus'], /bogus/],
    [['frobnicate'], /unknown command "frobnicate"/],
  ])('rejects %j with a one-line usage error and exit 2', async (argv, pattern) => {
    const { code, err, out } = await run(argv as string[]);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err.split('\n')[0]).toMatch(pattern);
    expect(err).not.toMatch(/\n\s+at /);
  });

  it.each([
    ['a missing event file', () => [join(tmp, 'nope.json'), '--offline', snapshot], /no such file/],
    ['an event that is not JSON', () => [file('bad.json', '{"version": "0",\n  oops'), '--offline', snapshot], /not JSON/],
    ['an unsupported event', () => [file('s3.json', JSON.stringify({ source: 'aws.s3', 'detail-type': 'Object Created', detail: {} })), '--offline', snapshot], /unsupported/],
    ['a snapshot that is not a snapshot', () => [event, '--offline', file('snap.json', '{"schemaVersion": 2, "gaps": []}')], /not an account snapshot: schemaVersion/],
  ])('reports %s in one line with exit 1', async (_name, args, pattern) => {
    const { code, err, out } = await run(['diagnose', ...(args() as string[])]);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toMatch(pattern);
  });
});

describe('backup-doctor diagnose on a file with successes', () => {
  it('diagnoses the failures and names the skipped successes on stderr', async () => {
    const sns = new URL('../fixtures/events/sns-aws-backup-notifications-fixture.json', import.meta.url).pathname;
    const empty = file('empty-snapshot.json', JSON.stringify({ schemaVersion: 1, gaps: [] }));
    const { code, out, err } = await run(['diagnose', sns, '--offline', empty, '--format', 'json']);
    expect(code).toBe(0);
    expect(err).toMatch(/skipped .*backup-job COMPLETED is not a failure/);
    // Several diagnoses are one JSON document: an array.
    const diagnosed = (JSON.parse(out) as { event: { kind: string; state: string } }[])
      .map((d) => d.event)
      .map((e: { kind: string; state: string }) => `${e.kind} ${e.state}`);
    expect(diagnosed).toEqual(['backup-job FAILED', 'backup-job EXPIRED', 'copy-job FAILED']);
  });
});

describe('backup-doctor demo', () => {
  it('diagnoses every bundled scenario correctly', async () => {
    const { code, out } = await run(['demo']);
    expect(out).toMatch(/(\d+) of \1 scenarios diagnosed correctly/);
    expect(code).toBe(0);
  });

  it('shows the demo in Japanese', async () => {
    const { code, out } = await run(['demo', '--lang', 'ja']);
    expect(code).toBe(0);
    expect(out).toContain('シナリオ');
  });
});

describe('backup-doctor classify', () => {
  it('writes one line per input line', async () => {
    const input = [
      JSON.stringify({ text: 'Copy job failed. The retention specified in the job is not within the range specified for the target Backup Vault.' }),
      'not json',
      JSON.stringify({ text: 'zzz nothing like an AWS message' }),
    ].join('\n');
    const { code, out } = await run(['classify', '--jsonl'], `${input}\n`);
    expect(code).toBe(0);
    const lines = out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(lines[0].category).toBe('vault-lock-range');
    expect(lines[2].category).toBe('unknown');
  });
});
