/**
 * Public interaction (issue 7): letters to the 厅长信箱 and 在线咨询 questions with their replies and clocks, and
 * public solicitations (征集意见) with the suggestions and problem clues received. Personal data is encrypted.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the untyped schema of their time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('mailbox_letters')
    .addColumn('letter_id', 'text', (c) => c.primaryKey())
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.agency_id').onDelete('cascade'))
    .addColumn('tracking_code', 'text', (c) => c.notNull().unique())
    .addColumn('channel', 'text', (c) => c.notNull()) // director_mailbox | consultation
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('writer_name', 'text', (c) => c.notNull()) // encrypted
    .addColumn('writer_phone', 'text', (c) => c.notNull().defaultTo('')) // encrypted or ''
    .addColumn('writer_email', 'text', (c) => c.notNull().defaultTo('')) // encrypted or ''
    .addColumn('publish_consent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text')
    .addColumn('received_on', 'text', (c) => c.notNull())
    .addColumn('reply_workdays', 'integer', (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('reply', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('replied_on', 'text')
    .addColumn('replied_by', 'text')
    .addColumn('published', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('public_question', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('public_reply', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('published_on', 'text')
    .addColumn('converted_to', 'text') // disclosure_request | petition
    .addColumn('converted_ref', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('mailbox_letters_agency').on('mailbox_letters').columns(['agency_id', 'received_on']).execute();
  await db.schema.createIndex('mailbox_letters_published').on('mailbox_letters').columns(['agency_id', 'published', 'published_on']).execute();

  await db.schema
    .createTable('solicitations')
    .addColumn('solicitation_id', 'text', (c) => c.primaryKey())
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.agency_id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull()) // sanitised HTML
    .addColumn('opens_on', 'text', (c) => c.notNull())
    .addColumn('closes_on', 'text', (c) => c.notNull())
    .addColumn('published', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo('')) // sanitised HTML, published after closing
    .addColumn('summary_published_on', 'text')
    .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('solicitations_agency').on('solicitations').columns(['agency_id', 'opens_on']).execute();

  await db.schema
    .createTable('solicitation_submissions')
    .addColumn('submission_id', 'text', (c) => c.primaryKey())
    .addColumn('solicitation_id', 'text', (c) => c.notNull().references('solicitations.solicitation_id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull()) // suggestion | clue
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('writer_name', 'text', (c) => c.notNull().defaultTo('')) // encrypted or ''
    .addColumn('writer_phone', 'text', (c) => c.notNull().defaultTo('')) // encrypted or ''
    .addColumn('status', 'text', (c) => c.notNull()) // pending | accepted | rejected
    .addColumn('adopted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('moderation_note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('received_on', 'text', (c) => c.notNull())
    .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('solicitation_submissions_sol').on('solicitation_submissions').column('solicitation_id').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['solicitation_submissions', 'solicitations', 'mailbox_letters']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
