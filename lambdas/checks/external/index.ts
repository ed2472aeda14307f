/**
 * Checks for failures reported from outside AWS through the webhook.
 */
import type { Check } from '../../model/types.ts';
import { externalKnownError } from './external-known-error.ts';

/** The external checks. */
export const externalChecks: readonly Check[] = [externalKnownError];
