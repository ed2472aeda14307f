/**
 * The webhook's AWS side: its secrets from Secrets Manager (cached, single-flight), the replay store (a DynamoDB
 * conditional put with a TTL), the intake queue, and a CloudWatch metric per outcome (embedded metric format).
 */
import { DeleteItemCommand, type DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import * as z from 'zod/mini';
import type { WebhookOutcome, WebhookSecrets } from './intake.ts';

const SecretShape = z.object({
  hmacSecrets: z.optional(z.array(z.string().check(z.minLength(1)))),
  queryTokens: z.optional(z.array(z.string().check(z.minLength(16)))),
});

/** Reads the secret's JSON `{ "hmacSecrets": [...], "queryTokens": [...] }`; a malformed secret is an error that names no value. */
export function secretsOf(secretString: string): WebhookSecrets {
  let value: unknown;
  try {
    value = JSON.parse(secretString);
  } catch {
    throw new Error('The webhook secret is not JSON');
  }
  const parsed = SecretShape.safeParse(value);
  if (!parsed.success) throw new Error('The webhook secret must be {"hmacSecrets": [string...], "queryTokens": [string of 16+ chars...]}');
  return { hmacSecrets: parsed.data.hmacSecrets ?? [], queryTokens: parsed.data.queryTokens ?? [] };
}

/** A getter of the secrets that calls Secrets Manager at most once per `ttlMs`; a failed read is not kept. */
export function cachedSecrets(client: SecretsManagerClient, secretId: string, ttlMs: number, clock: () => number = Date.now): () => Promise<WebhookSecrets> {
  let cached: { value: Promise<WebhookSecrets>; expires: number } | undefined;
  return () => {
    const now = clock();
    if (cached && cached.expires > now) return cached.value;
    const value = client.send(new GetSecretValueCommand({ SecretId: secretId })).then((out) => {
      if (out.SecretString === undefined) throw new Error('The webhook secret has no string value');
      return secretsOf(out.SecretString);
    });
    const entry = { value, expires: now + ttlMs };
    cached = entry;
    value.catch(() => {
      if (cached === entry) cached = undefined;
    });
    return value;
  };
}

/** The replay store: one item per delivery id, kept until `expiresAt` by the table's TTL. */
export function replayStore(client: DynamoDBClient, tableName: string) {
  return {
    async claim(id: string, expiresAt: number, now: number): Promise<boolean> {
      try {
        await client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: { pk: { S: id }, expiresAt: { N: String(expiresAt) } },
            // An expired item may linger until TTL removes it; it no longer counts as seen.
            ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
            ExpressionAttributeValues: { ':now': { N: String(now) } },
          }),
        );
        return true;
      } catch (err) {
        if (err instanceof Error && err.name === 'ConditionalCheckFailedException') return false;
        throw err;
      }
    },
    async release(id: string): Promise<void> {
      await client.send(new DeleteItemCommand({ TableName: tableName, Key: { pk: { S: id } } }));
    },
  };
}

/** Sends one message to the intake queue. */
export function intakeSender(client: SQSClient, queueUrl: string) {
  return async (messageBody: string): Promise<void> => {
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: messageBody }));
  };
}

/** The metric namespace and name of the webhook's outcomes. */
export const METRIC = { namespace: 'BackupDoctor', name: 'WebhookRequests', dimension: 'Outcome' } as const;

/** One CloudWatch embedded-metric-format line per outcome: `WebhookRequests` with dimension `Outcome`. */
export function emfLine(outcome: WebhookOutcome, now: number): string {
  return JSON.stringify({
    _aws: {
      Timestamp: now,
      CloudWatchMetrics: [{ Namespace: METRIC.namespace, Dimensions: [[METRIC.dimension]], Metrics: [{ Name: METRIC.name, Unit: 'Count' }] }],
    },
    [METRIC.dimension]: outcome,
    [METRIC.name]: 1,
  });
}
