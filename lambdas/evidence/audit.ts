/**
 * Live collection for the audit: every backup plan, selection and vault of the region, the keys of the vaults,
 * the selections' roles, the roles bound to agent profiles and the recent backup jobs, as one account snapshot.
 * Every list is paginated to its end (bounded), and calls are paced per service: IAM's rate limits cannot be
 * raised and are shared with everything else in the account.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 */
import {
  GetBackupSelectionCommand,
  ListBackupJobsCommand,
  ListBackupPlansCommand,
  ListBackupSelectionsCommand,
  ListBackupVaultsCommand,
} from '@aws-sdk/client-backup';
import { ListRolesCommand, ListRoleTagsCommand } from '@aws-sdk/client-iam';
import { typeOfArn } from '../audit/run.ts';
import type { Evidence, JobRecord, KeyFacts, PlanFacts, RoleFacts, SelectionFacts, VaultFacts } from '../model/types.ts';
import { PROFILE_TAG, type AgentProfile } from '../../profiles/agent-profiles.ts';
import { requiredActions } from '../../profiles/index.ts';
import * as backup from './backup.ts';
import { EvidenceCache } from './cache.ts';
import type { Clients } from './clients.ts';
import * as iam from './iam.ts';
import { boundActions } from './index.ts';
import * as kms from './kms.ts';
import { Reader, compact, type Scope } from './read.ts';

/** The actions the audit calls: lambdas/evidence/permissions.ts, AUDIT_PERMISSIONS. */
export { AUDIT_PERMISSIONS as permissions } from './permissions.ts';

/** At most this many pages of one listing (a bound on hostile or runaway pagination). */
export const MAX_PAGES = 200;

/** Spaces calls to one service: at most `perSecond` starts per second, in order. */
export class Pacer {
  private next = 0;
  constructor(
    private readonly perSecond: number,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
    private readonly clock: () => number = Date.now,
  ) {}

  /** Waits for this call's turn. */
  async turn(): Promise<void> {
    const now = this.clock();
    const at = Math.max(now, this.next);
    this.next = at + 1000 / this.perSecond;
    if (at > now) await this.sleep(at - now);
  }
}

/** Options of one audit collection. */
export interface AuditCollectOptions {
  readonly now: Date;
  readonly deadline: number;
  readonly region?: string;
  readonly account?: string;
  readonly agentProfiles?: readonly AgentProfile[];
  readonly profileBindings?: Readonly<Record<string, string>>;
  /** Calls per second per service (IAM 5, others 10 by default). */
  readonly rates?: { readonly iam?: number; readonly backup?: number; readonly kms?: number };
  /** How far back recent jobs are read, in days (14 by default). */
  readonly jobDays?: number;
}

/** Reads everything the audit checks; what cannot be read becomes a gap. */
export async function collectAuditEvidence(clients: Clients, opts: AuditCollectOptions): Promise<Evidence> {
  const reader = new Reader(opts.deadline);
  const scope: Scope = { clients, reader, cache: new EvidenceCache(), ...(opts.region ? { region: opts.region } : {}), ...(opts.account ? { account: opts.account } : {}) };
  const pace = { iam: new Pacer(opts.rates?.iam ?? 5), backup: new Pacer(opts.rates?.backup ?? 10), kms: new Pacer(opts.rates?.kms ?? 10) };

  /**
   * Reads every page of a listing; a failed page leaves a gap and ends the listing with what was read, and so does
   * a listing longer than MAX_PAGES.
   */
  async function pages<T>(action: string, pacer: Pacer, fetch: (token: string | undefined, signal: AbortSignal) => Promise<{ items: T[]; next?: string }>): Promise<T[]> {
    const out: T[] = [];
    let token: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      await pacer.turn();
      const got = await reader.read({ action }, (signal) => fetch(token, signal));
      if (got === undefined) return out;
      out.push(...got.items);
      token = got.next;
      if (!token) return out;
    }
    reader.gap({ action, what: `${action} beyond its first ${MAX_PAGES} pages` }, 'not-collected');
    return out;
  }

  const plans: Record<string, PlanFacts> = {};
  const selections: Record<string, SelectionFacts> = {};
  const vaults: Record<string, VaultFacts> = {};
  const keys: Record<string, KeyFacts> = {};
  const roles: Record<string, RoleFacts> = {};
  const jobHistory: Record<string, JobRecord[]> = {};

  const [planList, vaultList, jobs, roleList] = await Promise.all([
    pages('backup:ListBackupPlans', pace.backup, async (NextToken, abortSignal) => {
      const o = await clients.backup.send(new ListBackupPlansCommand({ NextToken, MaxResults: 100 }), { abortSignal });
      return { items: o.BackupPlansList ?? [], ...(o.NextToken ? { next: o.NextToken } : {}) };
    }),
    pages('backup:ListBackupVaults', pace.backup, async (NextToken, abortSignal) => {
      const o = await clients.backup.send(new ListBackupVaultsCommand({ NextToken, MaxResults: 100 }), { abortSignal });
      return { items: o.BackupVaultList ?? [], ...(o.NextToken ? { next: o.NextToken } : {}) };
    }),
    pages('backup:ListBackupJobs', pace.backup, async (NextToken, abortSignal) => {
      const after = new Date(opts.now.getTime() - (opts.jobDays ?? 14) * 86_400_000);
      const o = await clients.backup.send(new ListBackupJobsCommand({ NextToken, MaxResults: 1000, ByCreatedAfter: after }), { abortSignal });
      return { items: o.BackupJobs ?? [], ...(o.NextToken ? { next: o.NextToken } : {}) };
    }),
    pages('iam:ListRoles', pace.iam, async (Marker, abortSignal) => {
      const o = await clients.iam.send(new ListRolesCommand({ Marker, MaxItems: 1000 }), { abortSignal });
      return { items: o.Roles ?? [], ...(o.IsTruncated && o.Marker ? { next: o.Marker } : {}) };
    }),
  ]);

  for (const v of vaultList) {
    if (!v.BackupVaultName) continue;
    vaults[v.BackupVaultName] = backup.vaultFacts(v);
  }
  for (const j of jobs) {
    const record = backup.backupJobRecord(j);
    if (record.resourceArn) (jobHistory[record.resourceArn] ??= []).push(record);
  }

  for (const p of planList) {
    if (!p.BackupPlanId) continue;
    await pace.backup.turn();
    const plan = await backup.collectPlan(scope, p.BackupPlanId);
    if (plan) plans[plan.planId] = plan;
    const list = await pages('backup:ListBackupSelections', pace.backup, async (NextToken, abortSignal) => {
      const o = await clients.backup.send(new ListBackupSelectionsCommand({ BackupPlanId: p.BackupPlanId, NextToken, MaxResults: 100 }), { abortSignal });
      return { items: o.BackupSelectionsList ?? [], ...(o.NextToken ? { next: o.NextToken } : {}) };
    });
    for (const s of list) {
      if (!s.SelectionId) continue;
      await pace.backup.turn();
      const got = await reader.read({ action: 'backup:GetBackupSelection', subject: s.SelectionId }, (abortSignal) =>
        clients.backup.send(new GetBackupSelectionCommand({ BackupPlanId: p.BackupPlanId, SelectionId: s.SelectionId }), { abortSignal }),
      );
      const sel = got?.BackupSelection;
      if (!sel?.IamRoleArn) continue;
      const resources = sel.Resources ?? [];
      selections[s.SelectionId] = compact({
        selectionId: s.SelectionId,
        planId: p.BackupPlanId,
        name: sel.SelectionName,
        roleArn: sel.IamRoleArn,
        resources,
        resourceTypes: [...new Set(resources.map(typeOfArn).filter((t): t is string => t !== undefined))],
      });
    }
  }

  // The selections' roles, with the actions their resource types need simulated in one call each.
  const roleActions = new Map<string, Set<string>>();
  for (const s of Object.values(selections)) {
    const set = roleActions.get(s.roleArn) ?? new Set<string>();
    for (const t of s.resourceTypes) for (const a of requiredActions(t, 'backup')?.actions ?? []) set.add(a.action);
    roleActions.set(s.roleArn, set);
  }
  // Roles bound to agent profiles: by tag (ListRoles does not return tags) or by the context map.
  for (const r of roleList) {
    if (!r.Arn || !r.RoleName) continue;
    const mapped = opts.profileBindings?.[r.Arn] ?? opts.profileBindings?.[r.RoleName];
    await pace.iam.turn();
    const tags = await reader.read({ action: 'iam:ListRoleTags', subject: r.Arn }, async (abortSignal) => {
      const o = await clients.iam.send(new ListRoleTagsCommand({ RoleName: r.RoleName, MaxItems: 100 }), { abortSignal });
      return o.Tags ?? [];
    });
    const tag = tags?.find((t) => t.Key === PROFILE_TAG)?.Value;
    if (tag === undefined && mapped === undefined) continue;
    const facts: RoleFacts = { arn: r.Arn, name: r.RoleName, exists: true, ...(tag !== undefined ? { tags: { [PROFILE_TAG]: tag } } : {}) };
    const set = roleActions.get(r.Arn) ?? new Set<string>();
    for (const a of boundActions(facts, opts)) set.add(a);
    roleActions.set(r.Arn, set);
    roles[r.Arn] = facts;
  }
  for (const [arn, actions] of roleActions) {
    await pace.iam.turn();
    const facts = await iam.collectRole(scope, arn, [...actions]);
    if (facts) roles[arn] = { ...facts, ...(roles[arn]?.tags ? { tags: { ...roles[arn]?.tags, ...facts.tags } } : {}) };
  }

  for (const v of Object.values(vaults)) {
    if (!v.encryptionKeyArn || keys[v.encryptionKeyArn]) continue;
    await pace.kms.turn();
    const read = await kms.collectKey(scope, v.encryptionKeyArn);
    if (read) keys[read.facts.arn] = read.facts;
  }

  const nonEmpty = <T extends object>(r: T): T | undefined => (Object.keys(r).length > 0 ? r : undefined);
  return {
    schemaVersion: 1,
    ...(opts.account ? { account: opts.account } : {}),
    ...(opts.region ? { region: opts.region } : {}),
    capturedAt: opts.now.toISOString(),
    ...(nonEmpty(roles) ? { roles } : {}),
    ...(nonEmpty(keys) ? { keys } : {}),
    ...(nonEmpty(vaults) ? { vaults } : {}),
    ...(nonEmpty(plans) ? { plans } : {}),
    ...(nonEmpty(selections) ? { selections } : {}),
    ...(nonEmpty(jobHistory) ? { jobHistory } : {}),
    gaps: [...reader.gaps],
  };
}
