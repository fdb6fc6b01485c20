/**
 * The day the Art. 26 clock of an item starts (its 成文日期, or the day its attribute changed to 主动公开 — “变更之日”),
 * so a calendar change can recompute the due date of unpublished items (catalogue clock source). Existing items with
 * a deadline start from their 成文日期.
 */
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the untyped schema of their time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('catalogue_items').addColumn('publication_clock_from', 'text').execute();
  await sql`update catalogue_items set publication_clock_from = formed_on where publication_due_on is not null`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('catalogue_items').dropColumn('publication_clock_from').execute();
}
