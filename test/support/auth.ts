/**
 * Staff sessions for HTTP tests. `loginAs` creates a real user through the account services (or reuses one by
 * username), enrols TOTP through the real enrolment service, and signs in through the real pages — POST
 * /admin/login, then POST /admin/login/totp with a code from the user's secret — so every test session is one the
 * app itself issued. Nothing is mocked.
 *
 * Usage:
 *   const s = await loginAs(t, { grants: [{ agencyId: agency.id, role: 'editor' }] });
 *   await t.app.inject({ method: 'GET', url: '/admin/…', headers: s.headers });
 *   await t.app.inject({ method: 'POST', url: '/admin/…', headers: s.headers, payload: { …, _csrf: s.csrf } });
 *   // or send the token as a header: headers: { ...s.headers, 'x-csrf-token': s.csrf }
 *
 * Sessions follow the real rules on `ctx.clock`: after advancing the clock past 15 minutes (idle) or 8 hours
 * (absolute), call `loginAs` again with the same `username` to get a fresh session.
 * Test-only shortcut, documented: before each sign-in the helper forgets the user's last used TOTP step, so the same
 * user can sign in repeatedly while the test clock stands still (the app itself refuses a reused code).
 */
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { selectSession, selectUserByUsername, updateUser } from '../../src/accounts/account-store.ts';
import { sessionIdOf } from '../../src/accounts/account.ts';
import { confirmEnrolment, startEnrolment } from '../../src/accounts/mfa-service.ts';
import type { Principal, RoleGrant } from '../../src/accounts/principal.ts';
import { loadPrincipal, sessionCookieName } from '../../src/accounts/session-service.ts';
import { totpCodeAt } from '../../src/accounts/totp.ts';
import { insertGrant } from '../../src/accounts/account-store.ts';
import { createUserAsSystem } from '../../src/accounts/user-service.ts';
import type { Ctx } from '../../src/platform/context.ts';

/** The password every test user gets (passes the policy; contains no username). */
export const TEST_PASSWORD = 'tQ7!vR2#mW9$pL4z-staff';

/** A signed-in staff session for app.inject. */
export interface StaffSession {
  /** Pass as `headers` (or spread into them). */
  headers: { cookie: string };
  /** The session's CSRF token: form field `_csrf` or header `x-csrf-token`. */
  csrf: string;
  principal: Principal;
  /** The raw cookie token (for tests of the session itself). */
  token: string;
  username: string;
}

let counter = 0;

/** Creates (or reuses) a user with `grants`, enrols TOTP, and signs in through the real login pages. */
export async function loginAs(
  t: { ctx: Ctx; app: FastifyInstance },
  opts: { grants: RoleGrant[]; username?: string; displayName?: string },
): Promise<StaffSession> {
  const { ctx, app } = t;
  const username = opts.username ?? `staff${++counter}${Date.now().toString(36).slice(-4)}`;
  let user = await selectUserByUsername(ctx.db, username);
  if (!user) {
    const { userId } = await createUserAsSystem(ctx, {
      username, displayName: opts.displayName ?? `测试用户${counter}`, grants: opts.grants,
    }, { password: TEST_PASSWORD, mustChangePassword: false });
    const e = await startEnrolment(ctx, userId);
    await confirmEnrolment(ctx, userId, totpCodeAt(e.secret, ctx.clock.now()), undefined);
    user = (await selectUserByUsername(ctx.db, username))!;
  } else {
    for (const g of opts.grants) await insertGrant(ctx.db, user.id, g);
  }
  await updateUser(ctx.db, user.id, { totpLastStep: null }, ctx.clock.now().toISOString());
  const name = sessionCookieName(ctx.config.secureCookies);

  const first = await app.inject({
    method: 'POST', url: '/admin/login', payload: { username, password: TEST_PASSWORD },
  });
  assert.equal(first.statusCode, 303, `password step failed: ${first.statusCode} ${first.body.slice(0, 300)}`);
  const pending = first.cookies.find((c) => c.name === name)?.value;
  assert.ok(pending, 'the password step set no session cookie');
  const pendingRow = await selectSession(ctx.db, sessionIdOf(pending));
  assert.ok(pendingRow);

  const secret = ctx.cipher.decrypt((await selectUserByUsername(ctx.db, username))!.totpSecret!);
  const second = await app.inject({
    method: 'POST', url: '/admin/login/totp', headers: { cookie: `${name}=${pending}` },
    payload: { code: totpCodeAt(secret, ctx.clock.now()), _csrf: pendingRow.csrfToken },
  });
  assert.equal(second.statusCode, 303, `TOTP step failed: ${second.statusCode} ${second.body.slice(0, 300)}`);
  const token = second.cookies.find((c) => c.name === name)?.value;
  assert.ok(token && token !== pending, 'the TOTP step did not issue a new session token');
  const row = await selectSession(ctx.db, sessionIdOf(token));
  assert.ok(row?.mfaPassed);
  return {
    headers: { cookie: `${name}=${token}` },
    csrf: row.csrfToken,
    principal: await loadPrincipal(ctx, user),
    token,
    username,
  };
}
