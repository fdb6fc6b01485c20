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

/** Character classes of the BMP: 0 separator, 1 Han, 2 other letter or digit (built once, ~10 ms). */
let classTable: Uint8Array | undefined;
function classes(): Uint8Array {
  if (classTable) return classTable;
  const t = new Uint8Array(65536);
  for (let c = 0; c < 65536; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const ch = String.fromCharCode(c);
    t[c] = HAN.test(ch) ? 1 : WORD.test(ch) ? 2 : 0;
  }
  return (classTable = t);
}

/**
 * Simplified form of every BMP Han character, converted in one OpenCC call (~50 ms once) rather than one call per
 * character as text arrives (which made the first searches after start-up slow). 0 = unchanged. A conversion that
 * changes the length (none known for t→cn) is ignored, keeping the length invariant.
 */
let hanTable: Uint16Array | undefined;
function simplifiedHan(): Uint16Array {
  if (hanTable) return hanTable;
  const cls = classes();
  const codes: number[] = [];
  for (let c = 0; c < 65536; c++) if (cls[c] === 1) codes.push(c);
  const converted = toSimplified(codes.map((c) => String.fromCharCode(c)).join('\n')).split('\n');
  const t = new Uint16Array(65536);
  if (converted.length === codes.length) {
    codes.forEach((c, i) => {
      if (converted[i].length === 1 && converted[i].charCodeAt(0) !== c) t[c] = converted[i].charCodeAt(0);
    });
  }
  return (hanTable = t);
}

/** Builds the character tables now (~0.3 s once) instead of during the first search after start-up. */
export function warmUpSearchText(): void {
  simplifiedHan();
}

/** Normalised form of each BMP code unit, computed on first sight (0 = not yet known). */
const normTable = new Uint16Array(65536);

function computeNorm(c: number): number {
  if (c < 0x20 || (c >= 0x7f && c < 0xa0)) return 0x20; // control characters
  if (c === 0x3000) return 0x20; // ideographic space
  if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0; // full-width ASCII
  if (c >= 0xd800 && c <= 0xdfff) return c; // surrogate halves pass through
  const ch = String.fromCharCode(c);
  if (classes()[c] === 1) return simplifiedHan()[c] || c;
  const lower = ch.toLowerCase();
  return lower.length === 1 ? lower.charCodeAt(0) : c;
}

/**
 * Normalises text for search: Simplified characters, half-width letters and digits, lower case, control characters
 * as spaces. The result has exactly the same UTF-16 length as the input.
 */
export function normaliseForSearch(text: string): string {
  const n = text.length;
  const buf = new Uint16Array(n);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    let m = normTable[c];
    if (m === 0) m = normTable[c] = computeNorm(c);
    buf[i] = m;
  }
  let out = '';
  for (let i = 0; i < n; i += 8192) out += String.fromCharCode.apply(null, buf.subarray(i, i + 8192) as unknown as number[]);
  return out;
}

/** A run of indexable characters in normalised text: Han characters, or other letters and digits. */
export interface TextRun {
  kind: 'han' | 'word';
  text: string;
}

// Class and width (in code units) of the character at i; astral characters are classified by regex (rare).
function classAt(s: string, i: number, cls: Uint8Array): number {
  const c = s.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff || i + 1 >= s.length) return cls[c];
  const pair = s.slice(i, i + 2);
  return HAN.test(pair) ? 1 : WORD.test(pair) ? 2 : 0;
}

/** Calls `fn(kind, start, end, astral)` for each run of Han characters or other letters/digits. */
function scanRuns(s: string, fn: (kind: 1 | 2, start: number, end: number, astral: boolean) => void): void {
  const cls = classes();
  const n = s.length;
  let i = 0;
  while (i < n) {
    const k = classAt(s, i, cls);
    const w = s.charCodeAt(i) >= 0xd800 && s.charCodeAt(i) <= 0xdbff && i + 1 < n ? 2 : 1;
    if (k === 0) {
      i += w;
      continue;
    }
    let j = i + w;
    let astral = w === 2;
    while (j < n) {
      const kk = classAt(s, j, cls);
      if (kk !== k) break;
      const ww = s.charCodeAt(j) >= 0xd800 && s.charCodeAt(j) <= 0xdbff && j + 1 < n ? 2 : 1;
      if (ww === 2) astral = true;
      j += ww;
    }
    fn(k as 1 | 2, i, j, astral);
    i = j;
  }
}

/** Splits normalised text into runs of Han characters and runs of other letters/digits; the rest separates. */
export function textRuns(normalised: string): TextRun[] {
  const runs: TextRun[] = [];
  scanRuns(normalised, (k, a, b) => runs.push({ kind: k === 1 ? 'han' : 'word', text: normalised.slice(a, b) }));
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
  const s = normaliseForSearch(text);
  // Written straight into a code-unit buffer: a bigram stream is ~3× the text, and this runs for every document.
  const buf = new Uint16Array(s.length * 3 + 2);
  let o = 0;
  const sep = () => {
    if (o) buf[o++] = 0x20;
  };
  scanRuns(s, (k, a, b, astral) => {
    if (k === 2) {
      sep();
      for (let p = a; p < Math.min(b, a + MAX_WORD_CHARS); p++) buf[o++] = s.charCodeAt(p);
    } else if (astral) {
      const toks: string[] = [];
      hanTokens(s.slice(a, b), toks);
      for (const t of toks) {
        sep();
        for (let p = 0; p < t.length; p++) buf[o++] = t.charCodeAt(p);
      }
    } else {
      for (let p = a; p + 1 < b; p++) {
        sep();
        buf[o++] = s.charCodeAt(p);
        buf[o++] = s.charCodeAt(p + 1);
      }
      sep();
      buf[o++] = s.charCodeAt(b - 1);
    }
  });
  let out = '';
  for (let i = 0; i < o; i += 8192) out += String.fromCharCode.apply(null, buf.subarray(i, Math.min(o, i + 8192)) as unknown as number[]);
  return out;
}

/** True when an index token is Han text (a bigram or a run's last character), not a word of other letters or digits. */
export function isHanToken(token: string): boolean {
  return token.length > 0 && classAt(token, 0, classes()) === 1;
}

/** The same tokens as an array (PostgreSQL builds its posting entries from positions). */
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
