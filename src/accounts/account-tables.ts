/** Row types of the account tables (migration 0001). */
import type { Generated } from 'kysely';

export interface UsersTable {
  user_id: string;
  username: string;
  display_name: string;
  email: Generated<string>;
  password_hash: string;
  totp_secret: string | null;
  totp_enabled: Generated<number>;
  status: Generated<string>;
  must_change_password: Generated<number>;
  password_changed_at: string;
  failed_logins: Generated<number>;
  first_failed_at: string | null;
  locked_until: string | null;
  /** Encrypted secret being enrolled, until the first code confirms it (migration 0002). */
  totp_pending_secret: string | null;
  /** The last TOTP step accepted; bigint on PostgreSQL comes back as a string (migration 0002). */
  totp_last_step: number | string | null;
  created_at: string;
  updated_at: string;
}

export interface UserRolesTable {
  user_id: string;
  agency_id: string;
  role: string;
}

export interface SessionsTable {
  session_id: string;
  user_id: string;
  csrf_token: string;
  mfa_passed: Generated<number>;
  ip: Generated<string>;
  user_agent: Generated<string>;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export interface RecoveryCodesTable {
  code_id: string;
  user_id: string;
  code_hash: string;
  used_at: string | null;
}

export interface LoginAttemptsTable {
  attempt_id: string;
  username: string;
  ip: string;
  success: number;
  at: string;
}

/** The account tables, for composition into the Database interface. */
export interface AccountTables {
  users: UsersTable;
  user_roles: UserRolesTable;
  sessions: SessionsTable;
  recovery_codes: RecoveryCodesTable;
  login_attempts: LoginAttemptsTable;
}
