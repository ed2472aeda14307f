import { describe, expect, it } from 'vitest';
import { ecsPassrole } from '../../../lambdas/checks/ecs/ecs-passrole.ts';
import type { RoleFacts, TrailRecord } from '../../../lambdas/model/types.ts';
import { ACCOUNT, REASONS, ROLE, context, ecsEvent, evidence, infraRole } from './fixtures.ts';

const USER = `arn:aws:iam::${ACCOUNT}:user/marymajor`;
const DEPLOYER = `arn:aws:iam::${ACCOUNT}:role/Deployer`;
const SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/Deployer/ci-1187`;
/** The IAM error format of the AWS service troubleshooting pages ("... is not authorized to perform: iam:PassRole"). */
const DENIED: TrailRecord = {
  eventName: 'RunTask',
  eventTime: '2026-11-20T09:12:04Z',
  userArn: USER,
  errorCode: 'AccessDenied',
  errorMessage: `User: ${USER} is not authorized to perform: iam:PassRole`,
};
const RUN: TrailRecord = { eventName: 'RunTask', eventTime: '2026-11-20T09:12:04Z', userArn: SESSION };
const deployer = (statements: unknown[]): RoleFacts => ({
  arn: DEPLOYER,
  name: 'Deployer',
  exists: true,
  attachedPolicies: [],
  inlinePolicies: [{ name: 'deploy', document: { Version: '2012-10-17', Statement: statements as never } }],
});
const PASS_TO_ECS = { Effect: 'Allow', Action: 'iam:PassRole', Resource: ROLE, Condition: { StringEquals: { 'iam:PassedToService': 'ecs.amazonaws.com' } } };
const PASS_TO_EC2 = { Effect: 'Allow', Action: 'iam:PassRole', Resource: ROLE, Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } } };

describe('ecs-passrole', () => {
  it.each([
    ['fail', 'a RunTask denied iam:PassRole in CloudTrail', evidence({ trail: [DENIED] })],
    ['fail', "a caller whose policies pass the role only to EC2", evidence({ trail: [RUN], roles: { [ROLE]: infraRole(), [DEPLOYER]: deployer([PASS_TO_EC2]) } })],
    ['pass', 'a caller whose policies pass the role to ECS', evidence({ trail: [RUN], roles: { [ROLE]: infraRole(), [DEPLOYER]: deployer([PASS_TO_ECS]) } })],
    ['inconclusive', 'no CloudTrail record', evidence()],
    ['inconclusive', 'a caller whose policies were not read', evidence({ trail: [RUN] })],
    [
      'inconclusive',
      'CloudTrail access denied to the collector',
      evidence({ gaps: [{ what: 'cloudtrail:LookupEvents', subject: 'arn:aws:ecs:ap-northeast-1:111122223333:task/default/0a9f3c1e5b7d4f2a8c6e1b3d5f7a9c0e', action: 'cloudtrail:LookupEvents', why: 'access-denied' }] }),
    ],
  ] as const)('reports %s for %s', (verdict, _case, ev) => {
    // Prepare
    const ctx = context(ecsEvent(REASONS.assume), ev);

    // Act
    const finding = ecsPassrole.run(ctx);

    // Assess
    expect(finding.verdict).toBe(verdict);
    expect(finding.category).toBe('iam-permission');
  });

  it('gives the caller the documented PassRole statement for this role', () => {
    // Prepare
    const ctx = context(ecsEvent(REASONS.assume), evidence({ trail: [DENIED] }));

    // Act
    const finding = ecsPassrole.run(ctx);

    // Assess
    expect(finding.fix?.command).toMatch(/^aws iam put-user-policy --user-name marymajor /);
    expect(JSON.parse(finding.fix?.snippet ?? '{}')).toEqual({
      Version: '2012-10-17',
      Statement: [{ Action: 'iam:PassRole', Effect: 'Allow', Resource: [ROLE], Condition: { StringEquals: { 'iam:PassedToService': 'ecs.amazonaws.com' } } }],
    });
    expect(finding.facts).toContainEqual({ name: 'callerArn', value: USER });
  });

  it('marks the hint without CloudTrail as not collected and still shows the statement', () => {
    // Prepare
    const ctx = context(ecsEvent(REASONS.assume), evidence());

    // Act
    const finding = ecsPassrole.run(ctx);

    // Assess
    expect(finding.missing).toEqual([expect.objectContaining({ action: 'cloudtrail:LookupEvents', why: 'not-collected' })]);
    expect(finding.fix?.snippet).toContain('iam:PassedToService');
  });

  it('adds the statement to the role behind an assumed-role session', () => {
    // Prepare
    const ctx = context(ecsEvent(REASONS.assume), evidence({ trail: [RUN], roles: { [ROLE]: infraRole(), [DEPLOYER]: deployer([]) } }));

    // Act
    const finding = ecsPassrole.run(ctx);

    // Assess
    expect(finding.verdict).toBe('fail');
    expect(finding.fix?.command).toMatch(/^aws iam put-role-policy --role-name Deployer /);
  });
});
