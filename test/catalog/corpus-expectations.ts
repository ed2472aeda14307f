/**
 * How the shared dev corpora's categories map onto the cause taxonomy. The corpus uses `cross-account/copy`
 * and `other`; each `other` entry gets the taxonomy id chosen for it here, with the reason.
 */
import type { Category } from '../../lambdas/model/types.ts';

/** Corpus category → taxonomy id, for the names that differ. */
export const CATEGORY_ALIASES: Readonly<Record<string, Category>> = {
  'cross-account/copy': 'cross-account-copy',
};

/** Entries whose corpus category is `other`: the taxonomy id we expect, and why. */
export const OTHER_DECISIONS: Readonly<Record<string, { readonly category: Category; readonly reason: string }>> = {
  'bk-062': {
    category: 'service-internal',
    reason: 'Listed next to the "Internal Failure" variant; the backup exists and the tag copy hit a transient AWS-side state.',
  },
  'bk-063': { category: 'service-internal', reason: 'A transient AWS-side token expiry; the message itself says to retry.' },
  'bk-066': { category: 'service-internal', reason: 'An internal AWS error.' },
  'bk-067': { category: 'service-internal', reason: 'A fatal AWS-side copy error; the message says to contact AWS Support.' },
  'bk-082': {
    category: 'unknown',
    reason: 'The SNS copy notification carries no status message, so the text alone names no cause.',
  },
  'ecs-009': {
    category: 'resource-state',
    reason: 'The volume is held by a running ECS task; it cannot be detached in that state.',
  },
  'ecs-015': {
    category: 'invalid-configuration',
    reason: 'The volume configuration matches no configuredAtLaunch volume of the task definition.',
  },
};
