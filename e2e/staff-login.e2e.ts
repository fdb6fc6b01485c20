// Browser test of issue 2's "Done when" for a new user: the portal home in 繁體, then the demo administrator kjt.admin
// signs in for the first time (password + TOTP enrolment with a code from the displayed key), signs out and in again
// with password + TOTP, edits 甘肃省科学技术厅's office hours, and a visitor who had the public page from the page cache
// sees them on /agencies/gskjt/info at once (the edit dropped the cached page). axe-core on every key page.
// (This file replaces staff.e2e.ts, whose checks are merged here; first-run set-up is covered by
// test/accounts/setup-demo.test.ts: a demo server always has the demo administrator.)
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { assertAccessible, launchBrowser, newContext } from './support/browser.ts';
import { screenshot } from './support/screenshots.ts';
import type { RunningServer } from './support/server.ts';
import {
  assertNoFormErrors, demoPassword, freshCode, signInDemoStaff, startDemoServer, STEP_TIMEOUT, submitAndWait,
} from './support/staff-session.ts';

describe('issue 2: portal in 繁體 and the administrator edits office hours', { timeout: 900_000 }, () => {
  let server: RunningServer;
  let browser: Browser;
  let visitor: BrowserContext;

  before(async () => {
    server = await startDemoServer();
    browser = await launchBrowser();
    visitor = await newContext(browser, server.url, STEP_TIMEOUT);
  });
  after(async () => {
    await visitor?.close();
    await browser?.close();
    await server?.stop();
  });

  test('home → 繁體 → kjt.admin enrols TOTP, signs out and in with TOTP → office hours edited → public page shows them past the cache', async () => {
    const pub = await visitor.newPage();
    await pub.goto('/');
    assert.match(await pub.getByRole('heading', { level: 1 }).innerText(), /政务公开平台/);
    await assertAccessible(pub, 'portal home');
    await screenshot(pub, 'portal-home');

    await pub.getByRole('navigation', { name: '语言' }).getByRole('link', { name: '繁體' }).click();
    await pub.waitForURL(/lang=zh-TW/);
    assert.equal(await pub.getAttribute('html', 'lang'), 'zh-Hant-TW');
    const home = await pub.locator('body').innerText();
    assert.match(home, /政務公開/);
    assert.doesNotMatch(await pub.getByRole('heading', { level: 1 }).innerText(), /政务公开/);
    await assertAccessible(pub, 'portal home (zh-TW)');
    // Back to Simplified for the rest (the switch label itself is converted, so find it by its lang attribute).
    await pub.locator('.lang-switch a[lang="zh-Hans-CN"]').click();
    await pub.waitForURL(/lang=zh-CN/);

    await pub.goto('/agencies/gskjt/info');
    const before = await pub.locator('main').innerText();
    const cached = await pub.goto('/agencies/gskjt/info');
    assert.equal(cached?.headers()['x-page-cache'], 'hit', 'the visitor has the public page from the page cache');

    const admin = await signInDemoStaff(browser, server, 'kjt.admin', true);
    try {
      const page = admin.page;
      await assertAccessible(page, 'admin dashboard');
      // Sign out, then in again with password and a TOTP code of a step not used at enrolment.
      await submitAndWait(page, page.getByRole('button', { name: '退出' }));
      await page.goto('/admin/login');
      await page.locator('[name="username"]').fill('kjt.admin');
      await page.locator('[name="password"]').fill(demoPassword(server, 'kjt.admin'));
      await submitAndWait(page, page.getByRole('button', { name: '下一步' }));
      await assertAccessible(page, 'TOTP step');
      await page.locator('[name="code"]').fill(await freshCode(admin.totp, admin.usedSteps));
      await page.getByRole('button', { name: '登录', exact: true }).click();
      await page.waitForURL((u) => u.pathname.startsWith('/admin') && !/\/admin\/(login|enrol)/.test(u.pathname));

      await page.goto('/admin/agencies/gskjt/edit');
      await assertAccessible(page, 'agency information form');
      const hours = `工作日上午8:30至12:00，下午14:30至18:00（端到端测试${Date.now() % 100000}）`;
      await page.locator('[name="officeHours"]').fill(hours);
      await submitAndWait(page, page.getByRole('button', { name: '保存' }));
      await assertNoFormErrors(page, 'agency information form');

      const res = await pub.goto('/agencies/gskjt/info');
      assert.equal(res?.status(), 200);
      assert.equal(res?.headers()['x-page-cache'], 'miss', 'the edit dropped the cached page');
      const after = await pub.locator('main').innerText();
      assert.ok(after.includes(hours), `the public page shows the new office hours:\n${after}`);
      assert.notEqual(after, before);
      await assertAccessible(pub, 'agency info after the edit');
    } finally {
      await admin.context.close();
    }
  });
});
