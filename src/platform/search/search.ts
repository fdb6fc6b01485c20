/**
 * The search contract (issue 4 "Search"): one `SearchIndex` interface, implemented over SQLite FTS5
 * (search-fts5.ts) and PostgreSQL (search-pg.ts), and the shapes that go in and come out. The catalogue turns a
 * published item into a `SearchDocument` (src/catalogue/catalogue-indexing.ts) and upserts it; withdrawing removes it.
 */
import { z } from 'zod';

/** What the index stores of a published item: plain text only, no personal data. */
export interface SearchDocument {
  /** The catalogue item id (primary key of the source record). */
  id: string;
  agencyId: string;
  agencyCode: string;
  /** The agency's display name, shown beside results and in the agency filter (defaults to the code). */
  agencyName?: string;
  title: string;
  /** Plain text of the body (and of extracted attachment text). */
  body: string;
  /** 发文字号, e.g. 甘科政〔2020〕13号 ('' when none). */
  documentNumber: string;
  categoryCode: string;
  /** The category's display name for the category filter (defaults to the code). */
  categoryName?: string;
  /** 发布日期 'YYYY-MM-DD'; results sorted by date and the year filter use it. */
  publishedOn: string;
  /** Validity of a normative document (有效 / 已修订 / 已废止 / 失效), '' for other items. */
  validity: string;
  /** The public URL of the item page. */
  url: string;
  /** Kind of item, e.g. 'document', 'news', 'interpretation' (free text, filterable). */
  kind?: string;
}

/** Result orders: by relevance (bm25 over a bounded window of the newest matches) or newest first. */
export const SEARCH_SORTS = ['relevance', 'date'] as const;
/** A result order. */
export type SearchSort = (typeof SEARCH_SORTS)[number];

/** A search request. `q` may be anything a visitor typed; it never causes an error. */
export interface SearchQuery {
  q: string;
  agencyCodes?: string[];
  categoryCodes?: string[];
  year?: number;
  validity?: string;
  kind?: string;
  sort: SearchSort;
  /** 1-based. */
  page: number;
  pageSize: number;
}

/** One result, ready to render: `titleHtml` and `snippet` are escaped HTML with <mark> around matches. */
export interface SearchHit {
  id: string;
  title: string;
  titleHtml: string;
  snippet: string;
  publishedOn: string;
  url: string;
  documentNumber: string;
  agencyCode: string;
  agencyName: string;
  categoryCode: string;
  categoryName: string;
  validity: string;
  kind: string;
}

/** A page of results. */
export interface SearchResult {
  /**
   * Number of matching items: exact up to `COUNT_CAP`; beyond it `totalIsEstimate` is true and total is extrapolated
   * from how far back in time the newest COUNT_CAP matches reach (counting every match is linear in the matches).
   */
  total: number;
  totalIsEstimate: boolean;
  page: number;
  pageSize: number;
  /** Last page that can be shown (results beyond the counting cap or ranking window are not paged to). */
  pageCount: number;
  hits: SearchHit[];
}

/** A facet value present in the index, with its display name. */
export interface FacetValue {
  code: string;
  name: string;
}

/** What the index holds, for building filter controls. */
export interface SearchFacets {
  agencies: FacetValue[];
  categories: FacetValue[];
  years: number[];
  validities: string[];
}

/** The operations every index implementation provides. */
export interface SearchIndex {
  /** Adds or replaces one document (an item published or republished). */
  upsert(doc: SearchDocument): Promise<void>;
  /** Adds or replaces many documents in one transaction (bulk import, rebuild from the catalogue). */
  upsertMany(docs: SearchDocument[]): Promise<void>;
  /** Removes a document (withdrawn, deleted); unknown ids are ignored. */
  remove(id: string): Promise<void>;
  /** Runs a search. Never throws for any `q`. */
  query(query: SearchQuery): Promise<SearchResult>;
  /** Re-tokenises every stored document (after a change of tokenizer) and optimises the index. */
  rebuild(): Promise<void>;
  /** Agencies, categories, years and validities present in the index. */
  facets(): Promise<SearchFacets>;
  /** Number of indexed documents. */
  count(): Promise<number>;
}

/** Matches counted exactly up to this number; beyond, the total is an estimate. */
export const COUNT_CAP = 1_000;
/** Results reachable by paging in date order (deeper pages walk the index further; refine the query instead). */
export const DATE_REACHABLE = 5_000;
/** Relevance ranks the newest this-many matches … */
export const RANK_WINDOW = 200;
/** … plus at most this many title matches among the newest COUNT_CAP matches. */
export const TITLE_WINDOW = 100;
/** Largest page size a caller may ask for. */
export const MAX_PAGE_SIZE = 100;

const codeList = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : (Array.isArray(v) ? v : [v])).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean).slice(0, 20))
  .pipe(z.array(z.string().max(60)));

/**
 * Search parameters as they arrive in a URL (`?q=&agency=&category=&year=&validity=&sort=&page=`). Lenient: wrong
 * values fall back to defaults so that a hand-edited URL still shows results.
 */
export const searchParamsSchema = z.object({
  q: z.string().optional().catch(undefined).transform((v) => (v ?? '').slice(0, 400)),
  agency: codeList.catch([]),
  category: codeList.catch([]),
  year: z.coerce.number().int().min(1949).max(2200).optional().catch(undefined),
  validity: z.string().max(20).optional().catch(undefined),
  kind: z.string().max(40).optional().catch(undefined),
  sort: z.enum(SEARCH_SORTS).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
  pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).optional().catch(undefined),
});

/** Turns URL parameters into a SearchQuery (relevance when there is a query, newest first otherwise). */
export function searchQueryFromParams(raw: unknown, defaults: { pageSize?: number } = {}): SearchQuery {
  const p = searchParamsSchema.parse(raw ?? {});
  return {
    q: p.q,
    agencyCodes: p.agency,
    categoryCodes: p.category,
    year: p.year,
    validity: p.validity || undefined,
    kind: p.kind || undefined,
    sort: p.sort ?? (p.q.trim() ? 'relevance' : 'date'),
    page: p.page ?? 1,
    pageSize: p.pageSize ?? defaults.pageSize ?? 20,
  };
}
