/**
 * Search, PostgreSQL (issue 9): the index becomes posting blocks walked in publication order, as FTS5 on SQLite
 * (docs/decisions/0006, src/platform/search/search-postings.ts), replacing the tsvector column and its GIN index, which
 * answered matches in no useful order and re-read each candidate's tsvector for phrases (p99 of seconds at 100,000
 * items). `search_postings`: one row per token and block of ≤ 128 documents (key range lo…hi, bytes of keys and
 * positions); `search_terms`: documents per token (picks the rarest token to drive a query); `search_leads`: the
 * normalised title and lead each result is ranked on (as on SQLite, migration 0251). Tokens compare bytewise
 * (collation "C"), whatever the database locale.
 *
 * The application fills these tables (tokens come from search-text.ts): documents indexed before this migration are
 * found again after `gongkai search reindex` (SearchIndex.rebuild), which reads them from search_documents.
 */
import { sql, type Kysely } from 'kysely';
import { isPostgres } from './_dialect.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the untyped schema of their time
export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`create table search_postings (token text collate "C" not null, hi bigint not null, lo bigint not null,
    data bytea not null, primary key (token, hi))`.execute(db);
  // Rows are small (≤ 128 documents) and read whole: keep them in the table's pages, uncompressed where they fit.
  await sql`alter table search_postings alter column data set storage main`.execute(db);
  await sql`create table search_terms (token text collate "C" primary key, docs integer not null)`.execute(db);
  await sql`create table search_leads (seq bigint primary key, title bytea not null, lead bytea not null)`.execute(db);
  await sql`alter table search_documents drop column if exists tsv`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`drop table if exists search_postings`.execute(db);
  await sql`drop table if exists search_terms`.execute(db);
  await sql`drop table if exists search_leads`.execute(db);
  await sql`alter table search_documents add column if not exists tsv tsvector not null default ''`.execute(db);
  await sql`create index if not exists search_documents_tsv on search_documents using gin (tsv) with (fastupdate = off)`.execute(db);
}
