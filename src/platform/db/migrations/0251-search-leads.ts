/**
 * Search, SQLite: what relevance ranking reads of each document — its title and document number and the lead of its
 * body (first 300 characters), already normalised for search and stored as UTF-8 bytes in a narrow table, so that
 * ranking a few hundred candidates reads short rows and counts matches on bytes (measured: decoding CJK text to JS
 * strings was 20 µs a candidate, bytes under 3 µs). The application fills it (search-fts5.ts; `rebuild()` for rows
 * indexed before this migration). PostgreSQL ranks inside the database (ts_rank_cd) and needs no copy.
 */
import type { Kysely } from 'kysely';
import { isPostgres } from './_dialect.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the untyped schema of their time
export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) return;
  await db.schema
    .createTable('search_leads')
    .addColumn('seq', 'integer', (c) => c.primaryKey())
    .addColumn('title', 'blob', (c) => c.notNull())
    .addColumn('lead', 'blob', (c) => c.notNull())
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) await db.schema.dropTable('search_leads').ifExists().execute();
}
