/**
 * The webhook's request handling, free of AWS: size, authentication (Standard Webhooks HMAC, or the weaker
 * query-string token), replay protection, JSON, then one message on the intake queue. Every refusal is counted
 * and nothing refused is processed. The sender gets an answer as soon as the payload is queued; the diagnosis
 * happens behind the queue.
 */
import { DELIVERY_KEY } from '../events/external/common.ts';
import { parseJsonText } from '../events/json-text.ts';
import { TOKEN_PARAM, tokenMatches } from './token.ts';
import { DEFAULT_TOLERANCE_SECONDS, HEADERS, verifySignature } from './verify.ts';

/**
 * The largest body accepted: 256 KB (256,000 bytes). With the delivery envelope the queue message stays under
 * SQS's default maximum message size of 262,144 bytes.
 */
export const MAX_BODY_BYTES = 256_000;

/** Which authentication schemes are on. Both may be; at least one must be for anything to be accepted. */
export interface WebhookConfig {
  /** Standard Webhooks HMAC signatures. */
  readonly hmac: boolean;
  /** The secret token in the query string (for Azure action groups, which cannot sign). */
  readonly queryToken: boolean;
  readonly toleranceSeconds?: number;
  readonly maxBodyBytes?: number;
}

/** The secrets, as stored in Secrets Manager: several active at once for rotation. */
export interface WebhookSecrets {
  readonly hmacSecrets: readonly string[];
  readonly queryTokens: readonly string[];
}

/** Every outcome, counted once per request. */
export type WebhookOutcome =
  | 'accepted'
  | 'method-not-allowed'
  | 'oversized'
  | 'unauthenticated'
  | 'forged'
  | 'stale'
  | 'replayed'
  | 'not-json'
  | 'enqueue-failed';

/** A request, as the Function URL handler hands it over. Header names lower-case. */
export interface WebhookRequest {
  readonly method: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly query: Readonly<Record<string, string | undefined>>;
  readonly body: Buffer;
}

/** The answer. */
export interface WebhookResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** What the handling needs from outside: secrets, the replay store, the queue, a counter and the clock. */
export interface WebhookDeps {
  readonly config: WebhookConfig;
  readonly secrets: () => Promise<WebhookSecrets>;
  /** Records the id until `expiresAt` (Unix seconds, as `now`); false when it is already recorded (a replay). */
  readonly claim: (id: string, expiresAt: number, now: number) => Promise<boolean>;
  /** Forgets an id whose payload could not be queued, so that the sender's retry is accepted. */
  readonly release: (id: string) => Promise<void>;
  readonly enqueue: (messageBody: string, id: string) => Promise<void>;
  readonly count: (outcome: WebhookOutcome) => void;
  /** Epoch milliseconds. */
  readonly now: () => number;
  /** A fresh id for token-authenticated deliveries, which carry none. */
  readonly newId: () => string;
  /** Structured log lines; never given a secret, a token, a signature or the query string. */
  readonly log?: (line: Readonly<Record<string, unknown>>) => void;
}

function answer(statusCode: number, message: string): WebhookResponse {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message }) };
}

function refuse(deps: WebhookDeps, outcome: WebhookOutcome, statusCode: number, message: string, id?: string): WebhookResponse {
  deps.count(outcome);
  deps.log?.({ outcome, statusCode, ...(id ? { webhookId: id.slice(0, 256) } : {}) });
  return answer(statusCode, message);
}

type Auth = { ok: true; id: string; scheme: 'hmac' | 'token'; timestamp?: number } | { ok: false; outcome: WebhookOutcome; message: string };

async function authenticate(req: WebhookRequest, deps: WebhookDeps, nowSeconds: number): Promise<Auth> {
  const { config } = deps;
  const signed = req.headers[HEADERS.signature] !== undefined || req.headers[HEADERS.id] !== undefined;
  if (signed && config.hmac) {
    const secrets = await deps.secrets();
    const check = verifySignature(req, secrets.hmacSecrets, nowSeconds, config.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS);
    if (check.ok) return { ok: true, id: check.id, scheme: 'hmac', timestamp: check.timestamp };
    if (check.reason === 'stale-timestamp') return { ok: false, outcome: 'stale', message: 'timestamp outside the accepted window' };
    if (check.reason === 'bad-signature') return { ok: false, outcome: 'forged', message: 'signature does not match' };
    return { ok: false, outcome: 'unauthenticated', message: 'missing or malformed webhook-id, webhook-timestamp or webhook-signature' };
  }
  const token = req.query[TOKEN_PARAM];
  if (token !== undefined && config.queryToken) {
    const secrets = await deps.secrets();
    if (tokenMatches(token, secrets.queryTokens)) return { ok: true, id: deps.newId(), scheme: 'token' };
    return { ok: false, outcome: 'forged', message: 'token does not match' };
  }
  return { ok: false, outcome: 'unauthenticated', message: 'no accepted authentication' };
}

/** Handles one request. Never throws for bad input; a failure to queue is a 500 the sender will retry. */
export async function handleWebhook(req: WebhookRequest, deps: WebhookDeps): Promise<WebhookResponse> {
  if (req.method.toUpperCase() !== 'POST') return refuse(deps, 'method-not-allowed', 405, 'only POST is accepted');
  if (req.body.length > (deps.config.maxBodyBytes ?? MAX_BODY_BYTES)) return refuse(deps, 'oversized', 413, 'body too large');

  const nowMs = deps.now();
  const auth = await authenticate(req, deps, Math.floor(nowMs / 1000));
  if (!auth.ok) return refuse(deps, auth.outcome, 401, auth.message);

  const json = parseJsonText(req.body.toString('utf8'), 'body');
  if (!json.ok) return refuse(deps, 'not-json', 400, 'body is not JSON', auth.id);

  // A signed id is remembered for longer than the timestamp window, so a replay can never pass both checks.
  if (auth.scheme === 'hmac') {
    const tolerance = deps.config.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
    const nowSeconds = Math.floor(nowMs / 1000);
    if (!(await deps.claim(`webhook#${auth.id}`, nowSeconds + 2 * tolerance + 60, nowSeconds))) return refuse(deps, 'replayed', 401, 'this webhook-id was already received', auth.id);
  }

  const message = JSON.stringify({
    [DELIVERY_KEY]: { id: auth.id, receivedAt: new Date(nowMs).toISOString(), auth: auth.scheme },
    payload: json.value,
  });
  try {
    await deps.enqueue(message, auth.id);
  } catch (err) {
    if (auth.scheme === 'hmac') await deps.release(`webhook#${auth.id}`).catch(() => undefined);
    deps.log?.({ outcome: 'enqueue-failed', error: err instanceof Error ? err.name : 'error' });
    return refuse(deps, 'enqueue-failed', 500, 'could not queue the payload; retry', auth.id);
  }
  deps.count('accepted');
  deps.log?.({ outcome: 'accepted', statusCode: 202, webhookId: auth.id, auth: auth.scheme });
  return answer(202, 'accepted');
}
