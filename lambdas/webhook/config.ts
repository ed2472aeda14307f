/**
 * The webhook function's configuration, read once from the environment at cold start; a missing value fails loudly.
 */
import type { WebhookConfig } from './intake.ts';

/** Environment variable names, shared with the construct that sets them. */
export const WEBHOOK_ENV = {
  secretId: 'WEBHOOK_SECRET_ID',
  queueUrl: 'INTAKE_QUEUE_URL',
  tableName: 'REPLAY_TABLE_NAME',
  hmac: 'WEBHOOK_HMAC',
  queryToken: 'WEBHOOK_QUERY_TOKEN',
} as const;

/** The whole configuration of the webhook function. */
export interface WebhookEnvConfig extends WebhookConfig {
  /** The secret's name (Secrets Manager accepts a name or an ARN). */
  readonly secretId: string;
  readonly queueUrl: string;
  readonly tableName: string;
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`backup-doctor webhook: environment variable ${name} is not set`);
  return value;
}

function onOff(env: NodeJS.ProcessEnv, name: string): boolean {
  const value = required(env, name);
  if (value !== 'on' && value !== 'off') throw new Error(`backup-doctor webhook: ${name} must be "on" or "off"`);
  return value === 'on';
}

/** Reads the configuration. */
export function webhookConfig(env: NodeJS.ProcessEnv): WebhookEnvConfig {
  return {
    secretId: required(env, WEBHOOK_ENV.secretId),
    queueUrl: required(env, WEBHOOK_ENV.queueUrl),
    tableName: required(env, WEBHOOK_ENV.tableName),
    hmac: onOff(env, WEBHOOK_ENV.hmac),
    queryToken: onOff(env, WEBHOOK_ENV.queryToken),
  };
}
