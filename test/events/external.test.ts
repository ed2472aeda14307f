/**
 * The external adapters on real payloads (the shared multicloud samples and the fixtures), the webhook envelope,
 * and hostile input: arbitrary JSON never throws, and megabyte fields cost linear time and stay bounded.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isFailure, parseInput } from '../../lambdas/events/index.ts';

const SHARED = new URL('../../../shared/multicloud/', import.meta.url);
const json = (url: URL): Record<string, unknown> => JSON.parse(readFileSync(url, 'utf8'));
const exporterSample = json(new URL('k8s-event-examples/kubernetes-event-exporter-EnhancedEvent-Warning-FailedScheduling.json', SHARED));
const realAzure = json(new URL('../fixtures/external/azure-backup-alert-recovery-services-vault.json', import.meta.url));

function one(input: unknown) {
  const out = parseInput(input);
  if (!out.ok) throw new Error(out.error);
  expect(out.events).toHaveLength(1);
  return out.events[0]!;
}

describe('external adapters', () => {
  it('reads the real Azure Backup alert: vault job failure, resource, time, Azure\'s own recommended action', () => {
    const e = one(realAzure);
    expect(e).toMatchObject({ kind: 'external', origin: 'cli', state: 'FAILED', time: '2026-03-13T11:56:13.9392346Z', external: { cloud: 'azure', format: 'azure-monitor', alertRule: 'Backup Failure' } });
    expect(e.external?.source).toBeUndefined();
    expect(e.statusMessage).toContain('First full backup is missing for this datasource.');
    expect(e.statusMessage).toContain('Recommended action: In case of a scheduled backup');
    expect(isFailure(e)).toBe(true);
  });

  it('treats a resolved Azure alert as no failure', () => {
    const resolved = structuredClone(realAzure) as { data: { essentials: Record<string, unknown> } };
    resolved.data.essentials['monitorCondition'] = 'Resolved';
    expect(isFailure(one(resolved))).toBe(false);
  });

  it('reads an exporter event on an ACK applicationbackup and keeps the source cloud', () => {
    const e = one({
      ...exporterSample,
      reason: 'Failed',
      message: 'HBRError: check HBR vault error',
      involvedObject: { kind: 'ApplicationBackup', namespace: 'csdr', name: 'nightly', apiVersion: 'csdr.alibabacloud.com/v1beta1' },
    });
    expect(e.external).toMatchObject({ cloud: 'alibaba', source: 'ack', format: 'kubernetes-event-exporter', resource: 'ApplicationBackup csdr/nightly', reason: 'Failed', objectKind: 'ApplicationBackup' });
    expect(e.id).toBe('k8s:3890cf00-783d-4dc6-8286-366b08a71833');
  });

  it('reads Velero Backup failures through kube-eventer and a Normal event as no failure', () => {
    const failed = one({ EventType: 'Warning', EventKind: 'Backup', EventReason: 'Failed', EventTime: '2026-11-20T10:00:00Z', EventMessage: 'PROCESS velero partially completed', EventApiVersion: 'velero.io/v1' });
    expect(failed.external).toMatchObject({ cloud: 'kubernetes', format: 'kube-eventer' });
    expect(failed.state).toBe('PARTIAL');
    const normal = one({ EventType: 'Normal', EventKind: 'ApplicationBackup', EventReason: 'Completed', EventTime: '2026-11-20T10:00:00Z', EventMessage: 'done' });
    expect(isFailure(normal)).toBe(false);
  });

  it('unwraps the webhook envelope and records the delivery id and origin', () => {
    const e = one({ backupDoctorWebhook: { id: 'msg_1', receivedAt: '2026-11-20T10:00:00.000Z', auth: 'hmac' }, payload: { source: 'aks', text: 'UserErrorPVNotFound' } });
    expect(e).toMatchObject({ origin: 'webhook', id: 'msg_1', time: '2026-11-20T10:00:00.000Z', external: { source: 'aks', cloud: 'azure' } });
  });

  it('refuses an envelope whose payload is none of the supported forms, in one line', () => {
    const out = parseInput({ backupDoctorWebhook: { id: 'x' }, payload: { hello: 'world' } });
    expect(out).toMatchObject({ ok: false });
    expect(out.ok ? '' : out.error).toMatch(/none of the supported forms/);
  });

  it('never throws on arbitrary JSON shaped like the external forms', () => {
    const shapes = fc.oneof(
      fc.record({ source: fc.string(), text: fc.oneof(fc.string(), fc.jsonValue()) }),
      fc.record({ EventKind: fc.string(), EventMessage: fc.jsonValue(), EventType: fc.jsonValue() }),
      fc.record({ involvedObject: fc.jsonValue(), reason: fc.string(), message: fc.jsonValue() }),
      fc.record({ schemaId: fc.constant('azureMonitorCommonAlertSchema'), data: fc.jsonValue() }),
      fc.record({ alerts: fc.array(fc.jsonValue()), receiver: fc.string() }),
      fc.record({ backupDoctorWebhook: fc.jsonValue(), payload: fc.jsonValue() }),
    );
    fc.assert(fc.property(shapes, (input) => {
      const out = parseInput(input);
      expect(typeof out.ok).toBe('boolean');
    }), { numRuns: 500 });
  });

  it('keeps megabyte fields bounded', () => {
    const big = 'x'.repeat(1_000_000);
    const e = one({ source: 'ack', text: big, resource: big, cluster: big });
    expect(e.statusMessage!.length).toBeLessThan(20_000);
    expect(e.external!.resource!.length).toBeLessThan(2_000);
    const azure = structuredClone(realAzure) as { data: { essentials: Record<string, unknown> } };
    azure.data.essentials['description'] = `UserError${big}`;
    expect(one(azure).statusMessage!.length).toBeLessThan(40_000);
  });
});
