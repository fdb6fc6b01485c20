/** Row types of the mailbox and solicitation tables (migration 0410). */
import type { Generated } from 'kysely';

export interface MailboxLettersTable {
  letter_id: string;
  agency_id: string;
  tracking_code: string;
  channel: string;
  subject: string;
  question: string;
  writer_name: string;
  writer_phone: string;
  writer_email: string;
  publish_consent: number;
  status: string;
  unit_id: string | null;
  received_on: string;
  reply_workdays: number;
  due_on: string;
  reply: Generated<string>;
  replied_on: string | null;
  replied_by: string | null;
  published: Generated<number>;
  public_question: Generated<string>;
  public_reply: Generated<string>;
  published_on: string | null;
  converted_to: string | null;
  converted_ref: Generated<string>;
  is_demo: Generated<number>;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface SolicitationsTable {
  solicitation_id: string;
  agency_id: string;
  title: string;
  body: string;
  opens_on: string;
  closes_on: string;
  published: number;
  summary: Generated<string>;
  summary_published_on: string | null;
  is_demo: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface SolicitationSubmissionsTable {
  submission_id: string;
  solicitation_id: string;
  kind: string;
  content: string;
  writer_name: string;
  writer_phone: string;
  status: string;
  adopted: Generated<number>;
  moderation_note: Generated<string>;
  received_on: string;
  is_demo: Generated<number>;
  created_at: string;
}

/** The mailbox tables, for composition into the Database interface. */
export interface MailboxTables {
  mailbox_letters: MailboxLettersTable;
  solicitations: SolicitationsTable;
  solicitation_submissions: SolicitationSubmissionsTable;
}
