/**
 * Characters that must not reach a reader as they are: C0 and C1 control characters (other than newline and tab),
 * which can move the cursor, recolour or retitle a terminal, and the Unicode bidirectional embeddings, overrides and
 * isolates (U+202A–U+202E, U+2066–U+2069), which can make text read differently from what it is. AWS status
 * messages, resource names and tags can carry them. Every output path shows them as visible escapes instead.
 * @see https://unicode.org/reports/tr9/#Explicit_Directional_Embeddings
 */

/** Every unsafe character, once. */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** The characters that JSON.stringify leaves raw but a terminal or a chat client would obey. */
const JSON_RAW_UNSAFE = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Whether a text holds any unsafe character. */
export function hasUnsafe(s: string): boolean {
  UNSAFE.lastIndex = 0;
  return UNSAFE.test(s);
}

/** Text for people: each unsafe character becomes a visible escape (`\x1b`, `\u202e`); newline and tab stay. */
export function neutralise(s: string): string {
  return s.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * JSON text with every unsafe character written as a `\uXXXX` escape: the parsed value is unchanged, but the text
 * itself (printed, logged, or pasted) carries no raw control or direction character.
 */
export function jsonSafe(json: string): string {
  return json.replace(JSON_RAW_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
