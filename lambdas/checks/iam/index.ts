/** The iam checks, in the order they are listed in reports when they tie. */
import type { Check } from '../../model/types.ts';
import { iamAgentRoleProfile } from './iam-agent-role-profile.ts';
import { iamPassroleRestore } from './iam-passrole-restore.ts';
import { iamRoleMissing } from './iam-role-missing.ts';
import { iamRolePermissionsBackup } from './iam-role-permissions-backup.ts';
import { iamRoleTrustBackup } from './iam-role-trust-backup.ts';
import { iamWrongRoleServiceLinked } from './iam-wrong-role-service-linked.ts';
import { s3BackupPermissions } from './s3-backup-permissions.ts';

export const iamChecks: readonly Check[] = [
  iamRoleMissing,
  iamWrongRoleServiceLinked,
  iamRoleTrustBackup,
  iamRolePermissionsBackup,
  s3BackupPermissions,
  iamPassroleRestore,
  iamAgentRoleProfile,
];
