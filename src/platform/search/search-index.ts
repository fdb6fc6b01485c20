/**
 * The search index of a Ctx: FTS5 on SQLite, tsvector/GIN on PostgreSQL, one instance per database, with a bounded
 * LRU cache of result pages that is emptied whenever public content changes (`content.changed`) or the index is
 * written. `searchPublished` is what the portal page, the API (`/api/v1/documents?q=`) and the request form call.
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

/** Wraps an index with a result cache; writes and `invalidate()` empty it. */
export function withResultCache(inner: SearchIndex, capacity = CACHE_ENTRIES): SearchIndex & { invalidate(): void } {
  const results = new LruCache<SearchResult>(capacity);
  let facets: SearchFacets | undefined;
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
      const key = JSON.stringify([q.q, q.agencyCodes ?? [], q.categoryCodes ?? [], q.year, q.validity, q.kind, q.sort, q.page, q.pageSize]);
      const hit = results.get(key);
      if (hit) return hit;
      const r = await inner.query(q);
      results.set(key, r);
      return r;
    },
    async facets() {
      return (facets ??= await inner.facets());
    },
    invalidate,
  };
}

const indexes = new WeakMap<object, SearchIndex>();

/** The (cached) search index of a context's database. */
export function searchIndexFor(ctx: Ctx): SearchIndex {
  let index = indexes.get(ctx.db);
  if (!index) {
    const inner = ctx.dialect === 'sqlite' ? createFts5SearchIndex(ctx.database.sqlite!) : createPgSearchIndex(ctx.db);
    const cached = withResultCache(inner);
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
  const words = extractKeywords(text, 4);
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
