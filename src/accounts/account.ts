/**
 * Staff accounts: the user record as services see it, statuses, and the session rules (security.md "staff
 * sessions": random ≥ 128-bit token, only its hash stored; 15 min idle, 8 h absolute; new token at login).
 */
import { createHash } from 'node:crypto';
import type { Role, RoleGrant } from './principal.ts';

/** Account statuses. */
export const USER_STATUSES = {
  active: '正常', // may log in
  disabled: '已停用', // may not log in; sessions ended when disabled
} as const;
/** A user status. */
export type UserStatus = keyof typeof USER_STATUSES;

/** A staff user without secrets. */
export interface User {
  id: string;
  username: string;
  displayName: string;
  email: string;
  status: UserStatus;
  totpEnabled: boolean;
  mustChangePassword: boolean;
  passwordChangedAt: string;
  lockedUntil: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A user with their role grants, for lists. */
export interface UserWithGrants extends User {
  grants: RoleGrant[];
}

/** Idle timeout of a staff session. */
export const SESSION_IDLE_MS = 15 * 60_000;
/** Absolute lifetime of a staff session. */
export const SESSION_ABSOLUTE_MS = 8 * 3_600_000;
/** How often a session's last-seen time is written (to keep requests from writing on every hit). */
export const SESSION_TOUCH_MS = 60_000;

/** Login lockout: failures counted within this window… */
export const LOCKOUT_WINDOW_MS = 15 * 60_000;
/** …this many lock the account… */
export const LOCKOUT_THRESHOLD = 5;
/** …for this long (security.md "login failures"). */
export const LOCKOUT_MS = 30 * 60_000;
/** Failed logins from one IP address within LOCKOUT_WINDOW_MS before it is throttled. */
export const IP_FAILURE_LIMIT = 20;

/** Where a session stands in the login sequence. */
export type SessionStage =
  | 'totp' // password accepted; a TOTP code (or recovery code) is next
  | 'enrol' // password accepted; the user has no TOTP yet and must enrol
  | 'must_change' // fully signed in, but must choose a new password before anything else
  | 'ok'; // fully signed in

/** The stage of a session from its MFA flag and the user's state. */
export function sessionStage(mfaPassed: boolean, totpEnabled: boolean, mustChangePassword: boolean): SessionStage {
  if (!mfaPassed) return totpEnabled ? 'totp' : 'enrol';
  return mustChangePassword ? 'must_change' : 'ok';
}

/** Why a session is no longer valid at `now`, or null when it is. */
export function sessionExpiry(s: { createdAt: string; lastSeenAt: string }, now: Date): 'idle' | 'absolute' | null {
  const t = now.getTime();
  if (t - Date.parse(s.createdAt) >= SESSION_ABSOLUTE_MS) return 'absolute';
  if (t - Date.parse(s.lastSeenAt) >= SESSION_IDLE_MS) return 'idle';
  return null;
}

/** The stored id of a session token: its sha256 (a database leak gives no usable cookies). */
export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Usernames: 3–32 lower-case letters, digits, dot, underscore, hyphen; starting with a letter. */
export const USERNAME_PATTERN = /^[a-z][a-z0-9._-]{2,31}$/;

/** Normalises a typed username for lookup. */
export function normaliseUsername(s: string): string {
  return s.trim().toLowerCase().normalize('NFKC');
}

/** Roles an administrator may grant at an agency (supervisor grants are platform-level; see user-service). */
export const GRANTABLE_ROLES: Role[] = ['admin', 'editor', 'reviewer', 'case_handler', 'auditor'];
