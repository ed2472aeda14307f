/**
 * The signed webhook over real HTTP on loopback: a good request is queued once; forged, replayed, stale and
 * oversized requests are refused with 401/413, counted, and never queued; the query token works only when on.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { sign } from '../../lambdas/webhook/verify.ts';
import { MAX_BODY_BYTES } from '../../lambdas/webhook/intake.ts';
import { startLoopbackWebhook, type LoopbackWebhook } from './loopback.ts';

const SECRET_OLD = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const SECRET_NEW = 'whsec_dGhpcyBpcyB0aGUgbmV3IHNlY3JldCBrZXk=';
const TOKEN = 'q-token-0123456789abcdef';
const NOW = Date.parse('2026-11-20T10:00:00Z');
const BODY = JSON.stringify({ source: 'aks', text: 'UserErrorPVSnapshotLimitReached', cluster: 'aks-prod' });

let hook: LoopbackWebhook | undefined;
afterEach(async () => {
  await hook?.close();
  hook = undefined;
});

async function start(config = {}): Promise<LoopbackWebhook> {
  hook = await startLoopbackWebhook({ secrets: { hmacSecrets: [SECRET_OLD, SECRET_NEW], queryTokens: [TOKEN] }, config, now: () => NOW });
  return hook;
}

function signed(body: string, opts: { id?: string; ts?: number; secret?: string } = {}): Record<string, string> {
  const id = opts.id ?? 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W';
  const ts = opts.ts ?? Math.floor(NOW / 1000);
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(ts),
    'webhook-signature': `v1,${sign(opts.secret ?? SECRET_NEW, id, ts, body)}`,
  };
}

async function post(h: LoopbackWebhook, body: string, headers: Record<string, string>, query = ''): Promise<number> {
  const res = await fetch(`${h.url}${query}`, { method: 'POST', headers, body });
  await res.text();
  return res.status;
}

describe('the signed webhook on loopback', () => {
  it('accepts a signed request once, with either active secret, and queues the payload with its delivery id', async () => {
    const h = await start();
    expect(await post(h, BODY, signed(BODY))).toBe(202);
    expect(await post(h, BODY, signed(BODY, { id: 'msg_second', secret: SECRET_OLD }))).toBe(202);
    expect(h.queued).toHaveLength(2);
    const first = JSON.parse(h.queued[0]?.body ?? '{}');
    expect(first.backupDoctorWebhook).toMatchObject({ id: 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W', auth: 'hmac' });
    expect(first.payload).toEqual(JSON.parse(BODY));
    expect(h.counts.get('accepted')).toBe(2);
  });

  it('refuses a forged signature (any one-byte change of body, id, timestamp or signature) with 401 and queues nothing', async () => {
    const h = await start();
    const good = signed(BODY);
    const cases: [string, string, Record<string, string>][] = [
      ['body', BODY.replace('aks-prod', 'aks-prod!'), good],
      ['id', BODY, { ...good, 'webhook-id': `${good['webhook-id']}x` }],
      ['timestamp', BODY, { ...good, 'webhook-timestamp': String(Number(good['webhook-timestamp']) - 1) }],
      ['signature', BODY, { ...good, 'webhook-signature': good['webhook-signature']!.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')) }],
      ['secret', BODY, signed(BODY, { secret: 'whsec_bm90IHRoZSBzZWNyZXQ=' })],
    ];
    for (const [what, body, headers] of cases) expect(await post(h, body, headers), what).toBe(401);
    expect(h.queued).toEqual([]);
    expect(h.counts.get('forged')).toBe(cases.length);
  });

  it('refuses a replayed id with 401, counts it, and queues the first delivery only', async () => {
    const h = await start();
    expect(await post(h, BODY, signed(BODY))).toBe(202);
    expect(await post(h, BODY, signed(BODY))).toBe(401);
    expect(await post(h, BODY, signed(BODY))).toBe(401);
    expect(h.queued).toHaveLength(1);
    expect(h.counts.get('replayed')).toBe(2);
  });

  it('refuses a timestamp more than five minutes away, either way, and accepts one just inside', async () => {
    const h = await start();
    const now = Math.floor(NOW / 1000);
    expect(await post(h, BODY, signed(BODY, { id: 'old', ts: now - 301 }))).toBe(401);
    expect(await post(h, BODY, signed(BODY, { id: 'future', ts: now + 301 }))).toBe(401);
    expect(h.queued).toEqual([]);
    expect(h.counts.get('stale')).toBe(2);
    expect(await post(h, BODY, signed(BODY, { id: 'inside', ts: now - 300 }))).toBe(202);
  });

  it('refuses a body over 256 KB with 413 before reading the signature, and accepts one at the limit', async () => {
    const h = await start();
    const pad = (n: number): string => JSON.stringify({ source: 'ack', text: 'x'.repeat(n) });
    const over = pad(MAX_BODY_BYTES - pad(0).length + 1);
    expect(Buffer.byteLength(over)).toBe(MAX_BODY_BYTES + 1);
    expect(await post(h, over, signed(over))).toBe(413);
    expect(h.queued).toEqual([]);
    expect(h.counts.get('oversized')).toBe(1);
    const at = pad(MAX_BODY_BYTES - pad(0).length);
    expect(await post(h, at, signed(at, { id: 'at-limit' }))).toBe(202);
  });

  it('refuses a request with no authentication, and a wrong token', async () => {
    const h = await start();
    expect(await post(h, BODY, { 'content-type': 'application/json' })).toBe(401);
    expect(await post(h, BODY, {}, '?token=wrong-token-0123456789')).toBe(401);
    expect(h.queued).toEqual([]);
    expect(h.counts.get('unauthenticated')).toBe(1);
    expect(h.counts.get('forged')).toBe(1);
  });

  it('accepts the query token when it is on, never logs it, and refuses it when it is off', async () => {
    const h = await start();
    expect(await post(h, BODY, {}, `?token=${TOKEN}`)).toBe(202);
    expect(JSON.parse(h.queued[0]?.body ?? '{}').backupDoctorWebhook.auth).toBe('token');
    expect(JSON.stringify(h.logs)).not.toContain(TOKEN);
    await h.close();
    const off = await start({ queryToken: false });
    expect(await post(off, BODY, {}, `?token=${TOKEN}`)).toBe(401);
    expect(off.queued).toEqual([]);
  });

  it('refuses signed requests when HMAC is off', async () => {
    const h = await start({ hmac: false, queryToken: false });
    expect(await post(h, BODY, signed(BODY))).toBe(401);
    expect(h.queued).toEqual([]);
  });

  it('answers 500 when the queue fails, forgets the id, and accepts the sender\'s retry', async () => {
    const h = await start();
    h.failEnqueue = true;
    expect(await post(h, BODY, signed(BODY))).toBe(500);
    h.failEnqueue = false;
    expect(await post(h, BODY, signed(BODY))).toBe(202);
    expect(h.queued).toHaveLength(1);
    expect(h.counts.get('enqueue-failed')).toBe(1);
  });

  it('refuses a signed body that is not JSON with 400', async () => {
    const h = await start();
    expect(await post(h, 'not json', signed('not json'))).toBe(400);
    expect(h.queued).toEqual([]);
  });
});
