/**
 * The deployed functions' configuration, read from the environment once at cold start. A missing or malformed
 * required value throws at load time, so a misconfigured deployment fails loudly on its first invocation.
 */
import type { Lang } from './types.ts';

/** The environment as a plain map (process.env or a test's object). */
export type Env = Readonly<Record<string, string | undefined>>;

/** Thrown when the environment lacks a required value or holds a malformed one. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** The diagnoser's configuration. */
export interface DiagnoserConfig {
  /** The SNS topic that carries every diagnosis (email, Slack queue, AWS Chatbot). */
  readonly topicArn: string;
  /** The DynamoDB table of idempotency records. */
  readonly idempotencyTable: string;
  /** The language of the notifications. */
  readonly lang: Lang;
  /** How long an idempotency record is kept, in seconds (at least 24 h). */
  readonly idempotencyTtlSeconds: number;
  /** Time kept in reserve at the end of an invocation, in milliseconds. */
  readonly safetyMarginMs: number;
  /** This deployment's account (ACCOUNT_ID); the function ARN's account when unset. */
  readonly account?: string;
  /** This deployment's region (AWS_REGION, set by Lambda). */
  readonly region?: string;
  /** The queue that keeps records the parser rejected (PARKING_QUEUE_URL). */
  readonly parkingQueueUrl?: string;
  /** The grouping window: later failures of one root cause within it are counted, then summarised. */
  readonly groupWindowMinutes: number;
  /** DECODE_AUTHORIZATION_MESSAGES=true: the role may call sts:DecodeAuthorizationMessage (an opt-in grant). */
  readonly decodeAuthorizationMessages: boolean;
}

/** The Slack notifier's configuration. */
export interface SlackNotifierConfig {
  /** The name (or ARN) of the Secrets Manager secret that holds the Slack incoming-webhook URL. */
  readonly webhookSecretId: string;
  readonly idempotencyTable: string;
  /** The queue that receives messages Slack rejected with a non-retryable 4xx. */
  readonly dlqUrl: string;
  readonly idempotencyTtlSeconds: number;
  readonly safetyMarginMs: number;
  /** How long the cached webhook URL is trusted, in milliseconds. */
  readonly secretCacheMs: number;
  /** The least time between two posts from one execution environment, in milliseconds. */
  readonly minIntervalMs: number;
}

/** The shortest idempotency window that covers AWS's duplicate deliveries. */
export const MIN_IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

function required(env: Env, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new ConfigError(`Missing required environment variable ${name}`);
  return value;
}

function integer(env: Env, name: string, fallback: number, min: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new ConfigError(`Environment variable ${name} must be an integer >= ${min}, got "${raw}"`);
  }
  return value;
}

function optional<K extends string>(env: Env, name: string, key: K): Partial<Record<K, string>> {
  const value = env[name]?.trim();
  return value ? ({ [key]: value } as Partial<Record<K, string>>) : {};
}

/** "true" or "false" (absent: false); anything else is a mistake said at load time. */
function flag(env: Env, name: string): boolean {
  const raw = env[name]?.trim();
  if (!raw || raw === 'false') return false;
  if (raw === 'true') return true;
  throw new ConfigError(`Environment variable ${name} must be "true" or "false", got "${raw}"`);
}

// LANG is the runtime's POSIX locale (Lambda sets it to en_US.UTF-8), so the report language has its own name.
function lang(env: Env): Lang {
  const value = required(env, 'REPORT_LANG');
  if (value !== 'en' && value !== 'ja') throw new ConfigError(`REPORT_LANG must be "en" or "ja", got "${value}"`);
  return value;
}

/** Reads the diagnoser's configuration; throws ConfigError on a missing or malformed value. */
export function diagnoserConfig(env: Env): DiagnoserConfig {
  return {
    topicArn: required(env, 'TOPIC_ARN'),
    idempotencyTable: required(env, 'IDEMPOTENCY_TABLE'),
    lang: lang(env),
    idempotencyTtlSeconds: integer(env, 'IDEMPOTENCY_TTL_SECONDS', 7 * 24 * 60 * 60, MIN_IDEMPOTENCY_TTL_SECONDS),
    safetyMarginMs: integer(env, 'SAFETY_MARGIN_MS', 5_000, 0),
    ...optional(env, 'ACCOUNT_ID', 'account'),
    ...optional(env, 'AWS_REGION', 'region'),
    ...optional(env, 'PARKING_QUEUE_URL', 'parkingQueueUrl'),
    groupWindowMinutes: integer(env, 'GROUP_WINDOW_MINUTES', 60, 1),
    decodeAuthorizationMessages: flag(env, 'DECODE_AUTHORIZATION_MESSAGES'),
  };
}

/** The scheduled audit's configuration: the diagnoser's, plus how long a change waits for the edits after it. */
export interface AuditConfig extends DiagnoserConfig {
  /** After a change event, the audit waits this long (from the change) so that a burst of edits is audited once. */
  readonly debounceSeconds: number;
}

/** Reads the scheduled audit's configuration; throws ConfigError on a missing or malformed value. */
export function auditConfig(env: Env): AuditConfig {
  return { ...diagnoserConfig(env), debounceSeconds: integer(env, 'AUDIT_DEBOUNCE_SECONDS', 60, 0) };
}

/** Reads the Slack notifier's configuration; throws ConfigError on a missing or malformed value. */
export function slackNotifierConfig(env: Env): SlackNotifierConfig {
  return {
    webhookSecretId: required(env, 'SLACK_WEBHOOK_SECRET_ID'),
    idempotencyTable: required(env, 'IDEMPOTENCY_TABLE'),
    dlqUrl: required(env, 'SLACK_DLQ_URL'),
    idempotencyTtlSeconds: integer(env, 'IDEMPOTENCY_TTL_SECONDS', 7 * 24 * 60 * 60, MIN_IDEMPOTENCY_TTL_SECONDS),
    safetyMarginMs: integer(env, 'SAFETY_MARGIN_MS', 3_000, 0),
    secretCacheMs: integer(env, 'SECRET_CACHE_MS', 5 * 60 * 1000, 0),
    minIntervalMs: integer(env, 'SLACK_MIN_INTERVAL_MS', 1_000, 0),
  };
}
