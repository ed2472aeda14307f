import { describe, expect, it } from 'vitest';
import { startWindow as check } from '../../../lambdas/checks/backup/backup-start-window.ts';
import type { JobRecord } from '../../../lambdas/model/types.ts';
import { PLAN_ID, plan } from './fixtures.ts';
import { context, evidence, expiredBackupEvent, textProblems } from './helpers.ts';

const EFS = 'arn:aws:elasticfilesystem:us-west-2:1112233445566:file-system/fs-0123456789abcdef0';
/** The EXPIRED sample ("there was a running job for the same resource"), on an EFS file system. */
const expired = expiredBackupEvent({ resourceArn: EFS, resourceType: 'EFS' });

const previous: JobRecord = {
  jobId: 'previous-job',
  jobType: 'backup',
  state: 'COMPLETED',
  resourceArn: EFS,
  creationDate: '2020-07-28T05:10:00Z',
  startDate: '2020-07-28T05:12:00Z',
  completionDate: '2020-07-29T14:30:00Z',
};

describe('backup-start-window', () => {
  it('names the overlapping job and recommends a window that covers the wait', () => {
    // Prepare
    const ev = evidence({ plans: plan(), jobHistory: { [EFS]: [previous] } });
    // Act
    const f = check.run(context(expired, ev));
    // Assess
    expect(f.verdict).toBe('fail');
    expect(f.title).toEqual({
      key: 'backup-start-window.titleOverlap',
      params: expect.objectContaining({ otherJob: 'previous-job', otherStart: '2020-07-28T05:12:00Z', otherEnd: '2020-07-29T14:30:00Z' }),
    });
    expect(f.detail?.key).toBe('backup-start-window.detail.overlapEfs');
    expect(f.facts).toContainEqual({ name: 'recommendedStartWindow', value: '660' });
    expect(f.fix?.command).toContain(`aws backup update-backup-plan --backup-plan-id ${PLAN_ID}`);
    expect(f.fix?.command).toContain('"StartWindowMinutes":660');
    expect(textProblems(check.messages, f)).toEqual([]);
  });

  it('recommends twice the window when the overlapping job is still running', () => {
    // Prepare
    const { completionDate: _none, ...running } = { ...previous, state: 'RUNNING' };
    const ev = evidence({ plans: plan(), jobHistory: { [EFS]: [running] } });
    // Act
    const f = check.run(context(expired, ev));
    // Assess
    expect(f.detail?.key).toBe('backup-start-window.detail.overlapRunningEfs');
    expect(f.facts).toContainEqual({ name: 'recommendedStartWindow', value: '960' });
    expect(textProblems(check.messages, f)).toEqual([]);
  });

  it.each([
    { name: 'no overlapping job in the history', jobHistory: { [EFS]: [] }, detail: 'noOverlap' },
    { name: 'no history at all', jobHistory: undefined, detail: 'noHistory' },
  ])('reports the closed start window with $name', ({ jobHistory, detail }) => {
    // Prepare
    const ev = evidence({ plans: plan(), ...(jobHistory ? { jobHistory } : {}) });
    // Act
    const f = check.run(context(expired, ev));
    // Assess
    expect(f.verdict).toBe('fail');
    expect(f.title.key).toBe('backup-start-window.title');
    expect(f.detail?.key).toBe(`backup-start-window.detail.${detail}`);
    expect(f.confidence).toBe(0.6);
    expect(textProblems(check.messages, f)).toEqual([]);
  });

  it('gives a start-backup-job command with a longer window for an on-demand job', () => {
    // Prepare
    const onDemand = expiredBackupEvent({ resourceArn: EFS, resourceType: 'EFS', plan: undefined });
    // Act
    const f = check.run(context(onDemand, evidence({ jobHistory: { [EFS]: [previous] } })));
    // Assess
    expect(f.verdict).toBe('fail');
    expect(f.fix?.command).toBe(
      `aws backup start-backup-job --backup-vault-name aws/backup/AutomatedBackupVaultDel2 --resource-arn ${EFS} --iam-role-arn arn:aws:iam::1112233445566:role/MockRCBackupTestRole --start-window-minutes 660 --region us-west-2`,
    );
  });

  it('passes a job that started', () => {
    // Prepare
    const ev = evidence({ plans: plan(), job: { jobId: 'j', jobType: 'backup', state: 'EXPIRED', creationDate: '2020-07-29T05:10:20Z', startDate: '2020-07-29T05:11:00Z' } });
    // Act
    const f = check.run(context(expired, ev));
    // Assess
    expect(f.verdict).toBe('pass');
    expect(f.title.key).toBe('backup-start-window.passStarted');
  });

  it('passes a job that ended before its start window closed', () => {
    // Act
    const f = check.run(context(expiredBackupEvent({ completionDate: '2020-07-29T09:00:00Z' }), evidence({ plans: plan() })));
    // Assess
    expect(f.verdict).toBe('pass');
    expect(f.title.key).toBe('backup-start-window.passNotReached');
  });

  it('is inconclusive, naming the overlap, when the plan of a scheduled job could not be read', () => {
    // Act
    const f = check.run(context(expired, evidence({ jobHistory: { [EFS]: [previous] } })));
    // Assess
    expect(f.verdict).toBe('inconclusive');
    expect(f.title.key).toBe('backup-start-window.titleOverlap');
    expect(f.missing?.[0]).toMatchObject({ subject: PLAN_ID, action: 'backup:GetBackupPlan' });
  });

  it('does not apply to a FAILED job', () => {
    // Act
    const f = check.run(context(expiredBackupEvent({ state: 'FAILED' }), evidence({ plans: plan() })));
    // Assess
    expect(f.verdict).toBe('not-applicable');
  });

  it('keeps the completion window an hour past the recommended start window', () => {
    // Prepare: the rule's 480-minute CompleteWithin counts from the scheduled time, like StartWithin.
    const ev = evidence({ plans: plan(), jobHistory: { [EFS]: [previous] } });
    // Act
    const f = check.run(context(expired, ev));
    // Assess
    expect(f.fix?.command).toContain('"StartWindowMinutes":660,"CompletionWindowMinutes":720');
    expect(JSON.parse(f.fix!.snippet!)).toEqual({ StartWindowMinutes: 660, CompletionWindowMinutes: 720 });
  });
});
