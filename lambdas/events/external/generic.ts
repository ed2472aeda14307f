/**
 * The documented generic form, for anything no other adapter reads:
 * `{"source": "aks" | "ack" | <anything>, "text": "...", "resource"?: "...", "cluster"?: "...", "time"?: "..."}`.
 * `text` is the error as the product printed it; `source` picks the catalog (aks, ack; anything else reads both).
 */
import type { FailureEvent } from '../../model/types.ts';
import { parsed, rejected, type Parsed } from '../parsed.ts';
import { field, text, time, type Rec } from '../values.ts';
import { bounded, type Delivery, externalEvent, stableId } from './common.ts';

const KEYS = new Set(['source', 'text', 'resource', 'cluster', 'time', 'state']);

/** True when the object has the generic form's shape: a string `source` and `text`, no other keys. */
export function isGeneric(input: Rec): boolean {
  return typeof field(input, 'source') === 'string' && typeof field(input, 'text') === 'string' && Object.keys(input).every((k) => KEYS.has(k));
}

/** Parses the generic form. A blank text is refused: there is nothing to diagnose. */
export function parseGeneric(input: Rec, delivery?: Delivery): Parsed {
  const message = bounded(field(input, 'text'));
  if (message === undefined) return rejected('generic payload: "text" is blank: nothing to diagnose');
  const source = (text(field(input, 'source')) ?? '').trim().toLowerCase();
  const catalog = source === 'aks' || source === 'ack' ? source : undefined;
  const event: FailureEvent = externalEvent({
    id: `generic:${stableId(input)}`,
    delivery,
    state: (text(field(input, 'state')) ?? 'FAILED').toUpperCase(),
    time: time(field(input, 'time')),
    statusMessage: message,
    facts: {
      cloud: catalog === 'aks' ? 'azure' : catalog === 'ack' ? 'alibaba' : 'generic',
      format: 'generic',
      ...(catalog ? { source: catalog } : {}),
      resource: bounded(field(input, 'resource'), 1024),
      cluster: bounded(field(input, 'cluster'), 256),
    },
    raw: input,
  });
  return parsed(event);
}
