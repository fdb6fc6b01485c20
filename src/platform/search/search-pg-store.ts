/**
 * Writing posting blocks on PostgreSQL (search-postings.ts): adding and removing documents' entries, rows kept at
 * most BLOCK_ENTRIES documents and disjoint in key order per token, and the document frequencies (search_terms) the
 * query walk uses to pick its driver. Callers hold the search write lock and a transaction.
 */
import { sql } from 'kysely';
import type { DB } from '../db/database.ts';
import { chunkEntries, decodeBlock, documentPostings, encodeBlock, type PostingEntry, type PostingSource } from './search-postings.ts';

/** Entries to add and to remove, by token (a replaced document is removed, then added). */
export class PostingChanges {
  readonly removed = new Map<string, Set<number>>();
  readonly added = new Map<string, PostingEntry[]>();

  /** Adds every posting of a document stored under `seq`. */
  add(seq: number, doc: PostingSource): void {
    for (const [token, tail] of documentPostings(doc)) {
      let list = this.added.get(token);
      if (!list) this.added.set(token, (list = []));
      list.push({ seq, tail });
    }
  }

  /** Removes every posting of a document that was stored under `seq`. */
  remove(seq: number, doc: PostingSource): void {
    for (const token of documentPostings(doc).keys()) {
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
    for (const e of changes.added.get(t) ?? []) [lo, hi] = [Math.min(lo, e.seq), Math.max(hi, e.seq)];
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
    const added = changes.added.get(t) ?? [];
    const addedSeqs = new Set(added.map((e) => e.seq));
    const list: PostingEntry[] = [];
    let before = 0;
    for (const r of loaded.get(t) ?? []) {
      delTokens.push(t);
      delHis.push(Number(r.hi));
      for (const e of decodeBlock(t, Number(r.hi), r.data)) {
        before++;
        if (!removed?.has(e.seq) && !addedSeqs.has(e.seq)) list.push(e);
      }
    }
    for (const e of added) list.push(e);
    if (list.length !== before) {
      dfTokens.push(t);
      dfDelta.push(list.length - before);
    }
    if (!list.length) continue;
    list.sort((a, b) => b.seq - a.seq);
    for (const chunk of chunkEntries(list)) {
      const b = encodeBlock(chunk);
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
