/**
 * Builders for the exact AWS CLI commands that re-run a backup, copy or restore job. Values that cannot be known
 * are written as `<placeholders>`; everything else is quoted for a POSIX shell.
 */
import type { LifecycleFacts } from './types.ts';

/** ARN helpers that the schedule advice shares with the checks, defined once in the checks' look-ups. */
export {
  arnAccount,
  arnRegion,
  defaultServiceRoleArn,
  isBackupServiceLinkedRole,
  vaultNameFromArn,
} from '../checks/lookup.ts';

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
