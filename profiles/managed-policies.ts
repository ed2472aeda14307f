/**
 * The bundled AWS managed policy documents (managed-policies/, provenance in managed-policies/SOURCES.md),
 * checked into shape once at load.
 */
import type { PolicyDocument, PolicyStatement } from '../lambdas/model/types.ts';
import type { ManagedPolicyName } from './types.ts';
import forBackup from './managed-policies/AWSBackupServiceRolePolicyForBackup.json' with { type: 'json' };
import forRestores from './managed-policies/AWSBackupServiceRolePolicyForRestores.json' with { type: 'json' };
import forS3Backup from './managed-policies/AWSBackupServiceRolePolicyForS3Backup.json' with { type: 'json' };
import forS3Restore from './managed-policies/AWSBackupServiceRolePolicyForS3Restore.json' with { type: 'json' };
import ecsVolumes from './managed-policies/AmazonECSInfrastructureRolePolicyForVolumes.json' with { type: 'json' };

/** One bundled managed policy. */
export interface ManagedPolicy {
  readonly name: ManagedPolicyName;
  readonly arn: string;
  readonly versionId: string;
  readonly document: PolicyDocument;
}

interface PolicyVersionFile {
  readonly PolicyVersion: { readonly VersionId: string; readonly Document: unknown };
}

function isStatement(value: unknown): value is PolicyStatement {
  if (typeof value !== 'object' || value === null) return false;
  const effect = (value as { Effect?: unknown }).Effect;
  return effect === 'Allow' || effect === 'Deny';
}

function load(name: ManagedPolicyName, arn: string, file: PolicyVersionFile): ManagedPolicy {
  const doc = file.PolicyVersion.Document as { Version?: unknown; Statement?: unknown };
  const statements = Array.isArray(doc.Statement) ? (doc.Statement as unknown[]) : [doc.Statement];
  if (!statements.every(isStatement)) throw new Error(`managed policy ${name} has a malformed statement`);
  const document: PolicyDocument = {
    ...(typeof doc.Version === 'string' ? { Version: doc.Version } : {}),
    Statement: statements,
  };
  return { name, arn, versionId: file.PolicyVersion.VersionId, document };
}

/** The bundled managed policies by name. */
export const MANAGED_POLICIES: Readonly<Record<ManagedPolicyName, ManagedPolicy>> = {
  AWSBackupServiceRolePolicyForBackup: load(
    'AWSBackupServiceRolePolicyForBackup',
    'arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup',
    forBackup,
  ),
  AWSBackupServiceRolePolicyForRestores: load(
    'AWSBackupServiceRolePolicyForRestores',
    'arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores',
    forRestores,
  ),
  AWSBackupServiceRolePolicyForS3Backup: load(
    'AWSBackupServiceRolePolicyForS3Backup',
    'arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup',
    forS3Backup,
  ),
  AWSBackupServiceRolePolicyForS3Restore: load(
    'AWSBackupServiceRolePolicyForS3Restore',
    'arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore',
    forS3Restore,
  ),
  AmazonECSInfrastructureRolePolicyForVolumes: load(
    'AmazonECSInfrastructureRolePolicyForVolumes',
    'arn:aws:iam::aws:policy/service-role/AmazonECSInfrastructureRolePolicyForVolumes',
    ecsVolumes,
  ),
};

/** The ARN of a managed policy in a partition (aws, aws-cn, aws-us-gov). */
export function managedPolicyArn(name: ManagedPolicyName, partition = 'aws'): string {
  return MANAGED_POLICIES[name].arn.replace(/^arn:aws:/, `arn:${partition}:`);
}

/** The bundled policy whose ARN (in any partition) this is, if any. */
export function managedPolicyByArn(arn: string | undefined): ManagedPolicy | undefined {
  if (!arn) return undefined;
  const normal = arn.replace(/^arn:[^:]+:/, 'arn:aws:');
  return Object.values(MANAGED_POLICIES).find((p) => p.arn === normal);
}
