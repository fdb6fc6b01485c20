/** Row types of the register tables (migrations 0400, 0405). */
import type { Generated } from 'kysely';

export interface PowerItemsTable {
  item_id: string;
  agency_id: string;
  code: string;
  is_demo: Generated<number>;
  created_at: string;
}

export interface PowerItemVersionsTable {
  version_id: string;
  item_id: string;
  agency_id: string;
  version_no: number;
  effective_on: string;
  repealed: Generated<number>;
  kind: string;
  name: string;
  implementing_body: string;
  scope: string;
  legal_basis: string;
  steps: string;
  supervision_channel: string;
  supervision_phone: string;
  accountability: string;
  search_text: string;
  created_at: string;
  created_by: Generated<string>;
}

export interface EnforcementSubjectsTable {
  subject_id: string;
  agency_id: string;
  unit_name: string;
  subject_kind: string;
  legal_basis: string;
  powers: string;
  contact_phone: string;
  supervision_phone: string;
  address: string;
  sort_order: number;
  is_demo: Generated<number>;
  updated_at: string;
}

/** Version, correction and withdrawal of a correctable record (migration 0405, docs/decisions/0008). */
export interface CorrectionColumns {
  version: Generated<number>;
  corrected_on: string | null;
  withdrawn_on: string | null;
  withdrawal_reason: string | null;
  withdrawal_note: Generated<string>;
}

export interface LicensingDecisionsTable extends CorrectionColumns {
  decision_id: string;
  agency_id: string;
  licence_type: string;
  action: string;
  holder_kind: string;
  holder_name: string;
  licence_number: string;
  case_count: number;
  decided_on: string;
  valid_until: string | null;
  note: string;
  published: number;
  is_demo: Generated<number>;
  created_at: string;
  updated_at: string | null;
}

export interface EnforcementDecisionsTable extends CorrectionColumns {
  decision_id: string;
  agency_id: string;
  kind: string;
  document_number: string;
  party_kind: string;
  party_name: string;
  facts: string;
  legal_basis: string;
  measure: string;
  amount_fen: number;
  decided_on: string;
  published: number;
  is_demo: Generated<number>;
  created_at: string;
  updated_at: string | null;
}

export interface FeeItemsTable extends CorrectionColumns {
  fee_item_id: string;
  agency_id: string;
  name: string;
  legal_basis: string;
  standard: string;
  in_force_from: string;
  in_force_until: string | null;
  is_demo: Generated<number>;
  updated_at: string;
}

export interface FeeCollectionsTable {
  fee_item_id: string;
  year: number;
  amount_fen: number;
  updated_at: string;
}

export interface ProcurementProjectsTable {
  project_id: string;
  agency_id: string;
  name: string;
  method: string;
  amount_fen: number;
  contracted_on: string;
  is_demo: Generated<number>;
  created_at: string;
}

export interface DisclosureCasesTable {
  case_id: string;
  agency_id: string;
  kind: string;
  request_ref: string;
  request_id: string | null;
  case_number: string;
  body: string;
  filed_on: string;
  result: string;
  concluded_on: string | null;
  summary: string;
  is_demo: Generated<number>;
  created_at: string;
  updated_at: string;
}

/** The register tables, for composition into the Database interface. */
export interface RegistersTables {
  power_items: PowerItemsTable;
  power_item_versions: PowerItemVersionsTable;
  enforcement_subjects: EnforcementSubjectsTable;
  licensing_decisions: LicensingDecisionsTable;
  enforcement_decisions: EnforcementDecisionsTable;
  fee_items: FeeItemsTable;
  fee_collections: FeeCollectionsTable;
  procurement_projects: ProcurementProjectsTable;
  disclosure_cases: DisclosureCasesTable;
}
