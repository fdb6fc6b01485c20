import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { selectUserByUsername } from '../../src/accounts/account-store.ts';
import { loginWithPassword } from '../../src/accounts/login-service.ts';
import { prepareFirstRunSetup } from '../../src/accounts/setup-service.ts';
import { totpCodeAt } from '../../src/accounts/totp.ts';
import { loadAgencyDemo } from '../../src/demo/demo-agencies.ts';
import { DEMO_ACCOUNTS, loadAccountDemo } from '../../src/demo/demo-accounts.ts';
import { createTestApp, createTestCtx } from '../support/harness.ts';

describe('first-run setup', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  before(async () => {
    t = await createTestApp({ now: '2024-03-04T01:00:00Z' });
  });
  after(() => t.cleanup());

  it('leads /admin to /admin/setup, which needs the token printed at start', async () => {
    const home = await t.app.inject('/admin');
    assert.equal(home.statusCode, 303);
    assert.equal(home.headers.location, '/admin/setup');
    const token = await prepareFirstRunSetup(t.ctx);
    assert.ok(token);
    const file = join(t.ctx.dataDir, 'setup-token.txt');
    assert.equal(readFileSync(file, 'utf8').trim(), token);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const page = await t.app.inject('/admin/setup');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /name="agencyName"/); // empty database: the first agency too
    const form = {
      username: 'root.admin', displayName: '首位管理员', password: 'a long road through the hexi corridor', confirm: 'a long road through the hexi corridor',
      agencyName: '甘肃省人民政府', agencyShortName: '省政府', agencyCode: 'gansu', agencyKind: 'government',
    };
    const wrong = await t.app.inject({ method: 'POST', url: '/admin/setup', payload: { ...form, token: 'WRONG' } });
    assert.equal(wrong.statusCode, 422);
    assert.match(wrong.body, /设置令牌不正确/);
    const weak = await t.app.inject({ method: 'POST', url: '/admin/setup', payload: { ...form, token, password: 'password1234', confirm: 'password1234' } });
    assert.equal(weak.statusCode, 422);
    assert.match(weak.body, /常见密码/);
    assert.equal(await selectUserByUsername(t.ctx.db, 'root.admin'), undefined);
    assert.equal((await t.ctx.db.selectFrom('agencies').select('code').execute()).length, 0, 'no half-written agency');
    const ok = await t.app.inject({ method: 'POST', url: '/admin/setup', payload: { ...form, token } });
    assert.equal(ok.statusCode, 303);
    assert.match(String(ok.headers.location), /^\/admin\/enrol/);
    assert.equal(existsSync(file), false);
    const cookie = `gongkai_session=${ok.cookies.find((c) => c.name === 'gongkai_session')!.value}`;
    const enrol = await t.app.inject({ url: '/admin/enrol', headers: { cookie } });
    const secret = /<code class="secret">([A-Z2-7 ]+)<\/code>/.exec(enrol.body)![1].replace(/ /g, '');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(enrol.body)![1];
    const done = await t.app.inject({ method: 'POST', url: '/admin/enrol', headers: { cookie }, payload: { _csrf: csrf, code: totpCodeAt(secret, t.ctx.clock.now()) } });
    assert.equal(done.statusCode, 200);
    const full = `gongkai_session=${done.cookies.find((c) => c.name === 'gongkai_session')!.value}`;
    const users = await t.app.inject({ url: '/admin/users', headers: { cookie: full } });
    assert.equal(users.statusCode, 200);
    assert.match(users.body, /root\.admin/);
    assert.match(users.body, /密码策略/); // a platform administrator
    // Setup is over: the page and the token are gone.
    assert.equal((await t.app.inject('/admin/setup')).headers.location, '/admin/login');
    assert.equal((await t.app.inject({ method: 'POST', url: '/admin/setup', payload: { ...form, token } })).statusCode, 303);
    assert.equal(await prepareFirstRunSetup(t.ctx), undefined);
  });
});

describe('demo staff accounts', () => {
  it('get random passwords, printed once and written to a 0600 file, and enrol TOTP at first login', async () => {
    const ctx = await createTestCtx();
    try {
      const agencies = await loadAgencyDemo(ctx);
      let printed: string[] = [];
      await loadAccountDemo(ctx, agencies, (lines) => { printed = lines; });
      const file = join(ctx.dataDir, 'demo-credentials.txt');
      assert.equal(statSync(file).mode & 0o777, 0o600);
      const text = readFileSync(file, 'utf8');
      assert.equal(DEMO_ACCOUNTS.length, 9);
      const passwords = new Set<string>();
      for (const [username] of DEMO_ACCOUNTS) {
        const line = text.split('\n').find((l) => l.trim().startsWith(username + ' '))!;
        assert.ok(line, username);
        assert.ok(printed.some((p) => p === line));
        const password = line.trim().split(/\s+/)[1];
        passwords.add(password);
        const step = await loginWithPassword(ctx, { username, password });
        assert.equal(step.stage, 'enrol');
      }
      assert.equal(passwords.size, DEMO_ACCOUNTS.length);
      const sup = await ctx.db.selectFrom('user_roles').selectAll().where('role', '=', 'supervisor').execute();
      assert.deepEqual(sup.map((r) => r.agency_id), [agencies.province.id]);
    } finally {
      await ctx.cleanup();
    }
  });
});
