/** Row types of the catalogue tables (migration 0200). */
import type { Generated } from 'kysely';

export interface CatalogueItemsTable {
  item_id: string;
  public_id: string;
  agency_id: string;
  kind: string;
  category_code: string;
  title: string;
  document_number: string | null;
  issuer: string;
  subject_words: Generated<string>;
  summary: Generated<string>;
  formed_on: string | null;
  body_html: Generated<string>;
  body_text: Generated<string>;
  disclosure: string;
  disclosure_ground: string | null;
  disclosure_note: Generated<string>;
  state: string;
  is_normative: Generated<number>;
  validity: string | null;
  effective_on: string | null;
  validity_changed_on: string | null;
  superseded_by_id: string | null;
  replaces_id: string | null;
  replaces_as: string | null;
  interprets_id: string | null;
  interpretation_form: string | null;
  video_url: Generated<string>;
  index_number: string | null;
  confidentiality_checked: Generated<number>;
  confidentiality_by: string | null;
  confidentiality_at: string | null;
  review_comment: Generated<string>;
  reject_comment: Generated<string>;
  created_by: string | null;
  submitted_by: string | null;
  approved_by: string | null;
  scheduled_for: string | null;
  first_published_on: string | null;
  published_on: string | null;
  live_version: number | null;
  withdrawn_at: string | null;
  withdrawal_reason: Generated<string>;
  publication_due_on: string | null;
  /** The day the Art. 26 clock starts (成文日期, or the day the attribute changed to 主动公开). */
  publication_clock_from: string | null;
  next_review_on: string | null;
  last_reviewed_on: string | null;
  is_demo: Generated<number>;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface CataloguePublishedTable {
  item_id: string;
  public_id: string;
  agency_id: string;
  kind: string;
  category_code: string;
  index_number: string | null;
  title: string;
  document_number: string | null;
  issuer: string;
  subject_words: string;
  summary: string;
  formed_on: string | null;
  published_on: string;
  body_html: string;
  body_text: string;
  is_normative: number;
  validity: string | null;
  effective_on: string | null;
  validity_changed_on: string | null;
  superseded_by_id: string | null;
  interprets_id: string | null;
  interpretation_form: string | null;
  video_url: string;
  version_no: number;
  is_demo: number;
  updated_at: string;
}

export interface CatalogueVersionsTable {
  item_id: string;
  version_no: number;
  title: string;
  document_number: string | null;
  body_html: string;
  metadata: string;
  change_note: string;
  published_at: string;
  published_by: string | null;
}

export interface CatalogueAttachmentsTable {
  attachment_id: string;
  item_id: string;
  file_id: string;
  name: string;
  content_type: string;
  size: number;
  extracted_text: string;
  sort_order: number;
  created_at: string;
  /** draft | live | removing (migration 0201). */
  state: Generated<string>;
}

export interface CatalogueIndexCountersTable {
  agency_id: string;
  year: number;
  last_serial: number;
}

export interface CatalogueCategoriesTable {
  agency_id: string;
  code: string;
  parent_code: string | null;
  label: string;
  label_en: string;
  kind: string;
  sort_order: number;
}

export interface CatalogueCleanupsTable {
  cleanup_id: string;
  agency_id: string;
  title: string;
  covers_from: string;
  state: string;
  announcement_item_id: string | null;
  created_by: string | null;
  created_at: string;
  announced_at: string | null;
}

export interface CatalogueCleanupDecisionsTable {
  cleanup_id: string;
  item_id: string;
  decision: string;
  note: string;
  decided_by: string | null;
  decided_at: string;
}

export interface CatalogueRequestSignalsTable {
  signal_id: string;
  agency_id: string;
  topic_key: string;
  topic: string;
  item_id: string | null;
  request_count: number;
  first_at: string;
  last_at: string;
  status: string;
}

/** Published items per (agency, kind, category, year), kept by triggers (migration 0751); rows may hold 0. */
export interface CataloguePublishedCountsTable {
  agency_id: string;
  kind: string;
  category_code: string;
  /** 'YYYY' of published_on. */
  year: string;
  n: number;
}

/** The catalogue tables, for composition into the Database interface. */
export interface CatalogueTables {
  catalogue_items: CatalogueItemsTable;
  catalogue_published: CataloguePublishedTable;
  catalogue_published_counts: CataloguePublishedCountsTable;
  catalogue_versions: CatalogueVersionsTable;
  catalogue_attachments: CatalogueAttachmentsTable;
  catalogue_index_counters: CatalogueIndexCountersTable;
  catalogue_categories: CatalogueCategoriesTable;
  catalogue_cleanups: CatalogueCleanupsTable;
  catalogue_cleanup_decisions: CatalogueCleanupDecisionsTable;
  catalogue_request_signals: CatalogueRequestSignalsTable;
}
