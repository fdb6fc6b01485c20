/** Guards for staff pages and staff API routes. The session hook (web/admin/session-hook.ts) sets req.principal. */
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../../accounts/principal.ts';
import { Forbidden, Unauthenticated } from '../../errors.ts';

/** The logged-in staff member (with MFA passed), or Unauthenticated (pages redirect to the login form). */
export function requirePrincipal(req: FastifyRequest): Principal {
  if (!req.principal) throw new Unauthenticated();
  return req.principal;
}

/**
 * Checks the per-session CSRF token of a staff form (field `_csrf` or header `x-csrf-token`), in addition to the
 * Origin check every state-changing route gets in app.ts.
 */
export function assertCsrf(req: FastifyRequest): void {
  const body = req.body as Record<string, unknown> | undefined;
  const sent = (typeof body?._csrf === 'string' ? body._csrf : undefined) ?? req.headers['x-csrf-token'];
  if (!req.csrfToken || sent !== req.csrfToken) throw new Forbidden('表单已过期，请刷新页面后重试');
}
