/**
 * The result of parsing one event, and the envelope fields every EventBridge event carries.
 */
import type { FailureEvent } from '../model/types.ts';
import { field, text, time, type Rec } from './values.ts';

/** One event parsed, or the one-line reason it could not be. */
export type Parsed = { readonly ok: true; readonly event: FailureEvent } | { readonly ok: false; readonly error: string };

/** A successful parse. */
export function parsed(event: FailureEvent): Parsed {
  return { ok: true, event };
}

/** A failed parse with a one-line reason. */
export function rejected(error: string): Parsed {
  return { ok: false, error };
}

/** The envelope fields of an EventBridge event: id, account (kept as given), region and time. */
export interface Envelope {
  readonly eventId?: string;
  readonly account?: string;
  readonly region?: string;
  readonly time?: string;
}

/** Reads the EventBridge envelope; a malformed field is left out, never fatal. */
export function envelopeOf(event: Rec): Envelope {
  return {
    eventId: text(field(event, 'id')),
    account: text(field(event, 'account')),
    region: text(field(event, 'region')),
    time: time(field(event, 'time')),
  };
}
