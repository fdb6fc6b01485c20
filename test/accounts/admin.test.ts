import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loginAs } from '../support/auth.ts';
import { makeAgency } from '../support/factories.ts';
import { createTestApp } from '../support/harness.ts';
import type { Agency } from '../../src/agencies/agency.ts';
import { TEST_PASSWORD } from '../support/auth.ts';
import { passwordStep, userRow } from './helpers.ts';

describe('back office: CSRF, user administration, agency editing, audit log', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let a: Agency;
  let b: Agency;
  before(async () => {
    t = await createTestApp({ now: '2024-03-04T01:00:00Z' });
    a = await makeAgency(t.ctx, { code: 'agencya', name: '甲厅' });
    b = await makeAgency(t.ctx, { code: 'agencyb', name: '乙厅' });
  });
  after(() => t.cleanup());

  it('refuses staff form posts without the session CSRF token', async () => {
    const s = await loginAs(t, { grants: [{ agencyId: a.id, role: 'admin' }] });
    const form = { username: 'csrfvictim', displayName: '受害者', agencyId: a.id, roles: 'editor' };
    const none = await t.app.inject({ method: 'POST', url: '/admin/users', headers: s.headers, payload: form });
    assert.equal(none.statusCode, 403);
    const wrong = await t.app.inject({ method: 'POST', url: '/admin/users', headers: s.headers, payload: { ...form, _csrf: 'x'.repeat(32) } });
    assert.equal(wrong.statusCode, 403);
    const cross = await t.app.inject({ method: 'POST', url: '/admin/users', headers: { ...s.headers, origin: 'https://evil.example' }, payload: { ...form, _csrf: s.csrf } });
    assert.equal(cross.statusCode, 403);
    assert.equal(await t.ctx.db.selectFrom('users').select('user_id').where('username', '=', 'csrfvictim').executeTakeFirst(), undefined);
    const ok = await t.app.inject({ method: 'POST', url: '/admin/users', headers: { ...s.headers, 'x-csrf-token': s.csrf }, payload: form });
    assert.equal(ok.statusCode, 201);
  });

  it('adds a user with a temporary password that must be changed, then TOTP enrolment', async () => {
    const admin = await loginAs(t, { grants: [{ agencyId: a.id, role: 'admin' }] });
    const r = await t.app.inject({ method: 'POST', url: '/admin/users', headers: admin.headers, payload: { _csrf: admin.csrf, username: 'newbie', displayName: '新同事', agencyId: a.id, roles: ['editor', 'reviewer'] } });
    assert.equal(r.statusCode, 201);
    const temp = /<code class="secret">([^<]+)<\/code>/.exec(r.body)![1];
    assert.match(temp, /^[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}$/);
    const pw = await passwordStep(t.app, t.ctx, 'newbie', temp);
    assert.equal(pw.r.statusCode, 303);
    assert.match(String(pw.r.headers.location), /^\/admin\/enrol/);
    const cookie = `gongkai_session=${pw.token}`;
    const enrol = await t.app.inject({ url: '/admin/enrol', headers: { cookie } });
    assert.equal(enrol.statusCode, 200);
    assert.match(enrol.body, /<img src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+"/);
    const secret = /<code class="secret">([A-Z2-7 ]+)<\/code>/.exec(enrol.body)![1].replace(/ /g, '');
    const { totpCodeAt } = await import('../../src/accounts/totp.ts');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(enrol.body)![1];
    const bad = await t.app.inject({ method: 'POST', url: '/admin/enrol', headers: { cookie }, payload: { _csrf: csrf, code: '123456' } });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /aria-invalid="true"/);
    const done = await t.app.inject({ method: 'POST', url: '/admin/enrol', headers: { cookie }, payload: { _csrf: csrf, code: totpCodeAt(secret, t.ctx.clock.now()) } });
    assert.equal(done.statusCode, 200);
    assert.equal((done.body.match(/<li><code>[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}<\/code><\/li>/g) ?? []).length, 10);
    const full = done.cookies.find((c) => c.name === 'gongkai_session')!.value;
    assert.notEqual(full, pw.token);
    // Signed in, but the temporary password must go first.
    const dash = await t.app.inject({ url: '/admin', headers: { cookie: `gongkai_session=${full}` } });
    assert.equal(dash.statusCode, 303);
    const toPw = await t.app.inject({ url: String(dash.headers.location), headers: { cookie: `gongkai_session=${full}` } });
    assert.equal(toPw.headers.location?.toString().startsWith('/admin/password'), true);
    const page = await t.app.inject({ url: '/admin/password', headers: { cookie: `gongkai_session=${full}` } });
    const csrf2 = /name="_csrf" value="([^"]+)"/.exec(page.body)![1];
    const weak = await t.app.inject({ method: 'POST', url: '/admin/password', headers: { cookie: `gongkai_session=${full}` }, payload: { _csrf: csrf2, current: temp, new: 'password1234', confirm: 'password1234' } });
    assert.equal(weak.statusCode, 422);
    assert.match(weak.body, /常见密码/);
    const en = await t.app.inject({ method: 'POST', url: '/admin/password?lang=en', headers: { cookie: `gongkai_session=${full}` }, payload: { _csrf: csrf2, current: temp, new: 'short', confirm: 'short' } });
    assert.match(en.body, /Use at least 12 characters/);
    const good = await t.app.inject({ method: 'POST', url: '/admin/password', headers: { cookie: `gongkai_session=${full}` }, payload: { _csrf: csrf2, current: temp, new: 'a quiet river in autumn', confirm: 'a quiet river in autumn' } });
    assert.equal(good.statusCode, 303);
    assert.equal((await t.app.inject({ url: '/admin', headers: { cookie: `gongkai_session=${full}` } })).statusCode, 200);
  });

  it('disabling a user ends their sessions at once', async () => {
    const admin = await loginAs(t, { grants: [{ agencyId: a.id, role: 'admin' }] });
    const victim = await loginAs(t, { grants: [{ agencyId: a.id, role: 'editor' }] });
    assert.equal((await t.app.inject({ url: '/admin', headers: victim.headers })).statusCode, 200);
    const r = await t.app.inject({ method: 'POST', url: `/admin/users/${victim.principal.userId}/disable`, headers: admin.headers, payload: { _csrf: admin.csrf } });
    assert.equal(r.statusCode, 200);
    assert.equal((await t.app.inject({ url: '/admin', headers: victim.headers })).statusCode, 303);
    assert.equal(await t.ctx.db.selectFrom('sessions').select('session_id').where('user_id', '=', victim.principal.userId).executeTakeFirst(), undefined);
    assert.equal((await passwordStep(t.app, t.ctx, victim.username, TEST_PASSWORD)).r.statusCode, 422);
    const self = await t.app.inject({ method: 'POST', url: `/admin/users/${admin.principal.userId}/disable`, headers: admin.headers, payload: { _csrf: admin.csrf } });
    assert.equal(self.statusCode, 409);
    const en = await t.app.inject({ method: 'POST', url: `/admin/users/${victim.principal.userId}/enable`, headers: admin.headers, payload: { _csrf: admin.csrf } });
    assert.equal(en.statusCode, 200);
    assert.equal((await userRow(t.ctx, victim.username)).status, 'active');
  });

  it('scopes user administration to the administrator\'s own agencies (403 for another agency)', async () => {
    const adminA = await loginAs(t, { grants: [{ agencyId: a.id, role: 'admin' }] });
    const userB = await loginAs(t, { grants: [{ agencyId: b.id, role: 'editor' }] });
    for (const [method, url] of [
      ['GET', `/admin/users/${userB.principal.userId}`],
      ['POST', `/admin/users/${userB.principal.userId}/disable`],
      ['POST', `/admin/users/${userB.principal.userId}/reset`],
      ['POST', `/admin/users/${userB.principal.userId}/grant`],
    ] as const) {
      const r = await t.app.inject({ method, url, headers: adminA.headers, payload: method === 'POST' ? { _csrf: adminA.csrf, agencyId: a.id, role: 'editor' } : undefined });
      assert.equal(r.statusCode, 403, `${method} ${url}`);
    }
    const create = await t.app.inject({ method: 'POST', url: '/admin/users', headers: adminA.headers, payload: { _csrf: adminA.csrf, username: 'intruder', displayName: 'x', agencyId: b.id, roles: 'admin' } });
    assert.equal(create.statusCode, 403);
    const list = await t.app.inject({ url: '/admin/users', headers: adminA.headers });
    assert.equal(list.statusCode, 200);
    assert.ok(!list.body.includes(userB.username));
    const editor = await loginAs(t, { grants: [{ agencyId: a.id, role: 'editor' }] });
    assert.equal((await t.app.inject({ url: '/admin/users', headers: editor.headers })).statusCode, 403);
    assert.equal((await t.app.inject({ url: '/admin/agencies/agencyb/edit', headers: adminA.headers })).statusCode, 403);
    assert.equal((await t.app.inject({ method: 'POST', url: '/admin/agencies/agencyb/edit', headers: adminA.headers, payload: { _csrf: adminA.csrf, name: '被改名', shortName: 'x', version: '1' } })).statusCode, 403);
  });

  it('resets a password: temporary password, sessions end, lockout lifted', async () => {
    const admin = await loginAs(t, { grants: [{ agencyId: a.id, role: 'admin' }] });
    const user = await loginAs(t, { grants: [{ agencyId: a.id, role: 'case_handler' }] });
    const r = await t.app.inject({ method: 'POST', url: `/admin/users/${user.principal.userId}/reset`, headers: admin.headers, payload: { _csrf: admin.csrf, resetTotp: '1' } });
    assert.equal(r.statusCode, 200);
    const temp = /<code class="secret">([^<]+)<\/code>/.exec(r.body)![1];
    assert.equal((await t.app.inject({ url: '/admin', headers: user.headers })).statusCode, 303);
    const row = await userRow(t.ctx, user.username);
    assert.equal(row.mustChangePassword, true);
    assert.equal(row.totpEnabled, false);
    const pw = await passwordStep(t.app, t.ctx, user.username, temp);
    assert.match(String(pw.r.headers.location), /^\/admin\/enrol/);
  });

  it('edits agency information with leaders and units; the public page shows it', async () => {
    const admin = await loginAs(t, { grants: [{ agencyId: a.id, role: 'admin' }] });
    const form = await t.app.inject({ url: '/admin/agencies/agencya/edit', headers: admin.headers });
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /name="officeHours"/);
    const base = {
      _csrf: admin.csrf, version: '1', name: '甲厅', shortName: '甲', nameEn: '', address: '兰州市', postcode: '730000',
      officeHours: '工作日 9:00—17:00（新）', phone: '0931-1234567', fax: '', email: '', website: '', functions: '<p>负责甲事务。</p><script>alert(1)</script>',
      leaderName: ['王五', '', ''], leaderTitle: ['厅长', '', ''], leaderDuties: ['主持全面工作', '', ''],
      unitKind: ['internal', 'affiliated'], unitName: ['办公室', '甲中心'], unitHead: ['赵六', ''], unitPhone: ['0931-1111111', ''], unitFunctions: ['机关运转', '技术服务'],
    };
    const bad = await t.app.inject({ method: 'POST', url: '/admin/agencies/agencya/edit?lang=en', headers: admin.headers, payload: { ...base, postcode: '12', leaderName: ['', '', ''], leaderTitle: ['厅长', '', ''] } });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /A postcode has 6 digits/);
    assert.match(bad.body, /Enter the name/);
    assert.match(bad.body, /aria-invalid="true"/);
    assert.match(bad.body, /工作日 9:00—17:00（新）/); // the user's input is kept
    const ok = await t.app.inject({ method: 'POST', url: '/admin/agencies/agencya/edit', headers: admin.headers, payload: base });
    assert.equal(ok.statusCode, 303);
    const pub = await t.app.inject('/agencies/agencya/info');
    assert.match(pub.body, /工作日 9:00—17:00（新）/);
    assert.match(pub.body, /王五/);
    assert.match(pub.body, /甲中心/);
    assert.ok(!pub.body.includes('<script>alert'));
    // A stale version is refused with 409, and the user's text is kept.
    const stale = await t.app.inject({ method: 'POST', url: '/admin/agencies/agencya/edit', headers: admin.headers, payload: { ...base, officeHours: '过期的修改' } });
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /过期的修改/);
    const audit = await t.ctx.db.selectFrom('audit_log').select('summary').where('action', '=', 'agency.edit').execute();
    assert.deepEqual(JSON.parse(audit[0].summary).changed.sort(), ['address', 'email', 'functions', 'leaders', 'nameEn', 'officeHours', 'phone', 'shortName', 'units'].sort());
  });

  it('lets auditors browse and filter the audit log of their agencies only', async () => {
    const auditor = await loginAs(t, { grants: [{ agencyId: b.id, role: 'auditor' }] });
    const all = await t.app.inject({ url: '/admin/audit', headers: auditor.headers });
    assert.equal(all.statusCode, 200);
    assert.ok(!all.body.includes('<code>agency.edit</code>'), 'agency A edits are not visible to an auditor of B');
    assert.match(all.body, /auth\.login/);
    const filtered = await t.app.inject({ url: `/admin/audit?action=auth.login&actor=${auditor.username}&from=2024-03-04&to=2024-03-04`, headers: auditor.headers });
    assert.equal(filtered.statusCode, 200);
    assert.match(filtered.body, new RegExp(auditor.username));
    const other = await t.app.inject({ url: '/admin/audit?agency=agencya', headers: auditor.headers });
    assert.equal(other.statusCode, 403);
    const badDate = await t.app.inject({ url: '/admin/audit?from=yesterday', headers: auditor.headers });
    assert.equal(badDate.statusCode, 422);
    const editor = await loginAs(t, { grants: [{ agencyId: b.id, role: 'editor' }] });
    assert.equal((await t.app.inject({ url: '/admin/audit', headers: editor.headers })).statusCode, 403);
  });

  it('shows administrators the accounts panel on the dashboard, and other roles not', async () => {
    const admin = await loginAs(t, { grants: [{ agencyId: b.id, role: 'admin' }] });
    await t.app.inject({ method: 'POST', url: '/admin/users', headers: admin.headers, payload: { _csrf: admin.csrf, username: 'pending.one', displayName: '待设置', agencyId: b.id, roles: 'editor' } });
    const dash = await t.app.inject({ url: '/admin', headers: admin.headers });
    assert.equal(dash.statusCode, 200);
    assert.match(dash.body, /id="panel-accounts"/);
    assert.match(dash.body, /尚未设置双因素认证的用户<\/a><span class="badge warn">1</);
    const editor = await loginAs(t, { grants: [{ agencyId: b.id, role: 'editor' }] });
    assert.ok(!(await t.app.inject({ url: '/admin', headers: editor.headers })).body.includes('panel-accounts'));
  });

  it('lists my sessions and revokes another one', async () => {
    const s1 = await loginAs(t, { grants: [{ agencyId: a.id, role: 'editor' }] });
    const s2 = await loginAs(t, { grants: [], username: s1.username });
    const page = await t.app.inject({ url: '/admin/account', headers: s1.headers });
    assert.equal(page.statusCode, 200);
    const handles = [...page.body.matchAll(/name="handle" value="([0-9a-f]+)"/g)].map((m) => m[1]);
    assert.equal(handles.length, 1);
    const r = await t.app.inject({ method: 'POST', url: '/admin/account/sessions/revoke', headers: s1.headers, payload: { _csrf: s1.csrf, handle: handles[0] } });
    assert.equal(r.statusCode, 303);
    assert.equal((await t.app.inject({ url: '/admin', headers: s2.headers })).statusCode, 303);
    assert.equal((await t.app.inject({ url: '/admin', headers: s1.headers })).statusCode, 200);
  });

  // Last: it changes the platform-wide profile.
  it('switches to the dengbao profile (audited); a password older than 90 days must then be changed', async () => {
    const admin = await loginAs(t, { grants: [{ agencyId: a.id, role: 'admin' }] });
    const editor = await loginAs(t, { grants: [{ agencyId: b.id, role: 'editor' }] });
    const refused = await t.app.inject({ method: 'POST', url: '/admin/settings/password-profile', headers: editor.headers, payload: { _csrf: editor.csrf, profile: 'dengbao' } });
    assert.equal(refused.statusCode, 403);
    const r = await t.app.inject({ method: 'POST', url: '/admin/settings/password-profile', headers: admin.headers, payload: { _csrf: admin.csrf, profile: 'dengbao' } });
    assert.equal(r.statusCode, 303);
    const entry = await t.ctx.db.selectFrom('audit_log').select('summary').where('action', '=', 'settings.change').executeTakeFirstOrThrow();
    assert.deepEqual(JSON.parse(entry.summary), { before: 'standard', after: 'dengbao' });
    const { updateUser } = await import('../../src/accounts/account-store.ts');
    await updateUser(t.ctx.db, editor.principal.userId, { passwordChangedAt: new Date(t.ctx.clock.now().getTime() - 91 * 86_400_000).toISOString() }, t.ctx.clock.now().toISOString());
    const again = await loginAs(t, { grants: [], username: editor.username });
    const dash = await t.app.inject({ url: '/admin', headers: again.headers });
    assert.equal(dash.statusCode, 303);
    const login = await t.app.inject({ url: String(dash.headers.location), headers: again.headers });
    assert.match(String(login.headers.location), /^\/admin\/password/);
    assert.equal((await userRow(t.ctx, editor.username)).mustChangePassword, true);
  });
});
