/** Row type of the hash-chained audit log (migration 0001). */
import type { Generated } from 'kysely';

export interface AuditLogTable {
  seq: Generated<number>;
  at: string;
  actor_user_id: string | null;
  actor_label: string;
  agency_id: string | null;
  action: string;
  object_type: string;
  object_id: Generated<string>;
  summary: Generated<string>;
  ip: Generated<string>;
  prev_hash: string;
  hash: string;
}

/** The audit tables, for composition into the Database interface. */
export interface AuditTables {
  audit_log: AuditLogTable;
}
