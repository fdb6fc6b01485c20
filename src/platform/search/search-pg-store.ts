/**
 * Writing posting blocks on PostgreSQL (search-postings.ts): adding and removing documents' entries, rows kept at
 * most BLOCK_ENTRIES documents and disjoint in key order per token, and the document frequencies (search_terms) the
 * query walk uses to pick its driver. Callers hold the search write lock and a transaction.
 */
import { sql } from 'kysely';
import type { DB } from '../db/database.ts';
import { documentPostingList, encodeRun, entryArrays, rowSize, scanBlock, type EntryArrays, type PostingSource } from './search-postings.ts';

/** Entries to add and to remove, by token (a replaced document is removed, then added). */
export class PostingChanges {
  readonly removed = new Map<string, Set<number>>();
  readonly added = new Map<string, EntryArrays>();

  /** Adds every posting of a document stored under `seq`. */
  add(seq: number, doc: PostingSource): void {
    const p = documentPostingList(doc);
    for (let i = 0; i < p.tokens.length; i++) {
      let list = this.added.get(p.tokens[i]);
      if (!list) this.added.set(p.tokens[i], (list = entryArrays()));
      list.seqs.push(seq);
      list.datas.push(p.data);
      list.starts.push(p.starts[i]);
      list.ends.push(p.ends[i]);
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

  get size(): number {
    return this.removed.size + this.added.size;
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
  const tokens = [...new Set([...changes.removed.keys(), ...changes.added.keys()])];
  for (let i = 0; i < tokens.length; i += TOKENS_PER_STATEMENT) await applyTokens(trx, changes, tokens.slice(i, i + TOKENS_PER_STATEMENT));
}

async function applyTokens(trx: DB, changes: PostingChanges, tokens: string[]): Promise<void> {
  const los: number[] = [];
  const his: number[] = [];
  for (const t of tokens) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const seq of changes.removed.get(t) ?? []) [lo, hi] = [Math.min(lo, seq), Math.max(hi, seq)];
    for (const seq of changes.added.get(t)?.seqs ?? []) [lo, hi] = [Math.min(lo, seq), Math.max(hi, seq)];
    los.push(lo);
    his.push(hi);
  }
  // Rows are disjoint key ranges per token; the changed keys [lo, hi] fall in the rows whose hi is in that range,
  // the first row above it, or (when the keys are newer than every row) the newest row, which they extend.
  const { rows } = await sql<LoadedRow>`with t(token, lo, hi) as (select * from unnest(${tokens}::text[], ${los}::bigint[], ${his}::bigint[]))
    select p.token, p.hi, p.data from t join search_postings p on p.token = t.token and p.hi between t.lo and t.hi
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
  const ins = { tokens: [] as string[], his: [] as number[], los: [] as number[], data: [] as Buffer[] };
  const dfTokens: string[] = [];
  const dfDelta: number[] = [];
  for (const t of tokens) {
    const removed = changes.removed.get(t);
    const added = changes.added.get(t) ?? entryArrays();
    // Keys added again (a replaced document keeps its key) replace the stored entry. A Set of keys costs a heap
    // number per key, so it is built only when a stored entry falls in the added keys' range (not when appending).
    let addedLo = Infinity;
    let addedHi = -Infinity;
    for (const seq of added.seqs) [addedLo, addedHi] = [Math.min(addedLo, seq), Math.max(addedHi, seq)];
    let addedSeqs: Set<number> | undefined;
    const merged = entryArrays();
    let before = 0;
    for (const r of loaded.get(t) ?? []) {
      delTokens.push(t);
      delHis.push(Number(r.hi));
      scanBlock(t, Number(r.hi), r.data, (seq, start, end) => {
        before++;
        if (removed?.has(seq)) return;
        if (seq >= addedLo && seq <= addedHi && (addedSeqs ??= new Set(added.seqs)).has(seq)) return;
        merged.seqs.push(seq);
        merged.datas.push(r.data);
        merged.starts.push(start);
        merged.ends.push(end);
      });
    }
    for (let i = 0; i < added.seqs.length; i++) {
      merged.seqs.push(added.seqs[i]);
      merged.datas.push(added.datas[i]);
      merged.starts.push(added.starts[i]);
      merged.ends.push(added.ends[i]);
    }
    const n = merged.seqs.length;
    if (n !== before) {
      dfTokens.push(t);
      dfDelta.push(n - before);
    }
    if (!n) continue;
    const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => merged.seqs[y] - merged.seqs[x]);
    const size = rowSize(n);
    for (let from = 0; from < n; from += size) {
      const b = encodeRun(merged, order, from, Math.min(n, from + size));
      ins.tokens.push(t);
      ins.his.push(b.hi);
      ins.los.push(b.lo);
      ins.data.push(b.data);
    }
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
