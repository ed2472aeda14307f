/**
 * Shared look-ups and fix builders of the backup checks: the rule a job came from, what could not be read about
 * it, and the exact `aws backup update-backup-plan` command that rewrites a plan with one change.
 */
import { cliCommand } from '../../model/shell.ts';
import { jobPlanIds, planOf } from '../../schedule/advice.ts';
import type {
  CheckContext,
  Evidence,
  Gap,
  GapReason,
  LifecycleFacts,
  PlanFacts,
  PlanRuleFacts,
  VaultFacts,
} from '../../model/types.ts';
import { gapsFor, vaultOf } from './lookup.ts';
import { vaultNameFromArn } from '../../model/arn.ts';

/** StartWindowMinutes as get-backup-plan reports it for a rule created without one (8 hours). */
export const DEFAULT_START_WINDOW_MINUTES = 480;
/** CompletionWindowMinutes as get-backup-plan reports it for a rule created without one (7 days). */
export const DEFAULT_COMPLETION_WINDOW_MINUTES = 10_080;

/** The recorded gaps about a subject (those of `action` first), or one gap saying it was not collected. */
export function missingAbout(evidence: Evidence, subject: string, what: string, action?: string): Gap[] {
  const byAction = action ? gapsFor(evidence, subject, action) : [];
  if (byAction.length) return byAction;
  const recorded = gapsFor(evidence, subject);
  if (recorded.length) return recorded;
  const why: GapReason = 'not-collected';
  return [{ what, subject, why, ...(action ? { action } : {}) }];
}

/** The plan and rule of the failed job, or the gaps that kept them from being read. */
export interface RuleLookup {
  readonly planId?: string;
  readonly ruleId?: string;
  readonly plan?: PlanFacts;
  readonly rule?: PlanRuleFacts;
  /** Empty when the rule was found; the reason otherwise. */
  readonly missing: readonly Gap[];
}

/** Finds the rule that created the job (scheduled jobs only). */
export function ruleOf(ctx: CheckContext): RuleLookup {
  const { planId, ruleId, planArn } = jobPlanIds(ctx.event, ctx.evidence);
  if (!planId && !planArn) {
    return { missing: [{ what: 'the backup rule of the job (an on-demand job has none)', why: 'not-collected' }] };
  }
  const plan = planOf(ctx.evidence, planId, planArn);
  const subject = planId ?? planArn ?? '';
  if (!plan) {
    return {
      ...(planId ? { planId } : {}),
      ...(ruleId ? { ruleId } : {}),
      missing: missingAbout(ctx.evidence, subject, `backup:GetBackupPlan ${subject}`, 'backup:GetBackupPlan'),
    };
  }
  const rule = plan.rules.find((r) => r.ruleId === ruleId);
  if (!rule) {
    return {
      planId: plan.planId,
      ...(ruleId ? { ruleId } : {}),
      plan,
      missing: [{ what: `rule ${ruleId ?? '(unknown id)'} in backup plan ${plan.planId}`, subject, why: 'not-found' }],
    };
  }
  return { planId: plan.planId, ruleId: rule.ruleId, plan, rule, missing: [] };
}

/** The target vault of a backup job: from the event, the described job, else the rule. */
export function targetVaultRef(ctx: CheckContext, rule?: PlanRuleFacts): string | undefined {
  return (
    ctx.event.vaultName ??
    vaultNameFromArn(ctx.event.vaultArn) ??
    ctx.evidence.job?.vaultName ??
    rule?.targetVaultName
  );
}

/** A vault by name or ARN, or the gaps that kept it from being read. */
export function vaultLookup(evidence: Evidence, ref: string): { vault?: VaultFacts; missing: Gap[] } {
  const vault = vaultOf(evidence, ref);
  if (vault) return { vault, missing: [] };
  const name = vaultNameFromArn(ref) ?? ref;
  const recorded = [...gapsFor(evidence, ref), ...(name !== ref ? gapsFor(evidence, name) : [])];
  return {
    missing: recorded.length
      ? recorded
      : [{ what: `backup:DescribeBackupVault ${name}`, subject: ref, action: 'backup:DescribeBackupVault', why: 'not-collected' }],
  };
}

function lifecycleInput(l: LifecycleFacts | undefined): Record<string, number | boolean> | undefined {
  if (!l) return undefined;
  const out: Record<string, number | boolean> = {};
  if (l.moveToColdStorageAfterDays !== undefined) out['MoveToColdStorageAfterDays'] = l.moveToColdStorageAfterDays;
  if (l.deleteAfterDays !== undefined) out['DeleteAfterDays'] = l.deleteAfterDays;
  if (l.optInToArchiveForSupportedResources !== undefined) {
    out['OptInToArchiveForSupportedResources'] = l.optInToArchiveForSupportedResources;
  }
  return Object.keys(out).length ? out : undefined;
}

/** A rule as BackupRuleInput JSON (the shape update-backup-plan takes). */
export function ruleInput(r: PlanRuleFacts): Record<string, unknown> {
  const out: Record<string, unknown> = { RuleName: r.ruleName, TargetBackupVaultName: r.targetVaultName };
  if (r.scheduleExpression !== undefined) out['ScheduleExpression'] = r.scheduleExpression;
  if (r.scheduleExpressionTimezone !== undefined) out['ScheduleExpressionTimezone'] = r.scheduleExpressionTimezone;
  if (r.startWindowMinutes !== undefined) out['StartWindowMinutes'] = r.startWindowMinutes;
  if (r.completionWindowMinutes !== undefined) out['CompletionWindowMinutes'] = r.completionWindowMinutes;
  const lifecycle = lifecycleInput(r.lifecycle);
  if (lifecycle) out['Lifecycle'] = lifecycle;
  if (r.enableContinuousBackup !== undefined) out['EnableContinuousBackup'] = r.enableContinuousBackup;
  if (r.copyActions?.length) {
    out['CopyActions'] = r.copyActions.map((a) => {
      const l = lifecycleInput(a.lifecycle);
      return l ? { DestinationBackupVaultArn: a.destinationVaultArn, Lifecycle: l } : { DestinationBackupVaultArn: a.destinationVaultArn };
    });
  }
  return out;
}

/** The whole plan as BackupPlanInput JSON, with `change` applied to the rules it edits. */
export function planInput(plan: PlanFacts, change: (rule: PlanRuleFacts) => PlanRuleFacts): Record<string, unknown> {
  return { BackupPlanName: plan.name ?? '<backup-plan-name>', Rules: plan.rules.map((r) => ruleInput(change(r))) };
}

/**
 * `aws backup update-backup-plan` with the whole corrected plan: the call replaces every rule, so the JSON
 * carries all rules of the plan as read.
 */
export function updatePlanCommand(plan: PlanFacts, input: Record<string, unknown>, region?: string): string {
  return cliCommand('aws backup update-backup-plan', [
    ['backup-plan-id', plan.planId],
    ['backup-plan', JSON.stringify(input)],
    ['region', region],
  ]);
}

/** Minutes rounded up to the next whole hour, in minutes. */
export function ceilToHour(minutes: number): number {
  return Math.max(60, Math.ceil(minutes / 60) * 60);
}

/** Minutes between two ISO instants, or undefined when either is missing or invalid. */
export function minutesBetween(from: string | undefined, to: string | undefined): number | undefined {
  if (!from || !to) return undefined;
  const a = Date.parse(from);
  const b = Date.parse(to);
  return Number.isFinite(a) && Number.isFinite(b) ? (b - a) / 60_000 : undefined;
}

/** Minutes as hours for people: "8 h", "1.5 h". */
export function hours(minutes: number): string {
  return `${Math.round((minutes / 60) * 10) / 10}`;
}
