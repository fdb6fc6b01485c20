/**
 * Search (issue 4 "Search"): the documents the public can find, keyed by an ordering number `seq` (publication
 * day × 2^21 + n) so that key order is publication order (design.md §4), and the full-text index in the same
 * database: an FTS5 table of character bigrams on SQLite, a tsvector column with a GIN index on PostgreSQL.
 */
import { sql, type Kysely } from 'kysely';
import { isPostgres } from './_dialect.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the untyped schema of their time
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  let t = db.schema
    .createTable('search_documents')
    .addColumn('seq', pg ? 'bigint' : 'integer', (c) => c.primaryKey())
    .addColumn('doc_id', 'text', (c) => c.notNull().unique())
    .addColumn('agency_id', 'text', (c) => c.notNull())
    .addColumn('agency_code', 'text', (c) => c.notNull())
    .addColumn('agency_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('document_number', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('category_code', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('category_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('published_on', 'text', (c) => c.notNull())
    .addColumn('validity', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('url', 'text', (c) => c.notNull());
  if (pg) t = t.addColumn('tsv', sql`tsvector`, (c) => c.notNull());
  await t.execute();
  await db.schema.createIndex('search_documents_agency').on('search_documents').columns(['agency_code', 'seq']).execute();
  await db.schema.createIndex('search_documents_category').on('search_documents').columns(['category_code', 'seq']).execute();
  if (pg) {
    await sql`create index search_documents_tsv on search_documents using gin (tsv) with (fastupdate = off)`.execute(db);
  } else {
    // Contentless: the text lives in search_documents; the index holds tokens only (title, body, filter facets).
    await sql`create virtual table search_fts using fts5(title, body, facets, content='', contentless_delete=1,
      tokenize='unicode61 remove_diacritics 0')`.execute(db);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) await sql`drop table if exists search_fts`.execute(db);
  await db.schema.dropTable('search_documents').ifExists().execute();
}
