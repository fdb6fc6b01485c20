/**
 * Opens the database named by the configuration: SQLite (better-sqlite3 12, WAL, synchronous=FULL, foreign keys,
 * busy_timeout; security.md) when DATABASE_URL is unset, PostgreSQL (pg pool) when it is a postgres:// URL.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql, type LogEvent, type SqliteDatabase } from 'kysely';
import { SchemaPostgresDialect } from './pg-introspector.ts';
import pg from 'pg';
import type { Database } from './tables.ts';

/** Which engine a database runs on; a few queries (search, locks) differ. */
export type Dialect = 'sqlite' | 'postgres';

/** The typed query builder over all gongkai tables. */
export type DB = Kysely<Database>;

/** An open database with its dialect and a way to close it. */
export interface OpenDatabase {
  db: DB;
  dialect: Dialect;
  /** The SQLite file path (undefined on PostgreSQL). */
  file?: string;
  /** The raw better-sqlite3 handle, for the backup API and integrity checks (undefined on PostgreSQL). */
  sqlite?: SQLite.Database;
  /** Calls `observer` after every query until the returned function is called (query counts, plans, slow queries). */
  observe(observer: QueryObserver): () => void;
  close(): Promise<void>;
}

/** One executed query: its SQL text and parameters (which may hold personal data: never log them) and duration. */
export interface QueryEvent {
  sql: string;
  parameters: readonly unknown[];
  ms: number;
}

/** Receives every executed query (see `OpenDatabase.observe`). */
export type QueryObserver = (event: QueryEvent) => void;

/** Kysely's log hook fanned out to the current observers; costs one call per query when there are none. */
function queryObservers() {
  const observers = new Set<QueryObserver>();
  return {
    observe(observer: QueryObserver) {
      observers.add(observer);
      return () => void observers.delete(observer);
    },
    log(event: LogEvent) {
      if (observers.size === 0) return;
      const e = { sql: event.query.sql, parameters: event.query.parameters, ms: event.queryDurationMillis };
      for (const o of observers) o(e);
    },
  };
}

// PostgreSQL returns int8 (count(*), sums of integers) as strings; our counts stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

/** Options for opening a database. */
export interface OpenOptions {
  databaseUrl?: string;
  dataDir: string;
  /** SQLite file name inside dataDir, or ':memory:'. */
  sqliteFile?: string;
  poolSize?: number;
  /** PostgreSQL schema to use as search_path (tests isolate each file in its own schema). */
  pgSchema?: string;
}

/** Opens (and for SQLite creates) the database; does not migrate. */
export function openDatabase(opts: OpenOptions): OpenDatabase {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.poolSize ?? 10,
      options: opts.pgSchema ? `-c search_path=${opts.pgSchema}` : undefined,
    });
    const q = queryObservers();
    const db = new Kysely<Database>({ dialect: new SchemaPostgresDialect({ pool }), log: q.log });
    return { db, dialect: 'postgres', observe: q.observe, close: () => db.destroy() };
  }
  const name = opts.sqliteFile ?? 'gongkai.sqlite';
  let file = name;
  if (name !== ':memory:') {
    mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
    file = join(opts.dataDir, name);
  }
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const q = queryObservers();
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }), log: q.log });
  return {
    db,
    dialect: 'sqlite',
    observe: q.observe,
    file: name === ':memory:' ? undefined : file,
    sqlite,
    close: () => db.destroy(),
  };
}

/** How many prepared statements a SQLite connection keeps (least recently used dropped first). */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every statement anew; compiling SQL costs more than running the indexed lookups of a page
 * (0.05–0.2 ms each, ~15% of an uncached item page). This keeps the prepared statements by SQL text. A statement
 * that is still being iterated (a streamed query) is busy and cannot be reused, so a fresh one is prepared for it.
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sqlText: string) {
      const hit = cache.get(sqlText);
      if (hit && !hit.busy) {
        cache.delete(sqlText); // re-insert: Map order is recency order
        cache.set(sqlText, hit);
        return hit;
      }
      const statement = sqlite.prepare(sqlText);
      if (!hit) {
        cache.set(sqlText, statement);
        if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      }
      return statement;
    },
  };
}

/** True when a database error is a unique-constraint violation (both engines). */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Takes a transaction-scoped lock named `key` on PostgreSQL (no-op on SQLite, whose writers are serialised). */
export async function lockForTransaction(db: DB, dialect: Dialect, key: string): Promise<void> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(${key}))`.execute(db);
}
