/**
 * Builders for the exact AWS CLI commands that re-run a backup, copy or restore job. Values that cannot be known
 * are written as `<placeholders>`; everything else is quoted for a POSIX shell.
 */
import type { LifecycleFacts } from './types.ts';

/** Quotes a value for a POSIX shell when it holds anything beyond a safe set; `<placeholders>` stay as they are. */
export function shellArg(value: string): string {
  if (/^<[a-z0-9-]+>$/.test(value)) return value;
  if (/^[A-Za-z0-9_./:@=,+%-]+$/.test(value)) return value;
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** `--name value` pairs in order; undefined values are left out, an empty value is a bare flag. */
export function cliCommand(base: string, options: readonly (readonly [string, string | undefined])[]): string {
  const parts = [base];
  for (const [name, value] of options) {
    if (value === undefined) continue;
    if (value === '') {
      parts.push(`--${name}`);
      continue;
    }
    parts.push(`--${name} ${shellArg(value)}`);
  }
  return parts.join(' ');
}

/** The `--lifecycle` shorthand of the AWS CLI, or undefined when the lifecycle sets nothing. */
export function lifecycleShorthand(lifecycle: LifecycleFacts | undefined): string | undefined {
  if (!lifecycle) return undefined;
  const parts: string[] = [];
  if (lifecycle.moveToColdStorageAfterDays !== undefined) {
    parts.push(`MoveToColdStorageAfterDays=${lifecycle.moveToColdStorageAfterDays}`);
  }
  if (lifecycle.deleteAfterDays !== undefined) parts.push(`DeleteAfterDays=${lifecycle.deleteAfterDays}`);
  if (lifecycle.optInToArchiveForSupportedResources !== undefined) {
    parts.push(`OptInToArchiveForSupportedResources=${lifecycle.optInToArchiveForSupportedResources}`);
  }
  return parts.length ? parts.join(',') : undefined;
}

/** The name of a backup vault from its ARN (`arn:aws:backup:<region>:<account>:backup-vault:<name>`). */
export function vaultNameFromArn(arn: string | undefined): string | undefined {
  if (!arn) return undefined;
  const marker = ':backup-vault:';
  const i = arn.indexOf(marker);
  return i >= 0 ? arn.slice(i + marker.length) : undefined;
}

/** The account of an ARN, when it has one. */
export function arnAccount(arn: string): string | undefined {
  return arn.split(':')[4] || undefined;
}

/** The region of an ARN, when it has one. */
export function arnRegion(arn: string | undefined): string | undefined {
  return arn?.split(':')[3] || undefined;
}

/** Whether a role ARN is AWS Backup's service-linked role, which a job cannot be started with. */
export function isBackupServiceLinkedRole(roleArn: string): boolean {
  return roleArn.includes(':role/aws-service-role/backup.amazonaws.com/') || roleArn.endsWith('/AWSServiceRoleForBackup');
}

/** The default service role that AWS Backup creates, in the role's account. */
export function defaultServiceRoleArn(account: string): string {
  return `arn:aws:iam::${account}:role/service-role/AWSBackupDefaultServiceRole`;
}
