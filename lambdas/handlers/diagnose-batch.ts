/**
 * The diagnoser's batch logic, with every dependency injected: SQS records in, partial batch failures out.
 * A malformed or unsupported record is logged and dropped (a retry cannot fix it); a transient failure
 * (AWS unavailable while collecting or publishing) fails that record alone, so that SQS redelivers it.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
 */
import { randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Route } from '../catalog/routes.ts';
import type { JobRead } from '../evidence/index.ts';
import type { GroupOutcome, Grouping } from '../grouping/index.ts';
import { describeReuse } from '../grouping/shortcut.ts';
import type { Diagnosis, Evidence, FailureEvent, JobRecord } from '../model/types.ts';
import type { AdmitResult, ClaimResult } from '../publish/idempotency.ts';
import { excerpt, type Log } from './logger.ts';
import { foreignDiagnosis, foreignEvidence, type Home, isForeign } from './home-account.ts';

/** What the events parser returns for one input. */
export type ParseResult =
  | {
      readonly ok: true;
      readonly events: readonly FailureEvent[];
      readonly ignored: readonly { readonly reason: string; readonly excerpt: string }[];
    }
  | { readonly ok: false; readonly error: string };

/** The Lambda context's one method the handler needs. */
export interface RemainingTime {
  getRemainingTimeInMillis(): number;
}

/** Everything the diagnoser does besides control flow. */
export interface DiagnoseDeps {
  readonly parseInput: (input: unknown) => ParseResult;
  readonly isFailure: (event: FailureEvent) => boolean;
  readonly routeFor: (raw: unknown) => Route | undefined;
  /** Reads the account's evidence before `deadline` (epoch ms); the job record too, unless it was read already. */
  readonly collect: (event: FailureEvent, opts: { now: Date; deadline: number; job?: JobRead }) => Promise<Evidence>;
  readonly diagnose: (event: FailureEvent, evidence: Evidence, opts: { now: Date }) => Diagnosis;
  /** Publishes once per diagnosis id (the evidence lets grouping leave a shortcut for the rest of a storm). */
  /** Sends the diagnosis: claimed (or published in full), counted into an open group, or a duplicate. */
  readonly publish: (diagnosis: Diagnosis, now: Date, evidence: Evidence) => Promise<ClaimResult | GroupOutcome>;
  /** Grouping's evidence reuse (docs/delivery.md): a failure of an open group's cause is counted on its job read. */
  readonly shortcut?: ShortcutDeps;
  /** A job that completed: resolves the open groups of its resource (grouping), when grouping is on. */
  readonly completed?: (event: FailureEvent, now: Date) => Promise<unknown>;
  /** Records an ECS task version; `stale` when a higher version of the task was already seen. */
  readonly admitVersion: (taskArn: string, version: number, now: Date) => Promise<AdmitResult>;
  readonly log: Log;
  /** The current time (epoch ms). */
  readonly clock: () => number;
  /** Time kept in reserve at the end of the invocation, in ms. */
  readonly safetyMarginMs: number;
  /** This deployment's account and region: an event from elsewhere is reported, and nothing is read for it. */
  readonly home?: Home;
  /** Keeps a record the parser rejected, whole, in the parking queue; a throw leaves it to SQS's retry. */
  readonly park?: (body: string, reason: string) => Promise<void>;
  /** True for an event whose source and detail type a route names (its shape is then worth parking). */
  readonly knownKind?: (event: Record<string, unknown>) => boolean;
  /** Counts a metric (embedded metric format). */
  readonly count?: (name: 'RejectedRecords', value: number) => void;
}

/** What happened to one event. `counted`: counted into an open group on its job record alone. */
export type EventOutcome = 'published' | 'duplicate' | 'counted' | 'stale' | 'not-a-failure';

/** What the shortcut needs: the job read alone, and grouping's two questions. */
export interface ShortcutDeps {
  /** Whether the failure was handled already (counted, or its diagnosis published): a redelivery. */
  readonly wasHandled: (event: FailureEvent, now: Date) => Promise<boolean>;
  /** Reads the job record alone, before `deadline`. */
  readonly readJob: (event: FailureEvent, opts: { deadline: number }) => Promise<JobRead>;
  /** Counts the failure into the open group its job record leads to; undefined when there is none. */
  readonly count: (event: FailureEvent, job: JobRecord | undefined, now: Date) => Promise<{ readonly admission: 'counted' | 'duplicate'; readonly reused: string } | undefined>;
  /** Claims the first diagnosis of the job's likely cause: `mine`, `none` (diagnose without waiting) or held until. */
  readonly claim: (event: FailureEvent, job: JobRecord | undefined, owner: string, until: Date, now: Date) => Promise<'mine' | 'none' | { held: string }>;
  /** Ends a claimed diagnosis. */
  readonly release: (event: FailureEvent, job: JobRecord | undefined, owner: string, now: Date) => Promise<void>;
  readonly sleep: (ms: number) => Promise<void>;
}

/** The grouping calls the shortcut makes (lambdas/grouping). */
export type ShortcutGrouping = Pick<Grouping, 'wasHandled' | 'countByShortcut' | 'claimDiagnosis' | 'releaseDiagnosis'>;

/** The shortcut over grouping and a job reader, as the diagnoser runs it. */
export function groupingShortcut(grouping: ShortcutGrouping, readJob: ShortcutDeps['readJob']): ShortcutDeps {
  return {
    wasHandled: (event, now) => grouping.wasHandled(event, now),
    readJob,
    count: async (event, job, now) => {
      const hit = await grouping.countByShortcut(event, job, now);
      return hit && { admission: hit.admission, reused: describeReuse(hit.evidence) };
    },
    claim: (event, job, owner, until, now) => grouping.claimDiagnosis(event, job, owner, until, now),
    release: (event, job, owner, now) => grouping.releaseDiagnosis(event, job, owner, now),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
}

/** How often a failure waiting for another's diagnosis looks for its shortcut. */
export const SHORTCUT_POLL_MS = 100;

/** The result of one event, with the evidence a counted one reused. */
interface Handled {
  readonly outcome: EventOutcome;
  readonly reused?: string;
}

/**
 * The shortcut: a redelivery of a handled failure needs nothing read; another failure has its job read, and is
 * counted when its job record leads to an open group. A table that cannot answer (throttled, say) is no reason
 * to fail the event: it is diagnosed in full. The job record read is handed on, so it is never read twice.
 */
async function tryShortcut(event: FailureEvent, deadline: number, deps: DiagnoseDeps, s: ShortcutDeps): Promise<Handled | FullPath> {
  const table = async <T>(what: string, ask: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await ask();
    } catch (err) {
      deps.log.warn('Grouping could not take the shortcut; the failure is diagnosed in full', { eventId: event.id, what, error: excerpt(String(err)) });
      return undefined;
    }
  };
  const now = () => new Date(deps.clock());
  const counted = async (record: JobRecord | undefined): Promise<Handled | undefined> => {
    const hit = await table('count', () => s.count(event, record, now()));
    return hit && { outcome: hit.admission === 'counted' ? 'counted' : 'duplicate', reused: hit.reused };
  };
  if (await table('wasHandled', () => s.wasHandled(event, now()))) return { outcome: 'duplicate' };
  const job = await s.readJob(event, { deadline });
  // No shortcut yet: one failure diagnoses the likely cause, the others arriving meanwhile wait for its shortcut.
  // Half the time left stays for the full diagnosis, should the wait find no shortcut.
  const owner = randomUUID();
  const waitEnd = deps.clock() + (deadline - deps.clock()) / 2;
  for (;;) {
    const hit = await counted(job.record);
    if (hit) return hit;
    const claim = await table('claim', () => s.claim(event, job.record, owner, new Date(deadline), now()));
    if (claim === 'mine') return { job, release: () => s.release(event, job.record, owner, now()) };
    if (claim === undefined || claim === 'none') return { job };
    if (deps.clock() + SHORTCUT_POLL_MS >= Math.min(Date.parse(claim.held), waitEnd)) return { job };
    await s.sleep(SHORTCUT_POLL_MS);
  }
}

/** No shortcut: the failure is diagnosed in full, with the job record already read, and a claim to end after. */
interface FullPath {
  readonly job?: JobRead;
  readonly release?: () => Promise<void>;
}

function isEventBridgeEnvelope(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && 'detail-type' in value && 'source' in value;
}

/** Handles one event: version gate, shortcut, evidence within the deadline, diagnosis, idempotent publish. */
async function handleEvent(event: FailureEvent, deadline: number, deps: DiagnoseDeps): Promise<Handled> {
  if (!deps.isFailure(event)) {
    if (deps.completed && event.state.toUpperCase() === 'COMPLETED') await deps.completed(event, new Date(deps.clock()));
    return { outcome: 'not-a-failure' };
  }
  const now = new Date(deps.clock());
  const version = event.ecs?.version;
  if (event.ecs && version !== undefined) {
    if ((await deps.admitVersion(event.ecs.taskArn, version, now)) === 'stale') return { outcome: 'stale' };
  }
  const foreign = deps.home !== undefined && isForeign(event, deps.home);
  let full: FullPath = {};
  if (deps.shortcut && !foreign && event.jobId !== undefined) {
    const taken = await tryShortcut(event, deadline, deps, deps.shortcut);
    if ('outcome' in taken) return taken;
    full = taken;
  }
  try {
    const { job } = full;
    const evidence = foreign ? foreignEvidence(event) : await deps.collect(event, { now, deadline, ...(job ? { job } : {}) });
    const diagnosed = deps.diagnose(event, evidence, { now: new Date(deps.clock()) });
    const diagnosis = foreign && deps.home ? foreignDiagnosis(diagnosed, deps.home) : diagnosed;
    const result = await deps.publish(diagnosis, new Date(deps.clock()), evidence);
    return { outcome: result === 'claimed' || result === 'published' ? 'published' : result };
  } finally {
    // Those waiting stop waiting: they find the shortcut this diagnosis left, or diagnose in full.
    await full.release?.().catch((err: unknown) => deps.log.warn('Could not end the claim of a diagnosis; it expires', { eventId: event.id, error: excerpt(String(err)) }));
  }
}

/**
 * A record the parser rejects cannot be fixed by a retry, but it may be the first of a new event shape: it is
 * parked whole (with the reason) and counted, and the RejectedRecords alarm tells someone to look. When parking
 * fails, the record goes back to SQS rather than being lost.
 */
async function reject(record: SQSRecord, reason: string, deps: DiagnoseDeps): Promise<boolean> {
  const ids = { messageId: record.messageId };
  deps.log.warn('Parked a record the parser rejected', { ...ids, error: excerpt(reason), excerpt: excerpt(record.body) });
  deps.count?.('RejectedRecords', 1);
  if (!deps.park) return true;
  try {
    await deps.park(record.body, reason);
    return true;
  } catch (err) {
    deps.log.error('Could not park a rejected record; it will be retried', {
      ...ids,
      error: err instanceof Error ? { name: err.name, message: excerpt(err.message) } : excerpt(err),
    });
    return false;
  }
}

/**
 * Handles one SQS record. Resolves to true when the record is done (processed or deliberately dropped) and
 * to false when it should be retried.
 */
async function handleRecord(record: SQSRecord, deadline: number, deps: DiagnoseDeps): Promise<boolean> {
  const ids = { messageId: record.messageId };
  let input: unknown;
  try {
    input = JSON.parse(record.body);
  } catch {
    return reject(record, 'the body is not JSON', deps);
  }
  if (isEventBridgeEnvelope(input) && !deps.routeFor(input) && deps.knownKind?.(input)) {
    // A source and detail type the routes table names, that no route matches: a success is dropped below, but
    // a shape the parser rejects means AWS changed the event, and it is parked.
    const parsed = deps.parseInput(input);
    if (!parsed.ok) return reject(record, parsed.error, deps);
  }
  if (isEventBridgeEnvelope(input) && !deps.routeFor(input)) {
    deps.log.info('Dropped an event that no route matches', {
      ...ids,
      source: excerpt(input['source'], 100),
      detailType: excerpt(input['detail-type'], 100),
    });
    return true;
  }
  const parsed = deps.parseInput(input);
  if (!parsed.ok) return reject(record, parsed.error, deps);
  for (const skipped of parsed.ignored) {
    deps.log.info('Ignored part of a record', { ...ids, reason: skipped.reason, excerpt: excerpt(skipped.excerpt) });
  }
  let ok = true;
  for (const event of parsed.events) {
    try {
      const { outcome, reused } = await handleEvent(event, deadline, deps);
      deps.log.info('Handled an event', { ...ids, eventId: event.id, kind: event.kind, state: event.state, outcome, ...(reused ? { reused } : {}) });
    } catch (err) {
      ok = false;
      deps.log.error('Failed to handle an event; the record will be retried', {
        ...ids,
        eventId: event.id,
        error: err instanceof Error ? { name: err.name, message: excerpt(err.message) } : excerpt(err),
      });
    }
  }
  return ok;
}

/**
 * Processes an SQS batch in order, giving each remaining record a fair share of the remaining time. Records
 * that no time is left for are returned as failures untouched, so that SQS redelivers them.
 */
export async function processDiagnoseBatch(
  event: SQSEvent,
  context: RemainingTime,
  deps: DiagnoseDeps,
): Promise<SQSBatchResponse> {
  const failures: SQSBatchResponse['batchItemFailures'] = [];
  const records = event.Records;
  for (const [i, record] of records.entries()) {
    const usable = context.getRemainingTimeInMillis() - deps.safetyMarginMs;
    if (usable <= 0) {
      failures.push(...records.slice(i).map((r) => ({ itemIdentifier: r.messageId })));
      deps.log.warn('Out of time; the rest of the batch will be retried', { left: records.length - i });
      break;
    }
    const deadline = deps.clock() + Math.floor(usable / (records.length - i));
    let done: boolean;
    try {
      done = await handleRecord(record, deadline, deps);
    } catch (err) {
      done = false;
      deps.log.error('Unexpected failure on a record', { messageId: record.messageId, error: excerpt(String(err)) });
    }
    if (!done) failures.push({ itemIdentifier: record.messageId });
  }
  return { batchItemFailures: failures };
}
