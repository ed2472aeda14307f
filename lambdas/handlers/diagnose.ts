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
import { agentConfig } from '../core/agent-config.ts';
import { ROUTES, agentDeniedRoutes, routeFor } from '../core/routes.ts';
import { isFailure, parseInput } from '../events/index.ts';
import { collectEvidence, createClients, EvidenceCache } from '../evidence/index.ts';
import { Grouping, RecordStore } from '../grouping/index.ts';
import { IdempotencyStore, ecsVersionKey } from '../publish/idempotency.ts';
import { emailMessage, messageTable, render } from '../pipeline/report.ts';
import { processDiagnoseBatch } from './diagnose-batch.ts';

const config = diagnoserConfig(process.env);
const agents = agentConfig(process.env);
// Denied calls of the user's agents are routed as well (the deployment's rules are built from the same profiles).
const routes = [...ROUTES.filter((r) => r.kind !== 'access-denied'), ...agentDeniedRoutes(agents.agentProfiles)];
const logger = new Logger({ serviceName: 'backup-doctor-diagnoser' });
const clients = createClients();
const cache = new EvidenceCache();
// No SDK retries on Publish: after a 5xx or a timeout the message may be out, and a retry would send it twice.
const sns = new SNSClient({ maxAttempts: 1 });
const ddb = new DynamoDBClient({});
const tableOpts = { tableName: config.idempotencyTable, ttlSeconds: config.idempotencyTtlSeconds };
const store = new IdempotencyStore(ddb, tableOpts);
const renderers = { render, emailMessage };
const grouping = new Grouping({
  records: new RecordStore(ddb, tableOpts),
  sends: store,
  sns,
  topicArn: config.topicArn,
  lang: config.lang,
  renderers,
  table: messageTable(),
  windowMs: config.groupWindowMinutes * 60_000,
});

/** The Lambda entry point (SQS event source with ReportBatchItemFailures). */
export async function handler(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  logger.addContext(context);
  return processDiagnoseBatch(event, context, {
    parseInput,
    isFailure,
    routeFor: (raw) => routeFor(raw, routes),
    collect: (e, opts) => collectEvidence(e, clients, { ...opts, cache, ...agents }),
    diagnose: (e, evidence, opts) => diagnose(e, evidence, { ...opts, ...agents }),
    // One full notification per root cause; later failures of the cause are counted for its summary.
    publish: async (diagnosis, now) => ((await grouping.onDiagnosis(diagnosis, now)) === 'published' ? 'claimed' : 'duplicate'),
    completed: (event, now) => grouping.onCompleted(event, now),
    admitVersion: (taskArn, version, now) => store.admitVersion(ecsVersionKey(taskArn), version, now),
    log: logger,
    clock: Date.now,
    safetyMarginMs: config.safetyMarginMs,
  });
}
