/**
 * Standard Webhooks signature verification: HMAC-SHA256 with the shared secret over `id.timestamp.body`,
 * sent as `webhook-signature: v1,<base64> [v1,<base64> ...]` with `webhook-id` and `webhook-timestamp`
 * (Unix seconds). Several secrets may be active at once, so a secret can be rotated without downtime.
 * Comparison is constant-time; nothing here logs or returns a secret or a signature.
 * @see https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Why a signed request was refused. */
export type SignatureRefusal = 'missing-headers' | 'bad-timestamp' | 'stale-timestamp' | 'bad-signature' | 'no-secret';

/** The outcome of a verification. */
export type SignatureCheck =
  | { readonly ok: true; readonly id: string; readonly timestamp: number }
  | { readonly ok: false; readonly reason: SignatureRefusal };

/** The Standard Webhooks headers, lower-case as Lambda Function URLs deliver them. */
export const HEADERS = { id: 'webhook-id', timestamp: 'webhook-timestamp', signature: 'webhook-signature' } as const;

/** The default tolerance between the sender's timestamp and our clock: five minutes either way. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

// Bounds that keep a hostile header from costing more than a few HMACs.
const MAX_ID = 256;
const MAX_SIGNATURES = 8;
const SECRET_PREFIX = 'whsec_';

/** The key bytes of a secret: base64 after the `whsec_` prefix (the spec's form), or the raw text otherwise. */
export function secretKey(secret: string): Buffer {
  return secret.startsWith(SECRET_PREFIX) ? Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64') : Buffer.from(secret, 'utf8');
}

/** The v1 signature of a message: base64 HMAC-SHA256 over `id.timestamp.body`. */
export function sign(secret: string, id: string, timestamp: number, body: Buffer | string): string {
  const mac = createHmac('sha256', secretKey(secret));
  mac.update(`${id}.${timestamp}.`);
  mac.update(body);
  return mac.digest('base64');
}

/** The request parts verification reads. Header names lower-case. */
export interface SignedRequest {
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: Buffer;
}

/**
 * Verifies a Standard Webhooks request against every active secret. `now` is Unix seconds.
 * The id is returned for replay protection, which the caller applies after this succeeds.
 */
export function verifySignature(req: SignedRequest, secrets: readonly string[], now: number, toleranceSeconds = DEFAULT_TOLERANCE_SECONDS): SignatureCheck {
  const id = req.headers[HEADERS.id];
  const ts = req.headers[HEADERS.timestamp];
  const header = req.headers[HEADERS.signature];
  if (!id || !ts || !header || id.length > MAX_ID) return { ok: false, reason: 'missing-headers' };
  if (!/^\d{1,12}$/.test(ts)) return { ok: false, reason: 'bad-timestamp' };
  const timestamp = Number(ts);
  if (Math.abs(now - timestamp) > toleranceSeconds) return { ok: false, reason: 'stale-timestamp' };
  if (secrets.length === 0) return { ok: false, reason: 'no-secret' };

  const given = header
    .split(' ')
    .slice(0, MAX_SIGNATURES)
    .filter((s) => s.startsWith('v1,'))
    .map((s) => Buffer.from(s.slice(3), 'base64'));
  let matched = false;
  for (const secret of secrets) {
    const expected = Buffer.from(sign(secret, id, timestamp, req.body), 'base64');
    // Every candidate is compared, so the time taken does not tell which secret or signature matched.
    for (const g of given) if (g.length === expected.length && timingSafeEqual(g, expected)) matched = true;
  }
  return matched ? { ok: true, id, timestamp } : { ok: false, reason: 'bad-signature' };
}
