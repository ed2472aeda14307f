import { describe, expect, it } from 'vitest';
import { completionWindow as check, p95 } from '../../../lambdas/checks/backup/backup-completion-window.ts';
import type { JobRecord } from '../../../lambdas/model/types.ts';
import { PLAN_ID, plan, rule } from './fixtures.ts';
import { context, evidence, expiredBackupEvent, textProblems } from './helpers.ts';

const RESOURCE = 'arn:aws:elasticfilesystem:us-west-2:111122223333:file-system/fs-0123456789abcdef0';
/** An EXPIRED job that ran its whole 8-hour window (times changed from the EXPIRED sample). */
const expired = expiredBackupEvent({
  resourceArn: RESOURCE,
  resourceType: 'EFS',
  statusMessage: undefined,
  creationDate: '2026-11-20T05:00:00Z',
  completionDate: '2026-11-20T13:00:30Z',
});

function completed(id: string, minutes: number): JobRecord {
  const start = Date.parse('2026-11-01T05:00:00Z');
  return {
    jobId: id,
    jobType: 'backup',
    state: 'COMPLETED',
    resourceArn: RESOURCE,
    creationDate: new Date(start).toISOString(),
    completionDate: new Date(start + minutes * 60_000).toISOString(),
  };
}

const history = (minutes: number[]) => ({ [RESOURCE]: minutes.map((m, i) => completed(`job-${i}`, m)) });

describe('backup-completion-window', () => {
  it.each([
    { name: 'the p95 of recent successful runs × 1.5', runs: [300, 320, 340, 360, 380, 400, 500], basis: 'history', recommended: 780 },
    { name: 'twice the window when history says this run was an outlier', runs: [60, 90, 120], basis: 'outlier', recommended: 960 },
    { name: 'twice the window when there is no history', runs: [], basis: 'noHistory', recommended: 960 },
  ])('recommends $name', ({ runs, basis, recommended }) => {
    // Prepare
    const ev = evidence({ plans: plan(), jobHistory: history(runs) });
    // Act
    const f = check.run(context(expired, ev));
    // Assess
    expect(f.verdict).toBe('fail');
    expect(f.detail?.key).toBe(`backup-completion-window.detail.${basis}`);
    expect(f.facts).toContainEqual({ name: 'recommendedWindow', value: String(recommended) });
    expect(f.fix?.command).toContain(`aws backup update-backup-plan --backup-plan-id ${PLAN_ID}`);
    expect(f.fix?.command).toContain(`"CompletionWindowMinutes":${recommended}`);
    expect(f.fix?.command).toContain('"RuleName":"monthly"');
    expect(textProblems(check.messages, f)).toEqual([]);
  });

  it('ignores failed runs and this job when measuring history', () => {
    // Prepare
    const runs = [completed('ok', 600), { ...completed('bad', 5000), state: 'FAILED' }, { ...completed(expired.jobId!, 9000) }];
    const ev = evidence({ plans: plan(), jobHistory: { [RESOURCE]: runs } });
    // Act
    const f = check.run(context(expired, ev));
    // Assess
    expect(f.facts).toContainEqual({ name: 'p95Duration', value: '600' });
    expect(f.facts).toContainEqual({ name: 'recommendedWindow', value: '900' });
  });

  it('passes the EXPIRED sample, which ended long before the default 7-day window', () => {
    // Prepare
    const { completionWindowMinutes: _none, ...noWindow } = rule();
    const ev = evidence({ plans: plan(noWindow) });
    // Act
    const f = check.run(context(expiredBackupEvent(), ev));
    // Assess
    expect(f.verdict).toBe('pass');
    expect(f.facts).toContainEqual({ name: 'windowSource', value: 'default' });
    expect(textProblems(check.messages, f)).toEqual([]);
  });

  it('passes when the job ended before the deadline AWS computed', () => {
    // Prepare
    const ev = evidence({
      plans: plan(rule({ completionWindowMinutes: 60 })),
      job: { jobId: expired.jobId!, jobType: 'backup', state: 'EXPIRED', creationDate: expired.creationDate!, completeBy: '2026-11-20T14:00:00Z' },
    });
    // Act
    const f = check.run(context(expired, ev));
    // Assess
    expect(f.verdict).toBe('pass');
  });

  it('is inconclusive when the plan could not be read', () => {
    // Prepare
    const gap = { what: `backup:GetBackupPlan ${PLAN_ID}`, subject: PLAN_ID, action: 'backup:GetBackupPlan', why: 'throttled' as const };
    // Act
    const f = check.run(context(expired, evidence({ gaps: [gap] })));
    // Assess
    expect(f.verdict).toBe('inconclusive');
    expect(f.missing).toEqual([gap]);
  });

  it('does not apply to a FAILED job', () => {
    // Act
    const f = check.run(context(expiredBackupEvent({ state: 'FAILED' }), evidence({ plans: plan() })));
    // Assess
    expect(f.verdict).toBe('not-applicable');
  });

  it('takes the nearest-rank 95th percentile', () => {
    // Assess
    expect(p95([5, 1, 4, 2, 3])).toBe(5);
    expect(p95(Array.from({ length: 20 }, (_, i) => i + 1))).toBe(19);
  });

  it('recommends at least an hour more than the start window', () => {
    // Prepare: StartWithin 8 h, CompleteWithin 2 h; both count from the scheduled time.
    const ev = evidence({ plans: plan(rule({ startWindowMinutes: 480, completionWindowMinutes: 120 })), jobHistory: history([30, 40, 50]) });
    // Act
    const f = check.run(context(expired, ev));
    // Assess
    expect(f.verdict).toBe('fail');
    expect(f.facts).toContainEqual({ name: 'recommendedWindow', value: '540' });
    expect(f.fix?.command).toContain('"CompletionWindowMinutes":540');
  });
});
