/**
 * Width-aware line wrapping for terminal and email text, in English and Japanese. Japanese has no spaces, so a
 * line may break between any two wide characters, except before closing punctuation or after an opening bracket.
 * Words wider than the line (ARNs, URLs) are kept whole so that they stay copyable.
 */

const WIDE_RANGES: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1faff],
  [0x20000, 0x3fffd],
];

const NO_LINE_START = new Set([...'、。，．,.)）]］」』】〉》〕！？!?:：;；ー…ゃゅょっァィゥェォャュョッ％%']);
const NO_LINE_END = new Set([...'(（[［「『【〈《〔']);

function isWide(codePoint: number): boolean {
  return WIDE_RANGES.some(([lo, hi]) => codePoint >= lo && codePoint <= hi);
}

/** Columns a string takes in a terminal: wide (East Asian) characters count two. */
export function displayWidth(s: string): number {
  let width = 0;
  for (const ch of s) width += isWide(ch.codePointAt(0) ?? 0) ? 2 : 1;
  return width;
}

/** Pads a string with spaces to a display width. */
export function padEnd(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - displayWidth(s)));
}

/** Splits a paragraph into unbreakable pieces, each with the spaces that follow it. */
function tokens(paragraph: string): string[] {
  const out: string[] = [];
  let word = '';
  const flush = (): void => {
    if (word) out.push(word);
    word = '';
  };
  for (const ch of paragraph) {
    if (ch === ' ') {
      word += ch;
      flush();
    } else if (isWide(ch.codePointAt(0) ?? 0)) {
      flush();
      out.push(ch);
    } else {
      if (word.endsWith(' ')) flush();
      word += ch;
    }
  }
  flush();
  // Kinsoku: closing punctuation sticks to what precedes it, an opening bracket to what follows.
  const merged: string[] = [];
  for (const tok of out) {
    const first = [...tok][0] ?? '';
    const prev = merged[merged.length - 1];
    const prevLast = prev === undefined ? '' : ([...prev.trimEnd()].pop() ?? '');
    if (prev !== undefined && (NO_LINE_START.has(first) || (NO_LINE_END.has(prevLast) && !prev.endsWith(' ')))) {
      merged[merged.length - 1] = prev + tok;
    } else {
      merged.push(tok);
    }
  }
  return merged;
}

/** Wraps prose to `width` columns, each line prefixed by `indent`. Newlines in the prose start new lines. */
export function wrap(text: string, width: number, indent = ''): string[] {
  const room = Math.max(20, width - displayWidth(indent));
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    // The width of `line`, kept as tokens are added (measuring the whole line each time is quadratic).
    let lineWidth = 0;
    for (const tok of tokens(paragraph)) {
      if (line && lineWidth + displayWidth(tok.trimEnd()) > room) {
        lines.push(indent + line.trimEnd());
        line = tok.trimStart();
        lineWidth = displayWidth(line);
      } else {
        line += tok;
        lineWidth += displayWidth(tok);
      }
    }
    lines.push(indent + line.trimEnd());
  }
  return lines;
}
