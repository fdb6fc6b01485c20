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
  BLOCK_ENTRIES, conditionHolds, documentMatches, scanBlock, titleMatches, type CompiledQuery, type Condition,
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

/**
 * A posting row as read: its entries' keys (newest first) and tail bounds in plain arrays. Keys exceed V8's small
 * integers, so a Map or Set keyed by them allocates a heap number per entry (measured: 1.3 µs an entry, most of a
 * query's CPU); sorted arrays and binary search do not.
 */
interface ReadRow {
  hi: number;
  lo: number;
  data: Uint8Array;
  seqs: number[];
  bounds: number[];
}

interface TokenState {
  /** Rows read, newest first (disjoint key ranges). */
  list: ReadRow[];
  /** Rows already read (by hi). */
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

/**
 * Document frequencies only steer the walk (which condition drives, which tokens are probed); any value gives the
 * same matches. So they are cached per process for a while, except zeros: an absent token is looked up every time.
 */
const DF_TTL_MS = 60_000;
const DF_ENTRIES = 20_000;
const dfCaches = new WeakMap<DB, Map<string, { docs: number; at: number }>>();

async function frequencies(db: DB, tokens: string[]): Promise<Map<string, number>> {
  let cache = dfCaches.get(db);
  if (!cache) dfCaches.set(db, (cache = new Map()));
  const now = Date.now();
  const df = new Map<string, number>();
  const missing: string[] = [];
  for (const t of tokens) {
    const hit = cache.get(t);
    if (hit && now - hit.at < DF_TTL_MS) df.set(t, hit.docs);
    else missing.push(t);
  }
  if (missing.length) {
    // '' stands for the number of documents (the planner's estimate: cheap, and only used to size the first page).
    const { rows } = await sql<{ token: string; docs: number }>`select token, docs from search_terms where token = any(${missing}::text[])
      union all select '', greatest(reltuples, 0)::bigint from pg_class where ${missing.includes('')} and oid = to_regclass('search_documents')`.execute(db);
    if (cache.size + rows.length > DF_ENTRIES) cache.clear();
    for (const r of rows) {
      df.set(r.token, Number(r.docs));
      cache.set(r.token, { docs: Number(r.docs), at: now });
    }
  }
  return df;
}

/** Walks the matches of a compiled query newest first. */
export async function walkMatches(db: DB, cq: CompiledQuery, opts: WalkOptions): Promise<WalkMatch[]> {
  const floor = opts.lo ?? -1;
  const ceil = opts.hi ?? TOP;
  const df = await frequencies(db, ['', ...cq.tokens]);
  const freq = cq.required.map((c) => conditionFrequency(c, df));
  if (!freq.length || freq.some((f) => f === 0)) return [];
  const driverIndex = freq.indexOf(Math.min(...freq));
  const driverFreq = freq[driverIndex];
  // The driver condition's documents are the union of its alternatives' rarest tokens.
  const driverTokens = [...new Set(cq.required[driverIndex].map((alt) => alt.reduce((a, b) => ((df.get(b) ?? 0) < (df.get(a) ?? 0) ? b : a))))];
  const state = new Map<string, TokenState>(cq.tokens.map((t) => [t, { list: [], rows: new Set(), coveredFrom: TOP }]));
  const others = cq.tokens.filter((t) => !driverTokens.includes(t) && (df.get(t) ?? 0) > 0);
  // A token much more common than the driver is probed per candidate rather than read for the whole key range.
  const probed = new Set(others.filter((t) => (df.get(t) ?? 0) > BLOCK_ENTRIES * driverFreq));
  const ranged = others.filter((t) => !probed.has(t));

  /** Reads rows not seen before into their tokens' lists; returns the new entries' keys in row order. */
  const take = (rows: Row[]): number[] => {
    const added: number[] = [];
    const touched = new Set<TokenState>();
    for (const r of rows) {
      const s = state.get(r.token)!;
      const hi = Number(r.hi);
      if (s.rows.has(hi)) continue;
      s.rows.add(hi);
      const row: ReadRow = { hi, lo: Number(r.lo), data: r.data, seqs: [], bounds: [] };
      scanBlock(r.token, hi, r.data, (seq, start, end) => {
        row.seqs.push(seq);
        row.bounds.push(start, end);
        added.push(seq);
      });
      s.list.push(row);
      touched.add(s);
    }
    for (const s of touched) s.list.sort((a, b) => b.hi - a.hi);
    return added;
  };
  const lookup = (token: string, seq: number): Uint8Array | undefined => {
    const list = state.get(token)?.list;
    if (!list) return undefined;
    // The first row (newest first) whose lo ≤ seq; then the key within it (keys descending).
    let a = 0;
    let b = list.length;
    while (a < b) {
      const m = (a + b) >> 1;
      if (list[m].lo > seq) a = m + 1;
      else b = m;
    }
    const row = list[a];
    if (!row || row.hi < seq) return undefined;
    let x = 0;
    let y = row.seqs.length;
    while (x < y) {
      const m = (x + y) >> 1;
      if (row.seqs[m] > seq) x = m + 1;
      else y = m;
    }
    return row.seqs[x] === seq ? row.data.subarray(row.bounds[2 * x], row.bounds[2 * x + 1]) : undefined;
  };

  // Driver state: the entries not yet checked (newest first) and where the next page starts.
  const pending = new Map<string, number[]>(driverTokens.map((t) => [t, []]));
  const cursor = new Map<string, number>(driverTokens.map((t) => [t, TOP]));
  const exhausted = new Set<string>();
  const matches: WalkMatch[] = [];
  // First page of driver rows: enough for `need` matches if the other conditions hold independently of the driver
  // (at most 4× the rows `need` takes when every driver document matches); later pages double.
  const docs = Math.max(df.get('') ?? 0, driverFreq);
  const passRate = freq.reduce((p, f, i) => (i === driverIndex || !docs ? p : p * Math.min(1, f / docs)), 1);
  const minRows = Math.ceil(opts.need / BLOCK_ENTRIES) + 1;
  let pageRows = Math.min(4 * minRows, Math.ceil(minRows / Math.max(passRate, 1e-6)));
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
        const list2 = pending.get(t)!;
        for (const seq of take(list)) list2.push(seq);
        if (list.length < pageRows) exhausted.add(t);
        else {
          const lo = Number(list[list.length - 1].lo);
          cursor.set(t, lo);
          windowLo = Math.max(windowLo, lo);
        }
      }
    }
    // Candidates: the driver's documents in [windowLo, windowHi], newest first.
    let cands: number[] = [];
    for (const t of driverTokens) {
      const list = pending.get(t)!;
      let i = 0;
      for (; i < list.length && list[i] >= windowLo; i++) if (list[i] <= windowHi && list[i] >= floor) cands.push(list[i]);
      list.splice(0, i);
      if (list.length && list[0] < floor) list.length = 0;
    }
    if (driverTokens.length > 1) cands = cands.sort((a, b) => b - a).filter((v, i, a) => i === 0 || a[i - 1] !== v);
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
