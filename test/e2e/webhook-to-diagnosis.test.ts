/**
 * End to end: a signed POST over loopback HTTP → the webhook queues the payload → the diagnoser's batch handler
 * reads the SQS record → the AKS/ACK catalog diagnosis is published, in English and Japanese, without a single
 * AWS read. A forged copy of the same request never reaches the diagnoser.
 */
import type { SQSEvent } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { diagnose } from '../../lambdas/pipeline/index.ts';
import type { Diagnosis } from '../../lambdas/model/types.ts';
import { isFailure, parseInput } from '../../lambdas/events/index.ts';
import { collectEvidence, type Clients } from '../../lambdas/evidence/index.ts';
import { type DiagnoseDeps, processDiagnoseBatch } from '../../lambdas/handlers/diagnose-batch.ts';
import { render } from '../../lambdas/pipeline/report.ts';
import { sign } from '../../lambdas/webhook/verify.ts';
import { startLoopbackWebhook, type LoopbackWebhook } from '../webhook/loopback.ts';

const SECRET = 'whsec_c2lnbmluZyBrZXkgZm9yIHRoZSBlMmUgdGVzdA==';
const NOW = Date.parse('2026-11-20T10:00:00Z');

let hook: LoopbackWebhook | undefined;
afterEach(async () => hook?.close());

// Clients whose every property access throws: the diagnoser must not touch AWS for an external failure.
const NO_AWS = new Proxy({}, { get: () => { throw new Error('an AWS client was used'); } }) as Clients;

function deps(published: Diagnosis[]): DiagnoseDeps {
  return {
    parseInput,
    isFailure,
    routeFor: () => undefined,
    collect: (event, opts) => collectEvidence(event, NO_AWS, opts),
    diagnose,
    publish: async (d) => {
      published.push(d);
      return 'claimed' as const;
    },
    admitVersion: async () => 'admitted' as const,
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    clock: () => NOW,
    safetyMarginMs: 0,
  };
}

async function postSigned(h: LoopbackWebhook, body: string, id: string, secret = SECRET): Promise<number> {
  const ts = Math.floor(NOW / 1000);
  const res = await fetch(h.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': `v1,${sign(secret, id, ts, body)}` },
    body,
  });
  await res.text();
  return res.status;
}

describe('webhook to diagnosis', () => {
  it('diagnoses a signed kube-eventer event from ACK with the catalog cause and remedy, reading nothing from AWS', async () => {
    hook = await startLoopbackWebhook({ secrets: { hmacSecrets: [SECRET], queryTokens: [] }, now: () => NOW });
    const body = JSON.stringify({
      EventType: 'Warning',
      EventKind: 'ApplicationBackup',
      EventReason: 'Failed',
      EventTime: '2026-11-20T09:59:00Z',
      EventMessage: 'HBRError: check HBR vault error',
    });
    expect(await postSigned(hook, body, 'msg_e2e_1')).toBe(202);
    expect(await postSigned(hook, body, 'msg_e2e_2', 'whsec_Zm9yZ2Vk')).toBe(401);

    const sqs = { Records: hook.queued.map((q, i) => ({ messageId: `m${i}`, eventSource: 'aws:sqs', body: q.body })) } as unknown as SQSEvent;
    const published: Diagnosis[] = [];
    const out = await processDiagnoseBatch(sqs, { getRemainingTimeInMillis: () => 60_000 }, deps(published));

    expect(out.batchItemFailures).toEqual([]);
    expect(published).toHaveLength(1);
    const [d] = published as [Diagnosis];
    expect(d.event).toMatchObject({ kind: 'external', origin: 'webhook', id: 'msg_e2e_1', external: { cloud: 'alibaba', source: 'ack', format: 'kube-eventer' } });
    expect(d.category).toBe('iam-permission');
    expect(d.findings[0]).toMatchObject({ checkId: 'external-known-error', verdict: 'fail' });
    expect(d.gaps).toEqual([]);
    const en = render(d, { format: 'text', lang: 'en' }).replace(/\s+/g, ' ');
    expect(en).toContain('Cloud Backup is not activated or lacks the required permissions');
    const ja = render(d, { format: 'text', lang: 'ja' }).replace(/\s+/g, '');
    expect(ja).toContain('CloudBackupがアクティベートされていないか、必要な権限がない');
  });
});
