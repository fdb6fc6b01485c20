/** Helpers migrations share: the few column types that differ between SQLite and PostgreSQL. Imports only kysely. */
import { PostgresAdapter, type Kysely } from 'kysely';

/** True when the migration runs on PostgreSQL. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the untyped schema of their time
export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** An auto-incrementing integer key type for sequences that must stay ordered (audit, search rows). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export function serialType(db: Kysely<any>): 'integer' | 'bigserial' {
  return isPostgres(db) ? 'bigserial' : 'integer';
}

/** A binary column type. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export function blobType(db: Kysely<any>): 'blob' | 'bytea' {
  return isPostgres(db) ? 'bytea' : 'blob';
}
