/**
 * Delivers a payload through the webhook in-process, as a sender would: signed with a fresh Standard Webhooks
 * secret, verified, replay-checked and queued by the same handling the Lambda runs, then read back from the
 * queue message as the diagnoser reads it. The demo and the end-to-end test use it; nothing leaves the process.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { FailureEvent } from '../model/types.ts';
import { parseInput } from '../events/index.ts';
import { handleWebhook, type WebhookResponse } from './intake.ts';
import { sign } from './verify.ts';

/** What the delivery did: the HTTP answer, and the event the diagnoser would read from the queue. */
export interface InProcessDelivery {
  readonly response: WebhookResponse;
  readonly events: readonly FailureEvent[];
}

/** Signs `payload` and sends it through the webhook's handling; `now` is the sender's and the receiver's clock. */
export async function deliverSigned(payload: unknown, now: Date): Promise<InProcessDelivery> {
  const secret = `whsec_${randomBytes(24).toString('base64')}`;
  const body = Buffer.from(JSON.stringify(payload));
  const id = `msg_${randomUUID()}`;
  const ts = Math.floor(now.getTime() / 1000);
  const seen = new Set<string>();
  const queued: string[] = [];
  const response = await handleWebhook(
    {
      method: 'POST',
      headers: { 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': `v1,${sign(secret, id, ts, body)}` },
      query: {},
      body,
    },
    {
      config: { hmac: true, queryToken: false },
      secrets: async () => ({ hmacSecrets: [secret], queryTokens: [] }),
      claim: async (key) => !seen.has(key) && Boolean(seen.add(key)),
      release: async (key) => void seen.delete(key),
      enqueue: async (message) => void queued.push(message),
      count: () => undefined,
      now: () => now.getTime(),
      newId: randomUUID,
    },
  );
  // The diagnoser receives the queue message as an SQS record.
  const records = queued.map((message, i) => ({ eventSource: 'aws:sqs', messageId: `m-${i}`, body: message }));
  const parsed = records.length > 0 ? parseInput({ Records: records }) : undefined;
  return { response, events: parsed?.ok ? parsed.events : [] };
}
