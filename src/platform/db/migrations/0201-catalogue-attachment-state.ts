/**
 * Attachments follow the versions of their item: `draft` (added to the working copy, not yet public), `live` (part of
 * the published version), `removing` (removed in the working copy; public until the next version is published).
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the untyped schema of their time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('catalogue_attachments').addColumn('state', 'text', (c) => c.notNull().defaultTo('draft')).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('catalogue_attachments').dropColumn('state').execute();
}
