import { neutralise } from '../report/unsafe.ts';

/** The logging surface the handlers use: Powertools' Logger satisfies it, and tests pass a recorder. */
export interface Log {
  info(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
  error(message: string, ...extra: Record<string, unknown>[]): void;
}

/** The longest excerpt of an input that is ever logged. */
export const MAX_EXCERPT_CHARS = 512;

/** A bounded, single-line excerpt of an input for the logs (inputs can be large or hostile). */
export function excerpt(value: unknown, max = MAX_EXCERPT_CHARS): string {
  let text: string;
  if (typeof value === 'string') text = value;
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  const flat = text.replace(/\s+/g, ' ');
  return neutralise(flat.length <= max ? flat : `${flat.slice(0, max)}…(${flat.length} chars)`);
}
