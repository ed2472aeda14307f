/** The kms checks, in the order they are listed in reports when they tie. */
import type { Check } from '../../core/types.ts';

export const kmsChecks: readonly Check[] = [];
