/** Row types of the search tables (migration 0250). The FTS5 table `search_fts` is reached through raw SQL only. */
import type { Generated } from 'kysely';

export interface SearchDocumentsTable {
  /** Ordering key: publication day × 2^21 + n (search-text.ts `seqRangeOfDay`); the FTS5 rowid on SQLite. */
  seq: number;
  doc_id: string;
  agency_id: string;
  agency_code: string;
  agency_name: Generated<string>;
  title: string;
  body: string;
  document_number: Generated<string>;
  category_code: Generated<string>;
  category_name: Generated<string>;
  published_on: string;
  validity: Generated<string>;
  kind: Generated<string>;
  url: string;
}

/** The search tables, for composition into the Database interface. */
export interface SearchTables {
  search_documents: SearchDocumentsTable;
}
