/**
 * Posting blocks for the PostgreSQL index (docs/decisions/0006): the same tokens as FTS5 (search-text.ts), stored as
 * one row per (token, block of up to BLOCK_ENTRIES documents) in publication order, so that a query walks each
 * token's documents newest first and stops as soon as it has enough, as FTS5 does on SQLite. Pure: encoding,
 * decoding, the postings of one document and matching a document against a compiled query.
 *
 * A block is bytes: for each document, newest first, `varint(previous seq − seq)` (0 for the first, whose seq is the
 * row's `hi`), then the entry's tail: `varint(title count) varint(body count)` and, for text tokens, the positions
 * (title positions, then body positions, each list delta-encoded). Facet tokens (agency, category, validity, kind)
 * and unigram tokens (every Han character, for single-character prefix queries) carry counts only.
 */
import { indexTokenList, isHanToken, type ParsedQuery, type QueryPart } from './search-text.ts';
import type { SearchQuery } from './search.ts';

/** Most documents in one posting row (rows are split beyond; ~1 KB for a common bigram). */
export const BLOCK_ENTRIES = 128;
/** Prefix of facet tokens: control characters never occur in text tokens (normalisation turns them into spaces). */
export const FACET = '\u0001';
/** Prefix of unigram tokens: "this Han character occurs" (answers a lone-character query, FTS5's prefix `字*`). */
export const UNIGRAM = '\u0002';

/** True for tokens whose entries carry positions (text tokens); facet and unigram tokens carry counts only. */
export function hasPositions(token: string): boolean {
  return token.charCodeAt(0) > 0x1f;
}

/** A growable byte buffer of unsigned varints (LEB128; values may exceed 2^32, so no bit operations). */
export class VarintWriter {
  private buf = Buffer.allocUnsafe(256);
  length = 0;
  private ensure(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + n));
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }
  uint(v: number): void {
    this.ensure(10);
    while (v >= 128) {
      this.buf[this.length++] = (v % 128) | 128;
      v = Math.floor(v / 128);
    }
    this.buf[this.length++] = v;
  }
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }
  /** A copy of what was written. */
  done(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.length));
  }
}

/** Offset after the last varint read by `uintAt` (a module cursor: no tuple allocated per value on hot paths). */
let cursor = 0;

/** Reads an unsigned varint at `at`, leaving the next offset in `cursor`. */
function uintAt(b: Uint8Array, at: number): number {
  let v = 0;
  let mul = 1;
  for (;;) {
    const byte = b[at++];
    v += (byte & 127) * mul;
    if (byte < 128) {
      cursor = at;
      return v;
    }
    mul *= 128;
  }
}

/** Reads an unsigned varint at `at`; returns [value, next offset]. */
export function readUint(b: Uint8Array, at: number): [number, number] {
  const v = uintAt(b, at);
  return [v, cursor];
}

function skipTail(b: Uint8Array, at: number, positional: boolean): number {
  const nt = uintAt(b, at);
  const nb = uintAt(b, cursor);
  at = cursor;
  if (positional) for (let i = 0; i < nt + nb; i++) while (b[at++] >= 128);
  return at;
}

/** Calls `fn(seq, start, end)` for each entry of a posting row, newest first (the tail is data[start, end)). */
export function scanBlock(token: string, hi: number, data: Uint8Array, fn: (seq: number, start: number, end: number) => void): void {
  const positional = hasPositions(token);
  let seq = hi;
  let at = 0;
  while (at < data.length) {
    seq -= uintAt(data, at);
    const a = cursor;
    at = skipTail(data, a, positional);
    fn(seq, a, at);
  }
}

/** Bytes of a varint. */
export function uintBytes(v: number): number {
  let n = 1;
  while (v >= 128) {
    v = Math.floor(v / 128);
    n++;
  }
  return n;
}

/**
 * Entries of one token, keys descending, as typed columns: key, source buffer, tail bounds (the tail is
 * sources(src)[start, end)). One run is reused from token to token, so a batch of 2,000 documents (~2.6 M entries)
 * allocates no object, array or Buffer view per entry (garbage collection was most of a bulk batch's time).
 */
export class EntryRun {
  seqs = new Float64Array(1024);
  srcs = new Int32Array(1024);
  starts = new Int32Array(1024);
  ends = new Int32Array(1024);
  length = 0;

  /** Makes room for `n` more entries (then they may be written to the columns directly). */
  reserve(n: number): void {
    if (this.length + n <= this.seqs.length) return;
    const size = Math.max(this.seqs.length * 2, this.length + n);
    const grow = <A extends Float64Array | Int32Array>(a: A, b: A): A => (b.set(a), b);
    this.seqs = grow(this.seqs, new Float64Array(size));
    this.srcs = grow(this.srcs, new Int32Array(size));
    this.starts = grow(this.starts, new Int32Array(size));
    this.ends = grow(this.ends, new Int32Array(size));
  }

  /** Appends an entry (its key below every key already in the run). */
  push(seq: number, src: number, start: number, end: number): void {
    if (this.length === this.seqs.length) this.reserve(1);
    const i = this.length++;
    this.seqs[i] = seq;
    this.srcs[i] = src;
    this.starts[i] = start;
    this.ends[i] = end;
  }

  clear(): void {
    this.length = 0;
  }
}

/**
 * Encodes entries [from, to) of a run (keys descending) as one posting row; `source(src)` gives an entry's buffer.
 * Tails are a few bytes: copied by a loop (a native Buffer.copy per entry cost more than the copy).
 */
export function encodeRow(run: EntryRun, from: number, to: number, source: (src: number) => Uint8Array): { hi: number; lo: number; data: Buffer } {
  const { seqs, srcs, starts, ends } = run;
  let size = 0;
  let prev = seqs[from];
  for (let i = from; i < to; i++) {
    size += uintBytes(prev - seqs[i]) + ends[i] - starts[i];
    prev = seqs[i];
  }
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  prev = seqs[from];
  for (let i = from; i < to; i++) {
    let v = prev - seqs[i];
    while (v >= 128) {
      out[at++] = (v % 128) | 128;
      v = Math.floor(v / 128);
    }
    out[at++] = v;
    const b = source(srcs[i]);
    for (let k = starts[i], e = ends[i]; k < e; k++) out[at++] = b[k];
    prev = seqs[i];
  }
  return { hi: seqs[from], lo: seqs[to - 1], data: out };
}

/** Entries per row when a token's n entries are split into rows of at most BLOCK_ENTRIES, of even size. */
export function rowSize(n: number): number {
  return Math.ceil(n / Math.ceil(n / BLOCK_ENTRIES));
}

/** The parts of a stored document that postings are built from. */
export interface PostingSource {
  title: string;
  document_number: string;
  body: string;
  agency_code: string;
  category_code: string;
  validity: string;
  kind: string;
}

/** The facet tokens of a document (its agency, category, validity and kind). */
export function facetTokens(d: { agency_code: string; category_code: string; validity: string; kind: string }): string[] {
  return [`${FACET}a${d.agency_code}`, `${FACET}c${d.category_code}`, `${FACET}v${d.validity}`, `${FACET}k${d.kind}`];
}

/** A document's tokens and their entry tails, all in one buffer (tails[i] = data[starts[i], ends[i])). */
export interface DocumentPostingList {
  data: Buffer;
  tokens: string[];
  starts: number[];
  ends: number[];
}

/** The postings of a document as a map (token → tail). */
export function documentPostings(d: PostingSource): Map<string, Uint8Array> {
  const p = documentPostingList(d);
  return new Map(p.tokens.map((t, i) => [t, p.data.subarray(p.starts[i], p.ends[i])]));
}

/**
 * Every token of a document with its entry tail: text tokens of the title (with the document number, as the FTS5
 * title column) and of the body with positions; a unigram token per Han character; the facet tokens.
 */
export function documentPostingList(d: PostingSource): DocumentPostingList {
  const fields = [indexTokenList(`${d.title} ${d.document_number}`), indexTokenList(d.body)];
  const positions = new Map<string, [number[], number[]]>();
  const unigrams = new Map<string, [number, number]>();
  fields.forEach((tokens, f) => {
    for (let i = 0; i < tokens.length; i++) {
      const tok = tokens[i];
      let p = positions.get(tok);
      if (!p) positions.set(tok, (p = [[], []]));
      p[f].push(i);
      if (isHanToken(tok)) {
        const u = UNIGRAM + String.fromCodePoint(tok.codePointAt(0)!);
        let c = unigrams.get(u);
        if (!c) unigrams.set(u, (c = [0, 0]));
        c[f]++;
      }
    }
  });
  // Every tail is written into one buffer per document (one allocation, not one per token).
  const w = new VarintWriter();
  const out: DocumentPostingList = { data: Buffer.alloc(0), tokens: [], starts: [], ends: [] };
  const span = (tok: string, start: number) => {
    out.tokens.push(tok);
    out.starts.push(start);
    out.ends.push(w.length);
  };
  for (const [tok, [t, b]] of positions) {
    const start = w.length;
    w.uint(t.length);
    w.uint(b.length);
    for (const list of [t, b]) {
      let prev = 0;
      for (const p of list) {
        w.uint(p - prev);
        prev = p;
      }
    }
    span(tok, start);
  }
  for (const [tok, [t, b]] of unigrams) {
    const start = w.length;
    w.uint(t);
    w.uint(b);
    span(tok, start);
  }
  for (const f of facetTokens(d)) {
    const start = w.length;
    w.uint(0);
    w.uint(0);
    span(f, start);
  }
  out.data = w.done();
  return out;
}

/** One way a condition can hold: one token present, or (two or more) tokens at consecutive positions of one field. */
export type Alternative = string[];
/** A condition: any of its alternatives (OR). */
export type Condition = Alternative[];

/** A query compiled to token conditions. */
export interface CompiledQuery {
  /** Conditions every match meets: the parts of the positive terms, then the facet filters. */
  required: Condition[];
  /** For each positive term, the indexes of its conditions in `required` (a title match has all of them in the title). */
  terms: number[][];
  /** Negated terms: a document meeting every condition of one of them is excluded. */
  excluded: Condition[][];
  /** Every token the query reads. */
  tokens: string[];
}

function partCondition(p: QueryPart): Condition {
  if (p.kind === 'phrase') return [p.tokens];
  if (p.kind === 'prefix') return [[UNIGRAM + p.token]];
  return [[p.token]];
}

/** Compiles a parsed query and its filters (the year filter is a key range, applied by the walk). */
export function compileQuery(pq: ParsedQuery, q: SearchQuery): CompiledQuery {
  const required: Condition[] = [];
  const terms: number[][] = [];
  for (const t of pq.terms.filter((x) => !x.negated)) {
    terms.push(t.parts.map((p) => required.push(partCondition(p)) - 1));
  }
  const facet = (kind: string, values: string[] | undefined) => {
    if (values?.length) required.push(values.map((v) => [`${FACET}${kind}${v}`]));
  };
  facet('a', q.agencyCodes);
  facet('c', q.categoryCodes);
  facet('v', q.validity !== undefined ? [q.validity] : undefined);
  facet('k', q.kind !== undefined ? [q.kind] : undefined);
  const excluded = pq.terms.filter((x) => x.negated).map((t) => t.parts.map(partCondition));
  const tokens = new Set<string>();
  for (const c of [...required, ...excluded.flat()]) for (const alt of c) for (const tok of alt) tokens.add(tok);
  return { required, terms, excluded, tokens: [...tokens] };
}

/** Title and body positions of an entry tail (text tokens). */
function positionsOf(tail: Uint8Array): [number[], number[]] {
  const nt = uintAt(tail, 0);
  const nb = uintAt(tail, cursor);
  const lists: [number[], number[]] = [[], []];
  for (let f = 0; f < 2; f++) {
    let p = 0;
    for (let i = 0, n = f === 0 ? nt : nb; i < n; i++) {
      p += uintAt(tail, cursor);
      lists[f].push(p);
    }
  }
  return lists;
}

/** How a document's entries are looked up: token → (seq → tail). */
export type EntryLookup = (token: string, seq: number) => Uint8Array | undefined;

/** Whether position lists (ascending) hold p, p+1, … p+k−1 for some p: one pass with a cursor per list. */
function phraseIn(lists: number[][]): boolean {
  const at = new Array<number>(lists.length).fill(0);
  outer: for (const p of lists[0]) {
    for (let i = 1; i < lists.length; i++) {
      const l = lists[i];
      let j = at[i];
      while (j < l.length && l[j] < p + i) j++;
      at[i] = j;
      if (j === l.length) return false;
      if (l[j] !== p + i) continue outer;
    }
    return true;
  }
  return false;
}

/** Whether a document meets an alternative anywhere (`titleOnly`: in the title field). */
function altHolds(alt: Alternative, seq: number, get: EntryLookup, titleOnly: boolean): boolean {
  const tails: Uint8Array[] = [];
  for (const tok of alt) {
    const t = get(tok, seq);
    if (!t) return false;
    tails.push(t);
  }
  // The title count comes first; its varint's first byte is 0 only when the count is 0.
  if (titleOnly && tails.some((t) => t[0] === 0)) return false;
  if (alt.length === 1) return true;
  const pos = tails.map(positionsOf);
  if (phraseIn(pos.map((p) => p[0]))) return true;
  return !titleOnly && phraseIn(pos.map((p) => p[1]));
}

/** Whether a document meets a condition (any alternative). */
export function conditionHolds(c: Condition, seq: number, get: EntryLookup, titleOnly = false): boolean {
  return c.some((alt) => altHolds(alt, seq, get, titleOnly));
}

/** Whether a document matches: every required condition, no excluded term. */
export function documentMatches(cq: CompiledQuery, seq: number, get: EntryLookup): boolean {
  return cq.required.every((c) => conditionHolds(c, seq, get)) && !cq.excluded.some((t) => t.every((c) => conditionHolds(c, seq, get)));
}

/** Whether every positive term of the query occurs in the document's title (a title match, as FTS5 `title : (…)`). */
export function titleMatches(cq: CompiledQuery, seq: number, get: EntryLookup): boolean {
  return cq.terms.every((idx) => idx.every((i) => conditionHolds(cq.required[i], seq, get, true)));
}
