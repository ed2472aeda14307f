import { describe, expect, it } from 'vitest';
import { ecsInfraRoleTrust } from '../../../lambdas/checks/ecs/ecs-infra-role-trust.ts';
import type { Evidence, PolicyDocument } from '../../../lambdas/model/types.ts';
import { REASONS, ROLE, context, ecsEvent, evidence, infraRole } from './fixtures.ts';

const trust = (doc: PolicyDocument): Evidence => evidence({ roles: { [ROLE]: infraRole({ trustPolicy: doc }) } });

describe('ecs-infra-role-trust', () => {
  it.each([
    [
      'fail',
      'a role trusted only by ec2.amazonaws.com',
      trust({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
    ],
    [
      'fail',
      'a trust policy that denies ecs.amazonaws.com',
      trust({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'ecs.amazonaws.com' }, Action: 'sts:AssumeRole' },
          { Sid: 'NoEcs', Effect: 'Deny', Principal: { Service: 'ecs.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      }),
    ],
    ['pass', 'the documented trust policy', evidence()],
    ['inconclusive', 'a role whose trust policy could not be read', evidence({ roles: {}, gaps: [{ what: 'iam:GetRole', subject: ROLE, action: 'iam:GetRole', why: 'access-denied' }] })],
    [
      'inconclusive',
      'a condition on aws:SourceArn, whose value in ECS requests is not documented',
      trust({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'ecs.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:ecs:*:111122223333:cluster/prod' } } },
        ],
      }),
    ],
  ] as const)('reports %s for %s', (verdict, _case, ev) => {
    // Prepare
    const ctx = context(ecsEvent(REASONS.assume), ev);

    // Act
    const finding = ecsInfraRoleTrust.run(ctx);

    // Assess
    expect(finding.verdict).toBe(verdict);
    expect(finding.category).toBe('iam-trust');
  });

  it('fixes a missing trust by adding the documented statement and keeping the others', () => {
    // Prepare
    const ctx = context(
      ecsEvent(REASONS.assume),
      trust({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
    );

    // Act
    const finding = ecsInfraRoleTrust.run(ctx);

    // Assess
    const fixed = JSON.parse(finding.fix?.snippet ?? '{}') as { Statement: { Principal: { Service: string } }[] };
    expect(fixed.Statement.map((s) => s.Principal.Service)).toEqual(['ec2.amazonaws.com', 'ecs.amazonaws.com']);
    expect(finding.fix?.command).toMatch(/^aws iam update-assume-role-policy --role-name ecsInfrastructureRole /);
    expect(finding.facts).toContainEqual({ name: 'trustedPrincipals', value: 'ec2.amazonaws.com' });
    expect(finding.subject).toBe(ROLE);
  });

  it('names the missing role read in the gap', () => {
    // Prepare
    const ctx = context(ecsEvent(REASONS.assume), evidence({ roles: {} }));

    // Act
    const finding = ecsInfraRoleTrust.run(ctx);

    // Assess
    expect(finding.missing?.[0]).toMatchObject({ subject: ROLE, why: 'not-collected' });
  });
});
