/**
 * Indexes for building annual reports (issue 6 “Performance”: one agency-year with 100,000 cases < 200 ms). The
 * report counts cases of one agency: carried over / forward (received before, concluded after), fees paid in the
 * year, replies after their due date, 部分公开 cases without a withheld-part record. Each index leads with the agency
 * and covers the columns the count reads, so no query touches the table rows.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the untyped schema of their time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('info_requests_report_carry').on('info_requests')
    .columns(['agency_id', 'received_year', 'concluded_year', 'applicant_kind']).execute();
  await db.schema.createIndex('info_requests_report_fees').on('info_requests')
    .columns(['agency_id', 'fee_paid_on', 'fee_fen']).execute();
  await db.schema.createIndex('info_requests_report_replies').on('info_requests')
    .columns(['agency_id', 'concluded_year', 'outcome', 'withheld_parts', 'replied_on', 'due_on']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('info_requests_report_replies').execute();
  await db.schema.dropIndex('info_requests_report_fees').execute();
  await db.schema.dropIndex('info_requests_report_carry').execute();
}
