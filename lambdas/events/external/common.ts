/**
 * What every external adapter shares: the delivery metadata the webhook adds, bounded text readers, a stable id
 * for payloads that carry none, and the event builder.
 */
import type { ExternalEventFacts, FailureEvent } from '../../model/types.ts';
import { defined, field, isRecord, text, type Rec } from '../values.ts';

/** What the webhook records about a delivery, next to the payload on the intake queue. */
export interface Delivery {
  /** The webhook-id header (Standard Webhooks) or a generated id for token-authenticated requests. */
  readonly id?: string;
  readonly receivedAt?: string;
}

/** The key under which the webhook puts a verified payload on the intake queue. */
export const DELIVERY_KEY = 'backupDoctorWebhook';

/** Reads the webhook's envelope `{ backupDoctorWebhook: { id, receivedAt }, payload }`, when the input is one. */
export function deliveryOf(input: Rec): { delivery: Delivery; payload: unknown } | undefined {
  const meta = field(input, DELIVERY_KEY);
  if (!isRecord(meta) || !Object.hasOwn(input, 'payload')) return undefined;
  return { delivery: defined({ id: text(field(meta, 'id')), receivedAt: text(field(meta, 'receivedAt')) }), payload: field(input, 'payload') };
}

// Vendor texts are short; anything longer is cut so that one payload cannot make every later step slow.
const MAX_FIELD = 16_384;

/** A non-blank string, bounded. */
export function bounded(value: unknown, max = MAX_FIELD): string | undefined {
  const s = text(value);
  return s === undefined ? undefined : s.length > max ? `${s.slice(0, max)}…` : s;
}

/** A stable short id of a value (FNV-1a over its JSON), for payloads that carry no id of their own. */
export function stableId(value: unknown): string {
  let json: string;
  try {
    json = JSON.stringify(value) ?? '';
  } catch {
    json = '';
  }
  let h = 0x811c9dc5;
  for (let i = 0; i < json.length; i++) {
    h ^= json.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** Builds the failure event every external adapter gives: kind `external`, the source cloud recorded. */
export function externalEvent(args: {
  readonly id: string;
  readonly delivery?: Delivery;
  readonly state: string;
  readonly time?: string;
  readonly statusMessage?: string;
  readonly facts: ExternalEventFacts;
  readonly raw: unknown;
}): FailureEvent {
  return defined({
    kind: 'external' as const,
    origin: args.delivery ? ('webhook' as const) : ('cli' as const),
    id: args.delivery?.id ?? args.id,
    eventId: args.id,
    state: args.state,
    time: args.time ?? args.delivery?.receivedAt,
    statusMessage: args.statusMessage,
    resourceArn: args.facts.resource,
    external: defined(args.facts),
    raw: args.raw,
  });
}
