/**
 * Permission profiles: the IAM and KMS actions each role needs, as data traced to AWS managed policies.
 */
import { BACKUP_ROLE_PROFILES } from './backup-role.ts';
import { ECS_INFRASTRUCTURE_VOLUMES } from './ecs-infrastructure.ts';
import type { ProfileEntry } from './types.ts';

export { BACKUP_ROLE_PROFILES, requiredActions } from './backup-role.ts';
export { kmsRequirements } from './backup-kms.ts';
export type { KeyRole, KmsProfile } from './backup-kms.ts';
export { ECS_INFRASTRUCTURE_VOLUMES } from './ecs-infrastructure.ts';
export { MANAGED_POLICIES, managedPolicyArn, managedPolicyByArn } from './managed-policies.ts';
export type { ManagedPolicy } from './managed-policies.ts';
export { partitionOf, resolveContext, resolveTemplate } from './resolve.ts';
export type { JobType, ManagedPolicyName, ProfileAction, ProfileEntry, TemplateVars } from './types.ts';

/** Every profile, once. */
export const PROFILES: readonly ProfileEntry[] = [...BACKUP_ROLE_PROFILES, ECS_INFRASTRUCTURE_VOLUMES];

/** A profile by id. */
export function profileById(id: string): ProfileEntry | undefined {
  return PROFILES.find((p) => p.id === id);
}
