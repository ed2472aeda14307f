/**
 * Records the parser rejects are parked whole and counted, never silently dropped; events from another account or
 * region are reported as such and nothing is read for them.
 */
import { describe, expect, it, vi } from 'vitest';
import { ROUTES, routeFor } from '../../lambdas/catalog/routes.ts';
import { isFailure, parseInput } from '../../lambdas/events/index.ts';
import { type DiagnoseDeps, processDiagnoseBatch } from '../../lambdas/handlers/diagnose-batch.ts';
import { accountOfFunctionArn } from '../../lambdas/handlers/home-account.ts';
import { emfLine } from '../../lambdas/handlers/metrics.ts';
import { EMPTY_EVIDENCE, NOW, fakeDiagnosis, fixture, recordingLog, sqsEvent, sqsRecord } from '../publish/support.ts';

function deps(overrides: Partial<DiagnoseDeps> = {}) {
  const { log, lines } = recordingLog();
  const collect = vi.fn<DiagnoseDeps['collect']>(async () => EMPTY_EVIDENCE);
  const publish = vi.fn<DiagnoseDeps['publish']>(async () => 'claimed');
  const park = vi.fn<NonNullable<DiagnoseDeps['park']>>(async () => undefined);
  const count = vi.fn<NonNullable<DiagnoseDeps['count']>>();
  const d: DiagnoseDeps = {
    parseInput,
    isFailure,
    routeFor,
    collect,
    diagnose: fakeDiagnosis,
    publish,
    admitVersion: async () => 'admitted',
    log,
    clock: () => NOW,
    safetyMarginMs: 1_000,
    park,
    count,
    knownKind: (e) => ROUTES.some((r) => r.source === e['source'] && r.detailType === e['detail-type']),
    ...overrides,
  };
  return { d, lines, collect, publish, park, count };
}

const ctx = { getRemainingTimeInMillis: () => 60_000 };

describe('rejected records', () => {
  it('parks a body that is not JSON, whole, and counts it', async () => {
    const { d, park, count } = deps();
    const body = `{${'x'.repeat(10_000)}`;

    const res = await processDiagnoseBatch(sqsEvent([sqsRecord('1', body)]), ctx, d);

    expect(res.batchItemFailures).toEqual([]);
    expect(park).toHaveBeenCalledWith(body, 'the body is not JSON');
    expect(count).toHaveBeenCalledWith('RejectedRecords', 1);
  });

  it('parks an event of a known source whose shape the parser rejects, with the reason', async () => {
    const { d, park, publish } = deps();
    const altered = { ...fixture('backup-job-failed.json'), detail: null };

    await processDiagnoseBatch(sqsEvent([sqsRecord('1', JSON.stringify(altered))]), ctx, d);

    expect(park).toHaveBeenCalledTimes(1);
    expect(park.mock.calls[0]?.[0]).toBe(JSON.stringify(altered));
    expect(park.mock.calls[0]?.[1]).not.toBe('');
    expect(publish).not.toHaveBeenCalled();
  });

  it('gives the record back to SQS when it cannot be parked', async () => {
    const { d } = deps({ park: async () => Promise.reject(new Error('SQS unavailable')) });

    const res = await processDiagnoseBatch(sqsEvent([sqsRecord('1', 'not json')]), ctx, d);

    expect(res.batchItemFailures).toEqual([{ itemIdentifier: '1' }]);
  });

  it('neither parks nor counts a record it diagnoses', async () => {
    const { d, park, count } = deps();

    await processDiagnoseBatch(sqsEvent([sqsRecord('1', JSON.stringify(fixture('backup-job-failed.json')))]), ctx, d);

    expect(park).not.toHaveBeenCalled();
    expect(count).not.toHaveBeenCalled();
  });

  it('writes the count as an embedded-metric-format line', () => {
    const line = JSON.parse(emfLine('RejectedRecords', 1, NOW)) as Record<string, unknown>;

    expect(line).toMatchObject({
      _aws: { Timestamp: NOW, CloudWatchMetrics: [{ Namespace: 'BackupDoctor', Dimensions: [['Service']], Metrics: [{ Name: 'RejectedRecords', Unit: 'Count' }] }] },
      Service: 'backup-doctor-diagnoser',
      RejectedRecords: 1,
    });
  });
});

describe('events from another account or region', () => {
  const event = fixture('backup-job-failed.json') as { account: string; region: string };
  const elsewhere = event.region === 'us-west-2' ? 'eu-west-1' : 'us-west-2';

  it('reads nothing and publishes a diagnosis that names both accounts', async () => {
    const { d, collect, publish } = deps({ home: { account: '999988887777', region: event.region } });

    const res = await processDiagnoseBatch(sqsEvent([sqsRecord('1', JSON.stringify(event))]), ctx, d);

    expect(res.batchItemFailures).toEqual([]);
    expect(collect).not.toHaveBeenCalled();
    const diagnosis = publish.mock.calls[0]?.[0];
    expect(diagnosis?.headline).toEqual({
      key: 'delivery.foreign.headline',
      params: { account: event.account, region: event.region, homeAccount: '999988887777', homeRegion: event.region },
    });
    expect(diagnosis?.findings).toEqual([]);
  });

  it('reads nothing for another region of this account', async () => {
    const { d, collect } = deps({ home: { account: event.account, region: elsewhere } });

    await processDiagnoseBatch(sqsEvent([sqsRecord('1', JSON.stringify(event))]), ctx, d);

    expect(collect).not.toHaveBeenCalled();
  });

  it('reads the account for an event of this account and region', async () => {
    const { d, collect } = deps({ home: { account: event.account, region: event.region } });

    await processDiagnoseBatch(sqsEvent([sqsRecord('1', JSON.stringify(event))]), ctx, d);

    expect(collect).toHaveBeenCalledTimes(1);
  });

  it('takes the account from the function ARN', () => {
    expect(accountOfFunctionArn('arn:aws:lambda:ap-northeast-1:111122223333:function:doctor')).toBe('111122223333');
    expect(accountOfFunctionArn(undefined)).toBeUndefined();
  });
});
