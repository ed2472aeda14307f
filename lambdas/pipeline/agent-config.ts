/**
 * The deployment's agent profiles and role bindings, as the Lambda reads them from its environment:
 * AGENT_PROFILES (a JSON array of user profiles, validated at cold start) and PROFILE_BINDINGS (a JSON object,
 * role ARN or name → "profile@version, ..."). Both are optional; a malformed value fails the cold start loudly.
 */
import { mergeProfiles, parseAgentProfile, type AgentProfile } from '../../profiles/agent-profiles.ts';

/** Lambda environment variables hold 4 KB in all: user profiles beyond this are refused at synth. */
export const AGENT_ENV_LIMIT = 3072;

/** What the diagnoser needs to know about agents. */
export interface AgentConfig {
  readonly agentProfiles: readonly AgentProfile[];
  readonly profileBindings?: Readonly<Record<string, string>>;
}

/** Reads and validates the agent settings of the environment. */
export function agentConfig(env: Readonly<Record<string, string | undefined>>): AgentConfig {
  const user = parseJson(env['AGENT_PROFILES'], 'AGENT_PROFILES');
  if (user !== undefined && !Array.isArray(user)) throw new Error('AGENT_PROFILES: must be a JSON array of profiles');
  const profiles = ((user as unknown[] | undefined) ?? []).map((p, i) => parseAgentProfile(p, `AGENT_PROFILES[${i}]`));
  const bindings = parseJson(env['PROFILE_BINDINGS'], 'PROFILE_BINDINGS');
  if (bindings !== undefined && (typeof bindings !== 'object' || bindings === null || Array.isArray(bindings) || Object.values(bindings).some((v) => typeof v !== 'string'))) {
    throw new Error('PROFILE_BINDINGS: must be a JSON object of role → "profile@version"');
  }
  return { agentProfiles: mergeProfiles(profiles), ...(bindings !== undefined ? { profileBindings: bindings as Record<string, string> } : {}) };
}

/** The environment values for a deployment's user profiles and bindings; throws when they do not fit. */
export function agentEnvironment(profiles: readonly AgentProfile[], bindings?: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  if (profiles.length > 0) out['AGENT_PROFILES'] = JSON.stringify(profiles.map(({ $schema: _s, ...p }) => p));
  if (bindings && Object.keys(bindings).length > 0) out['PROFILE_BINDINGS'] = JSON.stringify(bindings);
  const size = Object.entries(out).reduce((n, [k, v]) => n + k.length + v.length, 0);
  if (size > AGENT_ENV_LIMIT) {
    throw new Error(`agent profiles and bindings take ${size} bytes of the Lambda environment; at most ${AGENT_ENV_LIMIT} fit: shorten the sources or split the profiles`);
  }
  return out;
}

function parseJson(value: string | undefined, name: string): unknown {
  if (value === undefined || value.trim() === '') return undefined;
  try {
    return JSON.parse(value);
  } catch (err) {
    throw new Error(`${name}: not JSON: ${(err as Error).message}`, { cause: err });
  }
}
