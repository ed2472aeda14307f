/**
 * The KMS actions the job's role needs on one key in play, from the KMS profiles.
 */
import type { CheckContext } from '../../model/types.ts';
import { kmsRequirements, type KmsProfile } from '../../../profiles/index.ts';
import { jobTypeOf, resourceTypeOf } from './iam-job.ts';
import type { KeyInPlay } from './kms-keys.ts';

/** The KMS profile for a key in play; undefined when the job type or resource type is not covered. */
export function requirementsFor(ctx: CheckContext, k: KeyInPlay): KmsProfile | undefined {
  const job = jobTypeOf(ctx);
  if (!job) return undefined;
  if (k.use !== 'resource') return kmsRequirements('', job, 'vault');
  const type = resourceTypeOf(ctx);
  return type ? kmsRequirements(type, job, 'resource') : undefined;
}

/** The kms:ViaService value of requests that a service makes in a region. */
export function viaService(service: string, region: string | undefined): string {
  return `${service}.${region ?? '*'}.amazonaws.com`;
}
