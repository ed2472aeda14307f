/**
 * Evidence reuse in a storm (docs/delivery.md, "Evidence reuse"): once a group's first diagnosis has found that
 * the object at fault is one the job record itself names (its role, vault or plan), a later failure whose job
 * record gives the same account, region, job type, resource type, catalog rule and object is counted into the
 * open group after the job read alone. Per-resource causes (the resource's own key, the volume) are never taken
 * this way: a different cause on another resource always gets its own diagnosis.
 *
 * Records: `shortcut#<account|region|job type|resource type|rule>` holds the shortcuts of that rule, one per
 * object at fault, each naming the group it counts into and the evidence it reuses. Pure functions only.
 */
import { createHash } from 'node:crypto';
import { classifyEvent } from '../catalog/index.ts';
import type { Evidence, FailureEvent, JobRecord } from '../model/types.ts';

/** How long the evidence read for one diagnosis is reused; after it, the next failure is diagnosed in full again. */
export const SHORTCUT_MAX_AGE_MS = 15 * 60_000;
/** The most shortcuts one rule's record keeps (the newest). */
export const MAX_SHORTCUTS = 50;

/** The objects a job record names, which a shortcut may stand for. */
export type ObjectKind = 'role' | 'vault' | 'plan';
const OBJECT_KINDS: readonly ObjectKind[] = ['role', 'vault', 'plan'];

/** The evidence a counted failure reuses: the object at fault as an earlier diagnosis of the group read it. */
export interface ReusedEvidence {
  readonly kind: ObjectKind;
  readonly object: string;
  /**
   * What AWS versions the object by, when it does: a plan's VersionId; for a role, the default version ids of its
   * managed policies (a role itself, its trust policy and its inline policies have no version). A vault has none.
   */
  readonly version?: string;
  /** The first 16 hex digits of the SHA-256 of the facts read about the object (a role's last use left out). */
  readonly digest: string;
  /** When it was read. */
  readonly readAt: string;
  /** The job whose diagnosis read it. */
  readonly job: string;
}

/** One shortcut: the group a failure of this rule and object counts into, and the evidence it reuses. */
export interface ShortcutEntry {
  readonly fingerprint: string;
  readonly openedAt: string;
  readonly evidence: ReusedEvidence;
}

/** What a failed job names: the key of its rule's shortcuts and the objects a shortcut may stand for. */
export interface JobNames {
  readonly key: string;
  readonly objects: Readonly<Record<ObjectKind, readonly string[]>>;
}

const present = (values: readonly (string | undefined)[]): string[] => [...new Set(values.filter((v): v is string => !!v))];

/**
 * The names of a failed backup, copy or restore job, from its job record first and the event second; undefined
 * when it is not a job, or the catalog knows no rule for its status message (no shortcut without a known rule).
 */
export function jobNames(event: FailureEvent, job: JobRecord | undefined): JobNames | undefined {
  if (event.kind !== 'backup-job' && event.kind !== 'copy-job' && event.kind !== 'restore-job') return undefined;
  const statusMessage = job?.statusMessage ?? event.statusMessage;
  const { ruleId } = classifyEvent({ ...event, state: job?.state ?? event.state, ...(statusMessage !== undefined ? { statusMessage } : {}) });
  if (ruleId === 'unknown') return undefined;
  const account = event.account ?? '';
  const region = event.region ?? '';
  const resourceType = job?.resourceType ?? event.resourceType ?? '';
  return {
    key: `shortcut#${[account, region, event.kind, resourceType, ruleId].join('|')}`,
    objects: {
      role: present([job?.roleArn ?? event.roleArn]),
      vault: present([job?.vaultName, event.vaultName, event.vaultArn, event.sourceVaultArn, event.destinationVaultArn]),
      plan: present([job?.planId ?? event.plan?.planId, job?.ruleId ?? event.plan?.ruleId]),
    },
  };
}

/** Which of the job's own objects the object at fault is; undefined for any other (a key, a volume, a resource). */
export function namedKind(names: JobNames, object: string): ObjectKind | undefined {
  if (object === '') return undefined;
  return OBJECT_KINDS.find((kind) => names.objects[kind].includes(object));
}

const digestOf = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);

/** The evidence read about the object at fault, as a shortcut records it; undefined when none was read. */
export function reusedEvidence(kind: ObjectKind, object: string, evidence: Evidence, job: string, now: Date): ReusedEvidence | undefined {
  const at = { readAt: evidence.capturedAt ?? now.toISOString(), job };
  if (kind === 'role') {
    const role = evidence.roles?.[object];
    if (!role?.exists) return undefined;
    const { lastModified: _used, ...facts } = role;
    const policies = [...(role.attachedPolicies ?? []), ...(role.permissionsBoundary ? [role.permissionsBoundary] : [])];
    const versions = policies.filter((p) => p.versionId !== undefined).map((p) => `${p.arn ?? p.name}@${p.versionId}`).sort();
    return { kind, object, ...(versions.length > 0 ? { version: versions.join(', ') } : {}), digest: digestOf(facts), ...at };
  }
  if (kind === 'vault') {
    const vault = Object.values(evidence.vaults ?? {}).find((v) => v.name === object || v.arn === object || object.endsWith(`:backup-vault:${v.name}`));
    return vault ? { kind, object, digest: digestOf(vault), ...at } : undefined;
  }
  const plan = Object.values(evidence.plans ?? {}).find((p) => p.planId === object || p.rules.some((r) => r.ruleId === object));
  if (!plan) return undefined;
  return { kind, object, ...(plan.versionId !== undefined ? { version: plan.versionId } : {}), digest: digestOf(plan), ...at };
}

const fresh = (e: ShortcutEntry, now: Date): boolean => {
  const age = now.getTime() - Date.parse(e.evidence.readAt);
  return age >= 0 && age <= SHORTCUT_MAX_AGE_MS;
};

/**
 * The shortcut a failure may take: a fresh entry for one of the objects its job names. When the job's objects
 * lead to more than one group (its role to one cause and its vault to another), none: the failure is diagnosed.
 */
export function matchShortcut(entries: readonly ShortcutEntry[], names: JobNames, now: Date): ShortcutEntry | undefined {
  const matching = entries.filter((e) => fresh(e, now) && names.objects[e.evidence.kind].includes(e.evidence.object));
  if (new Set(matching.map((e) => e.fingerprint)).size !== 1) return undefined;
  return matching.reduce((a, b) => (b.evidence.readAt > a.evidence.readAt ? b : a));
}

/**
 * The rule's shortcuts with `entry` recorded (replacing the one of the same object), or undefined when the same
 * group's entry for the object is still fresh for at least half its life (nothing to write).
 */
export function withShortcut(entries: readonly ShortcutEntry[], entry: ShortcutEntry, now: Date): ShortcutEntry[] | undefined {
  const same = (e: ShortcutEntry) => e.evidence.kind === entry.evidence.kind && e.evidence.object === entry.evidence.object;
  const held = entries.find(same);
  const halfLife = new Date(now.getTime() + SHORTCUT_MAX_AGE_MS / 2);
  if (held && held.fingerprint === entry.fingerprint && held.openedAt === entry.openedAt && fresh(held, halfLife)) return undefined;
  return [...entries.filter((e) => !same(e) && fresh(e, now)), entry].slice(-MAX_SHORTCUTS);
}

/** One line that says which evidence a counted failure reused, for its record and the log. */
export function describeReuse(e: ReusedEvidence): string {
  return `${e.kind} ${e.object}${e.version ? ` version ${e.version}` : ''} (digest ${e.digest}) read at ${e.readAt} for job ${e.job}`;
}

/**
 * The first diagnosis of a likely cause, claimed so that the failures arriving while it is made wait for its
 * shortcut instead of all reading the same objects. Released when the diagnosis ends; `none` when it found a
 * cause no shortcut may stand for (a per-resource one): the failures of that likely cause are then diagnosed
 * without waiting, for as long as a shortcut would have lived.
 */
export interface DiagnosisClaim {
  readonly owner: string;
  /** Until when the owner may take (its deadline, bounded). */
  readonly until: string;
  readonly none?: string;
}

/** The most a failure waits for another's diagnosis of the same likely cause. */
export const CLAIM_MAX_MS = 30_000;

/** The claim key of a job's likely cause: its rule and every object it names. */
export function claimKey(names: JobNames): string {
  const objects = OBJECT_KINDS.map((k) => [...names.objects[k]].sort().join(','));
  return `diagnosing#${names.key.slice('shortcut#'.length)}|${objects.join('|')}`;
}

/** What a failure does about the claim: `mine` (diagnose, then release), `held` (wait), `none` (diagnose). */
export type ClaimDecision =
  | { readonly result: 'mine'; readonly next: DiagnosisClaim }
  | { readonly result: 'held'; readonly until: string }
  | { readonly result: 'none' };

/** Decides a claim: a recent `none` means no waiting; a live claim of another is waited for; else it is taken. */
export function decideClaim(current: DiagnosisClaim | undefined, owner: string, until: Date, now: Date): ClaimDecision {
  if (current?.none !== undefined && now.getTime() - Date.parse(current.none) <= SHORTCUT_MAX_AGE_MS) return { result: 'none' };
  if (current && Date.parse(current.until) > now.getTime() && current.owner !== owner) return { result: 'held', until: current.until };
  const bounded = Math.min(until.getTime(), now.getTime() + CLAIM_MAX_MS);
  return { result: 'mine', next: { owner, until: new Date(bounded).toISOString() } };
}
