/**
 * Staff login (security.md "login failures" and "staff MFA"): password, then a TOTP code or a one-time recovery code.
 * 5 failures within 15 minutes lock the account for 30; failures from one IP address are throttled; unknown users,
 * wrong passwords, locked and disabled accounts all get the same answer after the same work (no enumeration).
 * Every step is audited without personal data.
 */
import { appendAudit } from '../audit/audit-service.ts';
import type { Actor } from '../audit/audit.ts';
import { InvalidInput, TooManyRequests, Unauthenticated } from '../errors.ts';
import type { Ctx } from '../platform/context.ts';
import type { DB } from '../platform/db/database.ts';
import { newId } from '../platform/ids.ts';
import {
  IP_FAILURE_LIMIT, LOCKOUT_MS, LOCKOUT_THRESHOLD, LOCKOUT_WINDOW_MS, normaliseUsername, sessionIdOf,
  type SessionStage,
} from './account.ts';
import {
  claimTotpStep, countFailuresFromIp, deleteExpiredSessions, deleteLoginAttemptsBefore, deleteSession, insertLoginAttempt,
  selectHomeAgencyId, selectSession, selectUserById, selectUserByUsername, updateUser, useRecoveryCode, type SessionRow,
  type UserSecrets,
} from './account-store.ts';
import { isPasswordExpired, verifyDummyPassword, verifyPassword } from './password.ts';
import { getPasswordProfile } from './password-profile.ts';
import { openSession, type OpenedSession, type SessionMeta } from './session-service.ts';
import { hashRecoveryCode, matchTotp } from './totp.ts';

/** The one answer to every refused login (Chinese; the login page shows its English twin for `en`). */
export const LOGIN_REFUSED = '用户名或密码不正确。连续输错 5 次后账号将锁定 30 分钟。';
/** The one answer to a refused second factor. */
export const CODE_REFUSED = '验证码不正确或已使用，请重新输入。';

/** Thrown for every refused login step, with one message whatever the cause (code `login_failed`, 422). */
export class LoginRefused extends InvalidInput {
  constructor(message = LOGIN_REFUSED) {
    super(message, undefined, 'login_failed');
  }
}

/** A login step that advanced: the new session (cookie token) and where it stands. */
export interface LoginStep extends OpenedSession {
  stage: SessionStage;
  userId: string;
}

function anonymous(ip?: string): Actor {
  return { userId: null, label: 'anonymous', ip };
}

function userActor(u: { id: string; username: string }, ip?: string): Actor {
  return { userId: u.id, label: u.username, ip };
}


async function throttleIp(ctx: Ctx, ip: string): Promise<void> {
  const since = new Date(ctx.clock.now().getTime() - LOCKOUT_WINDOW_MS).toISOString();
  if ((await countFailuresFromIp(ctx.db, ip, since)) >= IP_FAILURE_LIMIT) {
    throw new TooManyRequests('登录失败次数过多，请 15 分钟后再试');
  }
}

/** Counts a failure against the account and locks it at the threshold; returns true when this failure locked it. */
async function countFailure(trx: DB, ctx: Ctx, u: UserSecrets, ip: string | undefined, step: string): Promise<boolean> {
  const now = ctx.clock.now();
  const at = now.toISOString();
  const fresh = !u.firstFailedAt || now.getTime() - Date.parse(u.firstFailedAt) >= LOCKOUT_WINDOW_MS;
  const failed = fresh ? 1 : u.failedLogins + 1;
  const locks = failed >= LOCKOUT_THRESHOLD;
  await updateUser(trx, u.id, locks
    ? { failedLogins: 0, firstFailedAt: null, lockedUntil: new Date(now.getTime() + LOCKOUT_MS).toISOString() }
    : { failedLogins: failed, firstFailedAt: fresh ? at : u.firstFailedAt }, at);
  await appendAudit(trx, ctx.dialect, userActor(u, ip), {
    action: 'auth.login_failed', objectType: 'user', objectId: u.id, agencyId: await selectHomeAgencyId(trx, u.id), summary: { step, failures: locks ? LOCKOUT_THRESHOLD : failed },
  }, now);
  if (locks) {
    await appendAudit(trx, ctx.dialect, userActor(u, ip), {
      action: 'auth.lockout', objectType: 'user', objectId: u.id, agencyId: await selectHomeAgencyId(trx, u.id), summary: { minutes: LOCKOUT_MS / 60_000 },
    }, now);
  }
  return locks;
}

function isLocked(u: UserSecrets, now: Date): boolean {
  return Boolean(u.lockedUntil && Date.parse(u.lockedUntil) > now.getTime());
}

/**
 * Step 1: username and password. Opens a session that still needs the second factor (or TOTP enrolment).
 * Throws LoginRefused (same message for every cause) or TooManyRequests (per-IP throttle).
 */
export async function loginWithPassword(
  ctx: Ctx,
  input: { username: string; password: string },
  meta: SessionMeta = {},
): Promise<LoginStep> {
  const ip = meta.ip ?? '';
  await throttleIp(ctx, ip);
  const now = ctx.clock.now();
  const at = now.toISOString();
  const username = normaliseUsername(String(input.username ?? '')).slice(0, 64);
  const password = String(input.password ?? '').slice(0, 256);
  const user = username ? await selectUserByUsername(ctx.db, username) : undefined;
  // Always spend one argon2 verification, whatever happens next, so timing says nothing about the account.
  const ok = user ? await verifyPassword(user.passwordHash, password) : (await verifyDummyPassword(password), false);
  const refusal = !user ? 'unknown' : user.status !== 'active' ? 'disabled' : isLocked(user, now) ? 'locked' : !ok ? 'password' : null;
  if (refusal) {
    await ctx.db.transaction().execute(async (trx) => {
      await insertLoginAttempt(trx, { id: newId(), username: user ? user.username : '', ip, success: false }, at);
      if (!user) {
        // The typed name is not recorded: it may be a password typed into the wrong box.
        await appendAudit(trx, ctx.dialect, anonymous(ip), {
          action: 'auth.login_failed', objectType: 'user', summary: { step: 'password', reason: 'unknown_user' },
        }, now);
      } else if (refusal === 'password') {
        await countFailure(trx, ctx, user, ip, 'password');
      } else {
        await appendAudit(trx, ctx.dialect, userActor(user, ip), {
          action: 'auth.login_refused', objectType: 'user', objectId: user.id, agencyId: await selectHomeAgencyId(trx, user.id), summary: { reason: refusal },
        }, now);
      }
    });
    throw new LoginRefused();
  }
  const u = user!;
  const profile = await getPasswordProfile(ctx);
  return ctx.db.transaction().execute(async (trx) => {
    // Attempts only feed the throttle; a day's worth is plenty.
    await deleteLoginAttemptsBefore(trx, new Date(now.getTime() - 86_400_000).toISOString());
    await deleteExpiredSessions(trx, at); // sessions past their 8 hours that nobody came back to
    await insertLoginAttempt(trx, { id: newId(), username: u.username, ip, success: true }, at);
    const expired = isPasswordExpired(profile, u.passwordChangedAt, now);
    await updateUser(trx, u.id, { failedLogins: 0, firstFailedAt: null, lockedUntil: null, ...(expired ? { mustChangePassword: true } : {}) }, at);
    await appendAudit(trx, ctx.dialect, userActor(u, ip), {
      action: 'auth.password_accepted', objectType: 'user', objectId: u.id, agencyId: await selectHomeAgencyId(trx, u.id), summary: { next: u.totpEnabled ? 'totp' : 'enrol' },
    }, now);
    const opened = await openSession(trx, now, u.id, false, meta);
    return { ...opened, userId: u.id, stage: u.totpEnabled ? 'totp' : 'enrol' } satisfies LoginStep;
  });
}

/** A password-only session and its user. */
export interface PendingLogin {
  session: SessionRow;
  user: UserSecrets;
}

/** The pending (password-only) session a token names, with its user; Unauthenticated when it is gone. */
async function pendingSession(ctx: Ctx, token: string | undefined): Promise<PendingLogin> {
  const session = token ? await selectSession(ctx.db, sessionIdOf(token)) : undefined;
  const user = session ? await selectUserById(ctx.db, session.userId) : undefined;
  if (!session || !user || session.mfaPassed || user.status !== 'active') throw new Unauthenticated('登录已过期，请重新登录');
  return { session, user };
}

/**
 * Replaces a password-only session with a fully signed-in one under a new token (session fixation: the token
 * changes whenever privileges do). Runs inside the caller's transaction.
 */
async function completeLogin(
  trx: DB, ctx: Ctx, session: SessionRow, user: UserSecrets, method: 'totp' | 'recovery_code' | 'enrolment', meta: SessionMeta,
): Promise<LoginStep> {
  const now = ctx.clock.now();
  await deleteSession(trx, session.sessionId);
  const opened = await openSession(trx, now, user.id, true, meta, { createdAt: session.createdAt });
  await appendAudit(trx, ctx.dialect, userActor(user, meta.ip), {
    action: 'auth.login', objectType: 'user', objectId: user.id, agencyId: await selectHomeAgencyId(trx, user.id), summary: { method },
  }, now);
  return { ...opened, userId: user.id, stage: user.mustChangePassword ? 'must_change' : 'ok' };
}

/** Ends a pending session after a lockout, so the next try starts from the password again. */
async function refuseCode(ctx: Ctx, session: SessionRow, user: UserSecrets, ip: string | undefined, step: string): Promise<never> {
  const locked = await ctx.db.transaction().execute(async (trx) => {
    await insertLoginAttempt(trx, { id: newId(), username: user.username, ip: ip ?? '', success: false }, ctx.clock.now().toISOString());
    const locks = await countFailure(trx, ctx, user, ip, step);
    if (locks) await deleteSession(trx, session.sessionId);
    return locks;
  });
  if (locked) throw new Unauthenticated('验证失败次数过多，账号已暂时锁定，请稍后重新登录');
  throw new LoginRefused(CODE_REFUSED);
}

/** Step 2: a TOTP code from the user's authenticator. Returns the fully signed-in session. */
export async function loginWithTotp(ctx: Ctx, token: string | undefined, code: string, meta: SessionMeta = {}): Promise<LoginStep> {
  await throttleIp(ctx, meta.ip ?? '');
  const { session, user } = await pendingSession(ctx, token);
  if (!user.totpEnabled || !user.totpSecret) throw new Unauthenticated('请先设置双因素认证');
  const now = ctx.clock.now();
  if (isLocked(user, now)) throw new Unauthenticated('账号已暂时锁定，请稍后重新登录');
  const step = matchTotp(ctx.cipher.decrypt(user.totpSecret), String(code ?? ''), now);
  if (step === null) return refuseCode(ctx, session, user, meta.ip, 'totp');
  return ctx.db.transaction().execute(async (trx) => {
    if (!(await claimTotpStep(trx, user.id, step, now.toISOString()))) {
      throw new LoginRefused(CODE_REFUSED); // replay of a code already used (RFC 6238 §5.2)
    }
    return completeLogin(trx, ctx, session, user, 'totp', meta);
  });
}

/** Step 2 for a lost device: one of the user's one-time recovery codes. */
export async function loginWithRecoveryCode(ctx: Ctx, token: string | undefined, code: string, meta: SessionMeta = {}): Promise<LoginStep> {
  await throttleIp(ctx, meta.ip ?? '');
  const { session, user } = await pendingSession(ctx, token);
  const now = ctx.clock.now();
  if (!user.totpEnabled) throw new Unauthenticated('请先设置双因素认证');
  if (isLocked(user, now)) throw new Unauthenticated('账号已暂时锁定，请稍后重新登录');
  const hash = hashRecoveryCode(String(code ?? '').slice(0, 64));
  const used = await useRecoveryCode(ctx.db, user.id, hash, now.toISOString());
  if (!used) return refuseCode(ctx, session, user, meta.ip, 'recovery_code');
  return ctx.db.transaction().execute(async (trx) => {
    await appendAudit(trx, ctx.dialect, userActor(user, meta.ip), {
      action: 'auth.recovery_code_used', objectType: 'user', objectId: user.id, agencyId: await selectHomeAgencyId(trx, user.id),
    }, now);
    return completeLogin(trx, ctx, session, user, 'recovery_code', meta);
  });
}

/** The pending session a token names, or undefined (TOTP enrolment at first login completes it). */
export async function findPendingSession(ctx: Ctx, token: string | undefined): Promise<PendingLogin | undefined> {
  return pendingSession(ctx, token).catch(() => undefined);
}

/** Completes the login of a pending session whose user just confirmed TOTP enrolment (inside its transaction). */
export function completeLoginAfterEnrolment(trx: DB, ctx: Ctx, pending: PendingLogin, meta: SessionMeta): Promise<LoginStep> {
  return completeLogin(trx, ctx, pending.session, pending.user, 'enrolment', meta);
}
