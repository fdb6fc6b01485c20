/**
 * The PostgreSQL implementation of SearchIndex: the same bigram tokens as FTS5 (search-text.ts), stored as a
 * tsvector built in the application (title positions weighted A, body D; no text-search parser involved, so the
 * database locale does not matter) with a GIN index. Queries are tsquery values built from our own parts — the
 * visitor's text never reaches `to_tsquery`. Relevance is ts_rank_cd (cover density, which weighs phrases properly) over the newest RANK_WINDOW matches plus older
 * title matches, as on SQLite.
 */
import { sql, type RawBuilder } from 'kysely';
import type { DB } from '../db/database.ts';
import { COUNT_CAP, DATE_REACHABLE, RANK_WINDOW, TITLE_WINDOW, type SearchDocument, type SearchIndex, type SearchQuery, type SearchResult } from './search.ts';
import { docFromRow, docRow, estimateTotal, facetsFromRows, fetchLimits, hitsFromRows, seqFor, yearsSpanned, type DocRow, type MatchCount } from './search-rows.ts';
import { indexTokenList, parseQuery, seqRangeOfDay, seqRangeOfYear, type ParsedQuery, type QueryPart, type QueryTerm } from './search-text.ts';

/** tsvector positions stop at 16383 and keep at most 256 per lexeme (PostgreSQL limits). */
const MAX_POS = 16383;
const MAX_POSITIONS_PER_LEXEME = 255;
/** A title match multiplies an item's rank (as on SQLite). */
const TITLE_BOOST = 3;

function lexeme(token: string): string {
  return `'${token.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
}

/** The tsvector literal of a document: title (and document number) tokens weighted A, then the body. */
export function tsvectorLiteral(titleTokens: string[], bodyTokens: string[]): string {
  const positions = new Map<string, string[]>();
  const add = (tok: string, pos: string) => {
    let list = positions.get(tok);
    if (!list) positions.set(tok, (list = []));
    if (list.length < MAX_POSITIONS_PER_LEXEME) list.push(pos);
  };
  let p = 1;
  for (const t of titleTokens) add(t, `${Math.min(p++, MAX_POS)}A`);
  p++; // no phrase across the title/body boundary
  for (const t of bodyTokens) {
    if (p > MAX_POS) {
      if (!positions.has(t)) add(t, `${MAX_POS}`);
      continue;
    }
    add(t, `${p++}`);
  }
  return [...positions].map(([t, list]) => `${lexeme(t)}:${list.join(',')}`).join(' ');
}

function partQuery(p: QueryPart, weight: string): string {
  const w = weight ? `:${weight}` : '';
  if (p.kind === 'phrase') return p.tokens.map((t) => `${lexeme(t)}${w}`).join(' <-> ');
  if (p.kind === 'prefix') return `${lexeme(p.token)}:*${weight}`;
  return `${lexeme(p.token)}${w}`;
}

function termQuery(t: QueryTerm, weight: string): string {
  return `(${t.parts.map((p) => `(${partQuery(p, weight)})`).join(' & ')})`;
}

/** The tsquery text of a parsed query (`titleOnly`: matches in the title only). */
export function tsqueryText(pq: ParsedQuery, titleOnly = false): string {
  const w = titleOnly ? 'A' : '';
  const pos = pq.terms.filter((t) => !t.negated).map((t) => termQuery(t, w));
  const neg = pq.terms.filter((t) => t.negated).map((t) => `!${termQuery(t, '')}`);
  return [...pos, ...neg].join(' & ');
}

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

/** Creates the PostgreSQL-backed index over a database migrated to 0250. */
export function createPgSearchIndex(db: DB): SearchIndex {
  async function fetchDocs(seqs: number[]): Promise<DocRow[]> {
    if (!seqs.length) return [];
    const { rows } = await sql<DocRow>`select ${DOC_COLUMNS} from search_documents where seq in (${sql.join(seqs)})`.execute(db);
    const bySeq = new Map(rows.map((r) => [Number(r.seq), r]));
    return seqs.map((s) => bySeq.get(s)).filter((r): r is DocRow => r !== undefined);
  }

  async function writeBatch(docs: SearchDocument[]): Promise<void> {
    await db.transaction().execute(async (trx) => {
      // Ordering keys are "max of the day + 1": serialise writers so two never take the same key.
      await sql`select pg_advisory_xact_lock(hashtext('gongkai.search.seq'))`.execute(trx);
      const latest = new Map<string, SearchDocument>();
      for (const d of docs) latest.set(d.id, d);
      const rows = [...latest.values()].map((d) => ({ doc: d, row: docRow(d) }));
      const { rows: old } = await sql<{ doc_id: string; seq: number; published_on: string }>`
        select doc_id, seq, published_on from search_documents where doc_id in (${sql.join(rows.map((r) => r.row.doc_id))})`.execute(trx);
      const oldById = new Map(old.map((o) => [o.doc_id, o]));
      const dayMax = new Map<number, number | null>();
      const values: RawBuilder<unknown>[] = [];
      for (const { row } of rows) {
        const prev = oldById.get(row.doc_id);
        let seq: number;
        if (prev && prev.published_on === row.published_on) seq = Number(prev.seq);
        else {
          const day = seqRangeOfDay(row.published_on);
          if (!dayMax.has(day.lo)) {
            const { rows: m } = await sql<{ m: number | null }>`select max(seq) as m from search_documents where seq between ${day.lo} and ${day.hi}`.execute(trx);
            dayMax.set(day.lo, m[0].m === null ? null : Number(m[0].m));
          }
          seq = seqFor(day, dayMax.get(day.lo)!);
          dayMax.set(day.lo, seq);
        }
        const tsv = tsvectorLiteral(indexTokenList(`${row.title} ${row.document_number}`), indexTokenList(row.body));
        values.push(sql`(${seq}, ${row.doc_id}, ${row.agency_id}, ${row.agency_code}, ${row.agency_name}, ${row.title}, ${row.body},
          ${row.document_number}, ${row.category_code}, ${row.category_name}, ${row.published_on}, ${row.validity}, ${row.kind},
          ${row.url}, ${tsv}::tsvector)`);
      }
      // Deleted only now, so that the keys kept by re-indexed documents count in each day's maximum above.
      if (old.length) await sql`delete from search_documents where doc_id in (${sql.join(old.map((o) => o.doc_id))})`.execute(trx);
      for (let i = 0; i < values.length; i += 500) {
        await sql`insert into search_documents (${DOC_COLUMNS}, tsv) values ${sql.join(values.slice(i, i + 500))}`.execute(trx);
      }
    });
  }

  /** Matches counted up to the cap (newest first), and the oldest key among them, for the estimate. */
  async function countMatches(where: RawBuilder<unknown>): Promise<MatchCount> {
    const { rows } = await sql<{ c: number; floor: number | null }>`select count(*)::int as c, min(seq) as floor from (select seq
      from search_documents where ${where} order by seq desc limit ${COUNT_CAP + 1}) x`.execute(db);
    return { counted: rows[0].c, floor: rows[0].floor === null ? null : Number(rows[0].floor) };
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

  async function browse(q: SearchQuery, f: RawBuilder<unknown>): Promise<SearchResult> {
    const lim = fetchLimits(q, estimateTotal(await countMatches(sql`true${f}`), await span(q)), DATE_REACHABLE);
    const rows = lim.size
      ? (await sql<DocRow>`select ${DOC_COLUMNS} from search_documents where true${f} order by seq desc limit ${lim.size} offset ${lim.offset}`.execute(db)).rows
      : [];
    return { ...lim.result, hits: hitsFromRows(rows, []) };
  }

  async function search(q: SearchQuery): Promise<SearchResult> {
    const pq = parseQuery(q.q);
    if (pq.unsearchable) return { total: 0, totalIsEstimate: false, page: q.page, pageSize: q.pageSize, pageCount: 0, hits: [] };
    const f = filters(q);
    if (!pq.terms.length) return browse(q, f);
    const tsq = tsqueryText(pq);
    const counted = await countMatches(sql`tsv @@ ${tsq}::tsquery${f}`);
    const count = estimateTotal(counted, await span(q));
    const floor = counted.floor ?? 0;
    if (q.sort === 'date') {
      const lim = fetchLimits(q, count, DATE_REACHABLE);
      const seqs = lim.size
        ? (await sql<{ seq: number }>`select seq from search_documents where tsv @@ ${tsq}::tsquery${f}
            order by seq desc limit ${lim.size} offset ${lim.offset}`.execute(db)).rows.map((r) => Number(r.seq))
        : [];
      return { ...lim.result, hits: hitsFromRows(await fetchDocs(seqs), pq) };
    }
    // ts_rank_cd over the newest matches plus older title matches among the newest COUNT_CAP; title matches boosted.
    const { rows: scored } = await sql<{ seq: number; score: number; in_title: boolean }>`select seq,
        ts_rank_cd(tsv, ${tsq}::tsquery, 1) as score, tsv @@ ${tsqueryText(pq, true)}::tsquery as in_title
      from (select seq, tsv from search_documents where tsv @@ ${tsq}::tsquery${f} order by seq desc limit ${RANK_WINDOW}) c`.execute(db);
    if (scored.length === RANK_WINDOW) {
      const oldest = Math.min(...scored.map((r) => Number(r.seq)));
      const { rows: older } = await sql<{ seq: number; score: number; in_title: boolean }>`select seq,
          ts_rank_cd(tsv, ${tsq}::tsquery, 1) as score, true as in_title
        from search_documents where tsv @@ ${tsqueryText(pq, true)}::tsquery and seq < ${oldest} and seq >= ${floor}${f}
        order by seq desc limit ${TITLE_WINDOW}`.execute(db);
      scored.push(...older);
    }
    const rank = (r: { score: number; in_title: boolean }) => r.score * (r.in_title ? TITLE_BOOST : 1);
    scored.sort((a, b) => rank(b) - rank(a) || Number(b.seq) - Number(a.seq));
    const lim = fetchLimits(q, count, scored.length);
    const seqs = scored.slice(lim.offset, lim.offset + lim.size).map((r) => Number(r.seq));
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
      await sql`delete from search_documents where doc_id = ${id}`.execute(db);
    },
    query: search,
    async rebuild() {
      await db.transaction().execute(async (trx) => {
        let after = -1;
        for (;;) {
          const { rows } = await sql<DocRow>`select ${DOC_COLUMNS} from search_documents where seq > ${after} order by seq limit 500`.execute(trx);
          if (!rows.length) break;
          for (const r of rows) {
            const d = docFromRow(r);
            const tsv = tsvectorLiteral(indexTokenList(`${d.title} ${d.documentNumber}`), indexTokenList(d.body));
            await sql`update search_documents set tsv = ${tsv}::tsvector where seq = ${r.seq}`.execute(trx);
          }
          after = Number(rows[rows.length - 1].seq);
        }
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
