/**
 * The policy documents that the Amazon ECS infrastructure IAM role page publishes: the role's trust policy and
 * the caller's iam:PassRole statement. Only the role ARN is filled in per failure.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/infrastructure_IAM_role.html
 */
import type { PolicyDocument, PolicyStatement } from '../../model/types.ts';

/** The statement that lets Amazon ECS assume the infrastructure role (Sid as AWS publishes it). */
export const ECS_TRUST_STATEMENT: PolicyStatement = {
  Sid: 'AllowAccessToECSForInfrastructureManagement',
  Effect: 'Allow',
  Principal: { Service: 'ecs.amazonaws.com' },
  Action: 'sts:AssumeRole',
};

/** The infrastructure role's trust policy as AWS publishes it. */
export const ECS_TRUST_POLICY: PolicyDocument = { Version: '2012-10-17', Statement: [ECS_TRUST_STATEMENT] };

/** The caller's policy that lets it pass this infrastructure role to Amazon ECS, and only to Amazon ECS. */
export function passRolePolicy(roleArn: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Action: 'iam:PassRole',
        Effect: 'Allow',
        Resource: [roleArn],
        Condition: { StringEquals: { 'iam:PassedToService': 'ecs.amazonaws.com' } },
      },
    ],
  };
}

/** The AWS managed policy for the infrastructure role's EBS work. */
export const VOLUMES_POLICY_NAME = 'AmazonECSInfrastructureRolePolicyForVolumes';

/** Its ARN in a partition. */
export function volumesPolicyArn(partition: string): string {
  return `arn:${partition}:iam::aws:policy/service-role/${VOLUMES_POLICY_NAME}`;
}
