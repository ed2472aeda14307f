/**
 * Statements with a basis and commands that can work: the next steps of a job whose record is missing (an AWS
 * Backup vault SNS notification) and of a job whose role no longer exists.
 */
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../lambdas/pipeline/index.ts';
import type { Evidence, FailureEvent } from '../../lambdas/model/types.ts';
import { parseInput } from '../../lambdas/events/index.ts';
import { renderText } from '../../lambdas/pipeline/report.ts';
import { fixture } from '../events/fixtures.ts';

const NOW = new Date('2026-11-21T06:00:00Z');

function failedFromSns(): FailureEvent {
  const sns = fixture('sns-aws-backup-notifications-fixture.json');
  const parsed = parseInput(sns);
  if (!parsed.ok) throw new Error(parsed.error);
  const failed = parsed.events.find((e) => e.kind === 'backup-job' && e.state === 'FAILED');
  if (!failed) throw new Error('the fixture holds no failed backup job');
  return failed;
}

describe('next steps say only what the evidence says', () => {
  it('does not call a job from an AWS Backup vault SNS notification on-demand when no job record was read', () => {
    // Prepare
    const event = failedFromSns();
    const evidence: Evidence = { schemaVersion: 1, gaps: [] };
    // Act
    const diagnosis = diagnose(event, evidence, { now: NOW });
    const text = renderText(diagnosis, { lang: 'en' });
    // Assess
    expect(event.origin).toBe('sns');
    expect(diagnosis.nextSteps.map((s) => s.text.key)).not.toContain('schedule.rerunOnDemand');
    expect(text).not.toMatch(/on-demand job:/);
    expect(text).toContain('No job record was read');
  });

  it('says on-demand when the job record says so', () => {
    // Prepare
    const event = failedFromSns();
    const evidence: Evidence = {
      schemaVersion: 1,
      gaps: [],
      job: { jobId: event.jobId ?? 'j', jobType: 'backup', state: 'FAILED', creationDate: '2019-08-02T18:00:00Z', onDemand: true },
    };
    // Act
    const steps = diagnose(event, evidence, { now: NOW }).nextSteps;
    // Assess
    expect(steps.map((s) => s.text.key)).toContain('schedule.rerunOnDemand');
  });

  it('never passes a role that the evidence says was deleted to start-backup-job', () => {
    // Prepare
    const gone = 'arn:aws:iam::123456789012:role/DeletedBackupRole';
    const event = { ...failedFromSns(), roleArn: gone };
    const evidence: Evidence = {
      schemaVersion: 1,
      gaps: [],
      roles: { [gone]: { arn: gone, name: 'DeletedBackupRole', exists: false } },
    };
    // Act
    const diagnosis = diagnose(event, evidence, { now: NOW });
    const commands = diagnosis.nextSteps.flatMap((s) => (s.command ? [s.command] : []));
    // Assess
    expect(commands.length).toBeGreaterThan(0);
    for (const c of commands) expect(c).not.toContain(gone);
    expect(commands.join('\n')).toContain('--iam-role-arn arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole');
    expect(diagnosis.nextSteps.map((s) => s.text.key)).toContain('schedule.roleMissingDefaultUnread');
  });

  it('gives a placeholder and says to create a role when the default service role is gone too', () => {
    // Prepare
    const gone = 'arn:aws:iam::123456789012:role/DeletedBackupRole';
    const fallback = 'arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole';
    const event = { ...failedFromSns(), roleArn: gone };
    const evidence: Evidence = {
      schemaVersion: 1,
      gaps: [],
      roles: {
        [gone]: { arn: gone, name: 'DeletedBackupRole', exists: false },
        [fallback]: { arn: fallback, name: 'AWSBackupDefaultServiceRole', exists: false },
      },
    };
    // Act
    const diagnosis = diagnose(event, evidence, { now: NOW });
    const commands = diagnosis.nextSteps.flatMap((s) => (s.command ? [s.command] : []));
    // Assess
    for (const c of commands) {
      expect(c).not.toContain(gone);
      expect(c).not.toContain(fallback);
      expect(c).toContain('--iam-role-arn <iam-role-arn>');
    }
    expect(diagnosis.nextSteps.map((s) => s.text.key)).toContain('schedule.roleMissingNoDefault');
  });
});
