/**
 * Rebuilding the PostgreSQL index in bulk (`gongkai search reindex`, SearchIndex.rebuild): every stored document is
 * re-tokenised in key order into new tables, which replace the old ones when done, inside the caller's transaction
 * (searches keep reading the old tables until it commits; they wait only for the final swap). Since documents come
 * oldest first, a token's rows are complete once BLOCK_ENTRIES newer entries follow them: only each token's newest,
 * partial row is carried in memory from batch to batch, so no row is read back, rewritten or deleted, and the
 * tables get their primary keys once, after the load, instead of one index insert per row.
 *
 * Same entries, key ranges and frequencies as documents upserted one by one (search-pg-rebuild.test.ts); rows are
 * full (BLOCK_ENTRIES) but for each token's newest, where upserts leave rows of 65–128 (the next write splits it).
 */
import { sql } from 'kysely';
import type { DB } from '../db/database.ts';
import { leadsInsert, mergeToken, PostingChanges, PostingRows } from './search-pg-store.ts';
import { BLOCK_ENTRIES, encodeRow, type PostingSource } from './search-postings.ts';

/** A stored document as the rebuild reads it. */
export type SourceRow = PostingSource & { seq: string | number; doc_id: string; published_on: string };

/** Documents tokenised per batch (≈ 2.6 M entries, ≈ 60 MB of columns). */
const BATCH = 2000;
/** Rows inserted per statement. */
const ROWS_PER_STATEMENT = 20_000;

async function insertRows(trx: DB, rows: PostingRows): Promise<void> {
  for (let i = 0; i < rows.tokens.length; i += ROWS_PER_STATEMENT) {
    const s = <T>(a: T[]) => a.slice(i, i + ROWS_PER_STATEMENT);
    await sql`insert into search_postings_next (token, hi, lo, data) select * from unnest(${s(rows.tokens)}::text[],
      ${s(rows.his)}::bigint[], ${s(rows.los)}::bigint[], ${s(rows.data)}::bytea[])`.execute(trx);
  }
}

/**
 * Rebuilds postings, frequencies and leads from the documents `read(after, limit)` returns (key order, keys above
 * `after`). The caller holds the search write lock and the transaction.
 */
export async function rebuildIndex(trx: DB, read: (after: number, limit: number) => Promise<SourceRow[]>): Promise<void> {
  // Copies of the current tables' definitions (collation, storage, constraints), without indexes until loaded.
  await sql`create table search_postings_next (like search_postings including all excluding indexes)`.execute(trx);
  await sql`create table search_leads_next (like search_leads including all excluding indexes)`.execute(trx);
  /** Each token's newest row, not yet full. */
  const open = new Map<string, { hi: number; lo: number; data: Buffer }>();
  const df = new Map<string, number>();
  let after = -1;
  for (;;) {
    const docs = await read(after, BATCH);
    if (!docs.length) break;
    const changes = new PostingChanges();
    for (const d of docs) changes.add(Number(d.seq), d);
    const rows = new PostingRows();
    for (const t of changes.tokens()) {
      const carried = open.get(t);
      const m = mergeToken(t, carried ? [carried] : [], changes);
      const n = m.run.length;
      df.set(t, (df.get(t) ?? 0) + n - m.before);
      // The newest n mod BLOCK_ENTRIES entries stay open; the older ones make full rows.
      const keep = n % BLOCK_ENTRIES;
      for (let from = keep; from < n; from += BLOCK_ENTRIES) rows.push(t, encodeRow(m.run, from, from + BLOCK_ENTRIES, m.source));
      if (keep) {
        const r = encodeRow(m.run, 0, keep, m.source);
        // Its own memory: a pooled slice would keep its whole 8 KB slab (and every other row in it) alive.
        const data = Buffer.alloc(r.data.length);
        r.data.copy(data);
        open.set(t, { ...r, data });
      } else open.delete(t);
    }
    await insertRows(trx, rows);
    await leadsInsert(docs, 'search_leads_next').execute(trx);
    after = Number(docs[docs.length - 1].seq);
  }
  const last = new PostingRows();
  for (const [t, r] of open) last.push(t, r);
  await insertRows(trx, last);
  await sql`alter table search_postings_next add constraint search_postings_next_pkey primary key (token, hi)`.execute(trx);
  await sql`alter table search_leads_next add constraint search_leads_next_pkey primary key (seq)`.execute(trx);
  await sql`delete from search_terms`.execute(trx);
  const terms = [...df].filter(([, n]) => n > 0);
  for (let i = 0; i < terms.length; i += ROWS_PER_STATEMENT) {
    const s = terms.slice(i, i + ROWS_PER_STATEMENT);
    await sql`insert into search_terms (token, docs) select * from unnest(${s.map((x) => x[0])}::text[], ${s.map((x) => x[1])}::int[])`.execute(trx);
  }
  // The swap: from here to the commit, searches wait for the lock instead of reading the old tables.
  for (const t of ['search_postings', 'search_leads']) {
    await sql`drop table ${sql.table(t)}`.execute(trx);
    await sql`alter table ${sql.table(`${t}_next`)} rename to ${sql.table(t)}`.execute(trx);
    await sql`alter table ${sql.table(t)} rename constraint ${sql.ref(`${t}_next_pkey`)} to ${sql.ref(`${t}_pkey`)}`.execute(trx);
  }
}
