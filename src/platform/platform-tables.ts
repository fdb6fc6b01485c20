/** Row types of platform tables: settings, idempotency keys, stored files (migration 0001). */

export interface SettingsTable {
  agency_id: string;
  key: string;
  value: string;
  updated_at: string;
}

export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  request_hash: string;
  status: number;
  body: string;
  created_at: string;
}

export interface StoredFilesTable {
  file_id: string;
  agency_id: string | null;
  storage_key: string;
  original_name: string;
  content_type: string;
  size: number;
  sha256: string;
  created_at: string;
}

/** The platform tables, for composition into the Database interface. */
export interface PlatformTables {
  settings: SettingsTable;
  idempotency_keys: IdempotencyKeysTable;
  stored_files: StoredFilesTable;
}
