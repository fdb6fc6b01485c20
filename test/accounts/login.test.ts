import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TEST_PASSWORD } from '../support/auth.ts';
import { makeAgency } from '../support/factories.ts';
import { createTestApp } from '../support/harness.ts';
import { cookieOf, errorNotice, makeStaff, passwordStep, totpStep, userRow } from './helpers.ts';

const MIN = 60_000;

describe('staff login: lockout, enumeration, MFA, fixation, timeouts', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let agencyId: string;
  before(async () => {
    t = await createTestApp({ now: '2024-03-04T01:00:00Z' });
    agencyId = (await makeAgency(t.ctx)).id;
  });
  after(() => t.cleanup());

  it('locks an account after 5 failures within 15 minutes, for 30 minutes (fake clock)', async () => {
    const { secret } = await makeStaff(t.ctx, 'lockme', [{ agencyId, role: 'editor' }]);
    for (let i = 0; i < 4; i++) {
      const { r } = await passwordStep(t.app, t.ctx, 'lockme', 'wrong password ' + i);
      assert.equal(r.statusCode, 422);
      t.ctx.clock.advance(MIN);
    }
    assert.equal((await userRow(t.ctx, 'lockme')).lockedUntil, null);
    const fifth = await passwordStep(t.app, t.ctx, 'lockme', 'wrong again');
    assert.equal(fifth.r.statusCode, 422);
    assert.ok((await userRow(t.ctx, 'lockme')).lockedUntil);
    // The right password is refused with the same answer while locked.
    const locked = await passwordStep(t.app, t.ctx, 'lockme', TEST_PASSWORD);
    assert.equal(locked.r.statusCode, 422);
    assert.equal(locked.token, undefined);
    assert.equal(errorNotice(locked.r.body), errorNotice(fifth.r.body));
    t.ctx.clock.advance(29 * MIN);
    assert.equal((await passwordStep(t.app, t.ctx, 'lockme', TEST_PASSWORD)).r.statusCode, 422);
    t.ctx.clock.advance(2 * MIN);
    const ok = await passwordStep(t.app, t.ctx, 'lockme', TEST_PASSWORD);
    assert.equal(ok.r.statusCode, 303);
    assert.ok(ok.token);
    const done = await totpStep(t.app, t.ctx, ok.token, secret);
    assert.equal(done.r.statusCode, 303);
    const audit = await t.ctx.db.selectFrom('audit_log').select('action').where('object_id', '=', (await userRow(t.ctx, 'lockme')).id).execute();
    const actions = audit.map((a) => a.action);
    assert.equal(actions.filter((a) => a === 'auth.login_failed').length, 5);
    assert.ok(actions.includes('auth.lockout'));
    assert.ok(actions.includes('auth.login_refused'));
    assert.ok(actions.includes('auth.login'));
  });

  it('forgets failures older than 15 minutes', async () => {
    await makeStaff(t.ctx, 'slowtypist', [{ agencyId, role: 'editor' }]);
    for (let i = 0; i < 4; i++) await passwordStep(t.app, t.ctx, 'slowtypist', 'nope nope nope');
    t.ctx.clock.advance(16 * MIN);
    await passwordStep(t.app, t.ctx, 'slowtypist', 'nope nope nope');
    assert.equal((await userRow(t.ctx, 'slowtypist')).lockedUntil, null);
    assert.equal((await passwordStep(t.app, t.ctx, 'slowtypist', TEST_PASSWORD)).r.statusCode, 303);
  });

  it('answers unknown users exactly like wrong passwords (no enumeration)', async () => {
    await makeStaff(t.ctx, 'realuser', [{ agencyId, role: 'editor' }]);
    const started1 = performance.now();
    const unknown = await passwordStep(t.app, t.ctx, 'nosuchuser', 'some password here');
    const tUnknown = performance.now() - started1;
    const started2 = performance.now();
    const wrong = await passwordStep(t.app, t.ctx, 'realuser', 'some password here');
    const tWrong = performance.now() - started2;
    assert.equal(unknown.r.statusCode, wrong.r.statusCode);
    assert.equal(unknown.r.statusCode, 422);
    assert.ok(errorNotice(unknown.r.body));
    assert.equal(errorNotice(unknown.r.body), errorNotice(wrong.r.body));
    assert.equal(unknown.r.body.replace('nosuchuser', 'X'), wrong.r.body.replace('realuser', 'X'));
    assert.equal(unknown.token, undefined);
    // Both paths run one argon2 verification: neither is an order of magnitude faster (loose: CI machines are noisy).
    assert.ok(tUnknown > tWrong / 10 && tWrong > tUnknown / 10, `${tUnknown} vs ${tWrong}`);
    // The unknown name is not written to the audit log (it may be a mistyped password).
    const leaked = await t.ctx.db.selectFrom('audit_log').select('seq').where('summary', 'like', '%nosuchuser%').execute();
    assert.equal(leaked.length, 0);
  });

  it('throttles an IP address after many failures, whatever the usernames', async () => {
    const from = (remoteAddress: string, username: string) =>
      t.app.inject({ method: 'POST', url: '/admin/login', payload: { username, password: 'x'.repeat(12) }, remoteAddress });
    let last = 0;
    for (let i = 0; i < 21; i++) last = (await from('10.9.9.9', `ghost${i}`)).statusCode;
    assert.equal(last, 429);
    assert.equal((await from('10.8.8.8', 'ghost')).statusCode, 422, 'other addresses are not affected');
    t.ctx.clock.advance(16 * MIN);
    assert.equal((await from('10.9.9.9', 'ghost')).statusCode, 422);
  });

  it('requires the second factor for every staff route', async () => {
    await makeStaff(t.ctx, 'halfway', [{ agencyId, role: 'admin' }, { agencyId, role: 'auditor' }]);
    const { token } = await passwordStep(t.app, t.ctx, 'halfway', TEST_PASSWORD);
    assert.ok(token);
    const headers = { cookie: cookieOf(t.ctx, token) };
    for (const url of ['/admin', '/admin/users', '/admin/users/new', '/admin/account', '/admin/agencies', '/admin/audit', `/admin/agencies/agency1/edit`]) {
      const r = await t.app.inject({ url, headers });
      assert.equal(r.statusCode, 303, url);
      assert.match(String(r.headers.location), /^\/admin\/login/, url);
    }
    const { selectSession } = await import('../../src/accounts/account-store.ts');
    const { sessionIdOf } = await import('../../src/accounts/account.ts');
    const csrf = (await selectSession(t.ctx.db, sessionIdOf(token)))!.csrfToken;
    const post = await t.app.inject({ method: 'POST', url: '/admin/users', headers, payload: { _csrf: csrf, username: 'sneaky', displayName: 'x', agencyId, roles: 'admin' } });
    assert.equal(post.statusCode, 401);
    // The login page now asks for the code.
    const page = await t.app.inject({ url: '/admin/login', headers });
    assert.match(page.body, /name="code"/);
  });

  it('issues a new token at each login step and ignores planted ones (no fixation)', async () => {
    const { secret } = await makeStaff(t.ctx, 'fixme', [{ agencyId, role: 'editor' }]);
    const planted = cookieOf(t.ctx, 'ATTACKERCHOSENTOKEN0000000000000');
    const pw = await passwordStep(t.app, t.ctx, 'fixme', TEST_PASSWORD, planted);
    assert.ok(pw.token && pw.token !== 'ATTACKERCHOSENTOKEN0000000000000');
    assert.ok(pw.token.length >= 26); // ≥ 128 bits in base32
    const full = await totpStep(t.app, t.ctx, pw.token, secret, 1);
    assert.equal(full.r.statusCode, 303);
    assert.ok(full.token && full.token !== pw.token);
    const cookie = full.r.headers['set-cookie'];
    assert.match(String(cookie), /HttpOnly/i);
    assert.match(String(cookie), /SameSite=Lax/i);
    // The pre-MFA token is dead; the new one works.
    assert.equal((await t.app.inject({ url: '/admin', headers: { cookie: cookieOf(t.ctx, pw.token) } })).statusCode, 303);
    assert.equal((await t.app.inject({ url: '/admin', headers: { cookie: cookieOf(t.ctx, full.token) } })).statusCode, 200);
    // Only the token's hash is stored.
    const rows = await t.ctx.db.selectFrom('sessions').select('session_id').execute();
    assert.ok(rows.every((r) => r.session_id !== full.token && /^[0-9a-f]{64}$/.test(r.session_id)));
  });

  it('refuses a TOTP code used twice (RFC 6238 §5.2) and accepts a recovery code once', async () => {
    const { secret, recoveryCodes } = await makeStaff(t.ctx, 'replay', [{ agencyId, role: 'editor' }]);
    t.ctx.clock.advance(MIN);
    const a = await passwordStep(t.app, t.ctx, 'replay', TEST_PASSWORD);
    assert.equal((await totpStep(t.app, t.ctx, a.token!, secret)).r.statusCode, 303);
    const b = await passwordStep(t.app, t.ctx, 'replay', TEST_PASSWORD);
    const again = await totpStep(t.app, t.ctx, b.token!, secret);
    assert.equal(again.r.statusCode, 422);
    const bad = await totpStep(t.app, t.ctx, b.token!, secret, 0, '000000');
    assert.equal(bad.r.statusCode, 422);
    const rec = async (code: string) => {
      const { csrfOf } = await import('./helpers.ts');
      return t.app.inject({ method: 'POST', url: '/admin/login/recovery', headers: { cookie: cookieOf(t.ctx, b.token!) }, payload: { code, _csrf: await csrfOf(t.ctx, b.token!) } });
    };
    const used = await rec(recoveryCodes[0].toLowerCase());
    assert.equal(used.statusCode, 303);
    assert.match(String(used.headers.location), /recovered=1/);
    const c = await passwordStep(t.app, t.ctx, 'replay', TEST_PASSWORD);
    const { csrfOf } = await import('./helpers.ts');
    const reuse = await t.app.inject({ method: 'POST', url: '/admin/login/recovery', headers: { cookie: cookieOf(t.ctx, c.token!) }, payload: { code: recoveryCodes[0], _csrf: await csrfOf(t.ctx, c.token!) } });
    assert.equal(reuse.statusCode, 422);
  });

  it('expires sessions after 15 minutes idle and 8 hours absolute', async () => {
    const { secret } = await makeStaff(t.ctx, 'sleepy', [{ agencyId, role: 'editor' }]);
    const login = async () => {
      t.ctx.clock.advance(MIN);
      const a = await passwordStep(t.app, t.ctx, 'sleepy', TEST_PASSWORD);
      return (await totpStep(t.app, t.ctx, a.token!, secret)).token!;
    };
    const idle = await login();
    const headers = { cookie: cookieOf(t.ctx, idle) };
    t.ctx.clock.advance(14 * MIN);
    assert.equal((await t.app.inject({ url: '/admin', headers })).statusCode, 200);
    t.ctx.clock.advance(14 * MIN); // 14 minutes after the last request: still alive
    assert.equal((await t.app.inject({ url: '/admin', headers })).statusCode, 200);
    t.ctx.clock.advance(15 * MIN);
    const gone = await t.app.inject({ url: '/admin', headers });
    assert.equal(gone.statusCode, 303);
    assert.match(String(gone.headers['set-cookie']), /gongkai_session=;/);

    const busy = await login();
    const h2 = { cookie: cookieOf(t.ctx, busy) };
    for (let i = 0; i < 47; i++) {
      t.ctx.clock.advance(10 * MIN);
      assert.equal((await t.app.inject({ url: '/admin', headers: h2 })).statusCode, 200, `at ${(i + 1) * 10} min`);
    }
    t.ctx.clock.advance(10 * MIN); // 480 minutes since login
    assert.equal((await t.app.inject({ url: '/admin', headers: h2 })).statusCode, 303);
    const expired = await t.ctx.db.selectFrom('audit_log').select('summary').where('action', '=', 'auth.session_expired').execute();
    assert.deepEqual(expired.map((e) => JSON.parse(e.summary).reason).sort(), ['absolute', 'idle']);
  });

  it('logs out: the session ends and the cookie is cleared', async () => {
    const { loginAs } = await import('../support/auth.ts');
    const s = await loginAs(t, { grants: [{ agencyId, role: 'editor' }] });
    const noToken = await t.app.inject({ method: 'POST', url: '/admin/logout', headers: s.headers, payload: {} });
    assert.equal(noToken.statusCode, 403);
    const out = await t.app.inject({ method: 'POST', url: '/admin/logout', headers: s.headers, payload: { _csrf: s.csrf } });
    assert.equal(out.statusCode, 303);
    assert.equal((await t.app.inject({ url: '/admin', headers: s.headers })).statusCode, 303);
  });
});
