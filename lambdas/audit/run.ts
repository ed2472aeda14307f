/**
 * The audit: the same checks that explain a failure, run before anything fails, over an account snapshot. Each
 * plan rule, copy action, selection, vault key and bound role becomes the question a failure would have asked,
 * and the existing checks answer it. Pure: the snapshot, the profiles and `now` come in, findings go out.
 */
import { classifyEvent } from '../catalog/index.ts';
import { checkById } from '../checks/registry.ts';
import { runChecks } from '../checks/runner.ts';
import { roleIdentity } from '../checks/support/iam-role-access.ts';
import { agentFix, verdictParams } from '../checks/iam/iam-agent-role-profile.ts';
import { bindingsOf, evaluateAgent, profilesOf, upgradeGaps } from '../checks/support/iam-agent-role.ts';
import { arnName } from '../model/arn.ts';
import type { CheckContext, Evidence, FailureEvent, Finding, Gap, JobRecord, ObjectChanges, PlanRuleFacts } from '../model/types.ts';
import type { AgentProfile } from '../../profiles/agent-profiles.ts';
import { AUDIT_META } from './messages.ts';
import { MAX_OBJECTS, type ObjectAtFault, objectChanges, objectsAtFault } from '../pipeline/changes.ts';

/** Options of one audit. */
export interface AuditOptions {
  readonly now: Date;
  readonly agentProfiles?: readonly AgentProfile[];
  readonly profileBindings?: Readonly<Record<string, string>>;
  /** How many recent jobs the completion-window forecast looks at. */
  readonly recentJobs?: number;
}

/** One audit finding: a failing finding plus the stable key that tells new from known. */
export interface AuditFinding extends Finding {
  /**
   * Stable across runs while the problem lasts: check, object at fault (`subject`) and what is wrong, without
   * the measures that move by themselves (days left, job counts).
   */
  readonly key: string;
  /** What the question was about: "plan P rule R", "selection S (EBS)", "role R". */
  readonly scope: string;
  /** Who changed the object at fault in the last 90 days, when the snapshot holds the look-up. */
  readonly changes?: ObjectChanges;
  /** The question and check that found it (a key of `AuditReport.answers`). */
  readonly question: string;
}

/**
 * How one check answered one question this run: `fail` found a problem, `clear` found none (or the check did not
 * apply), `undecided` could not tell for lack of evidence. A finding of an earlier run is resolved only when its
 * question was answered `clear`, never when it could not be asked or decided.
 */
export type Answer = 'fail' | 'clear' | 'undecided';

/** The audit's result. */
export interface AuditReport {
  readonly account?: string;
  readonly region?: string;
  readonly generatedAt: string;
  readonly findings: readonly AuditFinding[];
  /** What could not be read (from the snapshot) or decided. */
  readonly gaps: readonly Gap[];
  /** How many questions were asked, per area. */
  readonly counted: Readonly<Record<string, number>>;
  /** Each question and check asked (`<question>|<check id>`) and its answer. */
  readonly answers: Readonly<Record<string, Answer>>;
  /** Whether every read of the account succeeded: a question not asked then is about an object that is gone. */
  readonly complete: boolean;
  /**
   * For each undecided question, the objects whose facts were missing (`*` when a gap names none): a finding of an
   * earlier run about another object of that question was decided after all.
   */
  readonly undecided: Readonly<Record<string, readonly string[]>>;
}

const AUDITED_CHECKS = {
  retention: 'backup-retention-outside-vault-lock',
  trust: 'iam-role-trust-backup',
  permissions: 'iam-role-permissions-backup',
  keyState: 'kms-key-state',
  keyPolicyRole: 'kms-key-policy-role',
  keyPolicyRoot: 'kms-key-policy-root',
} as const;

/** Fact names that name the object at fault, when a finding has no subject of its own. */
const SUBJECT_FACTS = ['roleArn', 'key', 'keyArn', 'vaultArn'];

/**
 * Title parameters that measure a problem rather than name it: they change while the problem stays the same, so
 * the finding's key leaves them out.
 */
export const MEASURE_PARAMS: readonly string[] = ['days', 'over', 'total', 'longest'];

function keyOf(f: Finding): string {
  const params = Object.entries(f.title.params ?? {}).filter(([k]) => !MEASURE_PARAMS.includes(k));
  return [f.checkId, f.subject ?? '', f.title.key, JSON.stringify(Object.fromEntries(params))].join('|');
}

const UNDECIDED: readonly Finding['verdict'][] = ['inconclusive', 'error'];

/** Runs the audit over a snapshot. Never throws for a valid snapshot; a throwing check becomes an `error` finding. */
export function runAudit(evidence: Evidence, opts: AuditOptions): AuditReport {
  const found = new Map<string, AuditFinding>();
  const undecided: Gap[] = [];
  const counted: Record<string, number> = { rules: 0, copyActions: 0, selections: 0, keys: 0, windows: 0, boundRoles: 0 };
  const answers: Record<string, Answer> = {};
  const unread: Record<string, string[]> = {};
  /** Records one check's answer to one question; a question asked twice keeps its worst answer. */
  const answer = (question: string, a: Answer) => {
    const before = answers[question];
    if (before === 'fail' || (before === 'undecided' && a === 'clear')) return;
    answers[question] = a;
  };
  const add = (f: Finding, scope: string, id: string) => {
    const question = `${id}|${f.checkId}`;
    if (f.verdict === 'fail' || f.verdict === 'error') {
      const subject = f.subject ?? f.facts.find((x) => SUBJECT_FACTS.includes(x.name))?.value;
      const withSubject = subject !== undefined ? { ...f, subject } : f;
      const key = keyOf(withSubject);
      if (!found.has(key)) found.set(key, { ...withSubject, key, scope, question });
    } else if (f.verdict === 'inconclusive') {
      undecided.push(...(f.missing ?? []));
      const missing = (f.missing ?? []).map((g) => g.subject ?? '*');
      (unread[question] ??= []).push(...(missing.length > 0 ? missing : ['*']));
    }
    answer(question, f.verdict === 'fail' ? 'fail' : UNDECIDED.includes(f.verdict) ? 'undecided' : 'clear');
  };
  const ask = (event: FailureEvent, ids: readonly string[], scope: string) => {
    const checks = ids.map((id) => checkById(id)).filter((c) => c !== undefined);
    const ctx: CheckContext = { event, evidence, classification: classifyEvent(event), now: opts.now };
    for (const f of runChecks(ctx, checks)) add(f, scope, event.id);
  };
  const base = {
    origin: 'cli' as const,
    state: 'FAILED',
    ...(evidence.account !== undefined ? { account: evidence.account } : {}),
    ...(evidence.region !== undefined ? { region: evidence.region } : {}),
    raw: null,
  };

  // Plan rules and copy actions against the lock range of the vaults they write to.
  for (const plan of Object.values(evidence.plans ?? {})) {
    for (const rule of plan.rules) {
      counted.rules = (counted.rules ?? 0) + 1;
      const scope = `plan ${plan.name ?? plan.planId} rule ${rule.ruleName}`;
      const planRef = { planId: plan.planId, ruleId: rule.ruleId, ...(plan.planArn ? { planArn: plan.planArn } : {}) };
      ask({ ...base, kind: 'backup-job', id: `audit:${plan.planId}:${rule.ruleId}`, plan: planRef, vaultName: rule.targetVaultName }, [AUDITED_CHECKS.retention], scope);
      for (const copy of rule.copyActions ?? []) {
        counted.copyActions = (counted.copyActions ?? 0) + 1;
        ask(
          { ...base, kind: 'copy-job', id: `audit:${plan.planId}:${rule.ruleId}:${copy.destinationVaultArn}`, plan: planRef, vaultName: rule.targetVaultName, destinationVaultArn: copy.destinationVaultArn },
          [AUDITED_CHECKS.retention],
          `${scope} copy`,
        );
      }
      const window = completionForecast(evidence, plan.planId, rule, opts.recentJobs ?? 10);
      if (window) {
        counted.windows = (counted.windows ?? 0) + 1;
        add(window, scope, `audit:${plan.planId}:${rule.ruleId}`);
      }
    }
  }

  // Each backup role against the resource types its selections cover, and the keys it uses.
  for (const selection of Object.values(evidence.selections ?? {})) {
    counted.selections = (counted.selections ?? 0) + 1;
    const plan = evidence.plans?.[selection.planId];
    const vaults = [...new Set((plan?.rules ?? []).map((r) => r.targetVaultName))];
    for (const type of selection.resourceTypes) {
      const resourceArn = selection.resources.find((r) => typeOfArn(r) === type && !r.includes('*'));
      const scope = `selection ${selection.name ?? selection.selectionId} (${type})`;
      ask(
        { ...base, kind: 'backup-job', id: `audit:${selection.selectionId}:${type}`, roleArn: selection.roleArn, resourceType: type, ...(resourceArn ? { resourceArn } : {}), ...(vaults[0] ? { vaultName: vaults[0] } : {}) },
        [AUDITED_CHECKS.trust, AUDITED_CHECKS.permissions],
        scope,
      );
      for (const vaultName of vaults) {
        counted.keys = (counted.keys ?? 0) + 1;
        ask(
          { ...base, kind: 'backup-job', id: `audit:${selection.selectionId}:${type}:${vaultName}`, roleArn: selection.roleArn, resourceType: type, ...(resourceArn ? { resourceArn } : {}), vaultName },
          [AUDITED_CHECKS.keyState, AUDITED_CHECKS.keyPolicyRole, AUDITED_CHECKS.keyPolicyRoot],
          `${scope} → vault ${vaultName}`,
        );
      }
    }
  }

  // Every bound role against its profile, and the versions after it.
  const profiles = profilesOf(opts.agentProfiles);
  for (const role of Object.values(evidence.roles ?? {})) {
    if (!role.exists) continue;
    const { bindings } = bindingsOf(role, opts.profileBindings);
    if (bindings.length === 0) continue;
    counted.boundRoles = (counted.boundRoles ?? 0) + 1;
    const ctx: CheckContext = { event: { ...base, kind: 'access-denied', id: `audit:${role.arn}` }, evidence, classification: classifyEvent({ ...base, kind: 'access-denied', id: '' }), now: opts.now };
    const identity = roleIdentity(ctx, role);
    for (const b of bindings) {
      const profile = profiles.find((p) => p.id === b.profileId);
      const scope = `role ${role.name} (${b.profileId}@${b.version})`;
      const id = `audit:${role.arn}:${b.profileId}`;
      if (!profile) {
        undecided.push({ what: `the permission profile ${b.profileId} bound to ${role.arn}`, subject: role.arn, why: 'not-found' });
        for (const check of [AUDIT_META.agentNow.id, AUDIT_META.agentUpgrade.id]) {
          answer(`${id}|${check}`, 'undecided');
          (unread[`${id}|${check}`] ??= []).push(role.arn);
        }
        continue;
      }
      const v = evaluateAgent(role, identity, profile, b.version);
      const lacking = [...v.missing, ...v.denied, ...v.boundaryBlocked];
      const decided = v.undecided.length === 0;
      if (!decided) for (const check of [AUDIT_META.agentNow.id, AUDIT_META.agentUpgrade.id]) (unread[`${id}|${check}`] ??= []).push(role.arn);
      if (lacking.length === 0) answer(`${id}|${AUDIT_META.agentNow.id}`, decided ? 'clear' : 'undecided');
      if (lacking.length > 0) {
        const p = verdictParams(v, lacking);
        add(
          {
            checkId: AUDIT_META.agentNow.id,
            category: 'iam-permission',
            verdict: 'fail',
            title: { key: 'audit-agent-role.now', params: { role: role.name, ...p } },
            detail: { key: 'audit-agent-role.nowDetail', params: { role: role.name, ...p } },
            facts: [{ name: 'roleArn', value: role.arn }],
            fix: { summary: { key: 'audit-agent-role.fix', params: { role: role.name } }, ...agentFix(arnName(role.arn), profile, lacking) },
            subject: role.arn,
          },
          scope,
          id,
        );
      }
      if (v.undecided.length > 0) undecided.push(...identity.missing);
      const upgrades = upgradeGaps(role, identity, profile, b.version);
      if (upgrades.length === 0) answer(`${id}|${AUDIT_META.agentUpgrade.id}`, decided ? 'clear' : 'undecided');
      for (const up of upgrades) {
        const next = evaluateAgent(role, identity, profile, up.version);
        const p = verdictParams(next, up.lacking);
        add(
          {
            checkId: AUDIT_META.agentUpgrade.id,
            category: 'iam-permission',
            verdict: 'fail',
            title: { key: 'audit-agent-upgrade.title', params: { role: role.name, version: up.version, current: b.version, ...p } },
            facts: [{ name: 'roleArn', value: role.arn }],
            fix: { summary: { key: 'audit-agent-upgrade.fix', params: { role: role.name, version: up.version } }, ...agentFix(arnName(role.arn), profile, up.lacking) },
            subject: role.arn,
            confidence: 0.5,
          },
          scope,
          id,
        );
        break; // The next version that needs more is the one to prepare for.
      }
    }
  }

  const findings = [...found.values()]
    .sort((a, b) => a.checkId.localeCompare(b.checkId) || a.key.localeCompare(b.key))
    .map((f) => withChanges(f, evidence));
  const gapKeys = new Set<string>();
  const gaps = [...evidence.gaps, ...undecided].filter((g) => {
    const k = `${g.what}|${g.why}`;
    if (gapKeys.has(k)) return false;
    gapKeys.add(k);
    return true;
  });
  return {
    ...(evidence.account !== undefined ? { account: evidence.account } : {}),
    ...(evidence.region !== undefined ? { region: evidence.region } : {}),
    generatedAt: opts.now.toISOString(),
    findings,
    gaps,
    counted,
    answers,
    complete: evidence.gaps.length === 0,
    undecided: Object.fromEntries(Object.entries(unread).filter(([q]) => answers[q] === 'undecided').map(([q, subjects]) => [q, [...new Set(subjects)]])),
  };
}

/** A finding with the change history of its object at fault, when the evidence holds one. */
function withChanges(f: AuditFinding, evidence: Evidence): AuditFinding {
  const object = objectsAtFault([{ ...f, verdict: 'fail' }], evidence)[0];
  const history = object === undefined ? undefined : evidence.changes?.[object.subject];
  return history ? { ...f, changes: objectChanges(history) } : f;
}

/** The objects the audit's findings blame, for the live look-up of who changed them (bounded, most findings first). */
export function auditObjectsAtFault(report: AuditReport, evidence: Evidence): ObjectAtFault[] {
  const objects = new Map<string, ObjectAtFault>();
  for (const f of report.findings) {
    const o = objectsAtFault([{ ...f, verdict: 'fail' }], evidence)[0];
    if (o && !objects.has(o.subject)) objects.set(o.subject, o);
  }
  return [...objects.values()].slice(0, MAX_OBJECTS * 3);
}

/**
 * A rule's completion window against the durations of its recent completed jobs: how many would not have fit.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/creating-a-backup-plan.html
 */
export function completionForecast(evidence: Evidence, planId: string, rule: PlanRuleFacts, recent: number): Finding | undefined {
  const window = rule.completionWindowMinutes;
  if (window === undefined) return undefined;
  const jobs: JobRecord[] = Object.values(evidence.jobHistory ?? {})
    .flat()
    .filter((j) => j.planId === planId && j.ruleId === rule.ruleId && j.jobType === 'backup' && j.completionDate !== undefined)
    .sort((a, b) => (b.creationDate < a.creationDate ? -1 : 1))
    .slice(0, recent);
  if (jobs.length === 0) return undefined;
  const minutes = jobs.map((j) => (Date.parse(j.completionDate as string) - Date.parse(j.startDate ?? j.creationDate)) / 60_000);
  const over = minutes.filter((m) => m > window).length;
  const longest = Math.ceil(Math.max(...minutes));
  const base = { checkId: AUDIT_META.window.id, category: 'completion-window' as const, facts: [], subject: `${planId}/${rule.ruleId}` };
  if (over === 0) return { ...base, verdict: 'pass', title: { key: 'audit-completion-window.pass', params: { rule: rule.ruleName } } };
  return {
    ...base,
    verdict: 'fail',
    title: { key: 'audit-completion-window.title', params: { rule: rule.ruleName, over, total: jobs.length, window, longest } },
    fix: {
      summary: { key: 'audit-completion-window.fix', params: { rule: rule.ruleName, minutes: Math.ceil(longest * 1.25) } },
      command: `aws backup get-backup-plan --backup-plan-id ${planId} --query BackupPlan > plan.json   # set CompletionWindowMinutes of rule ${rule.ruleName} to ${Math.ceil(longest * 1.25)}, then: aws backup update-backup-plan --backup-plan-id ${planId} --backup-plan file://plan.json`,
    },
  };
}

/**
 * The AWS Backup resource type of an ARN, for the selections' resources.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-feature-availability.html
 */
export function typeOfArn(arn: string): string | undefined {
  const [, , service = '', , , rest = ''] = arn.split(':');
  switch (service) {
    case 'ec2':
      return rest.startsWith('volume/') ? 'EBS' : rest.startsWith('instance/') ? 'EC2' : undefined;
    case 'rds':
      return rest.startsWith('cluster') ? 'Aurora' : rest.startsWith('db') ? 'RDS' : undefined;
    case 'dynamodb':
      return 'DynamoDB';
    case 'elasticfilesystem':
      return 'EFS';
    case 's3':
      return 'S3';
    case 'fsx':
      return 'FSx';
    case 'storagegateway':
      return 'Storage Gateway';
    default:
      return undefined;
  }
}
