/**
 * Every check, once. The pipeline runs them, the report layer reads their messages, and the meta-test checks
 * that ids are unique and that each has fixtures.
 */
import type { Check } from '../model/types.ts';
import { backupChecks } from './backup/index.ts';
import { ecsChecks } from './ecs/index.ts';
import { externalChecks } from './external/index.ts';
import { iamChecks } from './iam/index.ts';
import { kmsChecks } from './kms/index.ts';

/** All checks. */
export const CHECKS: readonly Check[] = [...iamChecks, ...kmsChecks, ...backupChecks, ...ecsChecks, ...externalChecks];

/** A check by id. */
export function checkById(id: string): Check | undefined {
  return CHECKS.find((c) => c.id === id);
}
