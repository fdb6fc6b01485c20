/**
 * Disclosure on request (依申请公开): cases, their timeline, consultations, letters and attachments. Personal data
 * columns (`*_enc`) hold AES-GCM sealed values; `*_bidx` are keyed blind indexes for exact lookups (security.md).
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the untyped schema of their time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('info_requests')
    .addColumn('request_id', 'text', (c) => c.primaryKey())
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.agency_id'))
    .addColumn('tracking_code', 'text', (c) => c.notNull().unique())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('applicant_kind', 'text', (c) => c.notNull())
    .addColumn('applicant_name', 'text', (c) => c.notNull())
    .addColumn('applicant_key', 'text', (c) => c.notNull()) // blind index of the ID number or credit code
    .addColumn('id_type', 'text')
    .addColumn('id_number_enc', 'text')
    .addColumn('credit_code', 'text')
    .addColumn('contact_name', 'text')
    .addColumn('phone_enc', 'text')
    .addColumn('phone_bidx', 'text')
    .addColumn('email_enc', 'text')
    .addColumn('email_bidx', 'text')
    .addColumn('address_enc', 'text')
    .addColumn('postcode', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('title', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('document_number', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('delivery', 'text', (c) => c.notNull())
    .addColumn('submitted_on', 'text', (c) => c.notNull())
    .addColumn('received_on', 'text', (c) => c.notNull())
    .addColumn('received_year', 'integer', (c) => c.notNull())
    .addColumn('correction_requested_on', 'text')
    .addColumn('correction_due_on', 'text')
    .addColumn('correction_notes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('corrected_on', 'text')
    .addColumn('extension_workdays', 'integer')
    .addColumn('extension_approver', 'text')
    .addColumn('extended_on', 'text')
    .addColumn('due_on', 'text')
    .addColumn('assignee_user_id', 'text')
    .addColumn('outcome', 'text')
    .addColumn('outcome_bases', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('decision_facts', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('withheld_parts', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('decided_on', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('approved_by', 'text')
    .addColumn('approved_at', 'text')
    .addColumn('fee_mode', 'text')
    .addColumn('fee_units', 'integer')
    .addColumn('fee_fen', 'integer')
    .addColumn('fee_notice_on', 'text')
    .addColumn('fee_due_on', 'text')
    .addColumn('fee_paid_on', 'text')
    .addColumn('replied_on', 'text')
    .addColumn('concluded_on', 'text')
    .addColumn('concluded_year', 'integer')
    .addColumn('closed_on', 'text')
    .addColumn('reply_public', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('transferred_from_agency_id', 'text')
    .addColumn('anonymised_at', 'text')
    .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // Table 三 aggregation (design.md §4): outcome rows by the year a case concluded; new / carry-over by receipt year.
  await db.schema.createIndex('info_requests_concluded_stats').on('info_requests')
    .columns(['concluded_year', 'agency_id', 'applicant_kind', 'outcome']).execute();
  await db.schema.createIndex('info_requests_received_stats').on('info_requests')
    .columns(['received_year', 'agency_id', 'applicant_kind', 'concluded_year']).execute();
  await db.schema.createIndex('info_requests_agency_state_due').on('info_requests').columns(['agency_id', 'state', 'due_on']).execute();
  await db.schema.createIndex('info_requests_applicant_month').on('info_requests').columns(['applicant_key', 'received_on']).execute();

  await db.schema
    .createTable('request_events')
    .addColumn('event_id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull().references('info_requests.request_id').onDelete('cascade'))
    .addColumn('agency_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('happened_on', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'text')
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema.createIndex('request_events_request').on('request_events').columns(['request_id', 'at']).execute();

  await db.schema
    .createTable('request_consultations')
    .addColumn('consultation_id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull().references('info_requests.request_id').onDelete('cascade'))
    .addColumn('party', 'text', (c) => c.notNull()) // third_party | agency
    .addColumn('party_name', 'text', (c) => c.notNull())
    .addColumn('sent_on', 'text', (c) => c.notNull())
    .addColumn('answer_due_on', 'text', (c) => c.notNull())
    .addColumn('answered_on', 'text')
    .addColumn('opinion', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('request_consultations_request').on('request_consultations').column('request_id').execute();

  await db.schema
    .createTable('request_letters')
    .addColumn('letter_id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull().references('info_requests.request_id').onDelete('cascade'))
    .addColumn('agency_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('document_number', 'text', (c) => c.notNull())
    .addColumn('issued_on', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull()) // JSON Letter
    .addColumn('status', 'text', (c) => c.notNull()) // draft | sent
    .addColumn('sent_at', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('request_letters_number', ['agency_id', 'document_number'])
    .execute();
  await db.schema.createIndex('request_letters_request').on('request_letters').column('request_id').execute();

  await db.schema
    .createTable('request_attachments')
    .addColumn('request_id', 'text', (c) => c.notNull().references('info_requests.request_id').onDelete('cascade'))
    .addColumn('file_id', 'text', (c) => c.notNull().references('stored_files.file_id'))
    .addColumn('purpose', 'text', (c) => c.notNull()) // application | correction | staff
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('request_attachments_pk', ['request_id', 'file_id'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['request_attachments', 'request_letters', 'request_consultations', 'request_events', 'info_requests']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
