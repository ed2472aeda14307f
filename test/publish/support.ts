/** Shared test data for the publish and handler tests: real events, a fixed clock, fake renderers. */
import { readFileSync } from 'node:fs';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import type { Diagnosis, Evidence, FailureEvent } from '../../lambdas/model/types.ts';
import type { Renderers } from '../../lambdas/publish/index.ts';

/** A real sample from test/fixtures/events (see its SOURCES.md). */
export const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../fixtures/events/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;

/** One failure sample per route. */
export const FAILED_SAMPLES = [
  'backup-job-failed.json',
  'copy-job-failed.json',
  'restore-job-failed.json',
  'ebs-volume-notification-createvolume-failed-kms-disabled.json',
  'ecs-task-state-change-ebs-failed-assume-role.synthetic.json',
] as const;

/** A fixed instant. */
export const NOW = Date.parse('2026-03-01T00:00:00Z');

/** An SQS record carrying a body, as Lambda delivers it. */
export function sqsRecord(messageId: string, body: string, attributes: SQSRecord['messageAttributes'] = {}): SQSRecord {
  return {
    messageId,
    receiptHandle: `rh-${messageId}`,
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: String(NOW),
      SenderId: 'AIDAEXAMPLE',
      ApproximateFirstReceiveTimestamp: String(NOW),
    },
    messageAttributes: attributes,
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:111122223333:intake',
    awsRegion: 'us-east-1',
  };
}

/** An SQS event of records. */
export const sqsEvent = (records: SQSRecord[]): SQSEvent => ({ Records: records });

/** Empty evidence: what the collectors return when they could read nothing. */
export const EMPTY_EVIDENCE: Evidence = { schemaVersion: 1, gaps: [] };

/** A minimal diagnosis of an event (the pipeline itself is tested elsewhere). */
export function fakeDiagnosis(event: FailureEvent): Diagnosis {
  return {
    event,
    classification: { category: 'unknown', ruleId: 'unknown', confidence: 0, suspects: [] },
    category: 'unknown',
    headline: { key: 'pipeline.headline.unknown', params: { object: event.id } },
    findings: [],
    nextSteps: [],
    fingerprint: `${event.account ?? ''}|unknown|${event.id}`,
    gaps: [],
    generatedAt: new Date(NOW).toISOString(),
  };
}

/** Renderers that echo the diagnosis id. */
export const fakeRenderers: Renderers = {
  render: (d, opts) =>
    opts.format === 'slack'
      ? JSON.stringify({ text: `failure ${d.event.id}` })
      : JSON.stringify({ version: '1.0', source: 'custom', content: { title: d.event.id } }),
  emailMessage: (d) => ({ subject: `Failure of ${d.event.kind}`, body: `Diagnosis of ${d.event.id}` }),
};

/** A deterministic shuffle (a linear congruential generator seeded by `seed`). */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i -= 1) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** A logger that records what was logged. */
export function recordingLog(): { log: { info: (m: string, ...e: Record<string, unknown>[]) => void; warn: (m: string, ...e: Record<string, unknown>[]) => void; error: (m: string, ...e: Record<string, unknown>[]) => void }; lines: { level: string; message: string; extra: Record<string, unknown> }[] } {
  const lines: { level: string; message: string; extra: Record<string, unknown> }[] = [];
  const at = (level: string) => (message: string, ...extra: Record<string, unknown>[]) => {
    lines.push({ level, message, extra: Object.assign({}, ...extra) as Record<string, unknown> });
  };
  return { log: { info: at('info'), warn: at('warn'), error: at('error') }, lines };
}
