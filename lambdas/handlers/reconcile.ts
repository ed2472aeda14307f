/**
 * The reconciler Lambda, run on a schedule: sweeps AWS Backup for failed jobs no event brought (each through the
 * diagnoser's path, its diagnosis saying it was found by the sweep) and closes the grouping windows that ended.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { BackupClient } from '@aws-sdk/client-backup';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import type { Context } from 'aws-lambda';
import { diagnoserConfig } from '../model/config.ts';
import { diagnose } from '../pipeline/index.ts';
import type { Diagnosis, FailureEvent } from '../model/types.ts';
import { collectEvidence, createClients, EvidenceCache, followUpReads } from '../evidence/index.ts';
import { withFollowUps } from '../pipeline/follow-up.ts';
import { Grouping, RecordStore, describeReuse } from '../grouping/index.ts';
import { backupJobLister, listedJobRecord } from '../grouping/jobs.ts';
import { type ReconcileResult, reconcile } from '../grouping/reconcile.ts';
import { IdempotencyStore } from '../publish/idempotency.ts';
import { emailMessage, messageTable, render } from '../pipeline/report.ts';

const config = diagnoserConfig(process.env);
const logger = new Logger({ serviceName: 'backup-doctor-reconciler' });
const clients = createClients();
const cache = new EvidenceCache();
const region = process.env['AWS_REGION'] ?? '';
const backup = new BackupClient({});
// No SDK retries on Publish: after a 5xx or a timeout the message may be out, and a retry would send it twice.
const sns = new SNSClient({ maxAttempts: 1 });
const ddb = new DynamoDBClient({});
const tableOpts = { tableName: config.idempotencyTable, ttlSeconds: config.idempotencyTtlSeconds };
const sends = new IdempotencyStore(ddb, tableOpts);
const records = new RecordStore(ddb, tableOpts);
const grouping = new Grouping({
  records,
  sends,
  sns,
  topicArn: config.topicArn,
  lang: config.lang,
  renderers: { render, emailMessage },
  table: messageTable(),
  windowMs: config.groupWindowMinutes * 60_000,
});

/** A diagnosis of a failure found by the sweep says so first among its next steps. */
export function foundBySweep(d: Diagnosis): Diagnosis {
  return { ...d, nextSteps: [{ text: { key: 'group.origin.sweep' } }, ...d.nextSteps] };
}

/** The Lambda entry point (an EventBridge schedule). */
export async function handler(_event: unknown, context: Context): Promise<{ sweep: ReconcileResult; summaries: number }> {
  logger.addContext(context);
  const usable = () => context.getRemainingTimeInMillis() - config.safetyMarginMs;
  const handle = async (event: FailureEvent): Promise<void> => {
    const now = new Date();
    const deadline = Date.now() + Math.max(0, Math.min(usable(), 60_000));
    // The listing is the job's record: nothing more is read for a failure of an open group's cause.
    const job = listedJobRecord(event);
    const hit = await grouping.countByShortcut(event, job, now).catch((err: unknown) => {
      logger.warn('Grouping could not take the shortcut; the failure is diagnosed in full', { eventId: event.id, error: String(err).slice(0, 500) });
      return undefined;
    });
    if (hit) {
      const reused = describeReuse(hit.evidence);
      logger.info('Handled a failure found by the sweep', { eventId: event.id, kind: event.kind, state: event.state, outcome: hit.admission, reused });
      return;
    }
    const collected = await collectEvidence(event, clients, { now, deadline, cache, ...(job ? { job: { record: job, gaps: [] } } : {}) });
    // Who changed the objects at fault, as the diagnoser says it for an event.
    const evidence = await withFollowUps(event, collected, { changes: followUpReads(clients, { now, deadline }).changes }, { now });
    const outcome = await grouping.onDiagnosis(foundBySweep(diagnose(event, evidence, { now })), now, evidence);
    logger.info('Handled a failure found by the sweep', { eventId: event.id, kind: event.kind, state: event.state, outcome });
  };
  // Groups first: closing a window must not wait on a long or failing sweep.
  const { summaries } = await grouping.sweep(new Date());
  const sweep = await reconcile(
    {
      records,
      sends,
      list: backupJobLister(backup, region),
      handle,
      timeLeft: () => usable() > 30_000,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      pageIntervalMs: 500,
      firstLookbackMs: 24 * 60 * 60_000,
      settleMs: 10 * 60_000,
    },
    new Date(),
  );
  logger.info('Swept', { ...sweep, summaries });
  return { sweep, summaries };
}
