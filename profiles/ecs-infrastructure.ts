/**
 * The ECS infrastructure role's actions for ECS-managed EBS volumes, from AmazonECSInfrastructureRolePolicyForVolumes.
 * `since` marks statements that older copies of the policy lack (v1 cannot create a volume from a snapshot).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/infrastructure_IAM_role.html
 */
import type { ManagedPolicyName, ProfileEntry } from './types.ts';

const P: ManagedPolicyName = 'AmazonECSInfrastructureRolePolicyForVolumes';
const VOLUME = 'arn:{partition}:ec2:{region}:{account}:volume/*';
const INSTANCE = 'arn:{partition}:ec2:{region}:{account}:instance/*';
const TASK = 'arn:{partition}:ecs:{region}:{account}:task/*';

/** The profile `ecs-infrastructure-volumes`. */
export const ECS_INFRASTRUCTURE_VOLUMES: ProfileEntry = {
  id: 'ecs-infrastructure-volumes',
  resourceType: 'ECS infrastructure role',
  jobType: 'ecs-volume',
  managedPolicies: [P],
  actions: [
    {
      action: 'ec2:CreateVolume',
      resource: VOLUME,
      context: { 'aws:RequestTag/AmazonECSCreated': TASK, 'aws:RequestTag/AmazonECSManaged': 'true' },
      policy: P,
      sid: 'CreateEBSManagedVolume',
    },
    {
      action: 'ec2:CreateVolume',
      resource: 'arn:{partition}:ec2:{region}::snapshot/*',
      policy: P,
      sid: 'CreateEBSManagedVolumeFromSnapshot',
      since: 'v2',
      when: 'from-snapshot',
    },
    {
      action: 'ec2:CreateTags',
      resource: VOLUME,
      context: {
        'ec2:CreateAction': 'CreateVolume',
        'aws:RequestTag/AmazonECSCreated': TASK,
        'aws:RequestTag/AmazonECSManaged': 'true',
      },
      policy: P,
      sid: 'TagOnCreateVolume',
    },
    { action: 'ec2:DescribeVolumes', resource: '*', policy: P, sid: 'DescribeVolumesForLifecycle' },
    { action: 'ec2:DescribeAvailabilityZones', resource: '*', policy: P, sid: 'DescribeVolumesForLifecycle' },
    { action: 'ec2:DescribeInstances', resource: '*', policy: P, sid: 'DescribeInstancesForAttachingVolume', since: 'v3' },
    {
      action: 'ec2:AttachVolume',
      resource: VOLUME,
      context: { 'aws:ResourceTag/AmazonECSManaged': 'true' },
      policy: P,
      sid: 'ManageEBSVolumeLifecycle',
    },
    { action: 'ec2:AttachVolume', resource: INSTANCE, policy: P, sid: 'ManageVolumeAttachmentsForEC2' },
    {
      action: 'ec2:DetachVolume',
      resource: VOLUME,
      context: { 'aws:ResourceTag/AmazonECSManaged': 'true' },
      policy: P,
      sid: 'ManageEBSVolumeLifecycle',
    },
    { action: 'ec2:DetachVolume', resource: INSTANCE, policy: P, sid: 'ManageVolumeAttachmentsForEC2' },
    {
      action: 'ec2:DeleteVolume',
      resource: VOLUME,
      context: { 'aws:ResourceTag/AmazonECSCreated': TASK, 'aws:ResourceTag/AmazonECSManaged': 'true' },
      policy: P,
      sid: 'DeleteEBSManagedVolume',
    },
  ],
};
