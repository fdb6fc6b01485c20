/** Helpers of the account tests: a user with a known password and TOTP secret, and the two login steps by hand. */
import type { FastifyInstance } from 'fastify';
import { selectSession, selectUserByUsername } from '../../src/accounts/account-store.ts';
import { sessionIdOf } from '../../src/accounts/account.ts';
import { confirmEnrolment, startEnrolment } from '../../src/accounts/mfa-service.ts';
import type { RoleGrant } from '../../src/accounts/principal.ts';
import { sessionCookieName } from '../../src/accounts/session-service.ts';
import { totpCodeAt } from '../../src/accounts/totp.ts';
import { createUserAsSystem } from '../../src/accounts/user-service.ts';
import type { Ctx } from '../../src/platform/context.ts';
import { TEST_PASSWORD } from '../support/auth.ts';

/** A user with TEST_PASSWORD and an enrolled authenticator whose secret the test knows. */
export async function makeStaff(ctx: Ctx, username: string, grants: RoleGrant[]): Promise<{ userId: string; secret: string; recoveryCodes: string[] }> {
  const { userId } = await createUserAsSystem(ctx, { username, displayName: `测试${username}`, grants }, { password: TEST_PASSWORD, mustChangePassword: false });
  const e = await startEnrolment(ctx, userId);
  const done = await confirmEnrolment(ctx, userId, totpCodeAt(e.secret, ctx.clock.now()), undefined);
  return { userId, secret: e.secret, recoveryCodes: done.recoveryCodes };
}

/** POST /admin/login; returns the response and the session token it set (if any). */
export async function passwordStep(app: FastifyInstance, ctx: Ctx, username: string, password: string, cookie?: string) {
  const r = await app.inject({ method: 'POST', url: '/admin/login', payload: { username, password }, headers: cookie ? { cookie } : {} });
  const token = r.cookies.find((c) => c.name === sessionCookieName(ctx.config.secureCookies) && c.value)?.value;
  return { r, token };
}

/** The cookie header for a token. */
export function cookieOf(ctx: Ctx, token: string): string {
  return `${sessionCookieName(ctx.config.secureCookies)}=${token}`;
}

/** The CSRF token of a session. */
export async function csrfOf(ctx: Ctx, token: string): Promise<string> {
  return (await selectSession(ctx.db, sessionIdOf(token)))!.csrfToken;
}

/** POST /admin/login/totp with a code at `offsetSteps` 30-second steps from now. */
export async function totpStep(app: FastifyInstance, ctx: Ctx, token: string, secret: string, offsetSteps = 0, code?: string) {
  const r = await app.inject({
    method: 'POST', url: '/admin/login/totp', headers: { cookie: cookieOf(ctx, token) },
    payload: { code: code ?? totpCodeAt(secret, new Date(ctx.clock.now().getTime() + offsetSteps * 30_000)), _csrf: await csrfOf(ctx, token) },
  });
  const next = r.cookies.find((c) => c.name === sessionCookieName(ctx.config.secureCookies) && c.value)?.value;
  return { r, token: next };
}

/** The text of the page's error notice. */
export function errorNotice(html: string): string | undefined {
  return /<p class="notice error" role="alert">([^<]*)<\/p>/.exec(html)?.[1];
}

/** The user's row. */
export async function userRow(ctx: Ctx, username: string) {
  return (await selectUserByUsername(ctx.db, username))!;
}
