import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { agentConfig, agentEnvironment } from '../../lambdas/pipeline/agent-config.ts';
import { parseAgentProfile } from '../../profiles/agent-profiles.ts';

const user = parseAgentProfile(JSON.parse(readFileSync(new URL('../../demo/profiles/acme-dns-failover.json', import.meta.url), 'utf8')), 'acme.json');

describe('agent settings of the deployment', () => {
  it('carries user profiles and bindings through the environment and back', () => {
    const env = agentEnvironment([user], { 'lifekeeper-node-role': 'lifekeeper-ec2@9.7.0' });

    const config = agentConfig(env);

    expect(config.agentProfiles.find((p) => p.id === 'acme-dns-failover')?.requirements).toEqual(user.requirements);
    expect(config.agentProfiles.some((p) => p.id === 'lifekeeper-ec2')).toBe(true);
    expect(config.profileBindings).toEqual({ 'lifekeeper-node-role': 'lifekeeper-ec2@9.7.0' });
  });

  it('gives the built-in profiles alone when nothing is set', () => {
    expect(agentConfig({}).profileBindings).toBeUndefined();
    expect(agentConfig({}).agentProfiles.length).toBeGreaterThan(0);
  });

  it('fails loudly on a malformed value, naming it', () => {
    expect(() => agentConfig({ AGENT_PROFILES: '[{"id":"x"}]' })).toThrow(/^AGENT_PROFILES\[0\]: /);
    expect(() => agentConfig({ PROFILE_BINDINGS: '{"r": 1}' })).toThrow(/^PROFILE_BINDINGS: /);
    expect(() => agentConfig({ AGENT_PROFILES: '{' })).toThrow(/^AGENT_PROFILES: not JSON/);
  });

  it('refuses profiles that do not fit the function environment', () => {
    const big = { ...user, requirements: [{ ...user.requirements[0]!, source: 'x'.repeat(4000) }] };

    expect(() => agentEnvironment([big])).toThrow(/at most 3072 fit/);
  });
});
