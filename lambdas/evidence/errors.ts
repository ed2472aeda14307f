/**
 * The mapping from an SDK error to a gap reason. Known errors become gaps; anything else is left to the caller
 * to throw, so that a bug or a new failure mode is seen instead of silently read as "could not check".
 */
import type { GapReason } from '../model/types.ts';

const ACCESS_DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnauthorizedAccess',
  'AuthorizationError',
  'Forbidden',
]);

const NOT_FOUND = new Set([
  'NoSuchEntity',
  'NoSuchEntityException',
  'ResourceNotFoundException',
  'NotFoundException',
  'NotFound',
  'NoSuchBucket',
  'InvalidVolume.NotFound',
  'InvalidInstanceID.NotFound',
  'InvalidSnapshot.NotFound',
  'DBInstanceNotFound',
  'DBInstanceNotFoundFault',
  'DBClusterNotFoundFault',
  'DBClusterNotFound',
  'FileSystemNotFound',
  'ClusterNotFoundException',
  'ServiceNotFoundException',
  'TableNotFoundException',
]);

// The SDK's own throttling codes (standard retry mode) plus KMS's request-rate LimitExceededException.
const THROTTLED = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'EC2ThrottledException',
  'SlowDown',
  'LimitExceededException',
  'ProvisionedThroughputExceededException',
]);

/** The error's AWS code: the SDK puts it in `name` (and sometimes `Code`/`code`). */
export function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { name?: unknown; Code?: unknown; code?: unknown };
  for (const v of [e.Code, e.name, e.code]) if (typeof v === 'string' && v !== 'Error') return v;
  return undefined;
}

/** The gap reason for a known SDK error, or undefined for an error that should be thrown. */
export function gapReasonOf(err: unknown): GapReason | undefined {
  const code = errorCode(err);
  if (code !== undefined) {
    if (ACCESS_DENIED.has(code)) return 'access-denied';
    if (NOT_FOUND.has(code)) return 'not-found';
    if (THROTTLED.has(code)) return 'throttled';
  }
  const meta = (err as { $metadata?: { httpStatusCode?: number }; $fault?: string } | null) ?? {};
  const status = meta.$metadata?.httpStatusCode;
  if (status === 429) return 'throttled';
  if (status === 403 && code === undefined) return 'access-denied';
  // A service-side fault that outlived the SDK's retries: transient, so a gap rather than a crash.
  if (meta.$fault === 'server' || (status !== undefined && status >= 500)) return 'error';
  return undefined;
}

/** A bounded, single-line description of an error for Gap.detail. */
export function errorDetail(err: unknown): string {
  const code = errorCode(err) ?? 'Error';
  const message = err instanceof Error ? err.message : String(err);
  const text = message && message !== code ? `${code}: ${message}` : code;
  return text.replace(/\s+/g, ' ').slice(0, 300);
}
