/**
 * The reconciler: AWS Backup events are best effort, so a scheduled sweep lists the backup, copy and restore jobs
 * that ended FAILED, EXPIRED, ABORTED or PARTIAL since the last sweep and sends every one the diagnoser has not
 * seen through the same path (evidence, diagnosis, grouping, publish). The cursor (the end of the last complete
 * sweep, and the page reached in the current one) is a record in the idempotency table: a sweep that fails or
 * runs out of time resumes where it stopped. The same run closes the grouping windows that have ended.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ListBackupJobs.html
 */
import type { FailureEvent } from '../model/types.ts';
import { deliveryKey } from '../publish/delivery-key.ts';
import { type IdempotencyStore, seenKey } from '../publish/idempotency.ts';
import type { RecordStore } from './store.ts';

/** The job types swept, and the end states listed for each (the states each API has). */
export const SWEPT: readonly { readonly type: 'backup' | 'copy' | 'restore'; readonly states: readonly string[] }[] = [
  { type: 'backup', states: ['FAILED', 'EXPIRED', 'ABORTED', 'PARTIAL'] },
  { type: 'copy', states: ['FAILED', 'PARTIAL'] },
  { type: 'restore', states: ['FAILED', 'ABORTED'] },
];

/** One page of a listing, as failure events (origin `sweep`). */
export interface JobPage {
  readonly events: readonly FailureEvent[];
  readonly next?: string;
}

/** Lists one page of jobs of a type in a state that completed in [after, before). */
export type ListJobs = (
  type: 'backup' | 'copy' | 'restore',
  state: string,
  after: Date,
  before: Date,
  token: string | undefined,
) => Promise<JobPage>;

/** Where a sweep stands. */
export interface Cursor {
  /** The end of the last complete sweep: the next sweep lists jobs completed after it. */
  readonly since: string;
  /** The sweep in progress: its end, and the listing and page it reached. */
  readonly current?: { readonly until: string; readonly step: number; readonly token?: string };
}

/** What the reconciler needs. */
export interface ReconcileDeps {
  readonly records: RecordStore;
  readonly sends: IdempotencyStore;
  readonly list: ListJobs;
  /** Handles one missed failure through the diagnoser's path. */
  readonly handle: (event: FailureEvent) => Promise<void>;
  /** Whether time is left for one more page (the Lambda's remaining time minus a margin). */
  readonly timeLeft: () => boolean;
  readonly sleep: (ms: number) => Promise<void>;
  /** The least time between two list calls (AWS Backup's List APIs are rate limited per account). */
  readonly pageIntervalMs: number;
  /** How far back the very first sweep looks. */
  readonly firstLookbackMs: number;
  /** Jobs completed in the last moments may still have their event in flight: the sweep stops this far back. */
  readonly settleMs: number;
}

export const CURSOR_KEY = 'reconciler#cursor';

/** The result of one run. */
export interface ReconcileResult {
  readonly listed: number;
  readonly sent: number;
  readonly complete: boolean;
}

/** Runs (or resumes) one sweep. */
export async function reconcile(deps: ReconcileDeps, now: Date): Promise<ReconcileResult> {
  const { value: saved } = await deps.records.read<Cursor>(CURSOR_KEY, now);
  const since = saved?.since ?? new Date(now.getTime() - deps.firstLookbackMs).toISOString();
  const current = saved?.current ?? { until: new Date(now.getTime() - deps.settleMs).toISOString(), step: 0 };
  const steps = SWEPT.flatMap((s) => s.states.map((state) => ({ type: s.type, state })));
  const save = (cursor: Cursor) => deps.records.update<Cursor, void>(CURSOR_KEY, now, () => ({ result: undefined, next: cursor }));
  let listed = 0;
  let sent = 0;
  let { step, token } = current;
  while (step < steps.length) {
    if (!deps.timeLeft()) return { listed, sent, complete: false };
    const { type, state } = steps[step]!;
    const page = await deps.list(type, state, new Date(since), new Date(current.until), token);
    for (const event of page.events) {
      listed += 1;
      if (await deps.sends.has(seenKey(deliveryKey(event)), now)) continue;
      await deps.handle(event);
      sent += 1;
    }
    token = page.next;
    if (token === undefined) step += 1;
    // Saved after each page: a failure or a timeout resumes at the next page, and a page handled twice is harmless.
    await save({ since, current: { until: current.until, step, ...(token ? { token } : {}) } });
    if (step < steps.length) await deps.sleep(deps.pageIntervalMs);
  }
  await save({ since: current.until });
  return { listed, sent, complete: true };
}
