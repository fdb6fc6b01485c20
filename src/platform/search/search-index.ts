/**
 * The search index of a Ctx: FTS5 on SQLite, tsvector/GIN on PostgreSQL, one instance per database, with a bounded
 * LRU cache of result pages that is emptied whenever public content changes (`content.changed`) or the index is
 * written here; changes made by other processes are seen through SQLite's data_version, or within 5 s on PostgreSQL. `searchPublished` is what the portal page, the API (`/api/v1/documents?q=`) and the request form call.
 */
import type { Ctx } from '../context.ts';
import { createFts5SearchIndex } from './search-fts5.ts';
import { createPgSearchIndex } from './search-pg.ts';
import type { SearchFacets, SearchHit, SearchIndex, SearchQuery, SearchResult } from './search.ts';
import { extractKeywords } from './search-keywords.ts';

/** Result pages kept in memory per process (each a page of ≤ 100 hits with snippets: a few MB at most). */
const CACHE_ENTRIES = 500;

/** A bounded least-recently-used map. */
export class LruCache<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly capacity: number) {}
  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  set(key: string, v: V): void {
    this.map.delete(key);
    this.map.set(key, v);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value!);
  }
  clear(): void {
    this.map.clear();
  }
  get size(): number {
    return this.map.size;
  }
}

/** Options of the result cache. */
export interface ResultCacheOptions {
  capacity?: number;
  /** Entries older than this are not used (bounds staleness when another process writes, PostgreSQL). */
  ttlMs?: number;
  /** A value that changes whenever the database changes (SQLite `data_version`): part of every key. */
  generation?: () => number;
}

/** Wraps an index with a result cache; writes and `invalidate()` empty it. */
export function withResultCache(inner: SearchIndex, opts: ResultCacheOptions = {}): SearchIndex & { invalidate(): void } {
  const results = new LruCache<{ at: number; result: SearchResult }>(opts.capacity ?? CACHE_ENTRIES);
  const ttl = opts.ttlMs ?? Infinity;
  let facets: { at: number; key: number; value: SearchFacets } | undefined;
  const invalidate = () => {
    results.clear();
    facets = undefined;
  };
  const written = <A extends unknown[]>(fn: (...a: A) => Promise<void>) => async (...a: A) => {
    try {
      await fn(...a);
    } finally {
      invalidate();
    }
  };
  return {
    upsert: written(inner.upsert),
    upsertMany: written(inner.upsertMany),
    remove: written(inner.remove),
    rebuild: written(inner.rebuild),
    count: () => inner.count(),
    async query(q) {
      const gen = opts.generation?.() ?? 0;
      const key = JSON.stringify([gen, q.q, q.agencyCodes ?? [], q.categoryCodes ?? [], q.year, q.validity, q.kind, q.sort, q.page, q.pageSize]);
      const now = Date.now();
      const hit = results.get(key);
      if (hit && now - hit.at < ttl) return hit.result;
      const result = await inner.query(q);
      results.set(key, { at: now, result });
      return result;
    },
    async facets() {
      const gen = opts.generation?.() ?? 0;
      const now = Date.now();
      if (facets && facets.key === gen && now - facets.at < ttl) return facets.value;
      const value = await inner.facets();
      facets = { at: now, key: gen, value };
      return value;
    },
    invalidate,
  };
}

const indexes = new WeakMap<object, SearchIndex>();

/** The (cached) search index of a context's database. */
export function searchIndexFor(ctx: Ctx): SearchIndex {
  let index = indexes.get(ctx.db);
  if (!index) {
    let cached: ReturnType<typeof withResultCache>;
    if (ctx.dialect === 'sqlite') {
      const sqlite = ctx.database.sqlite!;
      // data_version moves when another connection (another process) commits, so no result outlives a change.
      const version = sqlite.prepare('pragma data_version').pluck();
      cached = withResultCache(createFts5SearchIndex(sqlite), { generation: () => version.get() as number });
    } else {
      // Other app processes write to the same PostgreSQL: their changes show within the TTL.
      cached = withResultCache(createPgSearchIndex(ctx.db), { ttlMs: 5_000 });
    }
    ctx.events.on('content.changed', cached.invalidate);
    index = cached;
    indexes.set(ctx.db, index);
  }
  return index;
}

/** Searches published items (portal search page, `/api/v1/documents?q=`). Never throws for any query text. */
export function searchPublished(ctx: Ctx, query: SearchQuery): Promise<SearchResult> {
  return searchIndexFor(ctx).query(query);
}

/**
 * Published items that may already answer what an applicant describes (the request form's "may already answer
 * your question" list; Art. 44 suggests proactive disclosure of what is often asked). Uses the text's key words
 * (jieba TF-IDF), relaxing from all of them to the strongest until something matches.
 */
export async function findMatchingItems(ctx: Ctx, text: string, opts: { agencyCode?: string; limit?: number } = {}): Promise<SearchHit[]> {
  const limit = Math.min(Math.max(opts.limit ?? 5, 1), 20);
  const words = await extractKeywords(text, 4);
  const index = searchIndexFor(ctx);
  for (let n = words.length; n >= 1; n--) {
    const r = await index.query({
      q: words.slice(0, n).join(' '),
      agencyCodes: opts.agencyCode ? [opts.agencyCode] : undefined,
      sort: 'relevance',
      page: 1,
      pageSize: limit,
    });
    if (r.hits.length) return r.hits;
  }
  return [];
}
