/**
 * The diagnoser Lambda: SQS intake queue → parse → collect evidence → diagnose → publish to SNS.
 * Configuration, clients, the evidence cache and the logger are built once per cold start.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { diagnoserConfig } from '../core/config.ts';
import { diagnose } from '../core/pipeline.ts';
import { routeFor } from '../core/routes.ts';
import { isFailure, parseInput } from '../events/index.ts';
import { collectEvidence, createClients, EvidenceCache } from '../evidence/index.ts';
import { IdempotencyStore, ecsVersionKey } from '../publish/idempotency.ts';
import { publishDiagnosis } from '../publish/publish-diagnosis.ts';
import { emailMessage, render } from '../pipeline/report.ts';
import { processDiagnoseBatch } from './diagnose-batch.ts';

const config = diagnoserConfig(process.env);
const logger = new Logger({ serviceName: 'backup-doctor-diagnoser' });
const clients = createClients();
const cache = new EvidenceCache();
const sns = new SNSClient({});
const store = new IdempotencyStore(new DynamoDBClient({}), {
  tableName: config.idempotencyTable,
  ttlSeconds: config.idempotencyTtlSeconds,
});
const renderers = { render, emailMessage };

/** The Lambda entry point (SQS event source with ReportBatchItemFailures). */
export async function handler(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  logger.addContext(context);
  return processDiagnoseBatch(event, context, {
    parseInput,
    isFailure,
    routeFor,
    collect: (e, opts) => collectEvidence(e, clients, { ...opts, cache }),
    diagnose,
    publish: (diagnosis, now) =>
      publishDiagnosis(diagnosis, { sns, store, topicArn: config.topicArn, lang: config.lang, now, renderers }),
    admitVersion: (taskArn, version, now) => store.admitVersion(ecsVersionKey(taskArn), version, now),
    log: logger,
    clock: Date.now,
    safetyMarginMs: config.safetyMarginMs,
  });
}
