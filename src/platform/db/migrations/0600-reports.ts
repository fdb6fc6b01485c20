/**
 * Annual reports (issue 6): one report per agency-year with its narrative sections 一–六, its workflow state
 * (draft → submitted → approved | returned → published) and, once submitted, a frozen snapshot of the tables; and the
 * yearly statistics staff enter with their source (WeChat followers, online-service visits …).
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the untyped schema of their time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('annual_reports')
    .addColumn('report_id', 'text', (c) => c.primaryKey())
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.agency_id').onDelete('cascade'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull()) // draft | submitted | approved | returned | published
    .addColumn('narrative', 'text', (c) => c.notNull().defaultTo('{}')) // JSON {1..6: text}
    .addColumn('explanations', 'text', (c) => c.notNull().defaultTo('{}')) // JSON {rule@where: text}
    .addColumn('snapshot', 'text') // JSON AnnualReport frozen at submission; null while a draft
    .addColumn('return_comment', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('rolled_up', 'integer', (c) => c.notNull().defaultTo(0)) // 1: tables summed from the departments
    .addColumn('submitted_by', 'text')
    .addColumn('submitted_at', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('published_item_id', 'text')
    .addColumn('published_on', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('annual_reports_agency_year', ['agency_id', 'year'])
    .execute();
  await db.schema.createIndex('annual_reports_year_state').on('annual_reports').columns(['year', 'state']).execute();

  await db.schema
    .createTable('report_statistics')
    .addColumn('statistic_id', 'text', (c) => c.primaryKey())
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.agency_id').onDelete('cascade'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('value', 'integer', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('at_least', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('entered_by', 'text')
    .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('report_statistics_agency_year').on('report_statistics').columns(['agency_id', 'year', 'sort_order']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('report_statistics').execute();
  await db.schema.dropTable('annual_reports').execute();
}
