/**
 * isFailure / isCompletedWithIssues: which parsed events deserve a diagnosis.
 */
import { describe, expect, it } from 'vitest';
import type { FailureEvent } from '../../lambdas/model/types.ts';
import { isCompletedWithIssues, isFailure, parseInput } from '../../lambdas/events/index.ts';
import { altered, single } from './fixtures.ts';

function backupWithState(state: string, statusMessage?: string): FailureEvent {
  return single(
    parseInput(
      altered('backup-job-failed.json', (e) => {
        e.detail.state = state;
        if (statusMessage === undefined) delete e.detail.statusMessage;
        else e.detail.statusMessage = statusMessage;
      }),
    ),
  );
}

describe('isFailure', () => {
  it.each([
    ['FAILED', true],
    ['EXPIRED', true],
    ['ABORTED', true],
    ['PARTIAL', true],
    ['failed', true],
    ['COMPLETED', false],
    ['CREATED', false],
    ['RUNNING', false],
    ['PENDING', false],
  ])('reports a backup job in state %s as failure: %s', (state, expected) => {
    expect(isFailure(backupWithState(state))).toBe(expected);
  });

  it('treats a completed job with a status message as completed with issues, not failed', () => {
    // Prepare
    const event = backupWithState('COMPLETED', '"Backup job failed because there was a running job for the same resource."');

    // Act
    const failure = isFailure(event);

    // Assess
    expect(failure).toBe(false);
    expect(isCompletedWithIssues(event)).toBe(true);
    expect(event.statusMessage).toBe('Backup job failed because there was a running job for the same resource.');
  });

  it('does not flag a failed job as completed with issues', () => {
    expect(isCompletedWithIssues(backupWithState('FAILED', 'x'))).toBe(false);
  });

  it('reports an ECS task stopped for an EBS reason without a failed attachment', () => {
    const event = single(
      parseInput(
        altered('ecs-task-state-change-ebs-created.synthetic.json', (e) => {
          e.detail.lastStatus = 'STOPPED';
          e.detail.stoppedReason = 'ECS timed out while configuring the EBS volume attachment to your Task';
        }),
      ),
    );

    expect(isFailure(event)).toBe(true);
  });

  it('does not report an ECS task stopped for a reason unrelated to EBS', () => {
    // "Essential container in task exited": a stoppedReason listed in the ECS guide,
    // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/stopped-task-errors.html
    const event = single(
      parseInput(
        altered('ecs-task-state-change-ebs-created.synthetic.json', (e) => {
          e.detail.lastStatus = 'STOPPED';
          e.detail.stoppedReason = 'Essential container in task exited';
        }),
      ),
    );

    expect(isFailure(event)).toBe(false);
  });

  it('reports a failed EBS attachment while the task is still deprovisioning', () => {
    const event = single(
      parseInput(
        altered('ecs-task-state-change-ebs-failed-assume-role.synthetic.json', (e) => {
          e.detail.lastStatus = 'DEPROVISIONING';
        }),
      ),
    );

    expect(isFailure(event)).toBe(true);
  });

  it('does not report a running ECS task without EBS attachment', () => {
    const event = single(parseInput(altered('ecs-task-state-change-fargate-eni.json', () => undefined)));

    expect(isFailure(event)).toBe(false);
  });
});
