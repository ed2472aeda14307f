/**
 * Catalog patterns that match in linear time. A pattern is one regular expression without nested or adjacent
 * unbounded repetition, or pieces that must occur in order ("A, later B"), or a choice of those. Pieces are
 * found one after another, each from where the previous one ended, so "A.*?B" never rescans the text for each
 * place where A occurs.
 */

/** Pieces that must occur in this order, each anywhere after the end of the previous one. */
export interface InOrder {
  readonly inOrder: readonly RegExp[];
}

/** Any one of the alternatives. */
export interface AnyOf {
  readonly anyOf: readonly (RegExp | InOrder)[];
}

/** A catalog rule's pattern. */
export type RulePattern = RegExp | InOrder | AnyOf;

/** Pieces in order: `inOrder(/A/i, /B/i)` matches where A occurs and B occurs somewhere after it. */
export function inOrder(...pieces: RegExp[]): InOrder {
  return { inOrder: pieces };
}

/** A choice of patterns. */
export function anyOf(...alternatives: (RegExp | InOrder)[]): AnyOf {
  return { anyOf: alternatives };
}

const searchers = new WeakMap<RegExp, RegExp>();

/** A global copy of a piece, so that a search can start at an offset. */
function searcher(piece: RegExp): RegExp {
  let found = searchers.get(piece);
  if (!found) {
    found = new RegExp(piece.source, piece.flags.includes('g') ? piece.flags.replace('y', '') : `${piece.flags.replace('y', '')}g`);
    searchers.set(piece, found);
  }
  return found;
}

function matchesInOrder(pieces: readonly RegExp[], text: string): boolean {
  let from = 0;
  for (const piece of pieces) {
    const re = searcher(piece);
    re.lastIndex = from;
    const m = re.exec(text);
    if (!m) return false;
    from = m.index + m[0].length;
  }
  return true;
}

/** Whether a pattern matches somewhere in the text. */
export function matchesPattern(pattern: RulePattern, text: string): boolean {
  if (pattern instanceof RegExp) {
    pattern.lastIndex = 0;
    return pattern.test(text);
  }
  if ('inOrder' in pattern) return matchesInOrder(pattern.inOrder, text);
  return pattern.anyOf.some((p) => matchesPattern(p, text));
}

/** Every regular expression a pattern is made of (for the ReDoS check). */
export function regexesOf(pattern: RulePattern): RegExp[] {
  if (pattern instanceof RegExp) return [pattern];
  if ('inOrder' in pattern) return [...pattern.inOrder];
  return pattern.anyOf.flatMap((p) => regexesOf(p));
}
