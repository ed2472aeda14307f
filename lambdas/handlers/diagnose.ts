/**
 * The diagnoser Lambda: SQS intake queue → parse → collect evidence → diagnose → publish to SNS.
 * Configuration, clients, the evidence cache and the logger are built once per cold start.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { diagnoserConfig } from '../model/config.ts';
import { diagnose } from '../pipeline/index.ts';
import { agentConfig } from '../pipeline/agent-config.ts';
import { ROUTES, agentDeniedRoutes, routeFor } from '../catalog/routes.ts';
import { isFailure, parseInput } from '../events/index.ts';
import { collectEvidence, createClients, EvidenceCache, followUpReads, type JobRead, readJob } from '../evidence/index.ts';
import { withFollowUps } from '../pipeline/follow-up.ts';
import { organizationCollector, organizationConfig } from '../organization/index.ts';
import { Grouping, RecordStore } from '../grouping/index.ts';
import { IdempotencyStore, ecsVersionKey } from '../publish/idempotency.ts';
import { emailMessage, messageTable, render } from '../pipeline/report.ts';
import { groupingShortcut, processDiagnoseBatch } from './diagnose-batch.ts';
import { accountOfFunctionArn } from './home-account.ts';
import { emfLine } from './metrics.ts';
import { boundByDeadline, type InvocationDeadline, invocationDeadline } from './deadline.ts';

const config = diagnoserConfig(process.env);
const agents = agentConfig(process.env);
// Denied calls of the user's agents are routed as well (the deployment's rules are built from the same profiles).
const routes = [...ROUTES.filter((r) => r.kind !== 'access-denied'), ...agentDeniedRoutes(agents.agentProfiles)];
const logger = new Logger({ serviceName: 'backup-doctor-diagnoser' });
const clients = createClients();
const cache = new EvidenceCache();
// Organization deployments read each member account through its inspection role; a single account reads itself.
const organization = organizationConfig(process.env);
const region = process.env['AWS_REGION'];
// A single account also looks up who changed the objects at fault, and decodes an encoded authorization message
// when the deployment allows it (-c decodeAuthorizationMessages=true), within the record's deadline.
const collect = organization
  ? (e: Parameters<typeof collectEvidence>[0], opts: { now: Date; deadline: number }) =>
      organizationCollector(organization, { clients, cache, ...(region ? { region } : {}) }).collect(e, { ...opts, ...agents })
  : async (e: Parameters<typeof collectEvidence>[0], opts: { now: Date; deadline: number; job?: JobRead }) =>
      withFollowUps(
        e,
        await collectEvidence(e, clients, { ...opts, cache, ...agents }),
        followUpReads(clients, { now: opts.now, deadline: opts.deadline, decodeAuthorizationMessages: config.decodeAuthorizationMessages }),
        { now: opts.now, ...agents },
      );
// SNS and DynamoDB calls abort at the invocation's deadline (evidence reads have their own, per record).
let current: InvocationDeadline | undefined;
// No SDK retries on Publish: after a 5xx or a timeout the message may be out, and a retry would send it twice.
const sns = boundByDeadline(new SNSClient({ maxAttempts: 1 }), () => current);
const ddb = boundByDeadline(new DynamoDBClient({}), () => current);
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
const sqs = boundByDeadline(new SQSClient({}), () => current);
const shortcut = groupingShortcut(grouping, (event, { deadline }) => readJob(event, clients, { deadline, cache, ...(region ? { region } : {}) }));

/** Parks a rejected record whole, with the parser's reason, in the parking queue. */
async function park(body: string, reason: string): Promise<void> {
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: config.parkingQueueUrl,
      MessageBody: body,
      MessageAttributes: { reason: { DataType: 'String', StringValue: reason.slice(0, 1000) || '(none)' } },
    }),
  );
}

/** The Lambda entry point (SQS event source with ReportBatchItemFailures). */
export async function handler(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  logger.addContext(context);
  // Reads stop at the full safety margin; the writes after them may use its first half.
  current = invocationDeadline(context, Math.floor(config.safetyMarginMs / 2));
  return processDiagnoseBatch(event, context, {
    parseInput,
    isFailure,
    routeFor: (raw) => routeFor(raw, routes),
    collect,
    diagnose: (e, evidence, opts) => diagnose(e, evidence, { ...opts, ...agents }),
    // One full notification per root cause; later failures of the cause are counted for its summary.
    publish: (diagnosis, now, evidence) => grouping.onDiagnosis(diagnosis, now, evidence),
    // A member account's job is read through its inspection role: organization deployments diagnose every failure.
    ...(organization ? {} : { shortcut }),
    completed: (event, now) => grouping.onCompleted(event, now),
    admitVersion: (taskArn, version, now) => store.admitVersion(ecsVersionKey(taskArn), version, now),
    log: logger,
    clock: Date.now,
    safetyMarginMs: config.safetyMarginMs,
    ...(config.parkingQueueUrl ? { park } : {}),
    knownKind: (e) => ROUTES.some((r) => r.source === e['source'] && r.detailType === e['detail-type']),
    count: (name, value) => process.stdout.write(emfLine(name, value, Date.now())),
    home: { account: config.account ?? accountOfFunctionArn(context.invokedFunctionArn), region: config.region },
  });
}
