/**
 * JSON text → value, with a one-line error that names the line and column of the first syntax error.
 * V8's own messages vary across Node versions and may quote the input across lines, so the position and
 * the reason come from a small scanner that follows the JSON grammar (RFC 8259).
 */

/** A JSON syntax error: where it is (0-based offset) and what is wrong there. */
export interface JsonSyntaxError {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  readonly reason: string;
}

/** The parsed value, or a one-line error "<name> is not JSON: <reason> at line L column C". */
export type JsonTextResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string };

/** Parses JSON text (a leading byte-order mark is ignored). `name` is what the error calls the text. */
export function parseJsonText(input: string, name: string): JsonTextResult {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  if (text.trim() === '') return { ok: false, error: `${name} is empty` };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    const found = findJsonSyntaxError(text);
    if (found) return { ok: false, error: `${name} is not JSON: ${found.reason} at line ${found.line} column ${found.column}` };
    const message = e instanceof Error ? e.message.split(/[\r\n]/)[0] ?? '' : '';
    return { ok: false, error: `${name} is not JSON: ${message}` };
  }
}

/** The first syntax error in a JSON text, or undefined when the text is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const found = scan(text);
  if (found === undefined) return undefined;
  const before = text.slice(0, found.offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return {
    offset: found.offset,
    line: before.split('\n').length,
    column: found.offset - lineStart + 1,
    reason: found.reason,
  };
}

type Found = { readonly offset: number; readonly reason: string };

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const SIMPLE_ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const HEX = /^[0-9a-fA-F]{4}$/;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Iterative, so that deeply nested input cannot overflow the stack. */
function scan(text: string): Found | undefined {
  const n = text.length;
  const stack: ('{' | '[')[] = [];
  let i = 0;
  let expectValue = true;

  const skip = (): void => {
    while (i < n && WHITESPACE.has(text[i] ?? '')) i++;
  };
  const unexpected = (): Found =>
    i >= n ? { offset: n, reason: 'Unexpected end of JSON input' } : { offset: i, reason: `Unexpected token ${show(text, i)}` };
  const key = (): Found | undefined => {
    skip();
    if (i >= n) return unexpected();
    if (text[i] !== '"') return { offset: i, reason: `Expected double-quoted property name, found ${show(text, i)}` };
    const bad = string();
    if (bad) return bad;
    skip();
    if (i >= n) return unexpected();
    if (text[i] !== ':') return { offset: i, reason: `Expected ':' after property name, found ${show(text, i)}` };
    i++;
    return undefined;
  };
  const string = (): Found | undefined => {
    i++;
    while (i < n) {
      const c = text[i] ?? '';
      if (c === '"') {
        i++;
        return undefined;
      }
      if (c === '\\') {
        const next = text[i + 1];
        if (next === undefined) break;
        if (SIMPLE_ESCAPES.has(next)) i += 2;
        else if (next === 'u' && HEX.test(text.slice(i + 2, i + 6))) i += 6;
        else return { offset: i, reason: 'Bad escaped character in string literal' };
        continue;
      }
      if (c.charCodeAt(0) < 0x20) return { offset: i, reason: 'Bad control character in string literal' };
      i++;
    }
    return { offset: n, reason: 'Unterminated string in JSON' };
  };
  const literal = (word: string): Found | undefined => {
    for (const ch of word) {
      if (text[i] !== ch) return unexpected();
      i++;
    }
    return undefined;
  };

  for (;;) {
    skip();
    if (expectValue) {
      if (i >= n) return unexpected();
      const c = text[i];
      let bad: Found | undefined;
      if (c === '{' || c === '[') {
        i++;
        skip();
        if (text[i] === (c === '{' ? '}' : ']')) {
          i++;
          expectValue = false;
          continue;
        }
        stack.push(c);
        if (c === '{') bad = key();
        if (bad) return bad;
        continue;
      }
      if (c === '"') bad = string();
      else if (c === 't') bad = literal('true');
      else if (c === 'f') bad = literal('false');
      else if (c === 'n') bad = literal('null');
      else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
        NUMBER.lastIndex = i;
        const m = NUMBER.exec(text);
        if (!m || m[0] === '-') {
          i += 1;
          return unexpected();
        }
        i += m[0].length;
      } else return unexpected();
      if (bad) return bad;
      expectValue = false;
      continue;
    }
    const top = stack[stack.length - 1];
    if (top === undefined) return i < n ? { offset: i, reason: 'Unexpected non-whitespace character after JSON' } : undefined;
    if (i >= n) return unexpected();
    const c = text[i];
    if (c === ',') {
      i++;
      if (top === '{') {
        const bad = key();
        if (bad) return bad;
      }
      expectValue = true;
    } else if ((top === '{' && c === '}') || (top === '[' && c === ']')) {
      i++;
      stack.pop();
    } else {
      const expected = top === '{' ? "',' or '}' after property value" : "',' or ']' after array element";
      return { offset: i, reason: `Expected ${expected}, found ${show(text, i)}` };
    }
  }
}

/** One character for an error message, quoted and escaped so that the message stays on one line. */
function show(text: string, i: number): string {
  const code = text.codePointAt(i) ?? 0;
  const ch = String.fromCodePoint(code);
  const printable = code >= 0x20 && code !== 0x7f && code !== 0x2028 && code !== 0x2029;
  return `'${printable ? ch : `\\u${code.toString(16).padStart(4, '0')}`}'`;
}
