import { afterEach, describe, expect, it, vi } from 'vitest';

describe('handler entry points', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it('fails at load time when the diagnoser environment is incomplete', async () => {
    vi.stubEnv('TOPIC_ARN', '');

    await expect(import('../../lambdas/handlers/diagnose.ts')).rejects.toThrow(/TOPIC_ARN/);
  });

  it('loads the diagnoser with a complete environment', async () => {
    vi.stubEnv('TOPIC_ARN', 'arn:aws:sns:us-east-1:111122223333:t');
    vi.stubEnv('IDEMPOTENCY_TABLE', 'idem');
    vi.stubEnv('REPORT_LANG', 'en');
    vi.stubEnv('AWS_REGION', 'us-east-1');

    const mod = await import('../../lambdas/handlers/diagnose.ts');

    expect(typeof mod.handler).toBe('function');
  });

  it('loads the Slack notifier with a complete environment', async () => {
    vi.stubEnv('SLACK_WEBHOOK_SECRET_ID', 'slack/webhook');
    vi.stubEnv('IDEMPOTENCY_TABLE', 'idem');
    vi.stubEnv('SLACK_DLQ_URL', 'https://sqs.us-east-1.amazonaws.com/111122223333/dlq');
    vi.stubEnv('AWS_REGION', 'us-east-1');

    const mod = await import('../../lambdas/handlers/slack-notifier.ts');

    expect(typeof mod.handler).toBe('function');
  });
});
