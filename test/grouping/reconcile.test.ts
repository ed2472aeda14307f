/**
 * The reconciler's sweep: it sends only the failed jobs the diagnoser has not seen, pages through the listing,
 * and a sweep that fails resumes where it stopped, with nothing sent twice.
 */
import { describe, expect, it } from 'vitest';
import type { FailureEvent } from '../../lambdas/model/types.ts';
import { RecordStore } from '../../lambdas/grouping/index.ts';
import { backupJobEvent } from '../../lambdas/grouping/jobs.ts';
import { CURSOR_KEY, type ListJobs, reconcile } from '../../lambdas/grouping/reconcile.ts';
import { IdempotencyStore, seenKey } from '../../lambdas/publish/index.ts';
import { fakeIdempotencyTable } from '../publish/fake-ddb.ts';
import { fixture } from '../publish/support.ts';

const NOW = new Date('2026-03-01T12:00:00Z');
const detail = fixture('backup-job-failed.json')['detail'] as Record<string, string>;

/** Five failed backup jobs as ListBackupJobs returns them (the real sample's fields), two a page. */
const JOBS = Array.from({ length: 5 }, (_, i) =>
  backupJobEvent(
    {
      BackupJobId: `job-${i}`,
      AccountId: '1112233445566',
      State: 'FAILED',
      StatusMessage: detail['statusMessage'],
      ResourceArn: detail['resourceArn'],
      IamRoleArn: detail['iamRoleArn'],
      CompletionDate: new Date('2026-03-01T11:30:00Z'),
    },
    'us-east-1',
  ),
);

const lister: ListJobs = async (type, state, _after, _before, token) => {
  if (type !== 'backup' || state !== 'FAILED') return { events: [] };
  const start = Number(token ?? 0);
  return { events: JOBS.slice(start, start + 2), ...(start + 2 < JOBS.length ? { next: String(start + 2) } : {}) };
};

function setup() {
  const { client, items } = fakeIdempotencyTable();
  const opts = { tableName: 'idem', ttlSeconds: 86_400 };
  const sends = new IdempotencyStore(client, opts);
  const records = new RecordStore(client, opts);
  const handled: FailureEvent[] = [];
  let failOn: string | undefined;
  const deps = {
    records,
    sends,
    list: lister,
    handle: async (e: FailureEvent) => {
      if (e.id === failOn) throw new Error('throttled');
      handled.push(e);
      await sends.mark(seenKey(e.id), NOW);
    },
    timeLeft: () => true,
    sleep: async () => undefined,
    pageIntervalMs: 0,
    firstLookbackMs: 86_400_000,
    settleMs: 600_000,
  };
  return { deps, sends, records, items, handled, failOn: (id: string | undefined) => (failOn = id) };
}

describe('reconciler', () => {
  it('sends only the jobs not seen, says they were found by the sweep, and moves its cursor', async () => {
    const s = setup();
    await s.sends.mark(seenKey('job-1'), NOW);

    const result = await reconcile(s.deps, NOW);

    expect(result).toEqual({ listed: 5, sent: 4, complete: true });
    expect(s.handled.map((e) => e.id)).toEqual(['job-0', 'job-2', 'job-3', 'job-4']);
    expect(s.handled.every((e) => e.origin === 'sweep')).toBe(true);
    expect((await s.records.read(CURSOR_KEY, NOW)).value).toEqual({ since: '2026-03-01T11:50:00.000Z' });
  });

  it('resumes a failed sweep at the page it reached, sending nothing twice', async () => {
    const s = setup();
    s.failOn('job-3');

    await expect(reconcile(s.deps, NOW)).rejects.toThrow('throttled');
    s.failOn(undefined);
    const second = await reconcile(s.deps, NOW);

    expect(s.handled.map((e) => e.id)).toEqual(['job-0', 'job-1', 'job-2', 'job-3', 'job-4']);
    expect(second.complete).toBe(true);
  });

  it('a second sweep of the same period sends nothing', async () => {
    const s = setup();
    await reconcile(s.deps, NOW);
    await s.records.update(CURSOR_KEY, NOW, () => ({ result: undefined, next: { since: '2026-03-01T00:00:00.000Z' } }));

    const again = await reconcile(s.deps, NOW);

    expect(again).toEqual({ listed: 5, sent: 0, complete: true });
  });
});
