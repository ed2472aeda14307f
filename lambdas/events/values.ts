/**
 * Tolerant readers for AWS event fields. AWS sends numbers as strings, objects where ARNs belong and
 * status messages wrapped in literal quotes; these readers turn such values into plain typed values or
 * `undefined`, and never throw whatever they are given.
 */

/** A JSON object (not null, not an array). */
export type Rec = Readonly<Record<string, unknown>>;

/** True for a non-null, non-array object. */
export function isRecord(value: unknown): value is Rec {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An own property of an object, or undefined; inherited members (toString, __proto__) are never read. */
export function field(value: unknown, key: string): unknown {
  return isRecord(value) && Object.hasOwn(value, key) ? value[key] : undefined;
}

/** A non-blank string, as given. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** An ARN string; anything else (AWS sometimes sends `{}` where an ARN belongs) is absent. */
export function arn(value: unknown): string | undefined {
  const s = text(value)?.trim();
  return s?.startsWith('arn:') ? s : undefined;
}

const NUMERIC = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** A finite number, also from a numeric string ("0", "22548578304"). */
export function num(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || !NUMERIC.test(value.trim())) return undefined;
  const n = Number(value.trim());
  return Number.isFinite(n) ? n : undefined;
}

/** A boolean, also from "true"/"false" (ECS attachment details are all strings). */
export function bool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const s = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
  return s === 'true' ? true : s === 'false' ? false : undefined;
}

/** A date-time string kept as given, or absent when it does not parse (the docs' "yyyy-mm-ddThh:mm:ssZ"). */
export function time(value: unknown): string | undefined {
  const s = text(value);
  return s !== undefined && !Number.isNaN(Date.parse(s)) ? s : undefined;
}

/** The strings of an array; absent or non-array gives []. */
export function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Removes one pair of surrounding literal double quotes, as AWS Backup wraps some status messages in them. */
export function unquote(s: string): string {
  return s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1) : s;
}

/** A status message without AWS's surrounding literal quotes; blank or non-string gives undefined. */
export function statusText(value: unknown): string | undefined {
  const s = text(value);
  return s === undefined ? undefined : text(unquote(s));
}

export { arnRegion } from '../model/arn.ts';

/** Copies an object without its undefined-valued keys, so that parsed events serialise cleanly. */
export function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Folds every line break into a space: errors and excerpts are single-line by contract. */
export function oneLine(s: string): string {
  return s.replace(/[\r\n\u2028\u2029]+/g, ' ');
}

/** A value quoted for an error message: JSON string syntax, bounded in length, one line. */
export function quoted(s: string, max = 80): string {
  const bounded = s.length > max ? `${s.slice(0, max)}…` : s;
  return oneLine(JSON.stringify(bounded));
}

/** What kind of JSON value this is, for error messages ("string", "array", "null", ...). */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (value === undefined) return 'nothing';
  return `a ${typeof value}`;
}

/** A bounded one-line JSON rendering of any value, for logs and ignored inputs. Never throws. */
export function excerpt(value: unknown, max = 200): string {
  let rendered: string | undefined;
  try {
    rendered = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  } catch {
    rendered = undefined;
  }
  const s = rendered ?? `<${describeType(value)}>`;
  return oneLine(s.length > max ? `${s.slice(0, max)}…` : s);
}
