// Browser test of the public portal (issue 2 "Browser tests"): portal home → agency page → 繁體, and axe-core finds
// no serious or critical violations on each page. Runs the real server (`gongkai start --demo-if-empty`).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { assertAccessible, launchBrowser, newContext } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';

describe('public portal in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    context = await newContext(browser, server.url);
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  test('home, agency page and 机构信息 in Simplified Chinese are accessible', async () => {
    const page = await context.newPage();
    await page.goto('/');
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-Hans-CN');
    assert.match(await page.getByRole('heading', { level: 1 }).innerText(), /政务公开平台/);
    await assertAccessible(page, 'portal home');

    await page.getByRole('link', { name: '甘肃省科学技术厅' }).click();
    await page.waitForURL('**/agencies/gskjt');
    assert.match(await page.getByRole('heading', { level: 1 }).innerText(), /甘肃省科学技术厅/);
    for (const entry of ['政府信息公开指南', '政府信息公开目录', '法定主动公开内容', '政府信息公开年报', '依申请公开']) {
      assert.ok(await page.getByRole('link', { name: new RegExp(entry) }).first().isVisible(), `column entry ${entry}`);
    }
    await assertAccessible(page, 'agency home');

    await page.getByRole('navigation', { name: '栏目导航' }).getByRole('link', { name: '机构信息' }).click();
    await page.waitForURL('**/agencies/gskjt/info');
    assert.match(await page.getByRole('heading', { level: 1 }).innerText(), /机构信息/);
    assert.ok(await page.getByRole('heading', { name: '机构职能' }).isVisible());
    await assertAccessible(page, 'agency info');
    await page.close();
  });

  test('the language switch turns the page into Traditional Chinese and is remembered', async () => {
    const page = await context.newPage();
    await page.goto('/agencies/gskjt');
    await page.getByRole('navigation', { name: '语言' }).getByRole('link', { name: '繁體' }).click();
    await page.waitForURL(/lang=zh-TW/);
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-Hant-TW');
    const h1 = await page.getByRole('heading', { level: 1 }).innerText();
    assert.match(h1, /甘肅省科學技術廳/);
    assert.doesNotMatch(h1, /甘肃省/);
    assert.equal(await page.getByRole('link', { name: '繁體' }).getAttribute('aria-current'), 'true');
    await assertAccessible(page, 'agency home (zh-TW)');

    // The choice is remembered in a cookie: a plain link without ?lang= stays Traditional.
    await page.goto('/');
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-Hant-TW');
    assert.match(await page.getByRole('heading', { level: 1 }).innerText(), /政務公開/);
    await page.goto('/agencies/gskjt/info');
    assert.match(await page.locator('main').innerText(), /甘肅省科學技術廳/);
    await assertAccessible(page, 'agency info (zh-TW)');

    // Back to Simplified (opencc also converts the switch's own label to 簡體, so find it by its lang attribute).
    await page.locator('.lang-switch a[lang="zh-Hans-CN"]').click();
    await page.waitForURL(/lang=zh-CN/);
    assert.match(await page.getByRole('heading', { level: 1 }).innerText(), /甘肃省科学技术厅/);
    await page.close();
  });

  test('English pages are accessible and unknown pages answer 404 with an error page', async () => {
    const page = await context.newPage();
    await page.goto('/?lang=en');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    await assertAccessible(page, 'portal home (en)');
    const res = await page.goto('/no-such-page');
    assert.equal(res?.status(), 404);
    await assertAccessible(page, '404 page');
    await page.close();
  });
});
