/**
 * Runs the migrations in ./migrations (files named NNNN-name.ts, applied in name order; files starting with `_` are
 * helpers). Migrations are frozen once committed: change the schema with a new file.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Migrator, PostgresAdapter, sql, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import type { DB } from './database.ts';

const here = dirname(fileURLToPath(import.meta.url));

class FolderMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const dir = join(here, 'migrations');
    const files = readdirSync(dir)
      .filter((f) => /^\d{4}-[a-z0-9-]+\.(ts|js)$/.test(f) && !f.endsWith('.test.ts'))
      .sort();
    const out: Record<string, Migration> = {};
    for (const f of files) {
      const mod = (await import(pathToFileURL(join(dir, f)).href)) as Migration;
      out[f.replace(/\.(ts|js)$/, '')] = mod;
    }
    return out;
  }
}

/** Applies every pending migration; throws with the failing migration's name on error. */
export async function migrateToLatest(db: DB): Promise<MigrationResultSet> {
  // On PostgreSQL the migration tables live in the connection's own schema (tests give each file one via
  // search_path); without naming it, Kysely may find another schema's lock table and skip creating its own.
  let migrationTableSchema: string | undefined;
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    const r = await sql<{ s: string }>`select current_schema() as s`.execute(db);
    migrationTableSchema = r.rows[0]?.s;
  }
  // Modules own number ranges (0100 calendar, 0200 catalogue …), so a module's new migration may sort before one
  // another module added earlier: apply it anyway (each migration is independent of the others' order).
  const migrator = new Migrator({ db, provider: new FolderMigrationProvider(), migrationTableSchema, allowUnorderedMigrations: true });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const err = result.error instanceof Error ? result.error : new Error(String(result.error));
    err.message = `migration ${failed?.migrationName ?? '?'} failed: ${err.message}`;
    throw err;
  }
  return result;
}
