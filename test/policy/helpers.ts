/**
 * Shared fixtures for the policy evaluator tests: the real policy documents in ./fixtures (see SOURCES.md) and
 * a few synthetic account facts.
 */
import { readFileSync } from 'node:fs';
import type { PolicyDocument, PolicyStatement } from '../../lambdas/model/types.ts';

function json(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
}

/** The Document of an `iam get-policy-version` output in ./fixtures. */
export function managedPolicy(name: string): PolicyDocument {
  return (json(`${name}.json`) as { PolicyVersion: { Document: PolicyDocument } }).PolicyVersion.Document;
}

interface TrustFile {
  roles: { requiredTrustPrincipal: string; trustPolicy?: PolicyDocument; callerPassRolePolicy?: PolicyDocument }[];
}

/** The documented trust policies, by required principal. */
export function trustPolicies(): TrustFile['roles'] {
  return (json('trust-policies.json') as TrustFile).roles;
}

interface KeyStatementsFile {
  awsBackup: { id: string; statement?: PolicyStatement; statements?: PolicyStatement[] }[];
}

/** The documented AWS Backup key-policy statements, by id (backup-kms-01, ...). */
export function keyStatements(id: string): PolicyStatement[] {
  const item = (json('kms-key-policy-statements.json') as KeyStatementsFile).awsBackup.find((i) => i.id === id);
  if (!item) throw new Error(`no key-policy statement ${id}`);
  return item.statements ?? (item.statement ? [item.statement] : []);
}

/** Replaces the documentation placeholders ("[source-account-id]", ...) with a synthetic account id. */
export function withAccount(statements: PolicyStatement[], account: string): PolicyStatement[] {
  return JSON.parse(JSON.stringify(statements).replace(/\[[a-z-]*account-id\]/g, account)) as PolicyStatement[];
}

export const ACCOUNT = '111122223333';
export const OTHER_ACCOUNT = '444455556666';
export const REGION = 'ap-northeast-1';
export const ROLE = `arn:aws:iam::${ACCOUNT}:role/service-role/AWSBackupDefaultServiceRole`;
export const SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/AWSBackupDefaultServiceRole/AWSBackup-session`;
export const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const VOLUME = `arn:aws:ec2:${REGION}:${ACCOUNT}:volume/vol-0123456789abcdef0`;

/** The "Enable IAM User Permissions" statement of the default key policy. */
export const ROOT_STATEMENT: PolicyStatement = {
  Sid: 'Enable IAM User Permissions',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
  Action: 'kms:*',
  Resource: '*',
};

/** A 2012-10-17 policy document from statements. */
export function doc(...statements: PolicyStatement[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements };
}
