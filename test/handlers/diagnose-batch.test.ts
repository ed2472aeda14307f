import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { routeFor } from '../../lambdas/catalog/routes.ts';
import { isFailure, parseInput } from '../../lambdas/events/index.ts';
import { type DiagnoseDeps, processDiagnoseBatch } from '../../lambdas/handlers/diagnose-batch.ts';
import { MAX_EXCERPT_CHARS } from '../../lambdas/handlers/logger.ts';
import { EMPTY_EVIDENCE, NOW, fakeDiagnosis, fixture, recordingLog, sqsEvent, sqsRecord } from '../publish/support.ts';

function deps(overrides: Partial<DiagnoseDeps> = {}) {
  const { log, lines } = recordingLog();
  const collect = vi.fn<DiagnoseDeps['collect']>(async () => EMPTY_EVIDENCE);
  const diagnose = vi.fn<DiagnoseDeps['diagnose']>(fakeDiagnosis);
  const publish = vi.fn<DiagnoseDeps['publish']>(async () => 'claimed');
  const d: DiagnoseDeps = {
    parseInput,
    isFailure,
    routeFor,
    collect,
    diagnose,
    publish,
    admitVersion: async () => 'admitted',
    log,
    clock: () => NOW,
    safetyMarginMs: 1_000,
    ...overrides,
  };
  return { d, lines, collect, diagnose, publish };
}

const ctx = (ms = 60_000) => ({ getRemainingTimeInMillis: () => ms });

describe('diagnose handler', () => {
  it('diagnoses and publishes a failed backup job', async () => {
    const { d, publish, diagnose } = deps();

    const res = await processDiagnoseBatch(sqsEvent([sqsRecord('1', JSON.stringify(fixture('backup-job-failed.json')))]), ctx(), d);

    expect(res.batchItemFailures).toEqual([]);
    expect(publish).toHaveBeenCalledTimes(1);
    expect(diagnose.mock.calls[0]?.[0]).toMatchObject({ kind: 'backup-job', state: 'FAILED' });
  });

  it('drops a completed job without collecting evidence', async () => {
    const { d, collect } = deps({ routeFor: () => ({ id: 'x', source: 'aws.backup', detailType: 'Backup Job State Change', detailFilter: {}, kind: 'backup-job' }) });

    const res = await processDiagnoseBatch(sqsEvent([sqsRecord('1', JSON.stringify(fixture('backup-job-completed.json')))]), ctx(), d);

    expect(res.batchItemFailures).toEqual([]);
    expect(collect).not.toHaveBeenCalled();
  });

  it('drops an event that no route matches', async () => {
    const { d, lines, collect } = deps();

    const res = await processDiagnoseBatch(
      sqsEvent([sqsRecord('1', JSON.stringify(fixture('aws-api-call-via-cloudtrail-envelope-s3-createbucket.json')))]),
      ctx(),
      d,
    );

    expect(res.batchItemFailures).toEqual([]);
    expect(collect).not.toHaveBeenCalled();
    expect(lines.map((l) => l.message)).toContain('Dropped an event that no route matches');
  });

  it('drops a body that is not JSON and logs a bounded excerpt', async () => {
    const { d, lines } = deps();

    const res = await processDiagnoseBatch(sqsEvent([sqsRecord('1', `{${'x'.repeat(10_000)}`)]), ctx(), d);

    expect(res.batchItemFailures).toEqual([]);
    const excerpt = lines.find((l) => l.level === 'warn')?.extra['excerpt'] as string;
    expect(excerpt.length).toBeLessThan(MAX_EXCERPT_CHARS + 40);
  });

  it('fails only the record whose publish failed', async () => {
    const publish = vi.fn<DiagnoseDeps['publish']>(async (diagnosis) => {
      if (diagnosis.event.kind === 'copy-job') throw new Error('SNS unavailable');
      return 'claimed';
    });
    const { d } = deps({ publish });
    const records = [
      sqsRecord('a', JSON.stringify(fixture('backup-job-failed.json'))),
      sqsRecord('b', JSON.stringify(fixture('copy-job-failed.json'))),
      sqsRecord('c', JSON.stringify(fixture('restore-job-failed.json'))),
    ];

    const res = await processDiagnoseBatch(sqsEvent(records), ctx(), d);

    expect(res.batchItemFailures).toEqual([{ itemIdentifier: 'b' }]);
    expect(publish).toHaveBeenCalledTimes(3);
  });

  it('returns the records it has no time for untouched', async () => {
    const { d, collect } = deps();
    const records = ['a', 'b'].map((id) => sqsRecord(id, JSON.stringify(fixture('backup-job-failed.json'))));

    const res = await processDiagnoseBatch(sqsEvent(records), ctx(500), d);

    expect(res.batchItemFailures).toEqual([{ itemIdentifier: 'a' }, { itemIdentifier: 'b' }]);
    expect(collect).not.toHaveBeenCalled();
  });

  it('gives evidence collection a deadline within the remaining time', async () => {
    const { d, collect } = deps();
    const records = ['a', 'b'].map((id) => sqsRecord(id, JSON.stringify(fixture('backup-job-failed.json'))));

    await processDiagnoseBatch(sqsEvent(records), ctx(21_000), d);

    expect(collect.mock.calls[0]?.[1]).toEqual({ now: new Date(NOW), deadline: NOW + 10_000 });
  });

  it('never throws and never publishes for arbitrary record bodies', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.json(), fc.string()), async (body) => {
        const { d, publish } = deps();

        const res = await processDiagnoseBatch(sqsEvent([sqsRecord('1', body)]), ctx(), d);

        expect(res.batchItemFailures).toEqual([]);
        expect(publish).not.toHaveBeenCalled();
      }),
      { numRuns: 200 },
    );
  });
});
