/**
 * Did an EXPIRED backup job never start within its start window, and which job was in its way?
 */
import { cliCommand } from '../../model/shell.ts';
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
  targetVaultRef,
  updatePlanCommand,
} from '../support/backup-common.ts';
import { factMessages } from '../../model/fact-labels.ts';

const DOCS = 'https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupRule.html';
const META = { id: 'backup-start-window', category: 'start-window' } as const;
const FACTS = factMessages([
  'startWindow', 'created', 'startBy', 'overlappingJob', 'overlappingJobTimes', 'recommendedStartWindow',
]);
const TOLERANCE_MINUTES = 5;
const ACTIVE_STATES = new Set(['CREATED', 'PENDING', 'RUNNING']);

/** An earlier job of the same resource whose run overlaps [from, to] (ISO instants). */
export function overlappingJob(
  history: readonly JobRecord[],
  from: string,
  to: string,
  exceptJobId?: string,
): JobRecord | undefined {
  const a = Date.parse(from);
  const b = Date.parse(to);
  const overlaps = history.filter((j) => {
    if (j.jobId === exceptJobId || j.jobType !== 'backup') return false;
    const start = Date.parse(j.startDate ?? j.creationDate);
    const end = j.completionDate ? Date.parse(j.completionDate) : ACTIVE_STATES.has(j.state) ? Infinity : NaN;
    return Number.isFinite(start) && !Number.isNaN(end) && start < b && end > a;
  });
  return overlaps.sort((x, y) => Date.parse(x.startDate ?? x.creationDate) - Date.parse(y.startDate ?? y.creationDate))[0];
}

function isEfs(resourceArn: string, resourceType: string | undefined): boolean {
  return resourceType === 'EFS' || resourceArn.includes(':elasticfilesystem:');
}

interface DetailParts {
  readonly overlap: readonly [string, string];
  readonly overlapRunning: readonly [string, string];
  readonly efs: string;
  readonly noOverlap: string;
  readonly noHistory: string;
}

const EN: DetailParts = {
  overlap: [
    'The job waited from {created} until its start window closed at {startBy} because job {otherJob} was still backing up the same resource; AWS Backup then marked it EXPIRED without creating a backup.',
    " Recommended start window: the time from this job's creation until the other job finished ({needed} h) plus 1 hour, rounded up to the whole hour = {recommended} h ({recommendedMinutes} min). Alternatively, move the schedule so that the jobs do not overlap.",
  ],
  overlapRunning: [
    'The job waited from {created} until its start window closed at {startBy} because job {otherJob} (started {otherStart}) was still backing up the same resource; AWS Backup then marked it EXPIRED without creating a backup.',
    ' The wait cannot be measured from the other job (no end time on record, or it ended within the current window). Recommended: twice the current window ({window} h × 2 = {recommended} h), or move the schedule so that the jobs do not overlap.',
  ],
  efs: ' Amazon EFS queues only one backup of a file system at a time, so a backup that starts while another is running waits and can expire.',
  noOverlap:
    'The job was created at {created} and had not started when its start window closed at {startBy}; AWS Backup then marked it EXPIRED. No overlapping job of this resource is on record. Recommended: twice the current window ({window} h × 2 = {recommended} h), or move the schedule away from other work on this resource.',
  noHistory:
    'The job was created at {created} and had not started when its start window closed at {startBy}; AWS Backup then marked it EXPIRED. The job history of this resource could not be read, so an overlapping job could not be looked for. Recommended: twice the current window ({window} h × 2 = {recommended} h), or move the schedule away from other work on this resource.',
};

const JA: DetailParts = {
  overlap: [
    'ジョブ {otherJob} が同じリソースをバックアップ中だったため、このジョブは {created} から開始ウィンドウが終わる {startBy} まで待機し、AWS Backup はバックアップを作成せずに EXPIRED にしました。',
    '推奨する開始ウィンドウ: このジョブの作成から他のジョブの完了までの時間（{needed} 時間）に 1 時間を足して整数時間に切り上げた {recommended} 時間（{recommendedMinutes} 分）です。または、ジョブが重ならないようにスケジュールをずらしてください。',
  ],
  overlapRunning: [
    'ジョブ {otherJob}（{otherStart} 開始）が同じリソースをバックアップ中だったため、このジョブは {created} から開始ウィンドウが終わる {startBy} まで待機し、AWS Backup はバックアップを作成せずに EXPIRED にしました。',
    '重なっていたジョブの記録からは待ち時間を算出できません（終了時刻の記録がないか、現在のウィンドウ内に終了しています）。現在のウィンドウの 2 倍（{window} 時間 × 2 = {recommended} 時間）にするか、ジョブが重ならないようにスケジュールをずらしてください。',
  ],
  efs: 'Amazon EFS では 1 つのファイルシステムに対して同時にキューに入れられるバックアップは 1 つだけのため、別のバックアップの実行中に開始されたバックアップは待機し、期限切れになることがあります。',
  noOverlap:
    'ジョブは {created} に作成されましたが、開始ウィンドウが終わる {startBy} までに開始されず、AWS Backup は EXPIRED にしました。このリソースで重なっていたジョブの記録はありません。現在のウィンドウの 2 倍（{window} 時間 × 2 = {recommended} 時間）にするか、このリソースに対する他の処理と重ならないようにスケジュールをずらしてください。',
  noHistory:
    'ジョブは {created} に作成されましたが、開始ウィンドウが終わる {startBy} までに開始されず、AWS Backup は EXPIRED にしました。このリソースのジョブ履歴を読み取れなかったため、重なっていたジョブは確認できていません。現在のウィンドウの 2 倍（{window} 時間 × 2 = {recommended} 時間）にするか、このリソースに対する他の処理と重ならないようにスケジュールをずらしてください。',
};

function detailMessages(p: DetailParts): Record<string, string> {
  const k = (name: string): string => `${META.id}.detail.${name}`;
  return {
    [k('overlap')]: p.overlap[0] + p.overlap[1],
    [k('overlapEfs')]: p.overlap[0] + p.efs + p.overlap[1],
    [k('overlapRunning')]: p.overlapRunning[0] + p.overlapRunning[1],
    [k('overlapRunningEfs')]: p.overlapRunning[0] + p.efs + p.overlapRunning[1],
    [k('noOverlap')]: p.noOverlap,
    [k('noHistory')]: p.noHistory,
  };
}

/**
 * A job that expired without starting: its start window closed, often because another backup of the same
 * resource was still running (Amazon EFS queues one backup at a time).
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupRule.html
 */
export const startWindow: Check = {
  ...META,
  appliesTo: ['backup-job'],
  docs: DOCS,
  messages: {
    en: {
      'backup-start-window.titleOverlap':
        'Backup of {resource} never started: job {otherJob} for the same resource was running ({otherStart} – {otherEnd})',
      'backup-start-window.title': 'Backup of {resource} did not start within its {window} h start window',
      ...detailMessages(EN),
      'backup-start-window.fix':
        'Set StartWindowMinutes of rule {rule} to {recommendedMinutes}. The command rewrites the whole plan as read; add back recovery point tags or advanced backup settings if the plan has any.',
      'backup-start-window.fixOnDemand': 'Start the backup again with a start window of {recommendedMinutes} minutes:',
      'backup-start-window.passStarted': 'The job started at {started}: it did not expire waiting to start',
      'backup-start-window.passNotReached':
        'The job ended at {ended}, before its start window closed at {startBy}: the start window did not stop it',
      'backup-start-window.inconclusive': 'Could not compare the job with its start window',
      'backup-start-window.notExpired': 'The job is {state}, not EXPIRED',
      ...FACTS.en,
    },
    ja: {
      'backup-start-window.titleOverlap':
        '{resource} のバックアップは開始されませんでした。同じリソースのジョブ {otherJob} が実行中でした（{otherStart} – {otherEnd}）',
      'backup-start-window.title': '{resource} のバックアップが開始ウィンドウ {window} 時間内に開始されませんでした',
      ...detailMessages(JA),
      'backup-start-window.fix':
        'ルール {rule} の StartWindowMinutes を {recommendedMinutes} に設定してください。このコマンドは読み取ったプラン全体を書き換えます。復旧ポイントのタグや詳細バックアップ設定がある場合は追加し直してください。',
      'backup-start-window.fixOnDemand': '開始ウィンドウを {recommendedMinutes} 分にしてバックアップを再度開始してください。',
      'backup-start-window.passStarted': 'ジョブは {started} に開始されています。開始待ちで期限切れになったのではありません',
      'backup-start-window.passNotReached':
        'ジョブは開始ウィンドウが終わる {startBy} より前の {ended} に終了しています。開始ウィンドウが原因ではありません',
      'backup-start-window.inconclusive': 'ジョブと開始ウィンドウを比較できませんでした',
      'backup-start-window.notExpired': 'ジョブの状態は {state} で、EXPIRED ではありません',
      ...FACTS.ja,
    },
  },
  run(ctx: CheckContext): Finding {
    const { event, evidence } = ctx;
    if (event.state.toUpperCase() !== 'EXPIRED') {
      return notApplicable(META, { title: msg(META, 'notExpired', { state: event.state }) });
    }
    const job = evidence.job;
    if (job?.startDate) return pass(META, { title: msg(META, 'passStarted', { started: job.startDate }) });
    const created = event.creationDate ?? job?.creationDate;
    const ended = event.completionDate ?? job?.completionDate;
    const lookup = ruleOf(ctx);
    const rule = lookup.rule;
    const explicitStartBy = event.startBy ?? job?.startBy;
    const window =
      rule?.startWindowMinutes ??
      (rule ? DEFAULT_START_WINDOW_MINUTES : created && explicitStartBy ? ceilToHour(minutesBetween(created, explicitStartBy) ?? 0) : undefined);
    if (!created || !ended || window === undefined) {
      return inconclusive(META, {
        title: msg(META, 'inconclusive'),
        missing: [
          { what: `the creation, completion and start-by times of job ${event.jobId ?? event.id}`, why: 'not-collected' },
          ...(window === undefined ? lookup.missing : []),
        ],
      });
    }
    const startBy = explicitStartBy ?? new Date(Date.parse(created) + window * 60_000).toISOString();
    const untilDeadline = minutesBetween(ended, startBy) ?? 0;
    if (untilDeadline > TOLERANCE_MINUTES) {
      return pass(META, { title: msg(META, 'passNotReached', { ended, startBy }) });
    }
    const resource = event.resourceArn ?? job?.resourceArn ?? '';
    const history = resource ? evidence.jobHistory?.[resource] : undefined;
    const other = history ? overlappingJob(history, created, ended, event.jobId ?? job?.jobId) : undefined;
    const otherEnd = other?.completionDate;
    const needed = otherEnd ? minutesBetween(created, otherEnd) : undefined;
    let basis: 'overlap' | 'overlapRunning' | 'noOverlap' = other ? (needed !== undefined ? 'overlap' : 'overlapRunning') : 'noOverlap';
    let recommended = needed !== undefined ? ceilToHour(needed + 60) : ceilToHour(window * 2);
    if (recommended <= window) {
      recommended = ceilToHour(window * 2);
      if (basis === 'overlap') basis = 'overlapRunning';
    }
    const efs = isEfs(resource, event.resourceType ?? job?.resourceType);
    const params = {
      resource: resource ? arnName(resource) : event.id,
      window: hours(window),
      created,
      startBy,
      otherJob: other?.jobId ?? '',
      otherStart: other ? (other.startDate ?? other.creationDate) : '',
      otherEnd: otherEnd ?? '…',
      needed: needed === undefined ? '' : hours(needed),
      recommended: hours(recommended),
      recommendedMinutes: recommended,
      rule: rule?.ruleName ?? '',
    };
    const detailName =
      basis === 'noOverlap' ? (history ? 'noOverlap' : 'noHistory') : `${basis}${efs ? 'Efs' : ''}`;
    const detail = msg(META, `detail.${detailName}`, params);
    const factList = facts({
      startWindow: window,
      created,
      startBy,
      overlappingJob: other?.jobId,
      overlappingJobTimes: other ? `${params.otherStart} – ${params.otherEnd}` : undefined,
      recommendedStartWindow: recommended,
    });
    const title = other ? msg(META, 'titleOverlap', params) : msg(META, 'title', params);
    if (!rule || !lookup.plan) {
      if (lookup.planId) {
        return inconclusive(META, { title, detail, facts: factList, missing: lookup.missing });
      }
      const vault = targetVaultRef(ctx) ?? '<backup-vault-name>';
      return fail(META, {
        title,
        detail,
        facts: factList,
        fix: {
          summary: msg(META, 'fixOnDemand', params),
          command: cliCommand('aws backup start-backup-job', [
            ['backup-vault-name', vault],
            ['resource-arn', resource || '<resource-arn>'],
            ['iam-role-arn', event.roleArn ?? job?.roleArn ?? '<iam-role-arn>'],
            ['start-window-minutes', String(recommended)],
            ['region', event.region],
          ]),
          docs: DOCS,
        },
        confidence: other ? 0.9 : 0.6,
        subject: resource,
      });
    }
    const plan = lookup.plan;
    // CompleteWithin counts from the scheduled time too: keep it at least an hour past the new start window.
    const completion = rule.completionWindowMinutes ?? DEFAULT_COMPLETION_WINDOW_MINUTES;
    const completionFloor = completion < recommended + 60 ? { completionWindowMinutes: recommended + 60 } : {};
    return fail(META, {
      title,
      detail,
      facts: factList,
      fix: {
        summary: msg(META, 'fix', params),
        command: updatePlanCommand(
          plan,
          planInput(plan, (r) => (r.ruleId === rule.ruleId ? { ...r, startWindowMinutes: recommended, ...completionFloor } : r)),
          event.region,
        ),
        snippet: pretty({ StartWindowMinutes: recommended, ...(completionFloor.completionWindowMinutes ? { CompletionWindowMinutes: completionFloor.completionWindowMinutes } : {}) }),
        docs: DOCS,
      },
      confidence: other ? 0.9 : 0.6,
      subject: rule.ruleId,
    });
  },
};
