/**
 * Evaluates a role against the agent profiles it is bound to (role tag `backup-doctor:profile` or the
 * deployment's context map): every action the bound version needs, decided over the role's policies and
 * boundary (SimulatePrincipalPolicy where a document could not be read), grouped by the version that introduced
 * it. Shared by the denied-call check and the audit.
 */
import type { PolicyDocument, RoleFacts } from '../../model/types.ts';
import {
  BUILTIN_AGENT_PROFILES,
  PROFILE_TAG,
  isInferred,
  laterVersions,
  needsOf,
  parseBindings,
  type AgentProfile,
  type AgentRequirement,
  type NeededAction,
  type ProfileBinding,
} from '../../../profiles/agent-profiles.ts';
import { type ActionOutcome, type RoleIdentity, decideForRole } from './iam-role-access.ts';

/** Where a role's bindings come from, and what could not be read of them. */
export interface RoleBindings {
  readonly bindings: readonly ProfileBinding[];
  readonly source: 'tag' | 'context' | 'tag+context' | 'none';
  readonly errors: readonly string[];
}

/** The bindings of a role: its `backup-doctor:profile` tag and the context map (by ARN or by name). */
export function bindingsOf(role: RoleFacts, contextMap: Readonly<Record<string, string>> | undefined): RoleBindings {
  const tag = role.tags?.[PROFILE_TAG];
  const mapped = contextMap?.[role.arn] ?? contextMap?.[role.name];
  const fromTag = tag !== undefined ? parseBindings(tag) : { bindings: [], errors: [] };
  const fromMap = mapped !== undefined ? parseBindings(mapped) : { bindings: [], errors: [] };
  const seen = new Set<string>();
  const bindings = [...fromTag.bindings, ...fromMap.bindings].filter((b) => {
    const k = `${b.profileId}@${b.version}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  const source = tag !== undefined && mapped !== undefined ? 'tag+context' : tag !== undefined ? 'tag' : mapped !== undefined ? 'context' : 'none';
  return { bindings, source, errors: [...fromTag.errors, ...fromMap.errors] };
}

/** One needed action, decided. */
export interface AgentActionOutcome {
  readonly needed: NeededAction;
  readonly outcome: ActionOutcome;
}

/** What a role lacks for one bound profile version. */
export interface AgentVerdict {
  readonly profile: AgentProfile;
  readonly version: string;
  readonly outcomes: readonly AgentActionOutcome[];
  /** Not granted by any policy of the role. */
  readonly missing: readonly AgentActionOutcome[];
  readonly denied: readonly AgentActionOutcome[];
  readonly boundaryBlocked: readonly AgentActionOutcome[];
  readonly undecided: readonly AgentActionOutcome[];
  /** Needed only with a setting, not evaluated. */
  readonly conditional: readonly NeededAction[];
  readonly tooOld: boolean;
}

/** The profiles to look bindings up in. */
export function profilesOf(profiles: readonly AgentProfile[] | undefined): readonly AgentProfile[] {
  return profiles ?? BUILTIN_AGENT_PROFILES;
}

/** Decides every action a profile version needs for the role. */
export function evaluateAgent(role: RoleFacts, identity: RoleIdentity, profile: AgentProfile, version: string): AgentVerdict {
  const needs = needsOf(profile, version);
  const outcomes = needs.actions.map((needed) => ({
    needed,
    outcome: decideForRole(role, identity, { action: needed.action, resource: needed.resource, principal: role.arn }),
  }));
  const by = (p: (o: ActionOutcome) => boolean) => outcomes.filter((o) => p(o.outcome));
  return {
    profile,
    version,
    outcomes,
    missing: by((o) => o.decision === 'implicit-deny' && o.blockedBy === undefined),
    denied: by((o) => o.blockedBy === 'explicit-deny'),
    boundaryBlocked: by((o) => o.blockedBy === 'boundary'),
    undecided: by((o) => o.decision === 'inconclusive'),
    conditional: needs.conditional,
    tooOld: needs.tooOld,
  };
}

/** The actions the next known versions add to what the role lacks now: "upgrading to 9.7.0 needs these 2 actions". */
export function upgradeGaps(
  role: RoleFacts,
  identity: RoleIdentity,
  profile: AgentProfile,
  version: string,
): { version: string; lacking: AgentActionOutcome[] }[] {
  const now = new Set(evaluateAgent(role, identity, profile, version).outcomes.filter((o) => o.outcome.decision !== 'allowed').map((o) => o.needed.action));
  const out: { version: string; lacking: AgentActionOutcome[] }[] = [];
  for (const next of laterVersions(profile, version)) {
    const v = evaluateAgent(role, identity, profile, next);
    const lacking = [...v.missing, ...v.denied, ...v.boundaryBlocked].filter((o) => !now.has(o.needed.action));
    if (lacking.length > 0) out.push({ version: next, lacking });
  }
  return out;
}

/** Groups outcomes by the requirement (the version and purpose) they come from, in version order. */
export function byRequirement(outcomes: readonly AgentActionOutcome[]): { requirement: AgentRequirement; actions: string[] }[] {
  const groups = new Map<AgentRequirement, string[]>();
  for (const o of outcomes) groups.set(o.needed.requirement, [...(groups.get(o.needed.requirement) ?? []), o.needed.action]);
  return [...groups.entries()].map(([requirement, actions]) => ({ requirement, actions }));
}

/** true when any of the outcomes rests on an inferred list. */
export function anyInferred(outcomes: readonly AgentActionOutcome[]): boolean {
  return outcomes.some((o) => isInferred(o.needed.requirement));
}

/** The policy that grants exactly these actions, with the resources and conditions the profile states. */
export function agentPolicy(outcomes: readonly AgentActionOutcome[]): PolicyDocument {
  const groups = new Map<string, { actions: string[]; resource: string; condition?: NeededAction['condition'] }>();
  for (const { needed } of outcomes) {
    const key = `${needed.resource}|${JSON.stringify(needed.condition ?? null)}`;
    const g = groups.get(key) ?? { actions: [], resource: needed.resource, ...(needed.condition ? { condition: needed.condition } : {}) };
    if (!g.actions.includes(needed.action)) g.actions.push(needed.action);
    groups.set(key, g);
  }
  return {
    Version: '2012-10-17',
    Statement: [...groups.values()].map((g) => ({
      Effect: 'Allow' as const,
      Action: g.actions,
      Resource: g.resource,
      ...(g.condition ? { Condition: g.condition as never } : {}),
    })),
  };
}
