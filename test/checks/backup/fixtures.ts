/**
 * Synthetic account facts shared by the backup check tests: the plan and vault behind the EXPIRED backup job
 * sample (its plan and rule ids come from the sample event), and a VMware VM.
 */
import type { PlanFacts, PlanRuleFacts, VaultFacts } from '../../../lambdas/model/types.ts';

export const PLAN_ID = 'aws/efs/414a5bd4-f880-47ad-95f3-f085108a4c3b';
export const RULE_ID = '3eb0017c-f262-4211-a802-302cebb11dc2';
export const VAULT_NAME = 'aws/backup/AutomatedBackupVaultDel2';
export const VAULT_ARN = 'arn:aws:backup:us-west-2:1112233445566:backup-vault:aws/backup/AutomatedBackupVaultDel2';

/** A rule of the sample's plan, with the given changes. */
export function rule(changes: Partial<PlanRuleFacts> = {}): PlanRuleFacts {
  return {
    ruleId: RULE_ID,
    ruleName: 'daily',
    targetVaultName: VAULT_NAME,
    scheduleExpression: 'cron(0 5 ? * * *)',
    startWindowMinutes: 480,
    completionWindowMinutes: 480,
    lifecycle: { deleteAfterDays: 35 },
    ...changes,
  };
}

/** The sample's plan holding one rule (plus an unrelated second rule that the fix must keep). */
export function plan(r: PlanRuleFacts = rule()): Record<string, PlanFacts> {
  return {
    [PLAN_ID]: {
      planId: PLAN_ID,
      name: 'efs-plan',
      rules: [r, { ruleId: 'other-rule', ruleName: 'monthly', targetVaultName: 'archive', scheduleExpression: 'cron(0 3 1 * ? *)' }],
    },
  };
}

/** The sample's target vault, with the given changes. */
export function vault(changes: Partial<VaultFacts> = {}): Record<string, VaultFacts> {
  return { [VAULT_NAME]: { name: VAULT_NAME, arn: VAULT_ARN, exists: true, ...changes } };
}

export const VM_ARN = 'arn:aws:backup-gateway:us-east-1:123456789012:vm/vm-0a1b2c3d4e5f67890';
export const GATEWAY_ARN = 'arn:aws:backup-gateway:us-east-1:123456789012:gateway/bgw-0123456789abcdef0';
/** 10 GiB: a multiple of 512 KiB. */
export const TEN_GIB = 10 * 1024 * 1024 * 1024;
