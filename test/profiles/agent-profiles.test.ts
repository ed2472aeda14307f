import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BUILTIN_AGENT_PROFILES,
  ProfileError,
  agentProfileJsonSchema,
  compareVersions,
  laterVersions,
  loadAgentProfiles,
  mergeProfiles,
  needsOf,
  parseAgentProfile,
  parseBindings,
} from '../../profiles/agent-profiles.ts';
import { main } from '../../lambdas/cli/main.ts';

const lifekeeper = BUILTIN_AGENT_PROFILES.find((p) => p.id === 'lifekeeper-ec2')!;
const valid = JSON.parse(readFileSync(new URL('../../demo/profiles/acme-dns-failover.json', import.meta.url), 'utf8')) as Record<string, unknown>;

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'profiles-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('agent profiles', () => {
  it('ships a profile for each HA agent of the reference material, each list with basis and source', () => {
    expect(BUILTIN_AGENT_PROFILES.map((p) => p.id).sort()).toEqual([
      'clusterlabs-aws-vpc-move-ip',
      'clusterlabs-awseip',
      'fence-aws',
      'lifekeeper-ec2',
      'lifekeeper-route53',
      'suse-sap-hana-sr-aws',
    ]);
    for (const p of BUILTIN_AGENT_PROFILES) for (const r of p.requirements) expect(r.source.length, p.id).toBeGreaterThan(0);
  });

  it('gives 9.7.0 the 9.5.2 list plus the two actions introduced in 9.6.0', () => {
    const v952 = needsOf(lifekeeper, '9.5.2').actions.map((a) => a.action);
    const v970 = needsOf(lifekeeper, '9.7.0');

    expect(v970.actions.filter((a) => !v952.includes(a.action)).map((a) => [a.action, a.requirement.since, a.requirement.introduced])).toEqual([
      ['ec2:DescribeNetworkInterfaceAttribute', '9.6.0', true],
      ['ec2:ModifyNetworkInterfaceAttribute', '9.6.0', true],
    ]);
    expect(needsOf(lifekeeper, '9.3.2').tooOld).toBe(true);
  });

  it('keeps a conditional action apart', () => {
    const vpc = BUILTIN_AGENT_PROFILES.find((p) => p.id === 'clusterlabs-aws-vpc-move-ip')!;

    expect(needsOf(vpc, '4.7.0').conditional.map((a) => a.action)).toEqual(['sts:AssumeRole']);
    expect(needsOf(vpc, '4.1.0').conditional).toEqual([]);
  });

  it('compares versions numerically', () => {
    expect(compareVersions('9.10.0', '9.9.0')).toBeGreaterThan(0);
    expect(compareVersions('9.6', '9.6.0')).toBe(0);
    expect(laterVersions(lifekeeper, '9.5.2')).toEqual(['9.6.0', '9.7.0', '9.8.1', '9.9.0']);
  });

  it('parses bindings separated by commas or spaces and names a bad one', () => {
    expect(parseBindings('lifekeeper-ec2@9.7.0, fence-aws@4.7.0 clusterlabs-awseip@4.14.0').bindings).toEqual([
      { profileId: 'lifekeeper-ec2', version: '9.7.0' },
      { profileId: 'fence-aws', version: '4.7.0' },
      { profileId: 'clusterlabs-awseip', version: '4.14.0' },
    ]);
    expect(parseBindings('lifekeeper-ec2 @x').errors).toHaveLength(2);
  });

  it.each([
    ['a missing field', { ...valid, product: undefined }, 'product'],
    ['a bad action', { ...valid, requirements: [{ ...(valid.requirements as object[])[0], actions: [{ action: 'route53 GetChange' }] }] }, 'requirements.0.actions.0.action'],
    ['an unknown basis', { ...valid, requirements: [{ ...(valid.requirements as object[])[0], basis: 'hearsay' }] }, 'requirements.0.basis'],
    ['an unknown field', { ...valid, extra: 1 }, '(top level)'],
    ['a bad version', { ...valid, versions: ['one'] }, 'versions.0'],
  ])('rejects %s with one line naming the file and the field', (_name, value, field) => {
    const run = () => parseAgentProfile(value, 'mine.json');

    expect(run).toThrow(ProfileError);
    expect(run).toThrow(new RegExp(`^mine\\.json: ${field.replace(/[.()]/g, '\\$&')}: `));
    try {
      run();
    } catch (err) {
      expect((err as Error).message).not.toContain('\n');
    }
  });

  it('loads a directory of user profiles and lets one replace a built-in id', () => {
    const dir = dirWith({ 'a.json': JSON.stringify(valid), 'b.json': JSON.stringify({ ...valid, id: 'fence-aws' }), 'note.txt': 'x' });

    const merged = mergeProfiles(loadAgentProfiles(dir));

    expect(merged.filter((p) => p.id === 'fence-aws')).toHaveLength(1);
    expect(merged.find((p) => p.id === 'fence-aws')?.product).toBe(valid.product);
    expect(merged.some((p) => p.id === 'acme-dns-failover')).toBe(true);
  });

  it('names a file that is not JSON', () => {
    const dir = dirWith({ 'bad.json': '{"id": ' });

    expect(() => loadAgentProfiles(dir)).toThrow(/bad\.json: \(top level\): not JSON/);
  });

  it('stops diagnose with one line on stderr for a malformed user profile', async () => {
    const dir = dirWith({ 'broken.json': JSON.stringify({ ...valid, component: 7 }) });
    let err = '';
    const sink = (f: (s: string) => void) => ({ write: (s: string) => (f(s), true) }) as unknown as NodeJS.WritableStream;
    const scenario = new URL('../../demo/scenarios/50-ha-agent-upgrade-denied/', import.meta.url).pathname;

    const code = await main(['diagnose', `${scenario}event.json`, '--offline', `${scenario}snapshot.json`, '--profiles', dir], {
      stdin: process.stdin,
      stdout: sink(() => undefined),
      stderr: sink((s) => (err += s)),
    });

    expect(code).toBe(1);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toMatch(/broken\.json: component: /);
  });

  it('publishes the JSON Schema generated from the validator', () => {
    const published = JSON.parse(readFileSync(new URL('../../schema/agent-profile.schema.json', import.meta.url), 'utf8')) as unknown;

    expect(published).toEqual(agentProfileJsonSchema());
  });
});
