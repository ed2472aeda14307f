import { describe, expect, it } from 'vitest';
import { ecsInfraRolePermissions } from '../../../lambdas/checks/ecs/ecs-infra-role-permissions.ts';
import type { PolicyDocument, PolicyStatement } from '../../../lambdas/model/types.ts';
import { REASONS, ROLE, VOLUMES_POLICY, context, ecsEvent, evidence, infraRole, volumeConfig } from './fixtures.ts';

/** The v1 statements of the managed policy: the current ones without the snapshot and DescribeInstances Sids. */
const V1: PolicyDocument = {
  Version: '2012-10-17',
  Statement: (VOLUMES_POLICY.Statement as readonly PolicyStatement[]).filter(
    (s) => s.Sid !== 'CreateEBSManagedVolumeFromSnapshot' && s.Sid !== 'DescribeInstancesForAttachingVolume',
  ),
};
const inlineOnly = (doc: PolicyDocument) => infraRole({ attachedPolicies: [], inlinePolicies: [{ name: 'copy', document: doc }] });
const fromSnapshot = volumeConfig({ snapshotId: 'snap-0a1b2c3d4e5f60718' });

describe('ecs-infra-role-permissions', () => {
  it.each([
    ['fail', 'a role with no policy', evidence({ roles: { [ROLE]: infraRole({ attachedPolicies: [] }) } })],
    ['fail', 'a v1 copy of the policy and a volume from a snapshot', evidence({ roles: { [ROLE]: inlineOnly(V1) }, config: fromSnapshot })],
    [
      'fail',
      'a Deny on ec2:AttachVolume',
      evidence({
        roles: {
          [ROLE]: infraRole({
            inlinePolicies: [{ name: 'deny', document: { Version: '2012-10-17', Statement: [{ Sid: 'NoAttach', Effect: 'Deny', Action: 'ec2:AttachVolume', Resource: '*' }] } }],
          }),
        },
      }),
    ],
    ['pass', 'the managed policy attached', evidence()],
    ['pass', 'the managed policy and a volume from a snapshot', evidence({ config: fromSnapshot })],
    ['inconclusive', 'a policy document that could not be read', evidence({ roles: { [ROLE]: infraRole({ attachedPolicies: [{ name: 'AmazonECSInfrastructureRolePolicyForVolumes' }] }) } })],
    ['inconclusive', 'a current copy without the snapshot statement and no volume configuration', evidence({ roles: { [ROLE]: inlineOnly({ Version: '2012-10-17', Statement: (VOLUMES_POLICY.Statement as readonly PolicyStatement[]).filter((s) => s.Sid !== 'CreateEBSManagedVolumeFromSnapshot') }) }, config: null })],
  ] as const)('reports %s for %s', (verdict, _case, ev) => {
    // Prepare
    const ctx = context(ecsEvent(REASONS.assume), ev);

    // Act
    const finding = ecsInfraRolePermissions.run(ctx);

    // Assess
    expect(finding.verdict).toBe(verdict);
  });

  it('names ec2:CreateVolume on the snapshot for a v1 copy and grants exactly the missing actions', () => {
    // Prepare
    const ctx = context(ecsEvent(REASONS.assume), evidence({ roles: { [ROLE]: inlineOnly(V1) }, config: fromSnapshot }));

    // Act
    const finding = ecsInfraRolePermissions.run(ctx);

    // Assess
    expect(finding.facts).toContainEqual({ name: 'missingActions', value: 'ec2:CreateVolume (snapshot), ec2:DescribeInstances' });
    expect(finding.fix?.command).toMatch(/^aws iam put-role-policy --role-name ecsInfrastructureRole --policy-name ecs-infrastructure-volumes /);
    expect(finding.fix?.snippet).toContain('arn:aws:ec2:ap-northeast-1::snapshot/snap-0a1b2c3d4e5f60718');
  });

  it('does not ask a volume without a snapshot for the snapshot statement', () => {
    // Prepare
    const current = { Version: '2012-10-17', Statement: (VOLUMES_POLICY.Statement as readonly PolicyStatement[]).filter((s) => s.Sid !== 'CreateEBSManagedVolumeFromSnapshot') };
    const ctx = context(ecsEvent(REASONS.assume), evidence({ roles: { [ROLE]: inlineOnly(current) } }));

    // Act
    const finding = ecsInfraRolePermissions.run(ctx);

    // Assess
    expect(finding.verdict).toBe('pass');
  });
});
