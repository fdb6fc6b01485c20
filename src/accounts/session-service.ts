/**
 * Staff sessions (security.md "staff sessions"): a random 160-bit token in an HttpOnly cookie, only its sha256 in the
 * database; 15 minutes idle, 8 hours absolute; a new token whenever the login advances (no fixation).
 */
import { subtreeIds } from '../agencies/agency-service.ts';
import { appendAudit } from '../audit/audit-service.ts';
import { NotFound } from '../errors.ts';
import type { Ctx } from '../platform/context.ts';
import type { DB } from '../platform/db/database.ts';
import { newToken } from '../platform/ids.ts';
import {
  SESSION_ABSOLUTE_MS, SESSION_TOUCH_MS, sessionExpiry, sessionIdOf, sessionStage, type SessionStage, type User,
} from './account.ts';
import {
  deleteSession, deleteSessionsOfUser, insertSession, publicUser, selectGrants, selectHomeAgencyId, selectSession, selectSessionsOfUser,
  selectUserById, touchSession, type SessionRow,
} from './account-store.ts';
import { actorOf, type Principal, type RoleGrant } from './principal.ts';

/** Where the session cookie lives: `__Host-` prefixed and Secure over HTTPS, plain on development hosts. */
export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-gongkai_session' : 'gongkai_session';
}

/** Who opened a session, for the session list. */
export interface SessionMeta {
  ip?: string;
  userAgent?: string;
}

/** A newly opened session: the cookie token (shown once, never stored) and the CSRF token of its forms. */
export interface OpenedSession {
  token: string;
  sessionId: string;
  csrfToken: string;
}

/** Opens a session for a user. Pass the transaction of the login step that opens it. */
export async function openSession(
  db: DB,
  now: Date,
  userId: string,
  mfaPassed: boolean,
  meta: SessionMeta,
  carry?: { createdAt: string },
): Promise<OpenedSession> {
  const token = newToken(20);
  const sessionId = sessionIdOf(token);
  const csrfToken = newToken(20);
  const at = now.toISOString();
  // A session that only advances (password → TOTP) keeps its start, so the absolute limit counts from the login.
  const createdAt = carry?.createdAt ?? at;
  await insertSession(db, {
    sessionId, userId, csrfToken, mfaPassed, ip: (meta.ip ?? '').slice(0, 64),
    userAgent: (meta.userAgent ?? '').slice(0, 200), createdAt, lastSeenAt: at,
    expiresAt: new Date(Date.parse(createdAt) + SESSION_ABSOLUTE_MS).toISOString(),
  });
  return { token, sessionId, csrfToken };
}

/** A live session with its user, stage and (once fully signed in) principal. */
export interface ResolvedSession {
  session: SessionRow;
  user: User;
  stage: SessionStage;
  /** Set only when the stage is `ok` (MFA passed, no forced password change). */
  principal?: Principal;
}

/** Builds the principal of a user: grants, with supervisor grants expanded to their agency subtrees. */
export async function loadPrincipal(ctx: Ctx, user: Pick<User, 'id' | 'username' | 'displayName'>): Promise<Principal> {
  const grants: RoleGrant[] = await selectGrants(ctx.db, user.id);
  const supervised = new Set<string>();
  for (const g of grants) if (g.role === 'supervisor') for (const id of await subtreeIds(ctx, g.agencyId)) supervised.add(id);
  return { userId: user.id, username: user.username, displayName: user.displayName, grants, supervisedAgencyIds: [...supervised] };
}

/**
 * The session a cookie token names, or undefined when there is none, it expired (idle or absolute; it is then
 * deleted and the expiry audited) or its user is disabled. Touches last-seen at most once a minute.
 */
export async function resolveSession(ctx: Ctx, token: string | undefined): Promise<ResolvedSession | undefined> {
  if (!token || token.length > 100) return undefined;
  const session = await selectSession(ctx.db, sessionIdOf(token));
  if (!session) return undefined;
  const now = ctx.clock.now();
  const expired = sessionExpiry(session, now);
  const secrets = await selectUserById(ctx.db, session.userId);
  if (expired || !secrets || secrets.status !== 'active') {
    await ctx.db.transaction().execute(async (trx) => {
      await deleteSession(trx, session.sessionId);
      if (expired && secrets && session.mfaPassed) {
        await appendAudit(trx, ctx.dialect, { userId: secrets.id, label: secrets.username, ip: session.ip }, {
          action: 'auth.session_expired', objectType: 'user', objectId: secrets.id, agencyId: await selectHomeAgencyId(trx, secrets.id), summary: { reason: expired },
        }, now);
      }
    });
    return undefined;
  }
  if (now.getTime() - Date.parse(session.lastSeenAt) >= SESSION_TOUCH_MS) {
    session.lastSeenAt = now.toISOString();
    await touchSession(ctx.db, session.sessionId, session.lastSeenAt);
  }
  const user = publicUser(secrets);
  const stage = sessionStage(session.mfaPassed, user.totpEnabled, user.mustChangePassword);
  return { session, user, stage, principal: stage === 'ok' ? await loadPrincipal(ctx, user) : undefined };
}

/** Ends the session a token names (logout), with an audit entry. */
export async function endSession(ctx: Ctx, token: string | undefined, ip?: string): Promise<void> {
  if (!token) return;
  const session = await selectSession(ctx.db, sessionIdOf(token));
  if (!session) return;
  const user = await selectUserById(ctx.db, session.userId);
  await ctx.db.transaction().execute(async (trx) => {
    await deleteSession(trx, session.sessionId);
    if (user) {
      await appendAudit(trx, ctx.dialect, { userId: user.id, label: user.username, ip }, {
        action: 'auth.logout', objectType: 'user', objectId: user.id, agencyId: await selectHomeAgencyId(trx, user.id),
      }, ctx.clock.now());
    }
  });
}

/** A session as its owner sees it in "my sessions". */
export interface SessionView {
  /** A handle for revoking (a prefix of the token hash, useless as a cookie). */
  handle: string;
  current: boolean;
  ip: string;
  userAgent: string;
  createdAt: string;
  lastSeenAt: string;
}

/** The principal's own live sessions. */
export async function listMySessions(ctx: Ctx, p: Principal, currentSessionId: string): Promise<SessionView[]> {
  const now = ctx.clock.now();
  return (await selectSessionsOfUser(ctx.db, p.userId))
    .filter((s) => s.mfaPassed && !sessionExpiry(s, now))
    .map((s) => ({
      handle: s.sessionId.slice(0, 24), current: s.sessionId === currentSessionId, ip: s.ip, userAgent: s.userAgent,
      createdAt: s.createdAt, lastSeenAt: s.lastSeenAt,
    }));
}

/** Ends one of the principal's own sessions by handle. */
export async function revokeMySession(ctx: Ctx, p: Principal, handle: string, ip?: string): Promise<void> {
  const mine = await selectSessionsOfUser(ctx.db, p.userId);
  const target = /^[0-9a-f]{24}$/.test(handle) ? mine.find((s) => s.sessionId.startsWith(handle)) : undefined;
  if (!target) throw new NotFound('未找到该会话');
  await ctx.db.transaction().execute(async (trx) => {
    await deleteSession(trx, target.sessionId);
    await appendAudit(trx, ctx.dialect, actorOf(p, ip), {
      action: 'auth.session_revoked', objectType: 'user', objectId: p.userId, agencyId: await selectHomeAgencyId(trx, p.userId), summary: { own: true },
    }, ctx.clock.now());
  });
}

/** Ends every session of a user but `keep` (password change, disabling, reset). Call inside the change's transaction. */
export function endSessionsOfUser(db: DB, userId: string, keep?: string): Promise<number> {
  return deleteSessionsOfUser(db, userId, keep);
}

/** Ends all of the principal's sessions except the current one ("sign out everywhere else"). */
export async function revokeOtherSessions(ctx: Ctx, p: Principal, currentSessionId: string, ip?: string): Promise<number> {
  return ctx.db.transaction().execute(async (trx) => {
    const ended = await deleteSessionsOfUser(trx, p.userId, currentSessionId);
    await appendAudit(trx, ctx.dialect, actorOf(p, ip), {
      action: 'auth.session_revoked', objectType: 'user', objectId: p.userId, agencyId: await selectHomeAgencyId(trx, p.userId),
      summary: { others: ended },
    }, ctx.clock.now());
    return ended;
  });
}
