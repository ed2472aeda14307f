/**
 * Is every retention that the rule and its copy actions set inside the target vault's lock range?
 */
import { cliCommand } from '../../model/shell.ts';
import type { Check, CheckContext, Finding, Gap, LifecycleFacts, PlanRuleFacts, VaultFacts } from '../../model/types.ts';
import { facts, fail, inconclusive, msg, notApplicable, pass } from '../support/finding.ts';
import { vaultNameFromArn } from '../../model/arn.ts';
import { planInput, ruleOf, targetVaultRef, updatePlanCommand, vaultLookup } from '../support/backup-common.ts';
import type { RuleLookup } from '../support/backup-common.ts';
import { factMessages } from '../../model/fact-labels.ts';

const DOCS = 'https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html';
/** Recovery points in cold storage must stay there at least this long (Lifecycle: DeleteAfterDays ≥ cold + 90). */
const COLD_STORAGE_MIN_DAYS = 90;
/**
 * Continuous backups keep 1 to 35 days and never move to cold storage.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/point-in-time-recovery-retention-period.html
 */
const CONTINUOUS_MAX_DAYS = 35;
const AIR_GAPPED = 'LOGICALLY_AIR_GAPPED_BACKUP_VAULT';
const META = { id: 'backup-retention-outside-vault-lock', category: 'vault-lock-range' } as const;
const FACTS = factMessages([
  'lockRange', 'lockMode', 'lockDate', 'retention', 'coldStorageAfter', 'suggestedRetention',
  'suggestedColdStorage', 'otherOutOfRange',
]);

/** One retention to check: the rule's own lifecycle or a copy action's, against the vault it writes to. */
interface RetentionItem {
  readonly label: string;
  readonly vaultRef: string;
  readonly lifecycle?: LifecycleFacts;
  /** The copy action's destination ARN, for a copy action. */
  readonly copyTo?: string;
  /** Whether this retention is the one the failed job used. */
  readonly primary: boolean;
  /** The rule's own retention of continuous backups (1 to 35 days), not a copy's. */
  readonly continuous?: boolean;
}

interface OutOfRange {
  readonly kind: 'out';
  readonly item: RetentionItem;
  readonly vault: VaultFacts;
  readonly suggested: LifecycleFacts;
}

type Outcome = { kind: 'ok' } | { kind: 'unknown'; missing: readonly Gap[] } | OutOfRange;

function rangeText(min?: number, max?: number): string {
  if (min !== undefined && max !== undefined) return `${min}–${max}`;
  if (min !== undefined) return `≥ ${min}`;
  return `≤ ${max}`;
}

function keepsForever(l: LifecycleFacts): boolean {
  return l.deleteAfterDays === undefined || l.deleteAfterDays < 0;
}

/**
 * The lifecycle closest to the current one that fits [min, max] and keeps 90 days in cold storage; for continuous
 * backups, at most 35 days (which may leave it below min: then no lifecycle of this rule fits the vault).
 */
function fittingLifecycle(l: LifecycleFacts, min?: number, max?: number, continuous = false): LifecycleFacts {
  let del = keepsForever(l) ? undefined : l.deleteAfterDays;
  let cold = l.moveToColdStorageAfterDays !== undefined && l.moveToColdStorageAfterDays >= 0 ? l.moveToColdStorageAfterDays : undefined;
  if (max !== undefined && (del === undefined || del > max)) del = max;
  if (min !== undefined && del !== undefined && del < min) del = min;
  if (cold !== undefined && del !== undefined && del < cold + COLD_STORAGE_MIN_DAYS) {
    if (max === undefined || cold + COLD_STORAGE_MIN_DAYS <= max) del = cold + COLD_STORAGE_MIN_DAYS;
    else cold = del - COLD_STORAGE_MIN_DAYS >= 1 ? del - COLD_STORAGE_MIN_DAYS : undefined;
  }
  if (continuous && (del === undefined || del > CONTINUOUS_MAX_DAYS)) del = CONTINUOUS_MAX_DAYS;
  const { deleteAfterDays: _d, moveToColdStorageAfterDays: _c, ...rest } = l;
  return {
    ...rest,
    ...(cold !== undefined ? { moveToColdStorageAfterDays: cold } : {}),
    ...(del !== undefined ? { deleteAfterDays: del } : {}),
  };
}

function inRange(l: LifecycleFacts, min?: number, max?: number): boolean {
  if (keepsForever(l)) return max === undefined;
  const days = l.deleteAfterDays ?? 0;
  return (min === undefined || days >= min) && (max === undefined || days <= max);
}

function itemsOf(ctx: CheckContext, rule: PlanRuleFacts | undefined): RetentionItem[] {
  const { event } = ctx;
  if (event.kind === 'copy-job') {
    const dest = event.destinationVaultArn;
    if (!dest) return [];
    const action = rule?.copyActions?.find((a) => a.destinationVaultArn === dest);
    return [{ label: `copy → ${vaultNameFromArn(dest) ?? dest}`, vaultRef: dest, copyTo: dest, primary: true, ...(action?.lifecycle ? { lifecycle: action.lifecycle } : {}) }];
  }
  const target = targetVaultRef(ctx, rule);
  const items: RetentionItem[] = [];
  if (target) {
    items.push({
      label: rule?.ruleName ?? 'job',
      vaultRef: target,
      primary: true,
      ...(rule?.enableContinuousBackup ? { continuous: true } : {}),
      ...(rule?.lifecycle ? { lifecycle: rule.lifecycle } : rule ? { lifecycle: {} } : {}),
    });
  }
  for (const a of rule?.copyActions ?? []) {
    items.push({
      label: `copy → ${vaultNameFromArn(a.destinationVaultArn) ?? a.destinationVaultArn}`,
      vaultRef: a.destinationVaultArn,
      copyTo: a.destinationVaultArn,
      primary: false,
      lifecycle: a.lifecycle ?? {},
    });
  }
  return items;
}

function judge(ctx: CheckContext, item: RetentionItem, ruleMissing: readonly Gap[]): Outcome {
  const { vault, missing } = vaultLookup(ctx.evidence, item.vaultRef);
  if (!vault) return { kind: 'unknown', missing };
  if (!vault.exists) return { kind: 'ok' };
  const { minRetentionDays: min, maxRetentionDays: max } = vault;
  if (min === undefined && max === undefined) return { kind: 'ok' };
  if (!item.lifecycle) return { kind: 'unknown', missing: ruleMissing };
  if (inRange(item.lifecycle, min, max)) return { kind: 'ok' };
  return { kind: 'out', item, vault, suggested: fittingLifecycle(item.lifecycle, min, max, item.continuous) };
}

type LockMode = 'governance' | 'grace' | 'immutable';

function lockMode(vault: VaultFacts, now: Date): LockMode {
  if (vault.vaultType === AIR_GAPPED) return 'immutable';
  if (!vault.lockDate) return 'governance';
  return Date.parse(vault.lockDate) <= now.getTime() ? 'immutable' : 'grace';
}

function retentionText(l: LifecycleFacts): string {
  return keepsForever(l) ? '∞' : String(l.deleteAfterDays);
}

/** Vault lock bounds widened just enough to hold a retention. */
function widenedLock(vault: VaultFacts, l: LifecycleFacts): { min?: number; max?: number } {
  const forever = keepsForever(l);
  const days = l.deleteAfterDays ?? 0;
  const min = vault.minRetentionDays === undefined ? undefined : forever ? vault.minRetentionDays : Math.min(vault.minRetentionDays, days);
  const max = vault.maxRetentionDays === undefined || forever ? undefined : Math.max(vault.maxRetentionDays, days);
  return { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
}

function failure(ctx: CheckContext, first: OutOfRange, outs: readonly OutOfRange[], lookup: RuleLookup): Finding {
  const { item, vault, suggested } = first;
  const min = vault.minRetentionDays;
  const max = vault.maxRetentionDays;
  const range = rangeText(min, max);
  const current = item.lifecycle ?? {};
  const params = {
    target: item.label,
    vault: vault.name,
    range,
    retention: retentionText(current),
    value: suggested.deleteAfterDays ?? '∞',
  };
  const mode = lockMode(vault, ctx.now);
  const widened = widenedLock(vault, current);
  // Lowering the minimum shortens the protection of every recovery point in the vault: never offered as a fix.
  const keepLock = widened.min !== undefined && min !== undefined && widened.min < min;
  const lockCommand = cliCommand('aws backup put-backup-vault-lock-configuration', [
    ['backup-vault-name', vault.name],
    ['min-retention-days', widened.min === undefined ? undefined : String(widened.min)],
    ['max-retention-days', widened.max === undefined ? undefined : String(widened.max)],
    ['region', ctx.event.region],
  ]);
  const fits = (o: OutOfRange) => inRange(o.suggested, o.vault.minRetentionDays, o.vault.maxRetentionDays);
  const fixes = new Map(outs.filter(fits).map((o) => [o.item, o.suggested] as const));
  const planFits = fits(first);
  const plan = lookup.plan;
  const rule = lookup.rule;
  const command =
    plan && rule && planFits
      ? updatePlanCommand(
          plan,
          planInput(plan, (r) => {
            if (r.ruleId !== rule.ruleId) return r;
            const own = [...fixes].find(([i]) => !i.copyTo)?.[1];
            return {
              ...r,
              ...(own ? { lifecycle: own } : {}),
              ...(r.copyActions
                ? {
                    copyActions: r.copyActions.map((a) => {
                      const fixed = [...fixes].find(([i]) => i.copyTo === a.destinationVaultArn)?.[1];
                      return fixed ? { ...a, lifecycle: fixed } : a;
                    }),
                  }
                : {}),
            };
          }),
          ctx.event.region,
        )
      : undefined;
  const snippet = JSON.stringify(
    {
      Lifecycle: {
        ...(suggested.moveToColdStorageAfterDays !== undefined ? { MoveToColdStorageAfterDays: suggested.moveToColdStorageAfterDays } : {}),
        ...(suggested.deleteAfterDays !== undefined ? { DeleteAfterDays: suggested.deleteAfterDays } : {}),
      },
    },
    null,
    2,
  );
  const others = outs.filter((o) => o !== first).map((o) => `${o.item.label}: ${retentionText(o.item.lifecycle ?? {})} (${o.vault.name} ${rangeText(o.vault.minRetentionDays, o.vault.maxRetentionDays)})`);
  return fail(META, {
    title: msg(META, keepsForever(current) ? 'titleForever' : 'title', params),
    detail: msg(META, 'detail', params),
    facts: facts({
      vault: vault.name,
      lockRange: range,
      lockMode: mode,
      lockDate: vault.lockDate,
      retention: retentionText(current),
      coldStorageAfter: current.moveToColdStorageAfterDays,
      suggestedRetention: planFits ? suggested.deleteAfterDays : undefined,
      suggestedColdStorage:
        planFits && suggested.moveToColdStorageAfterDays !== current.moveToColdStorageAfterDays
          ? (suggested.moveToColdStorageAfterDays ?? '-')
          : undefined,
      otherOutOfRange: others.length ? others.join('; ') : undefined,
    }),
    fix: {
      summary: planFits
        ? msg(META, `fix.${mode}${keepLock && mode !== 'immutable' ? 'KeepLock' : ''}`, { ...params, lockCommand, lockDate: vault.lockDate ?? '' })
        : msg(META, keepLock ? 'fix.continuousKeepLock' : 'fix.continuous', { ...params, max: CONTINUOUS_MAX_DAYS, lockCommand }),
      ...(command ? { command } : {}),
      ...(planFits ? { snippet } : {}),
      docs: DOCS,
    },
    confidence: item.primary ? 0.95 : 0.4,
    subject: vault.arn ?? vault.name,
  });
}

/**
 * Vault Lock fails a backup or copy job whose retention lies outside the vault's Min/MaxRetentionDays.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html
 */
export const retentionOutsideVaultLock: Check = {
  ...META,
  appliesTo: ['backup-job', 'copy-job'],
  docs: DOCS,
  messages: {
    en: {
      'backup-retention-outside-vault-lock.title':
        'Retention {retention} days of {target} is outside vault {vault}\'s lock range {range} days',
      'backup-retention-outside-vault-lock.titleForever':
        '{target} keeps recovery points forever, but vault {vault}\'s lock allows {range} days',
      'backup-retention-outside-vault-lock.detail':
        'Vault Lock fails every backup or copy job into vault {vault} whose retention (DeleteAfterDays) is shorter than MinRetentionDays or longer than MaxRetentionDays; no DeleteAfterDays (keep forever) is longer than any maximum. Recovery points moved to cold storage must stay there at least 90 days, so DeleteAfterDays must be at least MoveToColdStorageAfterDays + 90. Set DeleteAfterDays to {value} for {target}.',
      'backup-retention-outside-vault-lock.fix.governance':
        'Update the plan so that {target} retains recovery points for {value} days (allowed: {range} days). The command rewrites the whole plan as read; add back recovery point tags or advanced backup settings if the plan has any. Alternatively, widen the vault lock (governance mode, no lock date): {lockCommand}',
      'backup-retention-outside-vault-lock.fix.grace':
        'Update the plan so that {target} retains recovery points for {value} days (allowed: {range} days). The command rewrites the whole plan as read; add back recovery point tags or advanced backup settings if the plan has any. Alternatively, until the lock date {lockDate} the vault lock can still be changed: {lockCommand} (add --changeable-for-days to keep compliance mode).',
      'backup-retention-outside-vault-lock.fix.immutable':
        'Update the plan so that {target} retains recovery points for {value} days (allowed: {range} days). The command rewrites the whole plan as read; add back recovery point tags or advanced backup settings if the plan has any. The lock of vault {vault} can no longer be changed (compliance mode past its lock date, or a logically air-gapped vault), so the plan must change.',
      'backup-retention-outside-vault-lock.fix.continuous':
        'Rule {target} makes continuous backups, which AWS Backup keeps {max} days at most, so no retention of this rule fits the lock range of vault {vault} ({range} days). Send the continuous backups to a vault without this lock (and keep long retention with a snapshot rule or a copy), or, while the lock can still be changed, widen it: {lockCommand}',
      'backup-retention-outside-vault-lock.fix.governanceKeepLock':
        'Update the plan so that {target} retains recovery points for {value} days (allowed: {range} days). The command rewrites the whole plan as read; add back recovery point tags or advanced backup settings if the plan has any. Lowering the vault lock\'s minimum instead would shorten the protection of every recovery point in vault {vault}, so no command for it is given.',
      'backup-retention-outside-vault-lock.fix.graceKeepLock':
        'Update the plan so that {target} retains recovery points for {value} days (allowed: {range} days). The command rewrites the whole plan as read; add back recovery point tags or advanced backup settings if the plan has any. Lowering the vault lock\'s minimum instead would shorten the protection of every recovery point in vault {vault}, so no command for it is given.',
      'backup-retention-outside-vault-lock.fix.continuousKeepLock':
        'Rule {target} makes continuous backups, which AWS Backup keeps {max} days at most, so no retention of this rule fits the lock range of vault {vault} ({range} days). Send the continuous backups to a vault without this lock, and keep long retention with a snapshot rule or a copy. Lowering the lock\'s minimum would shorten the protection of every recovery point in the vault, so no command for it is given.',
      'backup-retention-outside-vault-lock.pass': 'Every retention set for this job fits the lock range of its vault',
      'backup-retention-outside-vault-lock.inconclusive':
        'Could not compare the retention with the vault lock range of {vault}',
      'backup-retention-outside-vault-lock.notApplicable': 'The job names no target vault',
      ...FACTS.en,
    },
    ja: {
      'backup-retention-outside-vault-lock.title':
        '{target} の保持期間 {retention} 日が、ボールト {vault} のロック範囲 {range} 日の外にあります',
      'backup-retention-outside-vault-lock.titleForever':
        '{target} は復旧ポイントを無期限に保持しますが、ボールト {vault} のロックで許可される範囲は {range} 日です',
      'backup-retention-outside-vault-lock.detail':
        'ボールト {vault} のボールトロックにより、保持期間 (DeleteAfterDays) が MinRetentionDays より短いか MaxRetentionDays より長いバックアップジョブとコピージョブは、すべて失敗します。DeleteAfterDays を指定しない（無期限に保持する）場合は、どの最大値よりも長いとみなされます。コールドストレージに移行した復旧ポイントは 90 日以上保持する必要があるため、DeleteAfterDays は MoveToColdStorageAfterDays + 90 以上にしてください。{target} の DeleteAfterDays を {value} に設定してください。',
      'backup-retention-outside-vault-lock.fix.governance':
        '{target} の保持期間が {value} 日になるようにプランを更新してください（許可される範囲: {range} 日）。このコマンドは読み取ったプラン全体を書き換えます。復旧ポイントのタグや詳細バックアップ設定がある場合は追加し直してください。または、ボールトロックの範囲を広げることもできます（ロック日のないガバナンスモード）: {lockCommand}',
      'backup-retention-outside-vault-lock.fix.grace':
        '{target} の保持期間が {value} 日になるようにプランを更新してください（許可される範囲: {range} 日）。このコマンドは読み取ったプラン全体を書き換えます。復旧ポイントのタグや詳細バックアップ設定がある場合は追加し直してください。または、ロック日 {lockDate} まではボールトロックを変更できます: {lockCommand}（コンプライアンスモードを維持するには --changeable-for-days を付けてください）',
      'backup-retention-outside-vault-lock.fix.immutable':
        '{target} の保持期間が {value} 日になるようにプランを更新してください（許可される範囲: {range} 日）。このコマンドは読み取ったプラン全体を書き換えます。復旧ポイントのタグや詳細バックアップ設定がある場合は追加し直してください。ボールト {vault} のロックはもう変更できない（ロック日を過ぎたコンプライアンスモード、または論理エアギャップボールト）ため、プラン側を変更する必要があります。',
      'backup-retention-outside-vault-lock.fix.continuous':
        'ルール {target} は継続的バックアップを作成します。継続的バックアップの保持期間は最大 {max} 日のため、このルールの保持期間はボールト {vault} のロック範囲 ({range} 日) に収まりません。継続的バックアップはこのロックのないボールトに送り、長期保持はスナップショットのルールかコピーで行ってください。ロックをまだ変更できる場合は、範囲を広げることもできます: {lockCommand}',
      'backup-retention-outside-vault-lock.fix.governanceKeepLock':
        '{target} の保持期間が {value} 日になるようにプランを更新してください（許可される範囲: {range} 日）。このコマンドは読み取ったプラン全体を書き換えます。復旧ポイントのタグや詳細バックアップ設定がある場合は追加し直してください。代わりにボールトロックの最小値を下げると、ボールト {vault} のすべての復旧ポイントの保護期間が短くなるため、そのコマンドは示しません。',
      'backup-retention-outside-vault-lock.fix.graceKeepLock':
        '{target} の保持期間が {value} 日になるようにプランを更新してください（許可される範囲: {range} 日）。このコマンドは読み取ったプラン全体を書き換えます。復旧ポイントのタグや詳細バックアップ設定がある場合は追加し直してください。代わりにボールトロックの最小値を下げると、ボールト {vault} のすべての復旧ポイントの保護期間が短くなるため、そのコマンドは示しません。',
      'backup-retention-outside-vault-lock.fix.continuousKeepLock':
        'ルール {target} は継続的バックアップを作成します。継続的バックアップの保持期間は最大 {max} 日のため、このルールの保持期間はボールト {vault} のロック範囲 ({range} 日) に収まりません。継続的バックアップはこのロックのないボールトに送り、長期保持はスナップショットのルールかコピーで行ってください。ロックの最小値を下げるとボールト内のすべての復旧ポイントの保護期間が短くなるため、そのコマンドは示しません。',
      'backup-retention-outside-vault-lock.pass': 'このジョブに設定されたすべての保持期間が、ボールトのロック範囲内にあります',
      'backup-retention-outside-vault-lock.inconclusive': '保持期間とボールト {vault} のロック範囲を比較できませんでした',
      'backup-retention-outside-vault-lock.notApplicable': 'ジョブに保存先のボールトが指定されていません',
      ...FACTS.ja,
    },
  },
  run(ctx: CheckContext): Finding {
    const lookup = ruleOf(ctx);
    const items = itemsOf(ctx, lookup.rule);
    if (items.length === 0) {
      return notApplicable(META, { title: msg(META, 'notApplicable') });
    }
    const outcomes = items.map((item) => judge(ctx, item, lookup.missing));
    const outs = outcomes.filter((o): o is OutOfRange => o.kind === 'out');
    const first = outs.find((o) => o.item.primary) ?? outs[0];
    if (first) return failure(ctx, first, outs, lookup);
    const unknown = outcomes.filter((o): o is Extract<Outcome, { kind: 'unknown' }> => o.kind === 'unknown');
    const primary = items.find((i) => i.primary) ?? items[0];
    const vaultName = vaultNameFromArn(primary?.vaultRef) ?? primary?.vaultRef ?? '';
    if (unknown.length) {
      return inconclusive(META, {
        title: msg(META, 'inconclusive', { vault: vaultName }),
        missing: unknown.flatMap((u) => u.missing),
      });
    }
    return pass(META, { title: msg(META, 'pass'), facts: facts({ vault: vaultName }) });
  },
};
