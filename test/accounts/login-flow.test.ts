import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp } from '../support/harness.ts';
import { makeAgency } from '../support/factories.ts';
import { loginAs } from '../support/auth.ts';

describe('loginAs and the session hook', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.cleanup());

  it('signs in through the real pages and sets the principal', async () => {
    const a = await makeAgency(t.ctx);
    const s = await loginAs(t, { grants: [{ agencyId: a.id, role: 'editor' }] });
    const r = await t.app.inject({ url: '/admin', headers: s.headers });
    assert.equal(r.statusCode, 200, r.body.slice(0, 500));
    assert.match(r.body, /工作台/);
    assert.ok(r.body.includes(s.csrf));
    assert.equal(s.principal.grants[0].role, 'editor');
    const again = await loginAs(t, { grants: [{ agencyId: a.id, role: 'editor' }], username: s.username });
    assert.notEqual(again.token, s.token);
  });

  it('sends anonymous visitors of /admin to the login page', async () => {
    const r = await t.app.inject({ url: '/admin' });
    assert.equal(r.statusCode, 303);
    assert.match(String(r.headers.location), /^\/admin\/login/);
  });
});

// A separate suite: on PostgreSQL two test schemas must not be migrated side by side in one file.
describe('secure cookies', () => {
  it('uses a __Host- prefixed Secure cookie over HTTPS', async () => {
    const secure = await createTestApp({ env: { GONGKAI_SECURE_COOKIES: '1' } });
    try {
      const a = await makeAgency(secure.ctx);
      const s = await loginAs(secure, { grants: [{ agencyId: a.id, role: 'auditor' }] });
      assert.match(s.headers.cookie, /^__Host-gongkai_session=/);
      const r = await secure.app.inject({ url: '/admin/audit', headers: s.headers });
      assert.equal(r.statusCode, 200);
      const login = await secure.app.inject({ method: 'POST', url: '/admin/login', payload: { username: s.username, password: 'tQ7!vR2#mW9$pL4z-staff' } });
      const set = String(login.headers['set-cookie']);
      assert.match(set, /^__Host-gongkai_session=[^;]+; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    } finally {
      await secure.cleanup();
    }
  });
});
