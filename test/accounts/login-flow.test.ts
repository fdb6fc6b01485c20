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
