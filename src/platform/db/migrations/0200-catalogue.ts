/**
 * Catalogue: government information items (working copy and workflow), the live published copy the public reads,
 * published versions, attachments, index-number counters, agency categories, normative-document clean-ups, and
 * signals of information requested repeatedly (Art. 44).
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the untyped schema of their time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('catalogue_items')
    .addColumn('item_id', 'text', (c) => c.primaryKey())
    .addColumn('public_id', 'text', (c) => c.notNull().unique())
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.agency_id'))
    .addColumn('kind', 'text', (c) => c.notNull()) // document | news
    .addColumn('category_code', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('document_number', 'text')
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('subject_words', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('formed_on', 'text')
    .addColumn('body_html', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('body_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('disclosure', 'text', (c) => c.notNull())
    .addColumn('disclosure_ground', 'text')
    .addColumn('disclosure_note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('is_normative', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('validity', 'text')
    .addColumn('effective_on', 'text')
    .addColumn('validity_changed_on', 'text')
    .addColumn('superseded_by_id', 'text', (c) => c.references('catalogue_items.item_id'))
    .addColumn('replaces_id', 'text', (c) => c.references('catalogue_items.item_id')) // the older document this one revises or replaces
    .addColumn('replaces_as', 'text') // revised | repealed: what the older one becomes when this one is published
    .addColumn('interprets_id', 'text', (c) => c.references('catalogue_items.item_id'))
    .addColumn('interpretation_form', 'text')
    .addColumn('video_url', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('index_number', 'text', (c) => c.unique())
    .addColumn('confidentiality_checked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('confidentiality_by', 'text')
    .addColumn('confidentiality_at', 'text')
    .addColumn('review_comment', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('reject_comment', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', 'text')
    .addColumn('submitted_by', 'text')
    .addColumn('approved_by', 'text')
    .addColumn('scheduled_for', 'text')
    .addColumn('first_published_on', 'text')
    .addColumn('published_on', 'text')
    .addColumn('live_version', 'integer')
    .addColumn('withdrawn_at', 'text')
    .addColumn('withdrawal_reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('publication_due_on', 'text')
    .addColumn('next_review_on', 'text')
    .addColumn('last_reviewed_on', 'text')
    .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('catalogue_items_agency_state').on('catalogue_items').columns(['agency_id', 'state', 'updated_at']).execute();
  await db.schema.createIndex('catalogue_items_agency_first').on('catalogue_items').columns(['agency_id', 'first_published_on']).execute();
  await db.schema.createIndex('catalogue_items_agency_due').on('catalogue_items').columns(['agency_id', 'publication_due_on']).execute();
  await db.schema.createIndex('catalogue_items_interprets').on('catalogue_items').column('interprets_id').execute();
  await db.schema.createIndex('catalogue_items_superseded').on('catalogue_items').column('superseded_by_id').execute();

  await db.schema
    .createTable('catalogue_published')
    .addColumn('item_id', 'text', (c) => c.primaryKey().references('catalogue_items.item_id'))
    .addColumn('public_id', 'text', (c) => c.notNull().unique())
    .addColumn('agency_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('category_code', 'text', (c) => c.notNull())
    .addColumn('index_number', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('document_number', 'text')
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('subject_words', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('formed_on', 'text')
    .addColumn('published_on', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('body_text', 'text', (c) => c.notNull())
    .addColumn('is_normative', 'integer', (c) => c.notNull())
    .addColumn('validity', 'text')
    .addColumn('effective_on', 'text')
    .addColumn('validity_changed_on', 'text')
    .addColumn('superseded_by_id', 'text')
    .addColumn('interprets_id', 'text')
    .addColumn('interpretation_form', 'text')
    .addColumn('video_url', 'text', (c) => c.notNull())
    .addColumn('version_no', 'integer', (c) => c.notNull())
    .addColumn('is_demo', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('catalogue_published_agency_date').on('catalogue_published').columns(['agency_id', 'published_on', 'item_id']).execute();
  await db.schema.createIndex('catalogue_published_agency_cat').on('catalogue_published').columns(['agency_id', 'category_code', 'published_on']).execute();
  await db.schema.createIndex('catalogue_published_date').on('catalogue_published').columns(['published_on', 'item_id']).execute();
  await db.schema.createIndex('catalogue_published_interprets').on('catalogue_published').column('interprets_id').execute();

  await db.schema
    .createTable('catalogue_versions')
    .addColumn('item_id', 'text', (c) => c.notNull().references('catalogue_items.item_id'))
    .addColumn('version_no', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('document_number', 'text')
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('change_note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('published_by', 'text')
    .addPrimaryKeyConstraint('catalogue_versions_pk', ['item_id', 'version_no'])
    .execute();

  await db.schema
    .createTable('catalogue_attachments')
    .addColumn('attachment_id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('catalogue_items.item_id'))
    .addColumn('file_id', 'text', (c) => c.notNull().references('stored_files.file_id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('extracted_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('catalogue_attachments_item').on('catalogue_attachments').column('item_id').execute();

  await db.schema
    .createTable('catalogue_index_counters')
    .addColumn('agency_id', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('last_serial', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('catalogue_index_counters_pk', ['agency_id', 'year'])
    .execute();

  await db.schema
    .createTable('catalogue_categories')
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.agency_id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('parent_code', 'text')
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('label_en', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('catalogue_categories_pk', ['agency_id', 'code'])
    .execute();

  await db.schema
    .createTable('catalogue_cleanups')
    .addColumn('cleanup_id', 'text', (c) => c.primaryKey())
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.agency_id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('covers_from', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull()) // open | announced
    .addColumn('announcement_item_id', 'text', (c) => c.references('catalogue_items.item_id'))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('announced_at', 'text')
    .execute();

  await db.schema
    .createTable('catalogue_cleanup_decisions')
    .addColumn('cleanup_id', 'text', (c) => c.notNull().references('catalogue_cleanups.cleanup_id'))
    .addColumn('item_id', 'text', (c) => c.notNull().references('catalogue_items.item_id'))
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('catalogue_cleanup_decisions_pk', ['cleanup_id', 'item_id'])
    .execute();

  await db.schema
    .createTable('catalogue_request_signals')
    .addColumn('signal_id', 'text', (c) => c.primaryKey())
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.agency_id'))
    .addColumn('topic_key', 'text', (c) => c.notNull())
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text')
    .addColumn('request_count', 'integer', (c) => c.notNull())
    .addColumn('first_at', 'text', (c) => c.notNull())
    .addColumn('last_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // open | published | dismissed
    .addUniqueConstraint('catalogue_request_signals_topic', ['agency_id', 'topic_key'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['catalogue_request_signals', 'catalogue_cleanup_decisions', 'catalogue_cleanups', 'catalogue_categories',
    'catalogue_index_counters', 'catalogue_attachments', 'catalogue_versions', 'catalogue_published', 'catalogue_items']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
