/**
 * Did an EXPIRED backup job run out of its rule's completion window, and how long should the window be?
 */
import type { Check, CheckContext, Finding, JobRecord } from '../../model/types.ts';
import { arnName } from '../../model/arn.ts';
import { facts, fail, inconclusive, msg, notApplicable, pass, pretty } from '../support/finding.ts';
import {
  DEFAULT_COMPLETION_WINDOW_MINUTES,
  DEFAULT_START_WINDOW_MINUTES,
  ceilToHour,
  hours,
  minutesBetween,
  planInput,
  ruleOf,
  updatePlanCommand,
} from '../support/backup-common.ts';
import { factMessages } from '../../model/fact-labels.ts';

const DOCS = 'https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupRule.html';
const META = { id: 'backup-completion-window', category: 'completion-window' } as const;
const FACTS = factMessages([
  'completionWindow', 'windowSource', 'elapsed', 'successfulRuns', 'p95Duration', 'recommendedWindow',
  'recommendationBasis',
]);
/** How many of the most recent successful jobs the recommendation looks at. */
const HISTORY_SIZE = 20;
/** AWS stops a job at its deadline give or take a few minutes. */
const TOLERANCE_MINUTES = 5;

/** The nearest-rank 95th percentile of a non-empty list. */
export function p95(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(0.95 * sorted.length) - 1)] ?? 0;
}

/**
 * Durations of earlier successful jobs, newest first. CompleteWithin counts from when the job was scheduled,
 * so a duration runs from the job's creation to its completion.
 */
export function successfulDurations(history: readonly JobRecord[], exceptJobId?: string): number[] {
  const out: number[] = [];
  for (const j of history) {
    if (j.state !== 'COMPLETED' || j.jobId === exceptJobId) continue;
    const minutes = minutesBetween(j.creationDate, j.completionDate);
    if (minutes !== undefined && minutes > 0) out.push(minutes);
    if (out.length === HISTORY_SIZE) break;
  }
  return out;
}

/**
 * An EXPIRED job that ran until its rule's CompleteWithin window closed, with a window recommended from the
 * durations of earlier successful backups of the same resource.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupRule.html
 */
export const completionWindow: Check = {
  ...META,
  appliesTo: ['backup-job'],
  docs: DOCS,
  messages: {
    en: {
      'backup-completion-window.title':
        'Backup of {resource} ran {elapsed} h and expired at the {window} h completion window of rule {rule}',
      'backup-completion-window.detail.history':
        'CompleteWithin counts from when the job was scheduled; AWS Backup stops a job that has not finished by then and marks it EXPIRED. The {count} most recent successful backups of this resource took up to {p95} h (95th percentile). Recommended window: the 95th percentile of recent successful durations × 1.5, rounded up to the next whole hour = {recommended} h ({recommendedMinutes} min).',
      'backup-completion-window.detail.outlier':
        'CompleteWithin counts from when the job was scheduled; AWS Backup stops a job that has not finished by then and marks it EXPIRED. The {count} most recent successful backups of this resource took up to {p95} h (95th percentile); × 1.5 rounded up to the whole hour gives {byHistory} h, which the current {window} h window already covers, so this run was slower than usual (more changed data, throttling). Recommended instead: twice the current window = {recommended} h ({recommendedMinutes} min).',
      'backup-completion-window.detail.noHistory':
        'CompleteWithin counts from when the job was scheduled; AWS Backup stops a job that has not finished by then and marks it EXPIRED. No earlier successful backup of this resource is on record, so no duration could be measured. Recommended: twice the current window ({window} h × 2 = {recommended} h, {recommendedMinutes} min), not a measured value.',
      'backup-completion-window.fix':
        'Set CompletionWindowMinutes of rule {rule} to {recommendedMinutes}. The command rewrites the whole plan as read; add back recovery point tags or advanced backup settings if the plan has any.',
      'backup-completion-window.pass':
        'The job expired after {elapsed} h, before the {window} h completion window of rule {rule}: the completion window did not stop it',
      'backup-completion-window.inconclusive': 'Could not compare the job with the completion window of its rule',
      'backup-completion-window.notExpired': 'The job is {state}, not EXPIRED',
      ...FACTS.en,
    },
    ja: {
      'backup-completion-window.title':
        '{resource} のバックアップは {elapsed} 時間実行され、ルール {rule} の完了ウィンドウ {window} 時間で期限切れになりました',
      'backup-completion-window.detail.history':
        'CompleteWithin はジョブがスケジュールされた時点から数えます。それまでに完了しないジョブを AWS Backup は停止し、EXPIRED にします。このリソースの直近 {count} 回の成功したバックアップは最長 {p95} 時間（95 パーセンタイル）かかっています。推奨ウィンドウ: 直近の成功時の所要時間の 95 パーセンタイル × 1.5 を次の整数時間に切り上げた {recommended} 時間（{recommendedMinutes} 分）です。',
      'backup-completion-window.detail.outlier':
        'CompleteWithin はジョブがスケジュールされた時点から数えます。それまでに完了しないジョブを AWS Backup は停止し、EXPIRED にします。このリソースの直近 {count} 回の成功したバックアップは最長 {p95} 時間（95 パーセンタイル）で、× 1.5 を整数時間に切り上げると {byHistory} 時間となり、現在の {window} 時間のウィンドウに収まります。今回の実行はいつもより遅かった（変更データの増加、スロットリングなど）と考えられます。代わりに現在のウィンドウの 2 倍、{recommended} 時間（{recommendedMinutes} 分）を推奨します。',
      'backup-completion-window.detail.noHistory':
        'CompleteWithin はジョブがスケジュールされた時点から数えます。それまでに完了しないジョブを AWS Backup は停止し、EXPIRED にします。このリソースには成功したバックアップの記録がないため、所要時間を測れませんでした。推奨値は現在のウィンドウの 2 倍（{window} 時間 × 2 = {recommended} 時間、{recommendedMinutes} 分）で、実測に基づく値ではありません。',
      'backup-completion-window.fix':
        'ルール {rule} の CompletionWindowMinutes を {recommendedMinutes} に設定してください。このコマンドは読み取ったプラン全体を書き換えます。復旧ポイントのタグや詳細バックアップ設定がある場合は追加し直してください。',
      'backup-completion-window.pass':
        'ジョブは {elapsed} 時間で期限切れになっており、ルール {rule} の完了ウィンドウ {window} 時間には達していません。完了ウィンドウが原因ではありません',
      'backup-completion-window.inconclusive': 'ジョブとルールの完了ウィンドウを比較できませんでした',
      'backup-completion-window.notExpired': 'ジョブの状態は {state} で、EXPIRED ではありません',
      ...FACTS.ja,
    },
  },
  run(ctx: CheckContext): Finding {
    const { event, evidence } = ctx;
    if (event.state.toUpperCase() !== 'EXPIRED') {
      return notApplicable(META, { title: msg(META, 'notExpired', { state: event.state }) });
    }
    const lookup = ruleOf(ctx);
    const rule = lookup.rule;
    if (!rule || !lookup.plan) {
      return inconclusive(META, { title: msg(META, 'inconclusive'), missing: lookup.missing });
    }
    const job = evidence.job;
    const created = event.creationDate ?? job?.creationDate;
    const ended = event.completionDate ?? job?.completionDate;
    const elapsed = minutesBetween(created, ended);
    if (elapsed === undefined) {
      return inconclusive(META, {
        title: msg(META, 'inconclusive'),
        missing: [{ what: `the creation and completion times of job ${event.jobId ?? event.id}`, why: 'not-collected' }],
      });
    }
    const window = rule.completionWindowMinutes ?? DEFAULT_COMPLETION_WINDOW_MINUTES;
    const windowSource = rule.completionWindowMinutes === undefined ? 'default' : 'rule';
    const byDeadline = job?.completeBy ? minutesBetween(job.completeBy, ended) : undefined;
    const reached = byDeadline !== undefined ? byDeadline >= -TOLERANCE_MINUTES : elapsed >= window - TOLERANCE_MINUTES;
    const resource = event.resourceArn ?? job?.resourceArn ?? '';
    const base = { resource: resource ? arnName(resource) : event.id, rule: rule.ruleName, window: hours(window), elapsed: hours(elapsed) };
    if (!reached) {
      return pass(META, {
        title: msg(META, 'pass', base),
        facts: facts({ completionWindow: window, windowSource, elapsed: Math.round(elapsed) }),
      });
    }
    const durations = successfulDurations(evidence.jobHistory?.[resource] ?? [], event.jobId ?? job?.jobId);
    let basis: 'history' | 'outlier' | 'noHistory' = 'noHistory';
    let recommended = ceilToHour(window * 2);
    let percentile: number | undefined;
    let byHistory: number | undefined;
    if (durations.length) {
      percentile = p95(durations);
      byHistory = ceilToHour(percentile * 1.5);
      if (byHistory > window) {
        basis = 'history';
        recommended = byHistory;
      } else {
        basis = 'outlier';
      }
    }
    // CompleteWithin counts from the scheduled time and adds nothing for a late start, so a window that does not
    // outlast the start window by an hour leaves a job that starts late no time to run.
    const startWindow = rule.startWindowMinutes ?? DEFAULT_START_WINDOW_MINUTES;
    recommended = Math.max(recommended, ceilToHour(startWindow + 60));
    const params = {
      ...base,
      count: durations.length,
      p95: percentile === undefined ? '' : hours(percentile),
      byHistory: byHistory === undefined ? '' : hours(byHistory),
      recommended: hours(recommended),
      recommendedMinutes: recommended,
    };
    const plan = lookup.plan;
    return fail(META, {
      title: msg(META, 'title', params),
      detail: msg(META, `detail.${basis}`, params),
      facts: facts({
        completionWindow: window,
        windowSource,
        elapsed: Math.round(elapsed),
        successfulRuns: durations.length,
        p95Duration: percentile === undefined ? undefined : Math.round(percentile),
        recommendedWindow: recommended,
        recommendationBasis: basis,
      }),
      fix: {
        summary: msg(META, 'fix', params),
        command: updatePlanCommand(
          plan,
          planInput(plan, (r) => (r.ruleId === rule.ruleId ? { ...r, completionWindowMinutes: recommended } : r)),
          event.region,
        ),
        snippet: pretty({ CompletionWindowMinutes: recommended }),
        docs: DOCS,
      },
      confidence: 0.9,
      subject: rule.ruleId,
    });
  },
};
