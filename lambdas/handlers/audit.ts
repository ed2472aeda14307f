/**
 * The scheduled audit Lambda: invoked by the daily schedule and by the CloudTrail records of changes to what the
 * audit checks (lambdas/audit/triggers.ts). It reads the account read-only (paginated, paced, adaptive retries),
 * runs the audit and publishes only what changed since the last run: the new findings and the resolved ones.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import type { Context } from 'aws-lambda';
import { runAudit } from '../audit/run.ts';
import { ScheduledAudit, type ScheduledAuditResult } from '../audit/scheduled.ts';
import { triggerOf } from '../audit/triggers.ts';
import { collectAuditEvidence } from '../evidence/audit.ts';
import { createClients } from '../evidence/index.ts';
import { RecordStore } from '../grouping/store.ts';
import { auditConfig } from '../model/config.ts';
import { agentConfig } from '../pipeline/agent-config.ts';
import { messageTable } from '../pipeline/report.ts';
import { IdempotencyStore } from '../publish/idempotency.ts';
import { accountOfFunctionArn } from './home-account.ts';

const config = auditConfig(process.env);
const agents = agentConfig(process.env);
const logger = new Logger({ serviceName: 'backup-doctor-audit' });
const region = config.region ?? '';
// Adaptive retries: after a throttle the client slows itself down, which suits a long run of IAM reads.
const clients = createClients({ retryMode: 'adaptive', maxAttempts: 5 });
// No SDK retries on Publish: after a 5xx or a timeout the message may be out, and a retry would send it twice.
const sns = new SNSClient({ maxAttempts: 1 });
const ddb = new DynamoDBClient({});
const tableOpts = { tableName: config.idempotencyTable, ttlSeconds: config.idempotencyTtlSeconds };
const sends = new IdempotencyStore(ddb, tableOpts);
// The finding set must outlive the longest gap between two audits; a year covers a schedule switched off for months.
const records = new RecordStore(ddb, { ...tableOpts, ttlSeconds: Math.max(tableOpts.ttlSeconds, 366 * 86_400) });
const table = messageTable();

/** The Lambda entry point (EventBridge: the schedule or an audited change). */
export async function handler(event: unknown, context: Context): Promise<ScheduledAuditResult> {
  logger.addContext(context);
  const account = config.account ?? accountOfFunctionArn(context.invokedFunctionArn) ?? '';
  const usable = () => context.getRemainingTimeInMillis() - config.safetyMarginMs;
  const trigger = triggerOf(event);
  logger.info('Audit triggered', { trigger: trigger.kind === 'other' ? { kind: 'other', reason: trigger.reason } : trigger });
  const audit = new ScheduledAudit({
    records,
    sends,
    sns,
    topicArn: config.topicArn,
    lang: config.lang,
    account,
    region,
    table,
    // The reads may use what is left of the invocation but the time to decide and to publish.
    collect: async (now) => {
      const evidence = await collectAuditEvidence(clients, { now, deadline: Date.now() + Math.max(0, usable() - 30_000), region, account, ...agents });
      // What could not be read is in the notices; the log keeps all of it.
      if (evidence.gaps.length > 0) logger.warn('Some reads failed; their findings stay undecided', { gaps: evidence.gaps });
      return evidence;
    },
    audit: (evidence, now) => runAudit(evidence, { now, ...agents }),
    clock: () => new Date(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    debounceMs: config.debounceSeconds * 1000,
    // Waiting for a burst to end may take at most a third of the time: the audit needs the rest.
    maxWaitMs: () => Math.max(0, usable() / 3),
  });
  const result = await audit.run(trigger);
  logger.info(result.ran ? 'Audited' : 'Not audited', { ...result });
  return result;
}
