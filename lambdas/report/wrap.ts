/**
 * Width-aware line wrapping for terminal and email text, in English and Japanese. Japanese has no spaces, so a
 * line may break between any two wide characters, except before closing punctuation or after an opening bracket.
 * Words wider than the line (ARNs, URLs) are kept whole so that they stay copyable, and so are a `code span` and
 * a schedule expression (cron(0 20 ? * * *), rate(1 hour)): a line never breaks inside them.
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
  if (codePoint < 0x1100) return false;
  for (const [lo, hi] of WIDE_RANGES) if (codePoint >= lo && codePoint <= hi) return true;
  return false;
}

/** Columns a string takes in a terminal: wide (East Asian) characters count two. */
export function displayWidth(s: string): number {
  let width = 0;
  for (let i = 0; i < s.length; i++) {
    const code = s.codePointAt(i) ?? 0;
    if (code > 0xffff) i++;
    width += isWide(code) ? 2 : 1;
  }
  return width;
}

/** Pads a string with spaces to a display width. */
export function padEnd(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - displayWidth(s)));
}

/**
 * Splits a paragraph into unbreakable pieces, each with the spaces that follow it. Linear in the paragraph:
 * a piece is a slice between two break positions, never a string grown one character at a time.
 */
/** Code spans and schedule expressions: no quantifier nests in another, so the scan is linear. */
const UNBREAKABLE = /`[^`\n]+`|\b(?:cron|rate)\([^()\n]*\)/g;

function tokens(paragraph: string): string[] {
  // Spans a line must not break inside, in order; `span` is the next one not yet passed.
  const spans = [...paragraph.matchAll(UNBREAKABLE)].map((m) => [m.index, m.index + m[0].length] as const);
  let span = 0;
  const inside = (pos: number): boolean => {
    while (span < spans.length && (spans[span]?.[1] ?? 0) <= pos) span++;
    const cur = spans[span];
    return cur !== undefined && cur[0] < pos && pos < cur[1];
  };
  // Break positions: after each space, and around each wide character, except inside a span.
  const breaks: number[] = [0];
  const add = (pos: number): void => {
    if (!inside(pos)) breaks.push(pos);
  };
  let i = 0;
  while (i < paragraph.length) {
    const code = paragraph.codePointAt(i) ?? 0;
    const size = code > 0xffff ? 2 : 1;
    if (code === 0x20) add(i + 1);
    else if (isWide(code)) {
      add(i);
      add(i + size);
    }
    i += size;
  }
  breaks.push(paragraph.length);
  // Kinsoku: closing punctuation sticks to what precedes it, an opening bracket to what follows.
  const out: string[] = [];
  let pieceStart = -1;
  let lastChar = '';
  let endsWithSpace = false;
  let prevEnd = 0;
  for (let b = 1; b < breaks.length; b++) {
    const from = breaks[b - 1] as number;
    const to = breaks[b] as number;
    if (to <= from || from < prevEnd) continue;
    prevEnd = to;
    const first = String.fromCodePoint(paragraph.codePointAt(from) ?? 0);
    const joins = pieceStart >= 0 && (NO_LINE_START.has(first) || (NO_LINE_END.has(lastChar) && !endsWithSpace));
    if (!joins) {
      if (pieceStart >= 0) out.push(paragraph.slice(pieceStart, from));
      pieceStart = from;
      lastChar = '';
    }
    let last = to;
    while (last > from && paragraph.charCodeAt(last - 1) === 0x20) last--;
    if (last > from) lastChar = lastCodePointBefore(paragraph, last);
    endsWithSpace = last < to;
  }
  if (pieceStart >= 0) out.push(paragraph.slice(pieceStart));
  return out;
}

function lastCodePointBefore(s: string, end: number): string {
  const low = s.charCodeAt(end - 1);
  return low >= 0xdc00 && low <= 0xdfff && end > 1 ? s.slice(end - 2, end) : s.slice(end - 1, end);
}

/** Wraps prose to `width` columns, each line prefixed by `indent`. Newlines in the prose start new lines. */
export function wrap(text: string, width: number, indent = ''): string[] {
  const room = Math.max(20, width - displayWidth(indent));
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    // The line's pieces and width, kept as tokens are added (measuring the whole line each time is quadratic).
    let line: string[] = [];
    let lineWidth = 0;
    for (const tok of tokens(paragraph)) {
      const tokWidth = displayWidth(tok);
      // Trailing spaces are one column each.
      const trailing = tok.length - tok.trimEnd().length;
      if (line.length > 0 && lineWidth + tokWidth - trailing > room) {
        lines.push(indent + line.join('').trimEnd());
        const next = tok.trimStart();
        line = next ? [next] : [];
        lineWidth = tokWidth - (tok.length - next.length);
      } else {
        line.push(tok);
        lineWidth += tokWidth;
      }
    }
    lines.push(indent + line.join('').trimEnd());
  }
  return lines;
}
