/** The ecs checks, in the order they are listed in reports when they tie. */
import type { Check } from '../../model/types.ts';
import { ecsEc2VolumeConfig } from './ecs-ec2-volume-config.ts';
import { ecsFilesystemType } from './ecs-filesystem-type.ts';
import { ecsInfraRolePermissions } from './ecs-infra-role-permissions.ts';
import { ecsInfraRoleTrust } from './ecs-infra-role-trust.ts';
import { ecsKmsKeyPolicy } from './ecs-kms-key-policy.ts';
import { ecsKmsKey } from './ecs-kms-key.ts';
import { ecsPassrole } from './ecs-passrole.ts';
import { ecsRolePropagation } from './ecs-role-propagation.ts';

/** Every check of a failed ECS-managed EBS volume attachment. */
export const ecsChecks: readonly Check[] = [
  ecsInfraRoleTrust,
  ecsPassrole,
  ecsInfraRolePermissions,
  ecsRolePropagation,
  ecsKmsKey,
  ecsKmsKeyPolicy,
  ecsFilesystemType,
  ecsEc2VolumeConfig,
];
