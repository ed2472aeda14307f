/**
 * The command on "live" credentials: `snapshot` and `diagnose` without --offline read the account through the
 * SDK, here the loopback fake of AWS serving a demo scenario's snapshot over the real wire protocols.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenarios, SCENARIO_DIR } from '../../lambdas/cli/scenarios.ts';
import { type FakeAws, startFakeAws } from '../harness/fake-aws.ts';
import { type FakeSts, startFakeSts } from '../harness/fake-sts.ts';
import { runCli } from '../harness/cli.ts';

const scenario = loadScenarios().find((s) => s.id === '04-key-policy-without-root')!;
const eventFile = join(SCENARIO_DIR, scenario.id, 'event.json');
let aws: FakeAws;
let sts: FakeSts;
const saved = { ...process.env };

beforeAll(async () => {
  aws = await startFakeAws(scenario.evidence);
  sts = await startFakeSts({ account: scenario.event.account ?? '' });
  Object.assign(process.env, aws.env, sts.env);
});

afterAll(async () => {
  process.env = saved;
  await aws.close();
  await sts.close();
});


/** The command, in-process, with this process's environment (the fakes' endpoints). */
const run = (argv: string[]) => runCli(argv, '', process.env);

describe('backup-doctor on live credentials', () => {
  it('records a snapshot that replays to the same diagnosis', async () => {
    // Act
    const snap = await run(['snapshot', eventFile]);

    // Assess
    expect(snap.code).toBe(0);
    const evidence = JSON.parse(snap.out);
    expect(evidence.schemaVersion).toBe(1);
    expect(Object.keys(evidence.keys)).toContain(scenario.evidence.resources![Object.keys(scenario.evidence.resources!)[0]!]!.encryptionKeyArn);
    expect(snap.err).toMatch(/reading account 111122223333 in ap-northeast-1 \(read-only\)/);
    expect(aws.requests.every((r) => /^(Get|Describe|List|Simulate|Lookup)/.test(r.action))).toBe(true);

    // Replay offline: the recorded snapshot gives the diagnosis the scenario expects.
    const dir = mkdtempSync(join(tmpdir(), 'backup-doctor-live-'));
    try {
      const file = join(dir, 'snapshot.json');
      writeFileSync(file, snap.out);
      const replay = await run(['diagnose', eventFile, '--offline', file, '--format', 'json', '--now', scenario.now.toISOString()]);
      expect(replay.code).toBe(0);
      expect(JSON.parse(replay.out).findings[0].checkId).toBe(scenario.expect.checkId);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('diagnoses without --offline by reading the account', async () => {
    const { code, out } = await run(['diagnose', eventFile, '--format', 'json', '--now', scenario.now.toISOString()]);
    expect(code).toBe(0);
    const diagnosis = JSON.parse(out);
    expect(diagnosis.category.id).toBe(scenario.expect.category);
    expect(diagnosis.findings[0].checkId).toBe(scenario.expect.checkId);
  });
});
