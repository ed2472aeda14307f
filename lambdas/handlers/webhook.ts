/**
 * The webhook's Lambda Function URL handler: verifies the request (Standard Webhooks HMAC, or the query-string
 * token), puts the payload on the intake queue and answers at once. The diagnoser reads it from the queue.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { LambdaFunctionURLEvent, LambdaFunctionURLResult } from 'aws-lambda';
import { cachedSecrets, emfLine, intakeSender, replayStore } from '../webhook/aws.ts';
import { webhookConfig } from '../webhook/config.ts';
import { handleWebhook, type WebhookDeps, type WebhookRequest } from '../webhook/intake.ts';

/** Turns a Function URL event into the request the handling reads (header names lower-case, body as bytes). */
export function requestOf(event: LambdaFunctionURLEvent): WebhookRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(event.headers ?? {})) headers[k.toLowerCase()] = v;
  const body = event.body === undefined ? Buffer.alloc(0) : Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
  return { method: event.requestContext?.http?.method ?? 'GET', headers, query: event.queryStringParameters ?? {}, body };
}

let deps: WebhookDeps | undefined;

function productionDeps(): WebhookDeps {
  const config = webhookConfig(process.env);
  const replay = replayStore(new DynamoDBClient({}), config.tableName);
  return {
    config,
    secrets: cachedSecrets(new SecretsManagerClient({}), config.secretId, 5 * 60_000),
    claim: replay.claim,
    release: replay.release,
    enqueue: intakeSender(new SQSClient({}), config.queueUrl),
    count: (outcome) => process.stdout.write(`${emfLine(outcome, Date.now())}\n`),
    now: Date.now,
    newId: () => `token-${randomUUID()}`,
    log: (line) => process.stdout.write(`${JSON.stringify({ level: 'INFO', service: 'backup-doctor-webhook', ...line })}\n`),
  };
}

/** The Lambda entry point. */
export async function handler(event: LambdaFunctionURLEvent): Promise<LambdaFunctionURLResult> {
  deps ??= productionDeps();
  return handleWebhook(requestOf(event), deps);
}
