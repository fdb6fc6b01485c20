/**
 * Chinese-aware text handling for search, shared by the SQLite and PostgreSQL indexes (pure, no I/O).
 *
 * Text is normalised (Traditional → Simplified, full-width → half-width, ASCII lower case) one character at a time,
 * so a normalised string has the same length as its source and match offsets map straight back onto the original
 * for highlighting. Han text is indexed as overlapping character bigrams plus the last character of each run: design.md
 * §4 measured that bigrams answer 2-character words (科技, 许可) exactly, where trigrams return nothing and word
 * segmentation missed 1.2 % of real words. Other letters and digits are indexed as whole words (2020, 13, pdf).
 */
import { toSimplified } from '../i18n/i18n.ts';

const HAN = /\p{Script=Han}/u;
const WORD = /[\p{L}\p{N}]/u;

const simplifiedChar = new Map<string, string>();

function normaliseChar(ch: string): string {
  const c = ch.codePointAt(0)!;
  if (c >= 0xff01 && c <= 0xff5e) return String.fromCharCode(c - 0xfee0).toLowerCase(); // full-width ASCII
  if (c === 0x3000) return ' '; // ideographic space
  if (c < 0x80) return ch.toLowerCase();
  if (!HAN.test(ch)) return ch;
  let s = simplifiedChar.get(ch);
  if (s === undefined) {
    const converted = toSimplified(ch);
    // Keep the length invariant: a conversion that changes the length (none known for t→cn) is ignored.
    s = converted.length === ch.length ? converted : ch;
    simplifiedChar.set(ch, s);
  }
  return s;
}

/**
 * Normalises text for search: Simplified characters, half-width letters and digits, lower-case ASCII, control
 * characters as spaces. The result has exactly the same UTF-16 length as the input.
 */
export function normaliseForSearch(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x20 || (c >= 0x7f && c < 0xa0)) out += ' ';
    else out += normaliseChar(ch);
  }
  return out;
}

/** A run of indexable characters in normalised text: Han characters, or other letters and digits. */
export interface TextRun {
  kind: 'han' | 'word';
  text: string;
}

/** Splits normalised text into runs of Han characters and runs of other letters/digits; the rest separates. */
export function textRuns(normalised: string): TextRun[] {
  const runs: TextRun[] = [];
  let cur = '';
  let kind: TextRun['kind'] | null = null;
  for (const ch of normalised) {
    const k: TextRun['kind'] | null = HAN.test(ch) ? 'han' : WORD.test(ch) ? 'word' : null;
    if (k !== kind && cur) {
      runs.push({ kind: kind!, text: cur });
      cur = '';
    }
    kind = k;
    if (k) cur += ch;
  }
  if (cur && kind) runs.push({ kind, text: cur });
  return runs;
}

/** Longest non-Han word token; longer runs (a pasted hash, a URL) are cut, the same way in documents and queries. */
const MAX_WORD_CHARS = 60;

// A Han run as index tokens: overlapping bigrams, then its last character alone so that single-character
// queries (a prefix search) also find characters at the end of a run.
function hanTokens(run: string, out: string[]): void {
  const chars = Array.from(run);
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
  out.push(chars[chars.length - 1]);
}

/** The index tokens of a text (normalised here), space-separated, as stored in the full-text column. */
export function indexTokens(text: string): string {
  const out: string[] = [];
  for (const run of textRuns(normaliseForSearch(text))) {
    if (run.kind === 'han') hanTokens(run.text, out);
    else out.push(run.text.slice(0, MAX_WORD_CHARS));
  }
  return out.join(' ');
}

/** The same tokens as an array (PostgreSQL builds its tsvector from positions). */
export function indexTokenList(text: string): string[] {
  const s = indexTokens(text);
  return s ? s.split(' ') : [];
}

/**
 * One searchable part of a query: a run that must occur contiguously. A Han run of two or more characters is a
 * phrase of its bigrams; a single Han character is a prefix search over tokens; a word run is one exact token.
 */
export type QueryPart =
  | { kind: 'phrase'; tokens: string[] }
  | { kind: 'prefix'; token: string }
  | { kind: 'word'; token: string };

/** A query term: what the user typed between spaces, or inside quotes. All its parts must match (AND). */
export interface QueryTerm {
  parts: QueryPart[];
  /** `-词`: documents with this term are excluded. */
  negated: boolean;
  /** The normalised strings to highlight in titles and snippets. */
  highlights: string[];
}

/** A parsed query: terms ANDed together (negated terms excluded). */
export interface ParsedQuery {
  terms: QueryTerm[];
  /** True when something was typed but nothing in it is searchable (only punctuation, only exclusions). */
  unsearchable: boolean;
  /** A stable key for caching (same meaning → same key). */
  key: string;
}

/** Longest query text considered (characters); longer input is cut, never refused (issue 4 "Bad input"). */
export const MAX_QUERY_CHARS = 100;
/** Most terms considered in one query. */
export const MAX_QUERY_TERMS = 12;
/** Longest Han run used as a phrase (bigrams); longer runs are split into several phrases, ANDed. */
const MAX_PHRASE_CHARS = 16;

function termFromText(raw: string, negated: boolean): QueryTerm | null {
  const runs = textRuns(raw);
  const hasLong = runs.some((r) => r.kind === 'word' || Array.from(r.text).length >= 2);
  const parts: QueryPart[] = [];
  const highlights: string[] = [];
  for (const run of runs) {
    if (run.kind === 'word') {
      parts.push({ kind: 'word', token: run.text.slice(0, MAX_WORD_CHARS) });
      highlights.push(run.text);
      continue;
    }
    const chars = Array.from(run.text);
    if (chars.length === 1) {
      // A lone character beside longer parts (the 号 in 13号) adds little and costs a prefix scan: skip it.
      if (hasLong) continue;
      parts.push({ kind: 'prefix', token: chars[0] });
      highlights.push(chars[0]);
      continue;
    }
    highlights.push(run.text);
    for (let i = 0; i < chars.length - 1; i += MAX_PHRASE_CHARS - 1) {
      const piece = chars.slice(i, i + MAX_PHRASE_CHARS);
      const tokens: string[] = [];
      for (let j = 0; j + 1 < piece.length; j++) tokens.push(piece[j] + piece[j + 1]);
      parts.push({ kind: 'phrase', tokens });
    }
  }
  return parts.length ? { parts, negated, highlights } : null;
}

/**
 * Parses what a visitor typed: whitespace separates terms (all must match), "quotes" (also “”「」) keep a phrase
 * together, a leading `-` excludes a term. FTS operators typed by the user (AND, NEAR, *, ^, :) are just text here;
 * the index builds its own query syntax from the parts, so no input can reach the engine's parser.
 */
export function parseQuery(input: string): ParsedQuery {
  const text = normaliseForSearch(String(input ?? '').slice(0, MAX_QUERY_CHARS * 2))
    .replace(/[“”「」『』]/g, '"')
    .slice(0, MAX_QUERY_CHARS);
  const terms: QueryTerm[] = [];
  const re = /(-?)"([^"]*)"?|(-?)([^\s"]+)/g;
  for (const m of text.matchAll(re)) {
    const quoted = m[2] !== undefined;
    const negated = (quoted ? m[1] : m[3]) === '-';
    // Inside quotes, spaces between Han characters do not break the phrase (科技 许可 → 科技许可).
    const body = quoted ? m[2].replace(/(\p{Script=Han})\s+(?=\p{Script=Han})/gu, '$1') : m[4];
    const term = termFromText(body, negated);
    if (term) terms.push(term);
    if (terms.length >= MAX_QUERY_TERMS) break;
  }
  // A query of only exclusions has nothing to find.
  const positive = terms.filter((t) => !t.negated);
  const kept = positive.length ? terms : [];
  const key = kept.map((t) => (t.negated ? '-' : '') + t.parts.map(partKey).join('+')).join(' ');
  return { terms: kept, key, unsearchable: kept.length === 0 && text.trim() !== '' };
}

function partKey(p: QueryPart): string {
  return p.kind === 'phrase' ? p.tokens.join('_') : p.kind === 'prefix' ? `${p.token}*` : p.token;
}

/** The distinct normalised strings a result should highlight, longest first. */
export function highlightTerms(q: ParsedQuery): string[] {
  const all = q.terms.filter((t) => !t.negated).flatMap((t) => t.highlights);
  return [...new Set(all)].sort((a, b) => b.length - a.length);
}

const DAY_MS = 86_400_000;
/** Bits of the ordering key below the day number: room for 2^21 items published on one day. */
export const SEQ_DAY_BITS = 21;
const SEQ_DAY_FACTOR = 2 ** SEQ_DAY_BITS;

/** Days since 1970-01-01 of a 'YYYY-MM-DD' date (calendar arithmetic, independent of TZ). */
export function dayNumber(isoDate: string): number {
  const [y, m, d] = isoDate.split('-').map(Number);
  return Math.floor(Date.UTC(y, m - 1, d) / DAY_MS);
}

/**
 * The range of ordering keys of one publication day. Index rows are keyed `day × 2^21 + n`, so key order is
 * publication order and a date-sorted search walks the full-text index backwards (design.md §4: ≈ 0.1 ms at 1M).
 */
export function seqRangeOfDay(isoDate: string): { lo: number; hi: number } {
  const lo = dayNumber(isoDate) * SEQ_DAY_FACTOR;
  return { lo, hi: lo + SEQ_DAY_FACTOR - 1 };
}

/** The ordering keys of a calendar year (for the year filter). */
export function seqRangeOfYear(year: number): { lo: number; hi: number } {
  return { lo: seqRangeOfDay(`${year}-01-01`).lo, hi: seqRangeOfDay(`${year}-12-31`).hi };
}
