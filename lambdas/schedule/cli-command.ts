/**
 * Builders for the exact AWS CLI commands that re-run a backup, copy or restore job. Values that cannot be known
 * are written as `<placeholders>`; everything else is quoted for a POSIX shell.
 */
import type { LifecycleFacts } from '../model/types.ts';

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
