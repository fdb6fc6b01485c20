/** Page cache (issue 9): index for the per-agency page versions every process polls (src/platform/cache/cache-sync.ts). */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the untyped schema of their time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('settings_key').on('settings').columns(['key', 'agency_id']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('settings_key').ifExists().execute();
}
