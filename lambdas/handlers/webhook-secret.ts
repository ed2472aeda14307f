/**
 * The Slack incoming-webhook URL, read from Secrets Manager and cached for a while: never from the environment,
 * the template or the logs.
 */
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/** Extracts the webhook URL from a secret string: the URL itself, or JSON with a `url` or `webhookUrl` field. */
export function webhookUrlOf(secret: string): string {
  let candidate = secret.trim();
  if (candidate.startsWith('{')) {
    const parsed: unknown = JSON.parse(candidate);
    const record = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
    const value = record['url'] ?? record['webhookUrl'];
    candidate = typeof value === 'string' ? value.trim() : '';
  }
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    throw new Error('The Slack webhook secret does not hold a URL');
  }
  if (url.protocol !== 'https:') throw new Error('The Slack webhook URL must use https');
  return url.toString();
}

/** A getter of the webhook URL that calls Secrets Manager at most once per `ttlMs` (single-flight). */
export function cachedWebhookUrl(
  client: SecretsManagerClient,
  secretId: string,
  ttlMs: number,
  clock: () => number = Date.now,
): () => Promise<string> {
  let cached: { value: Promise<string>; expires: number } | undefined;
  return () => {
    const now = clock();
    if (cached && cached.expires > now) return cached.value;
    const value = client.send(new GetSecretValueCommand({ SecretId: secretId })).then((out) => {
      if (out.SecretString === undefined) throw new Error('The Slack webhook secret has no string value');
      return webhookUrlOf(out.SecretString);
    });
    const entry = { value, expires: now + ttlMs };
    cached = entry;
    // A failed read is not kept: the next call tries again.
    value.catch(() => {
      if (cached === entry) cached = undefined;
    });
    return value;
  };
}
