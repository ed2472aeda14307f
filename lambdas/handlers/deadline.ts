/**
 * The invocation's deadline: the Lambda's remaining time less a safety margin. Every AWS call a handler makes
 * carries an AbortSignal that fires at that deadline, so a slow or hanging service costs a retry of the record,
 * never an invocation that runs out of time half-way through a batch.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-context.html
 */

/** The one method of the Lambda context the deadline needs. */
export interface RemainingTime {
  getRemainingTimeInMillis(): number;
}

/** The end of the usable time of one invocation. */
export interface InvocationDeadline {
  /** Epoch ms after which no AWS call may still be running. */
  readonly at: number;
  /** Milliseconds left before `at` (never negative). */
  remainingMs(): number;
  /** A signal that aborts at `at` (already aborted when the time is up). */
  signal(): AbortSignal;
}

/** The deadline of the current invocation: now + remaining time - margin. */
export function invocationDeadline(context: RemainingTime, marginMs: number, clock: () => number = Date.now): InvocationDeadline {
  const at = clock() + context.getRemainingTimeInMillis() - marginMs;
  const remainingMs = (): number => Math.max(0, at - clock());
  return {
    at,
    remainingMs,
    signal: () => {
      const ms = remainingMs();
      return ms > 0 ? AbortSignal.timeout(ms) : AbortSignal.abort(new DeadlineExceeded());
    },
  };
}

/** Thrown (as the abort reason) when a call would start after the deadline. */
export class DeadlineExceeded extends Error {
  override readonly name = 'DeadlineExceeded';
  constructor() {
    super('No time left in this invocation for another AWS call');
  }
}

/** An AWS SDK v3 client, reduced to its send method. */
interface Sender {
  // The SDK's overloads differ per client; only the options argument matters here.
  send(command: never, options?: { abortSignal?: AbortSignal }): Promise<unknown>;
}

/**
 * Makes every `send` of a client carry the current invocation's abort signal; a signal the caller passes is
 * combined with it, so whichever fires first aborts the call. `current` returns undefined outside an invocation.
 */
export function boundByDeadline<C extends Sender>(client: C, current: () => InvocationDeadline | undefined): C {
  const send = client.send.bind(client) as (command: unknown, options?: { abortSignal?: AbortSignal }) => Promise<unknown>;
  const bound = (command: unknown, options?: { abortSignal?: AbortSignal }): Promise<unknown> => {
    const deadline = current();
    if (!deadline) return send(command, options);
    const own = deadline.signal();
    const abortSignal = options?.abortSignal ? AbortSignal.any([own, options.abortSignal]) : own;
    return send(command, { ...options, abortSignal });
  };
  (client as { send: unknown }).send = bound;
  return client;
}
