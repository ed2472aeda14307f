/** The kms checks, in the order they are listed in reports when they tie. */
import type { Check } from '../../model/types.ts';
import { kmsKeyPolicyRole } from './kms-key-policy-role.ts';
import { kmsKeyPolicyRoot } from './kms-key-policy-root.ts';
import { kmsKeyState } from './kms-key-state.ts';

export const kmsChecks: readonly Check[] = [kmsKeyState, kmsKeyPolicyRoot, kmsKeyPolicyRole];
