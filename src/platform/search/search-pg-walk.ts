/**
 * The newest-first walk over posting blocks on PostgreSQL (search-postings.ts), the counterpart of FTS5 walking its
 * doclists backwards: the rarest required condition (document frequencies in search_terms) drives; its posting rows
 * are read newest first, a page at a time, and each page's documents are checked against the other conditions, whose
 * rows are read either for the page's key range (tokens of similar frequency) or only where they hold a candidate
 * (common tokens beside a rare driver: one index probe per candidate). The walk stops at `need` matches, so the work
 * per query is bounded by the matches wanted, not by the size of the index.
 */
import { sql } from 'kysely';
import type { DB } from '../db/database.ts';
import {
  BLOCK_ENTRIES, conditionHolds, decodeBlock, documentMatches, titleMatches, type CompiledQuery, type Condition, type PostingEntry,
} from './search-postings.ts';

/** A match found by the walk, newest first. */
export interface WalkMatch {
  seq: number;
  /** Every positive term occurs in the title (computed when asked for). */
  inTitle: boolean;
}

/** Options of a walk. */
export interface WalkOptions {
  /** Stop after this many matches. */
  need: number;
  /** Key range (the year filter); omitted bounds are open. */
  lo?: number;
  hi?: number;
  titles: boolean;
}

const TOP = Number.MAX_SAFE_INTEGER;

interface TokenState {
  entries: Map<number, Uint8Array>;
  /** Rows already decoded (by hi). */
  rows: Set<number>;
  /** Range-read tokens: every entry with seq ≥ coveredFrom is in `entries` (TOP: nothing read yet). */
  coveredFrom: number;
}

interface Row {
  token: string;
  hi: string | number;
  lo: string | number;
  data: Buffer;
}

/** Document frequency of a condition: an alternative cannot hold more often than its rarest token. */
function conditionFrequency(c: Condition, df: Map<string, number>): number {
  return c.reduce((sum, alt) => sum + Math.min(...alt.map((t) => df.get(t) ?? 0)), 0);
}

/** Walks the matches of a compiled query newest first. */
export async function walkMatches(db: DB, cq: CompiledQuery, opts: WalkOptions): Promise<WalkMatch[]> {
  const floor = opts.lo ?? -1;
  const ceil = opts.hi ?? TOP;
  const { rows: dfRows } = await sql<{ token: string; docs: number }>`select token, docs from search_terms
    where token = any(${cq.tokens}::text[])`.execute(db);
  const df = new Map(dfRows.map((r) => [r.token, Number(r.docs)]));
  const freq = cq.required.map((c) => conditionFrequency(c, df));
  if (!freq.length || freq.some((f) => f === 0)) return [];
  const driverIndex = freq.indexOf(Math.min(...freq));
  const driverFreq = freq[driverIndex];
  // The driver condition's documents are the union of its alternatives' rarest tokens.
  const driverTokens = [...new Set(cq.required[driverIndex].map((alt) => alt.reduce((a, b) => ((df.get(b) ?? 0) < (df.get(a) ?? 0) ? b : a))))];
  const state = new Map<string, TokenState>(cq.tokens.map((t) => [t, { entries: new Map(), rows: new Set(), coveredFrom: TOP }]));
  const others = cq.tokens.filter((t) => !driverTokens.includes(t) && (df.get(t) ?? 0) > 0);
  // A token much more common than the driver is probed per candidate rather than read for the whole key range.
  const probed = new Set(others.filter((t) => (df.get(t) ?? 0) > BLOCK_ENTRIES * driverFreq));
  const ranged = others.filter((t) => !probed.has(t));

  /** Decodes rows not seen before into their tokens' entries; returns the new entries in row order. */
  const take = (rows: Row[]): PostingEntry[] => {
    const added: PostingEntry[] = [];
    for (const r of rows) {
      const s = state.get(r.token)!;
      const hi = Number(r.hi);
      if (s.rows.has(hi)) continue;
      s.rows.add(hi);
      for (const e of decodeBlock(r.token, hi, r.data)) {
        s.entries.set(e.seq, e.tail);
        added.push(e);
      }
    }
    return added;
  };
  const lookup = (token: string, seq: number) => state.get(token)?.entries.get(seq);

  // Driver state: the entries not yet checked (newest first) and where the next page starts.
  const pending = new Map<string, PostingEntry[]>(driverTokens.map((t) => [t, []]));
  const cursor = new Map<string, number>(driverTokens.map((t) => [t, TOP]));
  const exhausted = new Set<string>();
  const matches: WalkMatch[] = [];
  let pageRows = Math.ceil(opts.need / BLOCK_ENTRIES) + 1;
  let windowHi = ceil;

  while (matches.length < opts.need) {
    const open = driverTokens.filter((t) => !exhausted.has(t));
    if (!open.length && driverTokens.every((t) => pending.get(t)!.length === 0)) break;
    let windowLo = floor;
    if (open.length) {
      const { rows } = await sql<Row>`select x.token, x.hi, x.lo, x.data
        from unnest(${open}::text[], ${open.map((t) => cursor.get(t)!)}::bigint[]) as t(token, below)
        cross join lateral (select p.token, p.hi, p.lo, p.data from search_postings p
          where p.token = t.token and p.hi < t.below and p.lo <= ${ceil} and p.hi >= ${floor}
          order by p.hi desc limit ${pageRows}) x`.execute(db);
      const byToken = new Map<string, Row[]>(open.map((t) => [t, []]));
      for (const r of rows) byToken.get(r.token)!.push(r);
      for (const [t, list] of byToken) {
        list.sort((a, b) => Number(b.hi) - Number(a.hi));
        pending.get(t)!.push(...take(list));
        if (list.length < pageRows) exhausted.add(t);
        else {
          const lo = Number(list[list.length - 1].lo);
          cursor.set(t, lo);
          windowLo = Math.max(windowLo, lo);
        }
      }
    }
    // Candidates: the driver's documents in [windowLo, windowHi], newest first.
    const seen = new Set<number>();
    for (const t of driverTokens) {
      const list = pending.get(t)!;
      let i = 0;
      for (; i < list.length && list[i].seq >= windowLo; i++) if (list[i].seq <= windowHi && list[i].seq >= floor) seen.add(list[i].seq);
      list.splice(0, i);
      if (list.length && list[0].seq < floor) list.length = 0;
    }
    let cands = [...seen].sort((a, b) => b - a);
    if (cands.length) {
      const toRead = ranged.filter((t) => state.get(t)!.coveredFrom > windowLo);
      if (toRead.length) {
        const { rows } = await sql<Row>`select x.token, x.hi, x.lo, x.data
          from unnest(${toRead}::text[], ${toRead.map((t) => state.get(t)!.coveredFrom)}::bigint[]) as t(token, below)
          cross join lateral (select p.token, p.hi, p.lo, p.data from search_postings p
            where p.token = t.token and p.hi >= ${windowLo} and p.lo <= ${windowHi} and p.hi < t.below order by p.hi desc) x`.execute(db);
        take(rows);
        for (const t of toRead) {
          const los = rows.filter((r) => r.token === t).map((r) => Number(r.lo));
          state.get(t)!.coveredFrom = Math.min(windowLo, ...los);
        }
      }
      // Narrow the candidates with the conditions already readable before probing common tokens.
      const readable = (c: Condition) => c.every((alt) => alt.every((t) => !probed.has(t)));
      const early = cq.required.filter(readable);
      cands = cands.filter((s) => early.every((c) => conditionHolds(c, s, lookup)));
      if (probed.size && cands.length) {
        const tokens = [...probed];
        const { rows } = await sql<Row>`select p.token, p.hi, p.lo, p.data from search_postings p where (p.token, p.hi) in (
            select t.token, (select min(q.hi) from search_postings q where q.token = t.token and q.hi >= c.s)
            from unnest(${tokens}::text[]) as t(token), unnest(${cands}::bigint[]) as c(s))`.execute(db);
        take(rows);
      }
      for (const s of cands) {
        if (!documentMatches(cq, s, lookup)) continue;
        matches.push({ seq: s, inTitle: opts.titles && titleMatches(cq, s, lookup) });
        if (matches.length >= opts.need) break;
      }
    }
    if (windowLo <= floor) break;
    windowHi = windowLo - 1;
    pageRows *= 2;
  }
  return matches;
}
