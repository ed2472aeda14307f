/**
 * The organization deployment's names and the diagnoser's configuration for reading member accounts. The CDK app
 * and the Lambda take these names from here, so that the role the member template creates is the role the
 * diagnoser assumes.
 */
import { ConfigError, type Env } from '../model/config.ts';
import type { MemberRoleConfig } from '../evidence/credentials.ts';

/** The inspection role's name in every member account. */
export const MEMBER_ROLE_NAME = 'backup-doctor-inspection';

/** The StackSet that deploys the member template, unless the deployment names another. */
export const DEFAULT_STACK_SET_NAME = 'backup-doctor-member';

/** An AWS Organizations id: "o-" and 10 to 32 lower-case letters or digits. */
export const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;

/** The diagnoser's configuration in an organization deployment. */
export interface OrganizationConfig extends MemberRoleConfig {
  /** The account the central stack runs in: its own events are read with the function's own role. */
  readonly centralAccount: string;
  /** The StackSet to name when a member account has no inspection role. */
  readonly stackSetName: string;
  /** The region whose stack instance creates the inspection role (the central region). */
  readonly roleRegion?: string;
}

function required(env: Env, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new ConfigError(`Missing required environment variable ${name}`);
  return value;
}

/**
 * The organization configuration when the function is deployed by the central stack (MEMBER_ROLE_NAME is set),
 * else undefined (a single-account deployment). Throws ConfigError on a partial configuration.
 */
export function organizationConfig(env: Env): OrganizationConfig | undefined {
  if (!env['MEMBER_ROLE_NAME']?.trim()) return undefined;
  const centralAccount = required(env, 'CENTRAL_ACCOUNT_ID');
  if (!/^\d{12}$/.test(centralAccount)) {
    throw new ConfigError(`CENTRAL_ACCOUNT_ID must be a 12-digit account id, got "${centralAccount}"`);
  }
  return {
    roleName: required(env, 'MEMBER_ROLE_NAME'),
    externalId: required(env, 'MEMBER_ROLE_EXTERNAL_ID'),
    partition: env['MEMBER_ROLE_PARTITION']?.trim() || 'aws',
    centralAccount,
    stackSetName: env['MEMBER_STACK_SET_NAME']?.trim() || DEFAULT_STACK_SET_NAME,
    ...(env['AWS_REGION']?.trim() ? { roleRegion: env['AWS_REGION'].trim() } : {}),
  };
}
