/**
 * Reads the staff session cookie on every request and sets `req.principal` (fully signed in: password and TOTP
 * passed, no forced password change), `req.csrfToken` (any session, for its forms) and `req.staffSession` (the login
 * pages need the half-finished stages). Expired sessions are deleted and their cookie cleared.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { resolveSession, sessionCookieName, type ResolvedSession } from '../../accounts/session-service.ts';
import type { Ctx } from '../../platform/context.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The staff session this request carries, at whatever login stage, with its cookie token. */
    staffSession?: ResolvedSession & { token: string };
  }
}

function cookieOptions(ctx: Ctx) {
  // `__Host-` cookies must be Secure, Path=/ and carry no Domain (RFC 6265bis §4.1.3.2).
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: ctx.config.secureCookies };
}

/** Sets the session cookie to a new token (a session cookie: the server enforces idle and absolute expiry). */
export function setSessionCookie(ctx: Ctx, reply: FastifyReply, token: string): void {
  reply.setCookie(sessionCookieName(ctx.config.secureCookies), token, cookieOptions(ctx));
}

/** Clears the session cookie. */
export function clearSessionCookie(ctx: Ctx, reply: FastifyReply): void {
  reply.clearCookie(sessionCookieName(ctx.config.secureCookies), cookieOptions(ctx));
}

/** Registers the hook; call before any route is registered. */
export async function registerSessionHook(app: FastifyInstance, ctx: Ctx): Promise<void> {
  app.decorateRequest('staffSession', undefined);
  const name = sessionCookieName(ctx.config.secureCookies);
  app.addHook('onRequest', async (req, reply) => {
    const path = req.url.split('?')[0];
    if (path.startsWith('/admin')) reply.header('cache-control', 'no-store');
    if (path.startsWith('/assets/') || path === '/healthz') return;
    const token = req.cookies[name];
    if (!token) return;
    const s = await resolveSession(ctx, token);
    if (!s) {
      clearSessionCookie(ctx, reply);
      return;
    }
    reply.header('cache-control', 'no-store');
    req.staffSession = { ...s, token };
    req.principal = s.principal;
    req.csrfToken = s.session.csrfToken;
  });
}
