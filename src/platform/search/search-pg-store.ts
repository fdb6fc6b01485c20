/**
 * Writing posting blocks on PostgreSQL (search-postings.ts): adding and removing documents' entries, rows kept at
 * most BLOCK_ENTRIES documents and disjoint in key order per token, and the document frequencies (search_terms) the
 * query walk uses to pick its driver. Callers hold the search write lock and a transaction.
 */
import { sql, type RawBuilder } from 'kysely';
import type { DB } from '../db/database.ts';
import { rankTexts } from './search-rank.ts';
import { documentPostingList, encodeRow, EntryRun, rowSize, scanBlock, type PostingSource } from './search-postings.ts';

/** Doubles a typed array's capacity when index `i` is past its end. */
function room<A extends Int32Array | Float64Array>(a: A, i: number): A {
  if (i < a.length) return a;
  const b = new (a.constructor as new (n: number) => A)(Math.max(a.length * 2, i + 1));
  b.set(a);
  return b;
}

/**
 * Entries to add and to remove, by token (a replaced document is removed, then added). Added entries are kept as
 * typed columns linked per token (the document's token strings and position arrays die young); documents added in
 * ascending key order (as every writer does) leave each token's list newest first, ready to encode.
 */
export class PostingChanges {
  readonly removed = new Map<string, Set<number>>();
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [];
  private heads = new Int32Array(4096);
  private los = new Float64Array(4096);
  private his = new Float64Array(4096);
  private counts = new Int32Array(4096);
  private next = new Int32Array(1 << 16);
  private docOf = new Int32Array(1 << 16);
  private starts = new Int32Array(1 << 16);
  private ends = new Int32Array(1 << 16);
  private entries = 0;
  private seqs = new Float64Array(1024);
  private docs = 0;
  /** Each added document's tails, by document index. */
  readonly datas: Buffer[] = [];
  private ascending = true;

  /** Adds every posting of a document stored under `seq`. */
  add(seq: number, doc: PostingSource): void {
    const p = documentPostingList(doc);
    const d = this.docs++;
    if (d && seq < this.seqs[d - 1]) this.ascending = false;
    this.seqs = room(this.seqs, d);
    this.seqs[d] = seq;
    this.datas.push(p.data);
    const n = this.entries + p.tokens.length;
    this.next = room(this.next, n);
    this.docOf = room(this.docOf, n);
    this.starts = room(this.starts, n);
    this.ends = room(this.ends, n);
    for (let i = 0; i < p.tokens.length; i++) {
      let id = this.ids.get(p.tokens[i]);
      if (id === undefined) {
        id = this.names.length;
        this.ids.set(p.tokens[i], id);
        this.names.push(p.tokens[i]);
        this.heads = room(this.heads, id);
        this.los = room(this.los, id);
        this.his = room(this.his, id);
        this.counts = room(this.counts, id);
        this.counts[id] = 0;
        this.heads[id] = -1;
        this.los[id] = seq;
        this.his[id] = seq;
      }
      const e = this.entries++;
      this.next[e] = this.heads[id];
      this.heads[id] = e;
      this.counts[id]++;
      this.docOf[e] = d;
      this.starts[e] = p.starts[i];
      this.ends[e] = p.ends[i];
      if (seq < this.los[id]) this.los[id] = seq;
      if (seq > this.his[id]) this.his[id] = seq;
    }
  }

  /** Removes every posting of a document that was stored under `seq`. */
  remove(seq: number, doc: PostingSource): void {
    for (const token of documentPostingList(doc).tokens) {
      let set = this.removed.get(token);
      if (!set) this.removed.set(token, (set = new Set()));
      set.add(seq);
    }
  }

  /** Every token with entries added or removed. */
  tokens(): string[] {
    return [...new Set([...this.removed.keys(), ...this.names])];
  }

  /** The key range [lo, hi] a token's added entries span (null when none are added). */
  addedRange(token: string): [number, number] | null {
    const id = this.ids.get(token);
    return id === undefined ? null : [this.los[id], this.his[id]];
  }

  /** Puts a token's added entries into `run`, keys descending; an entry's source is its document's index in `datas`. */
  addedRun(token: string, run: EntryRun): void {
    run.clear();
    const id = this.ids.get(token);
    if (id === undefined) return;
    run.reserve(this.counts[id]);
    const { seqs, docOf, starts, ends, next } = this;
    let i = 0;
    for (let e = this.heads[id]; e >= 0; e = next[e], i++) {
      const d = docOf[e];
      run.seqs[i] = seqs[d];
      run.srcs[i] = d;
      run.starts[i] = starts[e];
      run.ends[i] = ends[e];
    }
    run.length = i;
    if (!this.ascending) sortRun(run);
  }

  get size(): number {
    return this.removed.size + this.names.length;
  }
}

/** Sorts a run by key, descending (documents added out of key order). */
function sortRun(run: EntryRun): void {
  const n = run.length;
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) sorted = run.seqs[i - 1] > run.seqs[i];
  if (sorted) return;
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => run.seqs[y] - run.seqs[x]);
  const copy = { seqs: run.seqs.slice(0, n), srcs: run.srcs.slice(0, n), starts: run.starts.slice(0, n), ends: run.ends.slice(0, n) };
  run.clear();
  for (const i of order) run.push(copy.seqs[i], copy.srcs[i], copy.starts[i], copy.ends[i]);
}

/** Posting rows to insert, as the parallel arrays an `unnest` insert binds. */
export class PostingRows {
  readonly tokens: string[] = [];
  readonly his: number[] = [];
  readonly los: number[] = [];
  readonly data: Buffer[] = [];
  push(token: string, row: { hi: number; lo: number; data: Buffer }): void {
    this.tokens.push(token);
    this.his.push(row.hi);
    this.los.push(row.lo);
    this.data.push(row.data);
  }
}

interface LoadedRow {
  token: string;
  hi: string | number;
  data: Buffer;
}

/** Tokens written per statement (each statement's arrays stay a few MB). */
const TOKENS_PER_STATEMENT = 20_000;

/** Applies changes: loads the rows the changed keys fall in, merges, re-chunks, and writes them back. */
export async function applyPostings(trx: DB, changes: PostingChanges): Promise<void> {
  const tokens = changes.tokens();
  for (let i = 0; i < tokens.length; i += TOKENS_PER_STATEMENT) await applyTokens(trx, changes, tokens.slice(i, i + TOKENS_PER_STATEMENT));
}

/** Runs reused from token to token (single-threaded: one apply at a time per process uses them synchronously). */
const stored = new EntryRun();
const added = new EntryRun();
const merged = new EntryRun();

/** A token's entries after the changes, newest first (valid until the next call), and how many were stored. */
export interface MergedEntries {
  run: EntryRun;
  before: number;
  /** The buffer an entry's source index points at. */
  source: (src: number) => Uint8Array;
}

/**
 * Merges a token's stored rows (any order, disjoint) with the changes: both are newest first, so one pass; a stored
 * entry under a key added again (a replaced document keeps its key) or removed is dropped.
 */
export function mergeToken(token: string, rows: { hi: string | number; data: Buffer }[], changes: PostingChanges): MergedEntries {
  const removed = changes.removed.get(token);
  const rowDatas = rows.sort((a, b) => Number(b.hi) - Number(a.hi)).map((r) => r.data);
  stored.clear();
  rows.forEach((r, k) => scanBlock(token, Number(r.hi), r.data, (seq, start, end) => stored.push(seq, -1 - k, start, end)));
  changes.addedRun(token, added);
  merged.clear();
  merged.reserve(stored.length + added.length);
  let i = 0;
  let j = 0;
  while (i < stored.length || j < added.length) {
    const s = i < stored.length ? stored.seqs[i] : -Infinity;
    const a = j < added.length ? added.seqs[j] : -Infinity;
    if (a >= s) {
      merged.push(a, added.srcs[j], added.starts[j], added.ends[j]);
      j++;
      if (a === s) i++;
    } else {
      if (!removed?.has(s)) merged.push(s, stored.srcs[i], stored.starts[i], stored.ends[i]);
      i++;
    }
  }
  // Sources: a document's tails (index ≥ 0 in changes.datas) or a stored row (−1 − its index).
  return { run: merged, before: stored.length, source: (src) => (src >= 0 ? changes.datas[src] : rowDatas[-1 - src]) };
}

async function applyTokens(trx: DB, changes: PostingChanges, tokens: string[]): Promise<void> {
  const los: number[] = [];
  const his: number[] = [];
  for (const t of tokens) {
    let [lo, hi] = changes.addedRange(t) ?? [Infinity, -Infinity];
    for (const seq of changes.removed.get(t) ?? []) [lo, hi] = [Math.min(lo, seq), Math.max(hi, seq)];
    los.push(lo);
    his.push(hi);
  }
  // Rows are disjoint key ranges per token; the changed keys [lo, hi] fall in the rows whose hi is in that range,
  // the first row above it, or (when the keys are newer than every row) the newest row, which they extend.
  // Each branch is an index probe per token: as a plain join, the planner (which cannot know the ranges are narrow)
  // hashed the whole table beside a batch's ~15,000 tokens — 30 s a batch at 300,000 documents (`offset 0` keeps
  // the lateral subquery from being flattened into that join). JIT compiling would cost more than these probes.
  await sql`set local jit = off`.execute(trx);
  const { rows } = await sql<LoadedRow>`with t(token, lo, hi) as (select * from unnest(${tokens}::text[], ${los}::bigint[], ${his}::bigint[]))
    select w.token, w.hi, w.data from t cross join lateral (select p.token, p.hi, p.data from search_postings p
      where p.token = t.token and p.hi between t.lo and t.hi offset 0) w
    union all
    select x.token, x.hi, x.data from t cross join lateral (select p.token, p.hi, p.data from search_postings p
      where p.token = t.token and p.hi > t.hi order by p.hi limit 1) x
    union all
    select y.token, y.hi, y.data from t cross join lateral (select p.token, p.hi, p.data from search_postings p
      where p.token = t.token order by p.hi desc limit 1) y where y.hi < t.lo`.execute(trx);
  const loaded = new Map<string, LoadedRow[]>();
  for (const r of rows) {
    let list = loaded.get(r.token);
    if (!list) loaded.set(r.token, (list = []));
    list.push(r);
  }
  const delTokens: string[] = [];
  const delHis: number[] = [];
  const ins = new PostingRows();
  const dfTokens: string[] = [];
  const dfDelta: number[] = [];
  for (const t of tokens) {
    const rowsOfToken = loaded.get(t) ?? [];
    for (const r of rowsOfToken) {
      delTokens.push(t);
      delHis.push(Number(r.hi));
    }
    const m = mergeToken(t, rowsOfToken, changes);
    const n = m.run.length;
    if (n !== m.before) {
      dfTokens.push(t);
      dfDelta.push(n - m.before);
    }
    const size = rowSize(n);
    for (let from = 0; from < n; from += size) ins.push(t, encodeRow(m.run, from, Math.min(n, from + size), m.source));
  }
  if (delTokens.length) {
    await sql`delete from search_postings p using unnest(${delTokens}::text[], ${delHis}::bigint[]) as d(token, hi)
      where p.token = d.token and p.hi = d.hi`.execute(trx);
  }
  // New rows and the frequency changes in one statement (one round trip: writes are serialised, latency adds up).
  // A frequency that falls to 0 stays as a 0 row: it reads as "absent", as a missing row does.
  for (let i = 0; i < Math.max(ins.tokens.length, 1); i += TOKENS_PER_STATEMENT) {
    const s = (a: unknown[]) => a.slice(i, i + TOKENS_PER_STATEMENT);
    const df = i === 0 ? { tokens: dfTokens, delta: dfDelta } : { tokens: [], delta: [] };
    if (!s(ins.tokens).length && !df.tokens.length) continue;
    await sql`with ins as (insert into search_postings (token, hi, lo, data)
        select * from unnest(${s(ins.tokens)}::text[], ${s(ins.his)}::bigint[], ${s(ins.los)}::bigint[], ${s(ins.data)}::bytea[]))
      insert into search_terms (token, docs) select * from unnest(${df.tokens}::text[], ${df.delta}::int[])
      on conflict (token) do update set docs = search_terms.docs + excluded.docs`.execute(trx);
  }
}

/** The insert of rows' ranking leads (normalised title and body lead, as on SQLite) into `table`. */
export function leadsInsert(rows: { seq: number | string; title: string; document_number: string; body: string | Buffer }[], table = 'search_leads'): RawBuilder<unknown> {
  const leads = rows.map((r) => rankTexts(r.title, r.document_number, typeof r.body === 'string' ? r.body : r.body.toString('utf8')));
  return sql`insert into ${sql.table(table)} (seq, title, lead) select * from unnest(${rows.map((r) => Number(r.seq))}::bigint[],
    ${leads.map((l) => l.title)}::bytea[], ${leads.map((l) => l.lead)}::bytea[])`;
}
