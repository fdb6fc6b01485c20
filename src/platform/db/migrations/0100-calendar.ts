/**
 * The working-day calendar as administrators edit it (issue 3; domain.md §6.1 "store the calendar as data per year,
 * admin-editable"): national year notices with their days, local rest/working days per agency subtree, and the
 * counting rule per agency (domain.md §3.3). The shipped seed (chinese-days) is not copied here: a row overrides
 * the seed's year, so the tables hold only what administrators entered.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the untyped schema of their time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('calendar_notices')
    .addColumn('year', 'integer', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('document_number', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull().defaultTo(''))
    .execute();

  await db.schema
    .createTable('calendar_notice_days')
    .addColumn('year', 'integer', (c) => c.notNull().references('calendar_notices.year').onDelete('cascade'))
    .addColumn('day_on', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // rest | work
    .addColumn('name', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('calendar_notice_days_pk', ['year', 'day_on'])
    .execute();

  await db.schema
    .createTable('calendar_local_days')
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.agency_id').onDelete('cascade'))
    .addColumn('day_on', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // rest | work
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().defaultTo(''))
    .addPrimaryKeyConstraint('calendar_local_days_pk', ['agency_id', 'day_on'])
    .execute();

  await db.schema
    .createTable('calendar_settings')
    .addColumn('agency_id', 'text', (c) => c.primaryKey().references('agencies.agency_id').onDelete('cascade'))
    .addColumn('counting', 'text', (c) => c.notNull()) // after_start | start_day_counts
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('calendar_settings').execute();
  await db.schema.dropTable('calendar_local_days').execute();
  await db.schema.dropTable('calendar_notice_days').execute();
  await db.schema.dropTable('calendar_notices').execute();
}
