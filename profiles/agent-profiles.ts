/**
 * Permission profiles of agents that run with an IAM role (HA cluster recovery kits, fencing agents, ...), as
 * data: product + component + the actions each version needs, with the basis and source of every list and the
 * version that introduced each action. Built-in profiles live in profiles/agents/; users add their own files in
 * the same shape (schema/agent-profile.schema.json).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import lifekeeperEc2 from './agents/lifekeeper-ec2.json' with { type: 'json' };
import lifekeeperRoute53 from './agents/lifekeeper-route53.json' with { type: 'json' };
import awseip from './agents/clusterlabs-awseip.json' with { type: 'json' };
import vpcMoveIp from './agents/clusterlabs-aws-vpc-move-ip.json' with { type: 'json' };
import fenceAws from './agents/fence-aws.json' with { type: 'json' };
import suseHana from './agents/suse-sap-hana-sr-aws.json' with { type: 'json' };
import { agentProfileSchema, BASES, ID, VERSION, type AgentProfile, type AgentRequirement, type Basis } from '../lambdas/model/agent-profile-schema.ts';

export { agentProfileSchema, BASES };
export type { AgentProfile, AgentRequirement, Basis };


/** The published JSON Schema (draft 2020-12). */
export function agentProfileJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(agentProfileSchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
}

/** A malformed profile file: one line that names the file and the field. */
export class ProfileError extends Error {
  override readonly name = 'ProfileError';
}

/** Validates one profile; throws a ProfileError "FILE: FIELD: problem" naming the first bad field. */
export function parseAgentProfile(value: unknown, file: string): AgentProfile {
  const result = agentProfileSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    const message = (issue?.message ?? 'invalid').replace(/\s*\n\s*/g, ' ');
    throw new ProfileError(`${file}: ${where}: ${message}`);
  }
  const p = result.data;
  p.requirements.forEach((r, i) => {
    if (r.until !== undefined && compareVersions(r.until, r.since) <= 0) {
      throw new ProfileError(`${file}: requirements.${i}.until: must be later than since (${r.since})`);
    }
  });
  return p;
}

/** Built-in profiles, once. */
export const BUILTIN_AGENT_PROFILES: readonly AgentProfile[] = [lifekeeperEc2, lifekeeperRoute53, awseip, vpcMoveIp, fenceAws, suseHana].map(
  (p) => parseAgentProfile(p, `profiles/agents/${(p as { id: string }).id}.json`),
);

/** Reads every *.json file of a directory as a profile; one-line errors name the file and the field. */
export function loadAgentProfiles(dir: string): AgentProfile[] {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new ProfileError(`${dir}: not a directory`);
    names = readdirSync(dir).filter((n) => n.endsWith('.json')).sort();
  } catch (err) {
    if (err instanceof ProfileError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new ProfileError(`${dir}: ${code === 'ENOENT' ? 'no such directory' : (code ?? 'unreadable')}`);
  }
  return names.map((name) => {
    const file = join(dir, name);
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new ProfileError(`${file}: (top level): not JSON: ${(err as Error).message.replace(/\s*\n\s*/g, ' ')}`);
    }
    return parseAgentProfile(value, file);
  });
}

/** Built-in profiles plus the user's; a user profile with a built-in id replaces it. */
export function mergeProfiles(user: readonly AgentProfile[], builtin: readonly AgentProfile[] = BUILTIN_AGENT_PROFILES): AgentProfile[] {
  const ids = new Set(user.map((p) => p.id));
  return [...builtin.filter((p) => !ids.has(p.id)), ...user];
}

/** Compares dotted numeric versions (9.10.0 > 9.9.0; missing parts count as 0). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** One action a version needs, with where it comes from. */
export interface NeededAction {
  readonly action: string;
  readonly resource: string;
  readonly condition?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly requirement: AgentRequirement;
}

/** What a profile says of one version. */
export interface VersionNeeds {
  readonly profile: AgentProfile;
  readonly version: string;
  /** Actions needed unconditionally. */
  readonly actions: readonly NeededAction[];
  /** Actions needed only with a setting (`when`), not evaluated. */
  readonly conditional: readonly NeededAction[];
  /** The version is older than every list: nothing can be said. */
  readonly tooOld: boolean;
}

/** The actions a version of an agent needs, from every requirement whose range holds it. */
export function needsOf(profile: AgentProfile, version: string): VersionNeeds {
  const earliest = profile.requirements.map((r) => r.since).sort(compareVersions)[0] ?? version;
  const holds = (r: AgentRequirement) => compareVersions(version, r.since) >= 0 && (r.until === undefined || compareVersions(version, r.until) < 0);
  const actions: NeededAction[] = [];
  const conditional: NeededAction[] = [];
  const seen = new Set<string>();
  for (const r of profile.requirements.filter(holds)) {
    for (const a of r.actions) {
      if (seen.has(a.action)) continue;
      seen.add(a.action);
      const needed: NeededAction = { action: a.action, resource: a.resource ?? '*', ...(a.condition ? { condition: a.condition } : {}), requirement: r };
      (r.when ? conditional : actions).push(needed);
    }
  }
  return { profile, version, actions, conditional, tooOld: compareVersions(version, earliest) < 0 };
}

/** The known versions after `version`, in order. */
export function laterVersions(profile: AgentProfile, version: string): string[] {
  return [...new Set(profile.versions)].filter((v) => compareVersions(v, version) > 0).sort(compareVersions);
}

/** true when the list is an inference (not a vendor-printed IAM list read in its source). */
export function isInferred(r: AgentRequirement): boolean {
  return !r.verified;
}

/** One binding of a role to a profile version. */
export interface ProfileBinding {
  readonly profileId: string;
  readonly version: string;
}

/** The role tag that binds a role to profiles. */
export const PROFILE_TAG = 'backup-doctor:profile';

/**
 * Parses a binding value: "lifekeeper-ec2@9.7.0", several separated by commas or spaces. Returns the bindings
 * and one line per part that is not of that form.
 */
export function parseBindings(value: string): { bindings: ProfileBinding[]; errors: string[] } {
  const bindings: ProfileBinding[] = [];
  const errors: string[] = [];
  for (const part of value.split(/[\s,]+/).filter((p) => p !== '')) {
    const at = part.lastIndexOf('@');
    const id = at > 0 ? part.slice(0, at) : '';
    const version = at > 0 ? part.slice(at + 1) : '';
    if (!ID.test(id) || !VERSION.test(version)) errors.push(`"${part.slice(0, 80)}" is not PROFILE@VERSION (e.g. lifekeeper-ec2@9.7.0)`);
    else bindings.push({ profileId: id, version });
  }
  return { bindings, errors };
}
