/**
 * Small evidence builders for the IAM and KMS check tests. Account facts (roles, policies, keys) are synthetic;
 * the AWS managed policy documents are the bundled copies (profiles/managed-policies/SOURCES.md), and the event
 * shapes follow the AWS Backup EventBridge examples (/work/shared/aws-reference/events/).
 */
import { TRUST_MESSAGES } from '../../../lambdas/checks/support/trust.ts';
import { fixMessages } from '../../../lambdas/fixes/prove.ts';
import { expect } from 'vitest';
import type {
  AttachedPolicy,
  Check,
  CheckContext,
  Evidence,
  FailureEvent,
  Finding,
  KeyFacts,
  PolicyDocument,
  RoleFacts,
  Text,
} from '../../../lambdas/model/types.ts';
import { MANAGED_POLICIES, type ManagedPolicyName } from '../../../profiles/index.ts';

export const ACCOUNT = '111122223333';
export const OTHER_ACCOUNT = '444455556666';
export const REGION = 'us-east-1';
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/service-role/AWSBackupDefaultServiceRole`;
export const VAULT = 'Default';
export const VAULT_ARN = `arn:aws:backup:${REGION}:${ACCOUNT}:backup-vault:${VAULT}`;
export const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const VAULT_KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/0987dcba-09fe-87dc-65ba-ab0987654321`;
export const VOLUME_ARN = `arn:aws:ec2:${REGION}:${ACCOUNT}:volume/vol-0123456789abcdef0`;
export const INSTANCE_ARN = `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/i-0515aee7de03f58e1`;
export const BUCKET_ARN = 'arn:aws:s3:::example-bucket';

/** The trust policy that admits AWS Backup. */
export const BACKUP_TRUST: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'backup.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

/** An AWS managed policy attached as IAM reports it. */
export function managed(name: ManagedPolicyName): AttachedPolicy {
  const p = MANAGED_POLICIES[name];
  return { name, arn: p.arn, versionId: p.versionId, document: p.document };
}

/** An inline policy. */
export function inline(name: string, document: PolicyDocument): AttachedPolicy {
  return { name, document };
}

/** A role as the collector reports it; by default the default backup role with both managed policies. */
export function role(over: Partial<RoleFacts> = {}): RoleFacts {
  return {
    arn: ROLE_ARN,
    name: 'AWSBackupDefaultServiceRole',
    path: '/service-role/',
    exists: true,
    trustPolicy: BACKUP_TRUST,
    attachedPolicies: [managed('AWSBackupServiceRolePolicyForBackup'), managed('AWSBackupServiceRolePolicyForRestores')],
    inlinePolicies: [],
    ...over,
  };
}

/** A key policy with the default statement that enables IAM policies. */
export function rootKeyPolicy(account = ACCOUNT): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' },
    ],
  };
}

/** An enabled customer managed key with the default key policy. */
export function key(arn: string, over: Partial<KeyFacts> = {}): KeyFacts {
  return { arn, state: 'Enabled', manager: 'CUSTOMER', policy: rootKeyPolicy(arn.split(':')[4]), ...over };
}

/** A backup job failure event. */
export function event(over: Partial<FailureEvent> = {}): FailureEvent {
  return {
    kind: 'backup-job',
    origin: 'eventbridge',
    id: 'job-1',
    jobId: 'job-1',
    account: ACCOUNT,
    region: REGION,
    state: 'FAILED',
    resourceArn: VOLUME_ARN,
    resourceType: 'EBS',
    roleArn: ROLE_ARN,
    vaultName: VAULT,
    vaultArn: VAULT_ARN,
    raw: {},
    ...over,
  };
}

/** Evidence with the default role, an unencrypted resource and a vault with a customer managed key. */
export function evidence(over: Partial<Evidence> = {}): Evidence {
  return {
    schemaVersion: 1,
    account: ACCOUNT,
    region: REGION,
    roles: { [ROLE_ARN]: role() },
    resources: { [VOLUME_ARN]: { arn: VOLUME_ARN, type: 'EBS', exists: true, encrypted: false } },
    vaults: { [VAULT]: { name: VAULT, arn: VAULT_ARN, exists: true, encryptionKeyArn: VAULT_KEY_ARN } },
    keys: { [VAULT_KEY_ARN]: key(VAULT_KEY_ARN) },
    gaps: [],
    ...over,
  };
}

/** A check context. */
export function ctx(e: FailureEvent, ev: Evidence): CheckContext {
  return {
    event: e,
    evidence: ev,
    classification: { category: 'unknown', ruleId: 'unknown', confidence: 0, suspects: [] },
    now: new Date('2026-11-22T00:00:00Z'),
  };
}

function texts(f: Finding): Text[] {
  return [f.title, ...(f.detail ? [f.detail] : []), ...(f.fix ? [f.fix.summary] : [])];
}

/** Asserts that every text and fact of a finding has an en and ja template whose placeholders are all filled. */
export function expectMessages(check: Check, f: Finding): void {
  for (const lang of ['en', 'ja'] as const) {
    // A check's own texts, plus those its findings share with other checks (trust conditions, unproven fixes).
    const table: Record<string, string> = { ...TRUST_MESSAGES[lang], ...fixMessages[lang], ...check.messages[lang] };
    for (const t of texts(f)) {
      const template = table[t.key];
      expect(template, `${lang} ${t.key}`).toBeDefined();
      for (const m of template!.matchAll(/\{(\w+)\}/g)) expect(t.params ?? {}, `${lang} ${t.key} {${m[1]}}`).toHaveProperty(m[1]!);
    }
    for (const fact of f.facts) expect(table[`fact.${fact.name}`], `${lang} fact.${fact.name}`).toBeDefined();
  }
}
