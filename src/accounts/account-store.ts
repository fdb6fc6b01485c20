/** SQL of staff accounts: users, role grants, sessions, recovery codes and login attempts. */
import type { Selectable } from 'kysely';
import type { DB } from '../platform/db/database.ts';
import type { User, UserStatus } from './account.ts';
import type { SessionsTable, UsersTable } from './account-tables.ts';
import type { Role, RoleGrant } from './principal.ts';

/** A user row with its secrets, for the login service only. */
export interface UserSecrets extends User {
  passwordHash: string;
  totpSecret: string | null;
  totpPendingSecret: string | null;
  totpLastStep: number | null;
  failedLogins: number;
  firstFailedAt: string | null;
}

function toUserSecrets(r: Selectable<UsersTable>): UserSecrets {
  return {
    id: r.user_id, username: r.username, displayName: r.display_name, email: r.email, status: r.status as UserStatus,
    totpEnabled: Number(r.totp_enabled) === 1, mustChangePassword: Number(r.must_change_password) === 1,
    passwordChangedAt: r.password_changed_at, lockedUntil: r.locked_until, createdAt: r.created_at,
    updatedAt: r.updated_at, passwordHash: r.password_hash, totpSecret: r.totp_secret,
    totpPendingSecret: r.totp_pending_secret, totpLastStep: r.totp_last_step == null ? null : Number(r.totp_last_step),
    failedLogins: Number(r.failed_logins), firstFailedAt: r.first_failed_at,
  };
}

/** Strips the secrets off a user. */
export function publicUser(u: UserSecrets): User {
  return {
    id: u.id, username: u.username, displayName: u.displayName, email: u.email, status: u.status,
    totpEnabled: u.totpEnabled, mustChangePassword: u.mustChangePassword, passwordChangedAt: u.passwordChangedAt,
    lockedUntil: u.lockedUntil, createdAt: u.createdAt, updatedAt: u.updatedAt,
  };
}

/** A user by username (already normalised). */
export async function selectUserByUsername(db: DB, username: string): Promise<UserSecrets | undefined> {
  const r = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  return r ? toUserSecrets(r) : undefined;
}

/** A user by id. */
export async function selectUserById(db: DB, id: string): Promise<UserSecrets | undefined> {
  const r = await db.selectFrom('users').selectAll().where('user_id', '=', id).executeTakeFirst();
  return r ? toUserSecrets(r) : undefined;
}

/** The number of users (0 means first-run setup is due). */
export async function countUsers(db: DB): Promise<number> {
  const r = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Inserts a user. */
export async function insertUser(
  db: DB,
  u: { id: string; username: string; displayName: string; email: string; passwordHash: string; mustChangePassword: boolean },
  at: string,
): Promise<void> {
  await db
    .insertInto('users')
    .values({
      user_id: u.id, username: u.username, display_name: u.displayName, email: u.email, password_hash: u.passwordHash,
      must_change_password: u.mustChangePassword ? 1 : 0, password_changed_at: at, created_at: at, updated_at: at,
    })
    .execute();
}

/** Updates fields of a user. */
export async function updateUser(
  db: DB,
  id: string,
  f: Partial<{
    displayName: string; email: string; status: UserStatus; passwordHash: string; passwordChangedAt: string;
    mustChangePassword: boolean; totpSecret: string | null; totpEnabled: boolean; totpPendingSecret: string | null;
    totpLastStep: number | null; failedLogins: number; firstFailedAt: string | null; lockedUntil: string | null;
  }>,
  at: string,
): Promise<void> {
  const set: Record<string, unknown> = { updated_at: at };
  if (f.displayName !== undefined) set.display_name = f.displayName;
  if (f.email !== undefined) set.email = f.email;
  if (f.status !== undefined) set.status = f.status;
  if (f.passwordHash !== undefined) set.password_hash = f.passwordHash;
  if (f.passwordChangedAt !== undefined) set.password_changed_at = f.passwordChangedAt;
  if (f.mustChangePassword !== undefined) set.must_change_password = f.mustChangePassword ? 1 : 0;
  if (f.totpSecret !== undefined) set.totp_secret = f.totpSecret;
  if (f.totpEnabled !== undefined) set.totp_enabled = f.totpEnabled ? 1 : 0;
  if (f.totpPendingSecret !== undefined) set.totp_pending_secret = f.totpPendingSecret;
  if (f.totpLastStep !== undefined) set.totp_last_step = f.totpLastStep;
  if (f.failedLogins !== undefined) set.failed_logins = f.failedLogins;
  if (f.firstFailedAt !== undefined) set.first_failed_at = f.firstFailedAt;
  if (f.lockedUntil !== undefined) set.locked_until = f.lockedUntil;
  await db.updateTable('users').set(set).where('user_id', '=', id).execute();
}

/**
 * Records a TOTP step as used if it is newer than the last one; false when the step was already used (replay) or
 * another request took it first.
 */
export async function claimTotpStep(db: DB, id: string, step: number, at: string): Promise<boolean> {
  const res = await db
    .updateTable('users')
    .set({ totp_last_step: step, updated_at: at })
    .where('user_id', '=', id)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** The role grants of a user. */
export async function selectGrants(db: DB, userId: string): Promise<RoleGrant[]> {
  const rows = await db.selectFrom('user_roles').select(['agency_id', 'role']).where('user_id', '=', userId).execute();
  return rows.map((r) => ({ agencyId: r.agency_id, role: r.role as Role }));
}

/** The agency a user's own audit entries are filed under (their first role's), so its auditors see them. */
export async function selectHomeAgencyId(db: DB, userId: string): Promise<string | null> {
  const r = await db.selectFrom('user_roles').select('agency_id').where('user_id', '=', userId).orderBy('agency_id').limit(1).executeTakeFirst();
  return r?.agency_id ?? null;
}

/** Grants of many users at once. */
export async function selectGrantsOf(db: DB, userIds: string[]): Promise<Map<string, RoleGrant[]>> {
  const out = new Map<string, RoleGrant[]>();
  if (!userIds.length) return out;
  const rows = await db.selectFrom('user_roles').selectAll().where('user_id', 'in', userIds).execute();
  for (const r of rows) out.set(r.user_id, [...(out.get(r.user_id) ?? []), { agencyId: r.agency_id, role: r.role as Role }]);
  return out;
}

/** Adds a grant (no-op when held). */
export async function insertGrant(db: DB, userId: string, g: RoleGrant): Promise<void> {
  await db
    .insertInto('user_roles')
    .values({ user_id: userId, agency_id: g.agencyId, role: g.role })
    .onConflict((oc) => oc.columns(['user_id', 'agency_id', 'role']).doNothing())
    .execute();
}

/** Removes a grant. */
export async function deleteGrant(db: DB, userId: string, g: RoleGrant): Promise<void> {
  await db
    .deleteFrom('user_roles')
    .where('user_id', '=', userId).where('agency_id', '=', g.agencyId).where('role', '=', g.role)
    .execute();
}

/** Users holding any role at one of the agencies, by username. */
export async function selectUsersAtAgencies(db: DB, agencyIds: string[]): Promise<UserSecrets[]> {
  if (!agencyIds.length) return [];
  const rows = await db
    .selectFrom('users').selectAll()
    .where('user_id', 'in', db.selectFrom('user_roles').select('user_id').where('agency_id', 'in', agencyIds))
    .orderBy('username')
    .execute();
  return rows.map(toUserSecrets);
}

/** A stored session. */
export interface SessionRow {
  sessionId: string;
  userId: string;
  csrfToken: string;
  mfaPassed: boolean;
  ip: string;
  userAgent: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
}

function toSession(r: Selectable<SessionsTable>): SessionRow {
  return {
    sessionId: r.session_id, userId: r.user_id, csrfToken: r.csrf_token, mfaPassed: Number(r.mfa_passed) === 1,
    ip: r.ip, userAgent: r.user_agent, createdAt: r.created_at, lastSeenAt: r.last_seen_at, expiresAt: r.expires_at,
  };
}

/** Inserts a session (the id is the token's hash). */
export async function insertSession(db: DB, s: SessionRow): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      session_id: s.sessionId, user_id: s.userId, csrf_token: s.csrfToken, mfa_passed: s.mfaPassed ? 1 : 0, ip: s.ip,
      user_agent: s.userAgent, created_at: s.createdAt, last_seen_at: s.lastSeenAt, expires_at: s.expiresAt,
    })
    .execute();
}

/** A session by id. */
export async function selectSession(db: DB, sessionId: string): Promise<SessionRow | undefined> {
  const r = await db.selectFrom('sessions').selectAll().where('session_id', '=', sessionId).executeTakeFirst();
  return r ? toSession(r) : undefined;
}

/** Sessions of a user, newest first. */
export async function selectSessionsOfUser(db: DB, userId: string): Promise<SessionRow[]> {
  const rows = await db
    .selectFrom('sessions').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').execute();
  return rows.map(toSession);
}

/** Writes a session's last-seen time. */
export async function touchSession(db: DB, sessionId: string, at: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: at }).where('session_id', '=', sessionId).execute();
}

/** Deletes one session. */
export async function deleteSession(db: DB, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('session_id', '=', sessionId).execute();
}

/** Deletes every session of a user, optionally keeping one; returns how many went. */
export async function deleteSessionsOfUser(db: DB, userId: string, keep?: string): Promise<number> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keep) q = q.where('session_id', '!=', keep);
  const res = await q.executeTakeFirst();
  return Number(res.numDeletedRows);
}

/** Deletes sessions past their absolute expiry. */
export async function deleteExpiredSessions(db: DB, now: string): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
}

/** Replaces a user's recovery codes with new hashes. */
export async function replaceRecoveryCodes(db: DB, userId: string, hashes: { id: string; hash: string }[]): Promise<void> {
  await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  if (hashes.length) {
    await db
      .insertInto('recovery_codes')
      .values(hashes.map((h) => ({ code_id: h.id, user_id: userId, code_hash: h.hash, used_at: null })))
      .execute();
  }
}

/** Marks an unused recovery code used; false when there is no such unused code. */
export async function useRecoveryCode(db: DB, userId: string, hash: string, at: string): Promise<boolean> {
  const res = await db
    .updateTable('recovery_codes')
    .set({ used_at: at })
    .where('user_id', '=', userId).where('code_hash', '=', hash).where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** How many unused recovery codes a user has left. */
export async function countUnusedRecoveryCodes(db: DB, userId: string): Promise<number> {
  const r = await db
    .selectFrom('recovery_codes').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId).where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Records a login attempt (the username only when it names a real account). */
export async function insertLoginAttempt(
  db: DB,
  a: { id: string; username: string; ip: string; success: boolean },
  at: string,
): Promise<void> {
  await db
    .insertInto('login_attempts')
    .values({ attempt_id: a.id, username: a.username, ip: a.ip, success: a.success ? 1 : 0, at })
    .execute();
}

/** Failed attempts from an IP address since an instant. */
export async function countFailuresFromIp(db: DB, ip: string, since: string): Promise<number> {
  const r = await db
    .selectFrom('login_attempts').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('ip', '=', ip).where('success', '=', 0).where('at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Forgets login attempts older than an instant (they only feed the throttle). */
export async function deleteLoginAttemptsBefore(db: DB, before: string): Promise<void> {
  await db.deleteFrom('login_attempts').where('at', '<', before).execute();
}
