/**
 * What a search box's text asks for, read before it reaches PostgreSQL: the text itself (given whole to
 * `websearch_to_tsquery`: words, "quoted phrases", `or`, -exclusions), whether it can be a folio or the start of
 * one, and which of its words a mistyped name could hide behind (plain, positive words of four letters or more:
 * not inside quotes, not excluded, and only when the text has no `or`, whose grouping the rewrite would change).
 */
/** The kinds of text search looks into (`search_entries.kind`), as snippets name them. Never rename one. */
export const SEARCH_KINDS = [
  'request',
  'clarification',
  'agency_clarification',
  'answer',
  'reply',
  'translation',
  'attachment',
] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

export interface SearchText {
  /** The text as typed, white space squeezed. */
  text: string;
  /** Upper-cased when the whole text looks like a folio or its start (`SSAN-2026-0001`, `ssan-2026`). */
  folioPrefix: string | null;
  /** Folded words (lower case, no accents) that may be matched fuzzily against subjects' names. */
  fuzzyWords: string[];
}

/** Letters, digits and hyphens, with a hyphen or a digit somewhere after a leading letter: a folio's shape. */
const FOLIO_LIKE = /^[A-Za-z][A-Za-z0-9]*(-[A-Za-z0-9]*)*$/;

/** Lower case without accents, the way PostgreSQL's `unaccent` folds names (ñ → n, ü → u). */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

export function readSearchText(input: string): SearchText {
  const text = input.replace(/\s+/g, ' ').trim();
  const folioPrefix =
    !text.includes(' ') && text.length >= 3 && FOLIO_LIKE.test(text) && /[-0-9]/.test(text) ? text.toUpperCase() : null;
  return { text, folioPrefix, fuzzyWords: fuzzyWordsOf(text) };
}

/** Plain tokens, excluded tokens and quoted phrases, as websearch_to_tsquery reads them (roughly). */
function tokensOf(text: string): string[] {
  return text.match(/-?"[^"]*"?|\S+/g) ?? [];
}

/** A plain token's word: the token without the punctuation around it, folded. */
const wordOf = (token: string): string => fold(token.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''));

function fuzzyWordsOf(text: string): string[] {
  const tokens = tokensOf(text);
  if (tokens.some((t) => t.toLowerCase() === 'or')) return [];
  const elsewhere = new Set(
    tokens.filter((t) => t.startsWith('-') || t.startsWith('"')).flatMap((t) => fold(t).split(/[^\p{L}\p{N}]+/u)),
  );
  const words = tokens
    .filter((t) => !t.startsWith('-') && !t.startsWith('"'))
    .map(wordOf)
    .filter((w) => /^\p{L}{4,40}$/u.test(w) && !elsewhere.has(w));
  return [...new Set(words)].slice(0, 6);
}

/** How many edits a mistyped word of this length may hide: one, two from eight letters on. */
export const allowedEdits = (word: string): number => (word.length >= 8 ? 2 : 1);

/**
 * Whether `a` and `b` are at most `max` edits apart, counting an insertion, a deletion, a substitution or a swap
 * of two neighbouring letters as one edit (optimal string alignment distance).
 */
export function withinEdits(a: string, b: string, max: number): boolean {
  if (Math.abs(a.length - b.length) > max) return false;
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    let best = Infinity;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2][j - 2] + 1);
      d[i][j] = v;
      best = Math.min(best, v);
    }
    if (best > max) return false;
  }
  return d[rows - 1][cols - 1] <= max;
}

/** The text without the plain (unquoted, not excluded) occurrences of `words`, for the fuzzy rewrite. */
export function withoutWords(text: string, words: string[]): string {
  const drop = new Set(words);
  return tokensOf(text)
    .filter((t) => t.startsWith('"') || t.startsWith('-') || !drop.has(wordOf(t)))
    .join(' ');
}
