/**
 * The Slack notifier Lambda: the Slack queue (subscribed to the diagnosis topic, raw delivery) → Slack
 * incoming webhook. Configuration, clients, the pacer and the secret cache live for the execution environment.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { slackNotifierConfig } from '../model/config.ts';
import { IdempotencyStore } from '../publish/idempotency.ts';
import { Pacer, processSlackBatch, type DeadLetter, type SlackResponse } from './slack-batch.ts';
import { cachedWebhookUrl } from './webhook-secret.ts';
import { boundByDeadline, type InvocationDeadline, invocationDeadline } from './deadline.ts';

const config = slackNotifierConfig(process.env);
const logger = new Logger({ serviceName: 'backup-doctor-slack' });
// Every AWS call aborts at the invocation's deadline.
let current: InvocationDeadline | undefined;
const sqs = boundByDeadline(new SQSClient({}), () => current);
const store = new IdempotencyStore(boundByDeadline(new DynamoDBClient({}), () => current), {
  tableName: config.idempotencyTable,
  ttlSeconds: config.idempotencyTtlSeconds,
});
const webhookUrl = cachedWebhookUrl(boundByDeadline(new SecretsManagerClient({}), () => current), config.webhookSecretId, config.secretCacheMs);
const pacer = new Pacer(config.minIntervalMs);

async function post(url: string, body: string, timeoutMs: number): Promise<SlackResponse> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.text() };
}

async function deadLetter(letter: DeadLetter): Promise<void> {
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: config.dlqUrl,
      MessageBody: letter.body,
      MessageAttributes: {
        'diagnosis-id': { DataType: 'String', StringValue: letter.diagnosisId },
        'slack-status': { DataType: 'Number', StringValue: String(letter.status) },
        'slack-reason': { DataType: 'String', StringValue: letter.reason || '(empty)' },
      },
    }),
  );
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The Lambda entry point (SQS event source with ReportBatchItemFailures). */
export async function handler(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  logger.addContext(context);
  // Reads stop at the full safety margin; the writes after them may use its first half.
  current = invocationDeadline(context, Math.floor(config.safetyMarginMs / 2));
  return processSlackBatch(event, context, {
    webhookUrl,
    post,
    store,
    deadLetter,
    sleep,
    clock: Date.now,
    random: Math.random,
    pacer,
    log: logger,
    safetyMarginMs: config.safetyMarginMs,
  });
}
