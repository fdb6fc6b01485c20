/**
 * The SQLite implementation of SearchIndex: a contentless FTS5 table of bigram tokens (search_fts) whose rowid is the
 * publication-ordered key of search_documents (migration 0250). Date order walks the index backwards with LIMIT;
 * relevance ranks a bounded candidate set, the newest matches plus title matches from a small titles-only FTS5 index
 * (search_titles) among the newest COUNT_CAP matches (search-rank.ts; design.md §4:
 * ranking all matches of a common word is linear in the matches). Totals are counted up to COUNT_CAP and estimated
 * beyond. Runs on the raw better-sqlite3 handle: the hot path is a few prepared statements, no query builder.
 */
import type SQLite from 'better-sqlite3';
import { COUNT_CAP, DATE_REACHABLE, RANK_WINDOW, TITLE_WINDOW, type SearchDocument, type SearchFacets, type SearchIndex, type SearchQuery, type SearchResult } from './search.ts';
import { rankCandidates, rankTexts, type RankCandidate } from './search-rank.ts';
import { bodyText, docFromRow, docRow, estimateTotal, facetsFromRows, fetchLimits, hitsFromRows, seqFor, yearsSpanned, type DocRow, type MatchCount } from './search-rows.ts';
import { indexTokens, parseQuery, seqRangeOfDay, seqRangeOfYear, type ParsedQuery, type QueryPart, type QueryTerm } from './search-text.ts';


/** Every stored column but the body (read as bytes where needed). */
const LIST_COLUMNS = `seq, doc_id, agency_id, agency_code, agency_name, title, document_number, category_code, category_name,
  published_on, validity, kind, url`;

function quote(token: string): string {
  return `"${token.replaceAll('"', '""')}"`;
}

function partExpr(p: QueryPart): string {
  if (p.kind === 'phrase') return quote(p.tokens.join(' '));
  if (p.kind === 'prefix') return `${quote(p.token)}*`;
  return quote(p.token);
}

function termExpr(t: QueryTerm): string {
  return `(${t.parts.map(partExpr).join(' AND ')})`;
}

/** A facet token: a prefix and the hex of the value, so any code is one ASCII token that no text produces. */
function facetToken(prefix: string, value: string): string {
  return prefix + Buffer.from(value, 'utf8').toString('hex');
}

function facetsOf(doc: SearchDocument): string {
  return [
    facetToken('ag', doc.agencyCode),
    facetToken('ct', doc.categoryCode),
    facetToken('vl', doc.validity),
    facetToken('kd', doc.kind ?? ''),
  ].join(' ');
}

/**
 * The FTS5 MATCH expression for a parsed query and filters; only our own syntax, every token quoted.
 * `titles`: the expression for the titles-only index (search_titles): every positive term in the title.
 */
export function matchExpression(pq: ParsedQuery, q: SearchQuery, opts: { titles?: boolean } = {}): string {
  const pos = pq.terms.filter((t) => !t.negated).map(termExpr);
  const neg = pq.terms.filter((t) => t.negated).map(termExpr);
  let text = pos.join(' AND ');
  if (neg.length) text = `(${text}) NOT (${neg.join(' OR ')})`;
  const parts = [opts.titles ? `title : (${pos.join(' AND ')})` : `{title body} : (${text})`];
  const facet = (prefix: string, values: string[] | undefined) => {
    if (values && values.length) parts.push(`facets : (${values.map((v) => quote(facetToken(prefix, v))).join(' OR ')})`);
  };
  facet('ag', q.agencyCodes);
  facet('ct', q.categoryCodes);
  facet('vl', q.validity !== undefined ? [q.validity] : undefined);
  facet('kd', q.kind !== undefined ? [q.kind] : undefined);
  return parts.join(' AND ');
}

/** Creates the FTS5-backed index over an open better-sqlite3 database migrated to 0250. */
export function createFts5SearchIndex(sqlite: SQLite.Database): SearchIndex {
  const st = {
    existing: sqlite.prepare<[string], { seq: number; published_on: string }>('select seq, published_on from search_documents where doc_id = ?'),
    maxSeq: sqlite.prepare<[number, number], { m: number | null }>('select max(seq) as m from search_documents where seq between ? and ?'),
    delFts: sqlite.prepare<[number]>('delete from search_fts where rowid = ?'),
    delDoc: sqlite.prepare<[number]>('delete from search_documents where seq = ?'),
    delLead: sqlite.prepare<[number]>('delete from search_leads where seq = ?'),
    delTitle: sqlite.prepare<[number]>('delete from search_titles where rowid = ?'),
    insTitle: sqlite.prepare<[number, string, string]>('insert into search_titles (rowid, title, facets) values (?, ?, ?)'),
    insLead: sqlite.prepare<[number, Buffer, Buffer]>('insert into search_leads (seq, title, lead) values (?, ?, ?)'),
    insDoc: sqlite.prepare(`insert into search_documents (seq, doc_id, agency_id, agency_code, agency_name, title, body,
      document_number, category_code, category_name, published_on, validity, kind, url)
      values (@seq, @doc_id, @agency_id, @agency_code, @agency_name, @title, @body, @document_number, @category_code,
      @category_name, @published_on, @validity, @kind, @url)`),
    insFts: sqlite.prepare<[number, string, string, string]>('insert into search_fts (rowid, title, body, facets) values (?, ?, ?, ?)'),
    count: sqlite.prepare<[], { c: number }>('select count(*) as c from search_documents'),
  };

  function forget(seq: number): void {
    st.delFts.run(seq);
    st.delDoc.run(seq);
    st.delLead.run(seq);
    st.delTitle.run(seq);
  }

  function write(doc: SearchDocument): void {
    const row = docRow(doc);
    const old = st.existing.get(doc.id);
    let seq: number;
    if (old && old.published_on === row.published_on) {
      seq = old.seq;
      forget(seq);
    } else {
      if (old) forget(old.seq);
      const day = seqRangeOfDay(row.published_on);
      seq = seqFor(day, st.maxSeq.get(day.lo, day.hi)?.m ?? null);
    }
    st.insDoc.run({ ...row, seq });
    const rt = rankTexts(row.title, row.document_number, row.body);
    st.insLead.run(seq, rt.title, rt.lead);
    const titleTokens = indexTokens(`${row.title} ${row.document_number}`);
    const facets = facetsOf(doc);
    st.insFts.run(seq, titleTokens, indexTokens(row.body), facets);
    st.insTitle.run(seq, titleTokens, facets);
  }

  const writeMany = sqlite.transaction((docs: SearchDocument[]) => {
    for (const d of docs) write(d);
  });
  const removeOne = sqlite.transaction((id: string) => {
    const old = st.existing.get(id);
    if (old) forget(old.seq);
  });

  // Prepared statements by shape (the SQL differs only in which optional clauses are present).
  const cache = new Map<string, SQLite.Statement>();
  function stmt(sqlText: string): SQLite.Statement {
    let s = cache.get(sqlText);
    if (!s) {
      s = sqlite.prepare(sqlText);
      cache.set(sqlText, s);
    }
    return s;
  }

  function yearClause(q: SearchQuery, col: string): { clause: string; args: number[] } {
    if (q.year === undefined) return { clause: '', args: [] };
    const r = seqRangeOfYear(q.year);
    return { clause: ` and ${col} between ? and ?`, args: [r.lo, r.hi] };
  }

  function fetchDocs(seqs: number[]): DocRow[] {
    if (!seqs.length) return [];
    // The body as bytes: decoding whole bodies to strings is the slow part; the snippet decodes only a window.
    const rows = stmt(`select ${LIST_COLUMNS}, cast(body as blob) as body from search_documents where seq in (${seqs.map(() => '?').join(',')})`)
      .all(...seqs) as DocRow[];
    const bySeq = new Map(rows.map((r) => [Number(r.seq), r]));
    return seqs.map((s) => bySeq.get(s)).filter((r): r is DocRow => r !== undefined);
  }

  /** Matches counted up to the cap (newest first), and the oldest key among them, for the estimate. */
  function countMatches(expr: string, yc: { clause: string; args: number[] }): MatchCount {
    const r = stmt(`select count(*) as c, min(seq) as floor from (select rowid as seq from search_fts where search_fts match ?${yc.clause}
      order by rowid desc limit ${COUNT_CAP + 1})`).get(expr, ...yc.args) as { c: number; floor: number | null };
    return { counted: r.c, floor: r.floor };
  }

  /** The keys the (year-filtered) index spans, for extrapolating totals. */
  function span(q: SearchQuery): { lo: number; hi: number } | null {
    // Two subqueries: SQLite answers a lone min() or max() from the key, not both in one select.
    const b = stmt('select (select min(seq) from search_documents) as lo, (select max(seq) from search_documents) as hi')
      .get() as { lo: number | null; hi: number | null };
    if (b.lo === null || b.hi === null) return null;
    if (q.year === undefined) return { lo: b.lo, hi: b.hi };
    const y = seqRangeOfYear(q.year);
    return { lo: Math.max(b.lo, y.lo), hi: Math.min(b.hi, y.hi) };
  }

  function browse(q: SearchQuery): SearchResult {
    // No query text: the newest items, filtered (the search page doubles as a browsable list).
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (q.agencyCodes?.length) {
      where.push(`agency_code in (${q.agencyCodes.map(() => '?').join(',')})`);
      args.push(...q.agencyCodes);
    }
    if (q.categoryCodes?.length) {
      where.push(`category_code in (${q.categoryCodes.map(() => '?').join(',')})`);
      args.push(...q.categoryCodes);
    }
    if (q.validity !== undefined) {
      where.push('validity = ?');
      args.push(q.validity);
    }
    if (q.kind !== undefined) {
      where.push('kind = ?');
      args.push(q.kind);
    }
    const yc = yearClause(q, 'seq');
    const w = (where.length ? ` where ${where.join(' and ')}` : ' where 1 = 1') + yc.clause;
    const allArgs = [...args, ...yc.args];
    const c = stmt(`select count(*) as c, min(seq) as floor from (select seq from search_documents${w} order by seq desc limit ${COUNT_CAP + 1})`)
      .get(...allArgs) as { c: number; floor: number | null };
    const lim = fetchLimits(q, estimateTotal({ counted: c.c, floor: c.floor }, span(q)), DATE_REACHABLE);
    const rows = lim.size
      ? (stmt(`select ${LIST_COLUMNS}, cast(body as blob) as body from search_documents${w} order by seq desc limit ? offset ?`)
          .all(...allArgs, lim.size, lim.offset) as DocRow[])
      : [];
    return { ...lim.result, hits: hitsFromRows(rows, []) };
  }

  function search(q: SearchQuery): SearchResult {
    const pq = parseQuery(q.q);
    if (pq.unsearchable) return { total: 0, totalIsEstimate: false, page: q.page, pageSize: q.pageSize, pageCount: 0, hits: [] };
    if (!pq.terms.length) return browse(q);
    const expr = matchExpression(pq, q);
    const yc = yearClause(q, 'rowid');
    const counted = countMatches(expr, yc);
    const count = estimateTotal(counted, span(q));
    if (q.sort === 'date') {
      const lim = fetchLimits(q, count, DATE_REACHABLE);
      const seqs = lim.size
        ? (stmt(`select rowid as seq from search_fts where search_fts match ?${yc.clause} order by rowid desc limit ? offset ?`)
            .all(expr, ...yc.args, lim.size, lim.offset) as { seq: number }[]).map((r) => r.seq)
        : [];
      return { ...lim.result, hits: hitsFromRows(fetchDocs(seqs), pq) };
    }
    // Relevance over a bounded candidate set (search-rank.ts): the newest matches, plus title matches among the
    // newest COUNT_CAP matches, which would otherwise never rank.
    const window = (stmt(`select rowid as seq from search_fts where search_fts match ?${yc.clause} order by rowid desc limit ${RANK_WINDOW}`)
      .all(expr, ...yc.args) as { seq: number }[]).map((r) => r.seq);
    const seen = new Set(window);
    // Exclusions may sit in a body the titles index cannot see: with any, only the window is ranked.
    if (window.length === RANK_WINDOW && counted.floor !== null && !pq.terms.some((t) => t.negated)) {
      const titled = stmt(`select rowid as seq from search_titles where search_titles match ? and rowid >= ?${yc.clause}
          order by rowid desc limit ${RANK_WINDOW + TITLE_WINDOW}`).all(matchExpression(pq, q, { titles: true }), counted.floor, ...yc.args) as { seq: number }[];
      for (const { seq } of titled) {
        if (seen.size >= RANK_WINDOW + TITLE_WINDOW) break;
        seen.add(seq);
      }
    }
    const cands = [...seen];
    const rows = cands.length
      ? (stmt(`select seq, title, lead from search_leads where seq in (${cands.map(() => '?').join(',')})`).all(...cands) as RankCandidate[])
      : [];
    const ranked = rankCandidates(rows, pq);
    const lim = fetchLimits(q, count, ranked.length);
    const seqs = ranked.slice(lim.offset, lim.offset + lim.size).map((r) => r.seq);
    return { ...lim.result, hits: hitsFromRows(fetchDocs(seqs), pq) };
  }

  function skipScan(col: 'agency_code' | 'category_code', nameCol: string): { code: string; name: string }[] {
    // Distinct values through the (col, seq) index, one probe per value instead of a scan of every row.
    return stmt(`with recursive v(code) as (select min(${col}) from search_documents
        union all select (select min(${col}) from search_documents where ${col} > v.code) from v where v.code is not null)
      select code, (select ${nameCol} from search_documents d where d.${col} = v.code limit 1) as name from v where code is not null`)
      .all() as { code: string; name: string }[];
  }

  return {
    async upsert(doc) {
      writeMany([doc]);
    },
    async upsertMany(docs) {
      writeMany(docs);
    },
    async remove(id) {
      removeOne(id);
    },
    async query(q) {
      return search(q);
    },
    async rebuild() {
      // One transaction (the index is never seen half-built), reading the stored documents in batches.
      const batch = sqlite.prepare<[number], DocRow>('select * from search_documents where seq > ? order by seq limit 1000');
      sqlite.transaction(() => {
        sqlite.exec(`insert into search_fts (search_fts) values ('delete-all'); insert into search_titles (search_titles) values ('delete-all');
          delete from search_leads`);
        let after = -1;
        for (let rows = batch.all(after); rows.length; rows = batch.all(after)) {
          for (const r of rows) {
            const titleTokens = indexTokens(`${r.title} ${r.document_number}`);
            const facets = facetsOf(docFromRow(r));
            st.insFts.run(Number(r.seq), titleTokens, indexTokens(bodyText(r)), facets);
            st.insTitle.run(Number(r.seq), titleTokens, facets);
            const rt = rankTexts(r.title, r.document_number, bodyText(r));
            st.insLead.run(Number(r.seq), rt.title, rt.lead);
          }
          after = Number(rows[rows.length - 1].seq);
        }
      })();
      sqlite.exec(`insert into search_fts (search_fts) values ('optimize'); insert into search_titles (search_titles) values ('optimize')`);
    },
    async facets(): Promise<SearchFacets> {
      const bounds = stmt('select min(seq) as lo, max(seq) as hi from search_documents').get() as { lo: number | null; hi: number | null };
      const years = yearsSpanned(bounds).filter((y) => {
        const r = seqRangeOfYear(y);
        return stmt('select 1 from search_documents where seq between ? and ? limit 1').get(r.lo, r.hi) !== undefined;
      });
      return facetsFromRows(skipScan('agency_code', 'agency_name'), skipScan('category_code', 'category_name'), years);
    },
    async count() {
      return st.count.get()!.c;
    },
  };
}
