/** Row types of the disclosure-on-request tables (migration 0300). */
import type { Generated } from 'kysely';

export interface InfoRequestsTable {
  request_id: string;
  agency_id: string;
  tracking_code: string;
  channel: string;
  state: string;
  applicant_kind: string;
  applicant_name: string;
  applicant_key: string;
  id_type: string | null;
  id_number_enc: string | null;
  credit_code: string | null;
  contact_name: string | null;
  phone_enc: string | null;
  phone_bidx: string | null;
  email_enc: string | null;
  email_bidx: string | null;
  address_enc: string | null;
  postcode: Generated<string>;
  title: Generated<string>;
  document_number: Generated<string>;
  description: string;
  format: string;
  delivery: string;
  submitted_on: string;
  received_on: string;
  received_year: number;
  correction_requested_on: string | null;
  correction_due_on: string | null;
  correction_notes: Generated<string>;
  corrected_on: string | null;
  extension_workdays: number | null;
  extension_approver: string | null;
  extended_on: string | null;
  due_on: string | null;
  assignee_user_id: string | null;
  outcome: string | null;
  outcome_bases: Generated<string>;
  decision_facts: Generated<string>;
  withheld_parts: Generated<string>;
  decided_on: string | null;
  decided_by: string | null;
  approved_by: string | null;
  approved_at: string | null;
  fee_mode: string | null;
  fee_units: number | null;
  fee_fen: number | null;
  fee_notice_on: string | null;
  fee_due_on: string | null;
  fee_paid_on: string | null;
  replied_on: string | null;
  concluded_on: string | null;
  concluded_year: number | null;
  closed_on: string | null;
  reply_public: Generated<string>;
  transferred_from_agency_id: string | null;
  anonymised_at: string | null;
  is_demo: Generated<number>;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface RequestEventsTable {
  event_id: string;
  request_id: string;
  agency_id: string;
  type: string;
  at: string;
  happened_on: string;
  actor_user_id: string | null;
  actor_label: string;
  detail: Generated<string>;
}

export interface RequestConsultationsTable {
  consultation_id: string;
  request_id: string;
  party: string;
  party_name: string;
  sent_on: string;
  answer_due_on: string;
  answered_on: string | null;
  opinion: Generated<string>;
  created_at: string;
}

export interface RequestLettersTable {
  letter_id: string;
  request_id: string;
  agency_id: string;
  kind: string;
  document_number: string;
  issued_on: string;
  content: string;
  status: string;
  sent_at: string | null;
  created_by: string | null;
  created_at: string;
}

export interface RequestAttachmentsTable {
  request_id: string;
  file_id: string;
  purpose: string;
  created_at: string;
}

/** Cases per agency, kind, receipt year, conclusion year (0: open), outcome ('': none) and late reply (migration 0310). */
export interface InfoRequestCountsTable {
  agency_id: string;
  received_year: number;
  concluded_year: number;
  applicant_kind: string;
  outcome: string;
  late: number;
  n: number;
}

/** The request tables, for composition into the Database interface. */
export interface RequestTables {
  info_requests: InfoRequestsTable;
  request_events: RequestEventsTable;
  request_consultations: RequestConsultationsTable;
  request_letters: RequestLettersTable;
  request_attachments: RequestAttachmentsTable;
  info_request_counts: InfoRequestCountsTable;
}
