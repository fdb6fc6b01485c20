/**
 * Indexes for the queries of uncached public pages (issue 9), found by logging every statement of a render:
 * the item page's "superseded by" lookup scanned catalogue_published (1.4 ms at 4,845 items, linear in the
 * catalogue), the 目录 list's count and year facets by document kind read every row of the agency, and a
 * column's newest items (ordered by date, then id) walked the agency's whole date index to find that column's rows.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the untyped schema of their time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('catalogue_published_superseded').on('catalogue_published').column('superseded_by_id').execute();
  await db.schema
    .createIndex('catalogue_published_agency_kind')
    .on('catalogue_published')
    .columns(['agency_id', 'kind', 'published_on'])
    .execute();
  await db.schema.dropIndex('catalogue_published_agency_cat').execute();
  await db.schema
    .createIndex('catalogue_published_agency_cat')
    .on('catalogue_published')
    .columns(['agency_id', 'category_code', 'published_on', 'item_id'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('catalogue_published_agency_kind').ifExists().execute();
  await db.schema.dropIndex('catalogue_published_superseded').ifExists().execute();
  await db.schema.dropIndex('catalogue_published_agency_cat').execute();
  await db.schema
    .createIndex('catalogue_published_agency_cat')
    .on('catalogue_published')
    .columns(['agency_id', 'category_code', 'published_on'])
    .execute();
}
