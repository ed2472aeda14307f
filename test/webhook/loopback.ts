/**
 * A real HTTP server on loopback that serves the webhook as a Lambda Function URL would: the request becomes a
 * Function URL event (headers, query string, base64 body), the handler's request reader and handling run, and
 * the answer is written back. The replay store is a DynamoDB table that evaluates the real condition expression;
 * the queue and the counter are recorders, so a test sees exactly what was processed and what was counted.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LambdaFunctionURLEvent } from 'aws-lambda';
import { requestOf } from '../../lambdas/handlers/webhook.ts';
import { replayStore } from '../../lambdas/webhook/aws.ts';
import { handleWebhook, type WebhookConfig, type WebhookDeps, type WebhookOutcome, type WebhookSecrets } from '../../lambdas/webhook/intake.ts';
import { fakeIdempotencyTable } from '../publish/fake-ddb.ts';

/** A running loopback webhook and what it recorded. */
export interface LoopbackWebhook {
  readonly url: string;
  readonly queued: { body: string; id: string }[];
  readonly counts: Map<WebhookOutcome, number>;
  readonly logs: Record<string, unknown>[];
  /** Makes the next enqueue calls fail. */
  failEnqueue: boolean;
  close(): Promise<void>;
}

/** Starts the webhook on 127.0.0.1 with the given secrets, configuration and clock. */
export async function startLoopbackWebhook(opts: {
  secrets: WebhookSecrets;
  config?: Partial<WebhookConfig>;
  now?: () => number;
}): Promise<LoopbackWebhook> {
  const table = fakeIdempotencyTable();
  const replay = replayStore(table.client, 'replay');
  const state: LoopbackWebhook = {
    url: '',
    queued: [],
    counts: new Map(),
    logs: [],
    failEnqueue: false,
    close: async () => undefined,
  };
  let n = 0;
  const deps: WebhookDeps = {
    config: { hmac: true, queryToken: true, ...opts.config },
    secrets: async () => opts.secrets,
    claim: replay.claim,
    release: replay.release,
    enqueue: async (body, id) => {
      if (state.failEnqueue) throw new Error('injected: queue unavailable');
      state.queued.push({ body, id });
    },
    count: (o) => state.counts.set(o, (state.counts.get(o) ?? 0) + 1),
    now: opts.now ?? Date.now,
    newId: () => `token-${++n}`,
    log: (line) => state.logs.push({ ...line }),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      const event = {
        version: '2.0',
        rawPath: url.pathname,
        rawQueryString: url.search.slice(1),
        headers,
        queryStringParameters: url.search ? Object.fromEntries(url.searchParams) : undefined,
        requestContext: { http: { method: req.method ?? 'GET' } },
        body: Buffer.concat(chunks).toString('base64'),
        isBase64Encoded: true,
      } as unknown as LambdaFunctionURLEvent;
      handleWebhook(requestOf(event), deps).then(
        (out) => {
          res.writeHead(out.statusCode, out.headers);
          res.end(out.body);
        },
        (err: unknown) => {
          res.writeHead(500);
          res.end(String(err));
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return Object.assign(state, { url: `http://127.0.0.1:${port}/` });
}
