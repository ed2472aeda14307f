/**
 * The weaker alternative for senders that cannot sign (Azure Monitor action groups): a secret token in the
 * URL's query string. It proves only that the sender knows the URL; it covers neither the body nor the time,
 * and URLs end up in logs on the sender's side. Compared in constant time and never logged here.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** The query-string parameter that carries the token. */
export const TOKEN_PARAM = 'token';

// Both sides are hashed with a per-process key first, so the comparison takes the same time whatever the lengths.
const KEY = randomBytes(32);
const digest = (s: string): Buffer => createHmac('sha256', KEY).update(s, 'utf8').digest();

/** True when the provided token equals one of the active tokens. Every token is compared. */
export function tokenMatches(provided: string | undefined, tokens: readonly string[]): boolean {
  if (provided === undefined || provided === '' || provided.length > 512) return false;
  const given = digest(provided);
  let matched = false;
  for (const token of tokens) {
    if (token.length >= 16 && timingSafeEqual(given, digest(token))) matched = true;
  }
  return matched;
}
