import { describe, expect, it } from 'vitest';
import { ConfigError, diagnoserConfig, slackNotifierConfig } from '../../lambdas/model/config.ts';

const DIAGNOSER_ENV = { TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:t', IDEMPOTENCY_TABLE: 'idem', REPORT_LANG: 'ja' };

describe('configuration', () => {
  it('reads the diagnoser configuration with defaults', () => {
    const config = diagnoserConfig(DIAGNOSER_ENV);

    expect(config).toEqual({
      topicArn: DIAGNOSER_ENV.TOPIC_ARN,
      idempotencyTable: 'idem',
      lang: 'ja',
      idempotencyTtlSeconds: 604_800,
      safetyMarginMs: 5_000,
      groupWindowMinutes: 60,
      decodeAuthorizationMessages: false,
    });
  });

  it('decodes authorization messages only when DECODE_AUTHORIZATION_MESSAGES is "true", and refuses any other word', () => {
    expect(diagnoserConfig({ ...DIAGNOSER_ENV, DECODE_AUTHORIZATION_MESSAGES: 'true' }).decodeAuthorizationMessages).toBe(true);
    expect(diagnoserConfig({ ...DIAGNOSER_ENV, DECODE_AUTHORIZATION_MESSAGES: 'false' }).decodeAuthorizationMessages).toBe(false);
    expect(() => diagnoserConfig({ ...DIAGNOSER_ENV, DECODE_AUTHORIZATION_MESSAGES: 'yes' })).toThrow(ConfigError);
  });

  it.each(['TOPIC_ARN', 'IDEMPOTENCY_TABLE', 'REPORT_LANG'])('fails loudly without %s', (name) => {
    const env = { ...DIAGNOSER_ENV, [name]: undefined };

    expect(() => diagnoserConfig(env)).toThrow(new ConfigError(`Missing required environment variable ${name}`));
  });

  it('rejects an unsupported language', () => {
    expect(() => diagnoserConfig({ ...DIAGNOSER_ENV, REPORT_LANG: 'fr' })).toThrow(ConfigError);
  });

  it('rejects an idempotency window shorter than 24 hours', () => {
    expect(() => diagnoserConfig({ ...DIAGNOSER_ENV, IDEMPOTENCY_TTL_SECONDS: '3600' })).toThrow(/>= 86400/);
  });

  it('reads the Slack notifier configuration', () => {
    const config = slackNotifierConfig({
      SLACK_WEBHOOK_SECRET_ID: 'slack/webhook',
      IDEMPOTENCY_TABLE: 'idem',
      SLACK_DLQ_URL: 'https://sqs.us-east-1.amazonaws.com/111122223333/dlq',
      SLACK_MIN_INTERVAL_MS: '2000',
    });

    expect(config).toMatchObject({ webhookSecretId: 'slack/webhook', minIntervalMs: 2_000, secretCacheMs: 300_000 });
  });
});
