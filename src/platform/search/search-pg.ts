/**
 * The PostgreSQL implementation of SearchIndex, built like the FTS5 one (docs/decisions/0006): the same bigram tokens
 * (search-text.ts) in posting blocks kept in publication order (search_postings, search-postings.ts), walked newest
 * first until enough matches are found (search-pg-walk.ts), so that counting stops at COUNT_CAP + 1, a date page at
 * its last row and relevance ranks at most RANK_WINDOW + TITLE_WINDOW candidates with the same scoring as SQLite
 * (search-rank.ts over search_leads). A GIN index over tsvectors could not do this: it returns matches in no useful
 * order and must re-read each candidate's 13 KB tsvector to check phrase positions (measured ≈ 22 µs a row).
 * No visitor text reaches any SQL parser: tokens travel as bound array parameters.
 */
import { sql, type RawBuilder } from 'kysely';
import type { DB } from '../db/database.ts';
import { COUNT_CAP, DATE_REACHABLE, RANK_WINDOW, TITLE_WINDOW, type SearchDocument, type SearchIndex, type SearchQuery, type SearchResult } from './search.ts';
import { rebuildIndex, type SourceRow } from './search-pg-rebuild.ts';
import { applyPostings, leadsInsert, PostingChanges } from './search-pg-store.ts';
import { walkMatches } from './search-pg-walk.ts';
import { compileQuery } from './search-postings.ts';
import { rankCandidates, type RankCandidate } from './search-rank.ts';
import { docRow, estimateTotal, facetsFromRows, fetchLimits, hitsFromRows, seqFor, yearsSpanned, type DocRow } from './search-rows.ts';
import { parseQuery, seqRangeOfDay, seqRangeOfYear } from './search-text.ts';

function filters(q: SearchQuery): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [];
  if (q.agencyCodes?.length) parts.push(sql`agency_code in (${sql.join(q.agencyCodes)})`);
  if (q.categoryCodes?.length) parts.push(sql`category_code in (${sql.join(q.categoryCodes)})`);
  if (q.validity !== undefined) parts.push(sql`validity = ${q.validity}`);
  if (q.kind !== undefined) parts.push(sql`kind = ${q.kind}`);
  if (q.year !== undefined) {
    const r = seqRangeOfYear(q.year);
    parts.push(sql`seq between ${r.lo} and ${r.hi}`);
  }
  return parts.length ? sql` and ${sql.join(parts, sql` and `)}` : sql``;
}

const DOC_COLUMNS = sql`seq, doc_id, agency_id, agency_code, agency_name, title, body, document_number, category_code,
  category_name, published_on, validity, kind, url`;
/** The stored columns, the body as UTF-8 bytes (snippets decode only a window of it, as on SQLite). */
const READ_COLUMNS = sql`seq, doc_id, agency_id, agency_code, agency_name, title, convert_to(body, 'UTF8') as body, document_number,
  category_code, category_name, published_on, validity, kind, url`;
const SOURCE_COLUMNS = sql`seq, doc_id, published_on, title, body, document_number, agency_code, category_code, validity, kind`;


/** Serialises index writers: ordering keys are "max of the day + 1", and posting rows are read-modified-written. */
async function lockWriters(trx: DB): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('gongkai.search.' || current_schema()))`.execute(trx);
}

/** Stores documents (with their keys) and their ranking leads. */
async function insertDocuments(trx: DB, rows: (ReturnType<typeof docRow> & { seq: number })[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    const batch = rows.slice(i, i + 500);
    const values = batch.map((r) => sql`(${r.seq}, ${r.doc_id}, ${r.agency_id}, ${r.agency_code}, ${r.agency_name}, ${r.title}, ${r.body},
      ${r.document_number}, ${r.category_code}, ${r.category_name}, ${r.published_on}, ${r.validity}, ${r.kind}, ${r.url})`);
    await sql`with leads as (${leadsInsert(batch)}) insert into search_documents (${DOC_COLUMNS}) values ${sql.join(values)}`.execute(trx);
  }
}

async function forgetDocuments(trx: DB, seqs: number[]): Promise<void> {
  if (!seqs.length) return;
  await sql`with docs as (delete from search_documents where seq = any(${seqs}::bigint[]))
    delete from search_leads where seq = any(${seqs}::bigint[])`.execute(trx);
}

/** Creates the PostgreSQL-backed index over a database migrated to 0253. */
export function createPgSearchIndex(db: DB): SearchIndex {
  async function fetchDocs(seqs: number[]): Promise<DocRow[]> {
    if (!seqs.length) return [];
    const { rows } = await sql<DocRow>`select ${READ_COLUMNS} from search_documents where seq = any(${seqs}::bigint[])`.execute(db);
    const bySeq = new Map(rows.map((r) => [Number(r.seq), r]));
    return seqs.map((s) => bySeq.get(s)).filter((r): r is DocRow => r !== undefined);
  }

  async function writeBatch(docs: SearchDocument[]): Promise<void> {
    const latest = new Map<string, SearchDocument>();
    for (const d of docs) latest.set(d.id, d);
    const rows = [...latest.values()].map(docRow);
    await db.transaction().execute(async (trx) => {
      await lockWriters(trx);
      const { rows: old } = await sql<SourceRow>`select ${SOURCE_COLUMNS} from search_documents
        where doc_id = any(${rows.map((r) => r.doc_id)}::text[])`.execute(trx);
      const oldById = new Map(old.map((o) => [o.doc_id, o]));
      const changes = new PostingChanges();
      for (const o of old) changes.remove(Number(o.seq), o);
      // The largest key used on each publication day concerned, in one statement (a bulk import spans many days).
      const days = [...new Set(rows.map((r) => r.published_on))].map(seqRangeOfDay);
      const { rows: maxes } = await sql<{ lo: string; m: string | null }>`select d.lo, (select max(seq) from search_documents
          where seq between d.lo and d.hi) as m from unnest(${days.map((d) => d.lo)}::bigint[], ${days.map((d) => d.hi)}::bigint[]) as d(lo, hi)`.execute(trx);
      const dayMax = new Map<number, number | null>(maxes.map((r) => [Number(r.lo), r.m === null ? null : Number(r.m)]));
      const keyed: (ReturnType<typeof docRow> & { seq: number })[] = [];
      for (const row of rows) {
        const prev = oldById.get(row.doc_id);
        let seq: number;
        if (prev && prev.published_on === row.published_on) seq = Number(prev.seq);
        else {
          const day = seqRangeOfDay(row.published_on);
          seq = seqFor(day, dayMax.get(day.lo)!);
          dayMax.set(day.lo, seq);
        }
        keyed.push({ ...row, seq });
      }
      // In key order, so that each token's added entries come out newest first without sorting.
      for (const row of [...keyed].sort((a, b) => a.seq - b.seq)) changes.add(row.seq, row);
      // Removed only now, so that the keys kept by re-indexed documents count in each day's maximum above.
      await forgetDocuments(trx, old.map((o) => Number(o.seq)));
      await insertDocuments(trx, keyed);
      await applyPostings(trx, changes);
    });
  }

  /** The keys the (year-filtered) index spans, for extrapolating totals. */
  async function span(q: SearchQuery): Promise<{ lo: number; hi: number } | null> {
    const { rows } = await sql<{ lo: number | null; hi: number | null }>`select min(seq) as lo, max(seq) as hi from search_documents`.execute(db);
    const b = rows[0];
    if (b.lo === null || b.hi === null) return null;
    if (q.year === undefined) return { lo: Number(b.lo), hi: Number(b.hi) };
    const y = seqRangeOfYear(q.year);
    return { lo: Math.max(Number(b.lo), y.lo), hi: Math.min(Number(b.hi), y.hi) };
  }

  async function browse(q: SearchQuery): Promise<SearchResult> {
    // No query text: the newest items, filtered (the search page doubles as a browsable list).
    const f = filters(q);
    const { rows: c } = await sql<{ c: number; floor: number | null }>`select count(*)::int as c, min(seq) as floor from (select seq
      from search_documents where true${f} order by seq desc limit ${COUNT_CAP + 1}) x`.execute(db);
    const counted = { counted: c[0].c, floor: c[0].floor === null ? null : Number(c[0].floor) };
    const lim = fetchLimits(q, estimateTotal(counted, await span(q)), DATE_REACHABLE);
    const rows = lim.size
      ? (await sql<DocRow>`select ${READ_COLUMNS} from search_documents where true${f} order by seq desc limit ${lim.size} offset ${lim.offset}`.execute(db)).rows
      : [];
    return { ...lim.result, hits: hitsFromRows(rows, []) };
  }

  async function search(q: SearchQuery): Promise<SearchResult> {
    const pq = parseQuery(q.q);
    if (pq.unsearchable) return { total: 0, totalIsEstimate: false, page: q.page, pageSize: q.pageSize, pageCount: 0, hits: [] };
    if (!pq.terms.length) return browse(q);
    const negated = pq.terms.some((t) => t.negated);
    const year = q.year === undefined ? undefined : seqRangeOfYear(q.year);
    // One walk serves the count (COUNT_CAP + 1), the date page and the ranking candidates.
    const need = Math.max(COUNT_CAP + 1, q.sort === 'date' ? Math.min(q.page * q.pageSize, DATE_REACHABLE) : 0);
    const matches = await walkMatches(db, compileQuery(pq, q), { need, lo: year?.lo, hi: year?.hi, titles: q.sort === 'relevance' && !negated });
    const counted = Math.min(matches.length, COUNT_CAP + 1);
    const floor = counted ? matches[counted - 1].seq : null;
    // The span (for the estimate beyond COUNT_CAP) is read beside the next query, on another pooled connection.
    const spanning = counted > COUNT_CAP ? span(q) : Promise.resolve(null);
    if (q.sort === 'date') {
      // A page within the counted matches does not depend on the estimate: it is read meanwhile.
      const seqsOf = (from: number, to: number) => matches.slice(from, to).map((m) => m.seq);
      const known = q.page * q.pageSize <= counted;
      const [s, early] = await Promise.all([spanning, known ? fetchDocs(seqsOf((q.page - 1) * q.pageSize, q.page * q.pageSize)) : null]);
      const lim = fetchLimits(q, estimateTotal({ counted, floor }, s), DATE_REACHABLE);
      const rows = early ?? (await fetchDocs(seqsOf(lim.offset, lim.offset + lim.size)));
      return { ...lim.result, hits: hitsFromRows(rows, pq) };
    }
    // The newest RANK_WINDOW matches, plus title matches among the newest COUNT_CAP + 1 (none with exclusions, as on
    // SQLite, whose titles index cannot see a body's excluded words), ranked as on SQLite.
    const seen = new Set(matches.slice(0, RANK_WINDOW).map((m) => m.seq));
    if (seen.size === RANK_WINDOW && !negated) {
      for (const m of matches.slice(0, COUNT_CAP + 1)) {
        if (seen.size >= RANK_WINDOW + TITLE_WINDOW) break;
        if (m.inTitle) seen.add(m.seq);
      }
    }
    const cands = [...seen];
    const [s, { rows }] = await Promise.all([
      spanning,
      sql<RankCandidate & { seq: string }>`select seq, title, lead from search_leads where seq = any(${cands}::bigint[])`.execute(db),
    ]);
    const count = estimateTotal({ counted, floor }, s);
    const ranked = rankCandidates(rows.map((r) => ({ ...r, seq: Number(r.seq) })), pq);
    const lim = fetchLimits(q, count, ranked.length);
    const seqs = ranked.slice(lim.offset, lim.offset + lim.size).map((r) => r.seq);
    return { ...lim.result, hits: hitsFromRows(await fetchDocs(seqs), pq) };
  }

  async function skipScan(col: 'agency_code' | 'category_code', nameCol: 'agency_name' | 'category_name') {
    const c = sql.ref(col);
    const n = sql.ref(nameCol);
    const { rows } = await sql<{ code: string; name: string }>`with recursive v(code) as (select min(${c}) from search_documents
        union all select (select min(${c}) from search_documents where ${c} > v.code) from v where v.code is not null)
      select code, (select ${n} from search_documents d where d.${c} = v.code limit 1) as name from v where code is not null`.execute(db);
    return rows;
  }

  return {
    upsert: (doc) => writeBatch([doc]),
    async upsertMany(docs) {
      if (docs.length) await writeBatch(docs);
    },
    async remove(id) {
      await db.transaction().execute(async (trx) => {
        await lockWriters(trx);
        const { rows: old } = await sql<SourceRow>`select ${SOURCE_COLUMNS} from search_documents where doc_id = ${id}`.execute(trx);
        if (!old.length) return;
        const changes = new PostingChanges();
        changes.remove(Number(old[0].seq), old[0]);
        await forgetDocuments(trx, [Number(old[0].seq)]);
        await applyPostings(trx, changes);
      });
    },
    query: search,
    async rebuild() {
      // One transaction (the index is never seen half-built): postings, frequencies and leads from the stored rows.
      await db.transaction().execute(async (trx) => {
        await lockWriters(trx);
        await rebuildIndex(trx, async (after, limit) =>
          (await sql<SourceRow>`select ${SOURCE_COLUMNS} from search_documents where seq > ${after} order by seq limit ${limit}`.execute(trx)).rows);
      });
    },
    async facets() {
      const { rows: b } = await sql<{ lo: number | null; hi: number | null }>`select min(seq) as lo, max(seq) as hi from search_documents`.execute(db);
      const years: number[] = [];
      for (const y of yearsSpanned(b[0])) {
        const r = seqRangeOfYear(y);
        const { rows } = await sql`select 1 from search_documents where seq between ${r.lo} and ${r.hi} limit 1`.execute(db);
        if (rows.length) years.push(y);
      }
      return facetsFromRows(await skipScan('agency_code', 'agency_name'), await skipScan('category_code', 'category_name'), years);
    },
    async count() {
      const { rows } = await sql<{ c: number }>`select count(*)::int as c from search_documents`.execute(db);
      return rows[0].c;
    },
  };
}
