import { describe, expect, it } from 'vitest';
import { nextRun, retryAdvice, scheduleMessages } from '../../lambdas/schedule/advice.ts';
import type { Evidence, NextStep, PlanFacts } from '../../lambdas/model/types.ts';
import {
  evidence,
  expiredBackupEvent,
  failedCopyEvent,
  failedRestoreEvent,
} from '../checks/backup/helpers.ts';

describe('nextRun', () => {
  const cases: { name: string; expression: string; after: string; tz?: string; expected: string | undefined }[] = [
    { name: 'the AWS Backup default schedule', expression: 'cron(0 5 ? * * *)', after: '2026-11-21T06:00:00Z', expected: '2026-11-22T05:00:00.000Z' },
    { name: 'a run later the same day', expression: 'cron(0 5 ? * * *)', after: '2026-11-21T04:59:00Z', expected: '2026-11-21T05:00:00.000Z' },
    { name: 'strictly after a run time', expression: 'cron(0 5 ? * * *)', after: '2026-11-21T05:00:00Z', expected: '2026-11-22T05:00:00.000Z' },
    { name: 'a zone east of UTC', expression: 'cron(0 5 ? * * *)', after: '2026-11-21T06:00:00Z', tz: 'Asia/Tokyo', expected: '2026-11-21T20:00:00.000Z' },
    { name: 'a run skipped by the spring-forward gap', expression: 'cron(30 2 * * ? *)', after: '2026-03-07T12:00:00Z', tz: 'America/New_York', expected: '2026-03-09T06:30:00.000Z' },
    { name: 'a run before the gap on the DST day', expression: 'cron(0 1 * * ? *)', after: '2026-03-08T00:00:00Z', tz: 'America/New_York', expected: '2026-03-08T06:00:00.000Z' },
    { name: 'the first occurrence of a repeated hour', expression: 'cron(30 1 * * ? *)', after: '2026-11-01T05:00:00Z', tz: 'America/New_York', expected: '2026-11-01T05:30:00.000Z' },
    { name: 'no second run in a repeated hour', expression: 'cron(30 1 * * ? *)', after: '2026-11-01T05:45:00Z', tz: 'America/New_York', expected: '2026-11-02T06:30:00.000Z' },
    { name: 'weekdays across the start of BST', expression: 'cron(0 9 ? * MON-FRI *)', after: '2026-03-27T12:00:00Z', tz: 'Europe/London', expected: '2026-03-30T08:00:00.000Z' },
    { name: 'the last weekday of the month (LW)', expression: 'cron(0 0 LW * ? *)', after: '2026-01-01T00:00:00Z', expected: '2026-01-30T00:00:00.000Z' },
    { name: 'the weekday nearest the 15th (15W on a Sunday)', expression: 'cron(0 0 15W * ? *)', after: '2026-11-01T00:00:00Z', expected: '2026-11-16T00:00:00.000Z' },
    { name: '1W on a Saturday, without leaving the month', expression: 'cron(0 0 1W * ? *)', after: '2026-07-15T00:00:00Z', expected: '2026-08-03T00:00:00.000Z' },
    { name: 'the last day of a leap February (L)', expression: 'cron(0 0 L * ? *)', after: '2028-02-01T00:00:00Z', expected: '2028-02-29T00:00:00.000Z' },
    { name: 'two days before the last day (L-2)', expression: 'cron(0 0 L-2 * ? *)', after: '2026-02-01T00:00:00Z', expected: '2026-02-26T00:00:00.000Z' },
    { name: 'the first Monday (2#1)', expression: 'cron(0 9 ? * 2#1 *)', after: '2026-11-21T00:00:00Z', expected: '2026-12-07T09:00:00.000Z' },
    { name: 'a fifth Friday, skipping months without one (6#5)', expression: 'cron(0 0 ? * 6#5 *)', after: '2026-11-21T00:00:00Z', expected: '2027-01-29T00:00:00.000Z' },
    { name: 'L in day-of-week (Saturday)', expression: 'cron(0 0 ? * L *)', after: '2026-11-21T00:00:01Z', expected: '2026-11-28T00:00:00.000Z' },
    { name: 'a year field', expression: 'cron(0 0 1 1 ? 2030)', after: '2026-11-21T00:00:00Z', expected: '2030-01-01T00:00:00.000Z' },
    { name: 'a year in the past (no later run)', expression: 'cron(0 0 1 1 ? 2020)', after: '2026-11-21T00:00:00Z', expected: undefined },
    { name: 'minute increments', expression: 'cron(0/15 * * * ? *)', after: '2026-11-21T00:07:00Z', expected: '2026-11-21T00:15:00.000Z' },
    { name: 'an increment within an hour range', expression: 'cron(5/20 8-10 ? * * *)', after: '2026-11-21T10:50:00Z', expected: '2026-11-22T08:05:00.000Z' },
    { name: 'a list of month names', expression: 'cron(0 12 1 JAN,JUL ? *)', after: '2026-02-01T00:00:00Z', expected: '2026-07-01T12:00:00.000Z' },
    { name: 'a day that never exists (31 FEB)', expression: 'cron(0 0 31 2 ? *)', after: '2026-11-21T00:00:00Z', expected: undefined },
  ];
  it.each(cases)('computes $name', ({ expression, after, tz, expected }) => {
    // Act
    const next = nextRun(expression, new Date(after), tz);
    // Assess
    expect(next?.toISOString()).toBe(expected);
  });

  const unsupported: { name: string; expression: string; tz?: string }[] = [
    { name: 'both day fields set', expression: 'cron(0 0 * * * *)' },
    { name: 'neither day field set', expression: 'cron(0 0 ? * ? *)' },
    { name: 'five fields', expression: 'cron(0 5 ? * *)' },
    { name: 'nL in day-of-week', expression: 'cron(0 0 ? * 6L *)' },
    { name: 'a wrapping range', expression: 'cron(0 22-2 * * ? *)' },
    { name: 'a minute out of range', expression: 'cron(61 0 * * ? *)' },
    { name: '# in a list', expression: 'cron(0 0 ? * 2#1,3#1 *)' },
    { name: 'a rate expression', expression: 'rate(1 day)' },
    { name: 'an unknown time zone', expression: 'cron(0 5 ? * * *)', tz: 'Mars/Olympus_Mons' },
  ];
  it.each(unsupported)('returns undefined for $name', ({ expression, tz }) => {
    // Act
    const next = nextRun(expression, new Date('2026-11-21T00:00:00Z'), tz);
    // Assess
    expect(next).toBeUndefined();
  });
});

const event = expiredBackupEvent();
const plan: PlanFacts = {
  planId: 'aws/efs/414a5bd4-f880-47ad-95f3-f085108a4c3b',
  name: 'efs-plan',
  rules: [
    {
      ruleId: '3eb0017c-f262-4211-a802-302cebb11dc2',
      ruleName: 'daily',
      targetVaultName: 'aws/backup/AutomatedBackupVaultDel2',
      scheduleExpression: 'cron(0 5 ? * * *)',
      lifecycle: { deleteAfterDays: 35 },
    },
  ],
};
const withPlan: Evidence = evidence({ plans: { [plan.planId]: plan } });
const now = new Date('2026-11-21T06:00:00Z');

function keys(steps: readonly NextStep[]): string[] {
  return steps.map((s) => s.text.key);
}

function missingTexts(steps: readonly NextStep[]): string[] {
  const out: string[] = [];
  for (const lang of ['en', 'ja'] as const) {
    for (const s of steps) {
      const template = scheduleMessages[lang][s.text.key];
      if (template === undefined) out.push(`${lang} lacks ${s.text.key}`);
      for (const m of template?.matchAll(/\{([A-Za-z]+)\}/g) ?? []) {
        if (!(m[1]! in (s.text.params ?? {}))) out.push(`${lang} ${s.text.key} has no {${m[1]}}`);
      }
    }
  }
  return out;
}

describe('retryAdvice', () => {
  it('gives the next scheduled run in UTC and the command to back up now for a scheduled job', () => {
    // Act
    const steps = retryAdvice(event, withPlan, now);
    // Assess
    expect(keys(steps)).toEqual(['schedule.notRetried', 'schedule.nextScheduledRun', 'schedule.runNow']);
    expect(steps[1]?.text.params).toMatchObject({ time: '2026-11-22T05:00:00Z', expression: 'cron(0 5 ? * * *)', timezone: 'UTC' });
    expect(steps[2]?.command).toBe(
      'aws backup start-backup-job --backup-vault-name aws/backup/AutomatedBackupVaultDel2 --resource-arn arn:aws:service:us-west-2:1112233445566:resource-type/resource-id --iam-role-arn arn:aws:iam::1112233445566:role/MockRCBackupTestRole --lifecycle DeleteAfterDays=35 --region us-west-2',
    );
    expect(missingTexts(steps)).toEqual([]);
  });

  it('computes the next run in the rule time zone', () => {
    // Prepare
    const rule = { ...plan.rules[0]!, scheduleExpressionTimezone: 'Asia/Tokyo' };
    const ev = evidence({ plans: { [plan.planId]: { ...plan, rules: [rule] } } });
    // Act
    const steps = retryAdvice(event, ev, now);
    // Assess
    expect(steps[1]?.text.params).toMatchObject({ time: '2026-11-21T20:00:00Z', timezone: 'Asia/Tokyo' });
  });

  it('uses the AWS default schedule when the rule sets none', () => {
    // Prepare
    const { scheduleExpression: _none, ...rule } = plan.rules[0]!;
    const ev = evidence({ plans: { [plan.planId]: { ...plan, rules: [rule] } } });
    // Act
    const steps = retryAdvice(event, ev, now);
    // Assess
    expect(steps[1]?.text).toEqual({
      key: 'schedule.nextScheduledRunDefault',
      params: { rule: 'daily', time: '2026-11-22T05:00:00Z', expression: 'cron(0 5 ? * * *)', timezone: 'UTC' },
    });
  });

  it('says the plan could not be read and still gives the command when the plan is missing', () => {
    // Act
    const steps = retryAdvice(event, evidence(), now);
    // Assess
    expect(keys(steps)).toEqual(['schedule.notRetried', 'schedule.planUnread', 'schedule.runNow']);
    expect(steps[2]?.command).not.toContain('--lifecycle');
    expect(missingTexts(steps)).toEqual([]);
  });

  it('replaces the service-linked role with the default service role for an on-demand job', () => {
    // Prepare
    const onDemand = expiredBackupEvent({
      plan: undefined,
      state: 'FAILED',
      roleArn: 'arn:aws:iam::111122223333:role/aws-service-role/backup.amazonaws.com/AWSServiceRoleForBackup',
      resourceArn: 'arn:aws:ec2:us-west-2:111122223333:volume/vol-0123456789abcdef0',
      vaultName: 'Default',
    });
    // Act
    const steps = retryAdvice(onDemand, evidence(), now);
    // Assess: without a job record nothing says the job was on demand
    expect(keys(steps)).toEqual(['schedule.notRetried', 'schedule.rerunNoJobRecord', 'schedule.serviceLinkedRole']);
    expect(steps[1]?.command).toBe(
      'aws backup start-backup-job --backup-vault-name Default --resource-arn arn:aws:ec2:us-west-2:111122223333:volume/vol-0123456789abcdef0 --iam-role-arn arn:aws:iam::111122223333:role/service-role/AWSBackupDefaultServiceRole --region us-west-2',
    );
    expect(missingTexts(steps)).toEqual([]);
  });

  it('gives the exact start-copy-job command for a failed copy job', () => {
    // Prepare
    const copy = failedCopyEvent({
      recoveryPointArn: 'arn:aws:ec2:us-west-2::image/ami-00179b33a7a88cac5',
    });
    // Act
    const steps = retryAdvice(copy, evidence(), now);
    // Assess
    expect(keys(steps)).toEqual(['schedule.notRetriedCopy', 'schedule.rerunCopy']);
    expect(steps[1]?.command).toBe(
      'aws backup start-copy-job --recovery-point-arn arn:aws:ec2:us-west-2::image/ami-00179b33a7a88cac5 --source-backup-vault-name 55aa945e-c46a-421b-aa27-f94b074e31b7 --destination-backup-vault-arn arn:aws:backup:us-west-2:1112233445566:backup-vault:55aa945e-c46a-421b-aa27-f94b074e31b7 --iam-role-arn arn:aws:iam::1112233445566:role/RoleForEc2BackupWithNoDescribeTagsPermissions --region us-west-2',
    );
  });

  it('writes placeholders only for values a copy event does not carry', () => {
    // Act
    const steps = retryAdvice(failedCopyEvent(), evidence(), now);
    // Assess
    expect(steps[1]?.command).toContain('--recovery-point-arn <recovery-point-arn>');
    expect(steps[1]?.command?.match(/<[a-z-]+>/g)).toEqual(['<recovery-point-arn>']);
  });

  it('saves the restore metadata and restarts the restore job with it', () => {
    // Act
    const steps = retryAdvice(failedRestoreEvent(), evidence(), now);
    // Assess
    expect(keys(steps)).toEqual(['schedule.notRetriedRestore', 'schedule.restoreMetadata', 'schedule.rerunRestore']);
    expect(steps[1]?.command).toBe(
      'aws backup get-recovery-point-restore-metadata --backup-vault-name <backup-vault-name> --recovery-point-arn <recovery-point-arn> --query RestoreMetadata --output json --region us-west-2 > restore-metadata.json',
    );
    expect(steps[2]?.command).toBe(
      'aws backup start-restore-job --recovery-point-arn <recovery-point-arn> --iam-role-arn arn:aws:iam::1112233445566:role/TestAWSBackupRole --resource-type EC2 --metadata file://restore-metadata.json --region us-west-2',
    );
    expect(missingTexts(steps)).toEqual([]);
  });

  it('returns nothing for a completed job or an ECS failure', () => {
    // Act
    const completed = retryAdvice(expiredBackupEvent({ state: 'COMPLETED' }), withPlan, now);
    const ecs = retryAdvice({ ...event, kind: 'ecs-volume-attachment' }, withPlan, now);
    // Assess
    expect(completed).toEqual([]);
    expect(ecs).toEqual([]);
  });

  it('has every schedule text in English and Japanese', () => {
    // Assess
    expect(Object.keys(scheduleMessages.ja).sort()).toEqual(Object.keys(scheduleMessages.en).sort());
    expect(Object.keys(scheduleMessages.en).every((k) => k.startsWith('schedule.'))).toBe(true);
  });
});
