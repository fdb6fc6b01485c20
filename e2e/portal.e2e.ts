// Browser test of the public portal (issue 2 "Browser tests"): portal home → agency page → 繁體, and axe-core finds
// no serious or critical violations on each page. Runs the real server (`gongkai start --demo-if-empty`).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { assertAccessible, launchBrowser, newContext } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { signInDemoStaff } from './support/staff-session.ts';

const LANGS = ['zh-CN', 'zh-TW', 'en'] as const;

/** The first link on `path` whose href matches `re` (ids of demo records differ between runs). */
async function firstLink(context: BrowserContext, path: string, re: RegExp): Promise<string> {
  const html = await (await context.request.get(path)).text();
  const href = [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, '&')).find((h) => re.test(h));
  assert.ok(href, `a link matching ${re} on ${path}`);
  return href.replace(/[?&]lang=[^&]*/, '');
}

/** What the check found wrong on one page: horizontal overflow, console errors, Chinese in the English chrome. */
async function pageProblems(page: Page, errors: string[], lang: string): Promise<string[]> {
  const found = await page.evaluate(() => {
    const width = window.innerWidth;
    const scroll = document.scrollingElement!.scrollWidth;
    // Header and footer text without the language switch (names in their own language) and decorative marks.
    const chrome = [...document.querySelectorAll('header.site-header, footer.site-footer')].map((el) => {
      const copy = el.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('[lang], [aria-hidden="true"]').forEach((n) => n.remove());
      return copy.textContent ?? '';
    }).join(' ');
    return { width, scroll, chrome };
  });
  const problems: string[] = [];
  if (found.scroll > found.width) problems.push(`page is ${found.scroll}px wide in a ${found.width}px viewport`);
  if (lang === 'en' && /[\u4e00-\u9fff]/.test(found.chrome)) problems.push(`Chinese in the English header/footer: ${found.chrome.replace(/\s+/g, ' ').slice(0, 200)}`);
  return [...problems, ...errors.map((e) => `console: ${e}`)];
}

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

  test('every public page type on a phone (390×844) in zh-CN, zh-TW and en: no horizontal scroll, no console error or CSP violation, no axe violation', { timeout: 1_200_000 }, async () => {
    const phone = await browser.newContext({
      baseURL: server.url, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai',
    });
    phone.setDefaultTimeout(60_000);
    phone.setDefaultNavigationTimeout(60_000);
    const applied = await phone.request.post('/api/v1/requests', {
      data: {
        agency: 'gskjt', description: '请公开2020年度省级科技计划项目立项清单。',
        applicant: { kind: 'natural_person', name: '演示申请人', idType: 'resident_id', idNumber: '11010519491231002X', phone: '13800138000' },
      },
    });
    assert.equal(applied.status(), 201, await applied.text());
    const pages = [
      '/', '/agencies/gskjt', '/agencies/gskjt/info', '/agencies/gskjt/guide', '/agencies/gskjt/catalogue',
      '/agencies/gskjt/catalogue?category=gfxwj&year=2020', '/agencies/gskjt/disclosure', '/agencies/gskjt/columns/zwdt',
      await firstLink(phone, '/agencies/gskjt/catalogue?category=gfxwj', /^\/documents\/[^/]+$/),
      '/agencies/gskjt/powers', await firstLink(phone, '/agencies/gskjt/powers', /^\/agencies\/gskjt\/powers\/[^/?]+$/),
      '/agencies/gskjt/enforcement', '/agencies/gskjt/licences', '/agencies/lzzrzy/penalties', '/agencies/gskjt/fees',
      '/agencies/gskjt/mailbox', '/agencies/gskjt/mailbox/track', '/agencies/gskjt/solicitations',
      await firstLink(phone, '/agencies/gskjt/solicitations', /^\/agencies\/gskjt\/solicitations\/[^/?]+$/),
      '/agencies/gskjt/reports', '/agencies/gskjt/reports/2020', '/agencies/lzzrzy/reports/2023', '/agencies/gskjt/apply',
      '/requests', `/requests/${(await applied.json()).trackingCode}`, '/search?q=科技', '/search?q=犀鸟犀鸟无此结果',
    ];
    const page = await phone.newPage();
    let errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));
    const failures: string[] = [];
    for (const lang of LANGS) {
      for (const path of pages) {
        errors = [];
        const url = `${path}${path.includes('?') ? '&' : '?'}lang=${lang}`;
        const res = await page.goto(url);
        if (res?.status() !== 200) { failures.push(`${url}: HTTP ${res?.status()}`); continue; }
        for (const p of await pageProblems(page, errors, lang)) failures.push(`${url}: ${p}`);
        try {
          await assertAccessible(page, url);
        } catch (e) {
          failures.push(String((e as Error).message).split('\n').slice(0, 4).join(' '));
        }
      }
    }
    await phone.close();
    assert.deepEqual(failures, [], `${failures.length} problems on ${pages.length} page types × ${LANGS.length} languages`);
  });

  test('back office: the body editor\'s toolbar speaks the page language; the audit log fits a desktop window', { timeout: 600_000 }, async () => {
    const editor = await signInDemoStaff(browser, server, 'kjt.editor');
    for (const [lang, bold, preview] of [['en', 'Bold', 'Preview'], ['zh-TW', '加粗', '預覽'], ['zh-CN', '加粗', '预览']] as const) {
      await editor.page.goto(`/admin/catalogue/new?agency=gskjt&lang=${lang}`);
      const toolbar = editor.page.getByRole('toolbar');
      assert.ok(await toolbar.getByRole('button', { name: bold, exact: true }).isVisible(), `${lang}: ${bold}`);
      assert.ok(await toolbar.getByRole('button', { name: preview, exact: true }).isVisible(), `${lang}: ${preview}`);
    }
    await editor.context.close();

    const auditor = await signInDemoStaff(browser, server, 'kjt.auditor');
    for (const width of [1366, 390]) {
      await auditor.page.setViewportSize({ width, height: 900 });
      for (const lang of LANGS) {
        await auditor.page.goto(`/admin/audit?lang=${lang}`);
        const scroll = await auditor.page.evaluate(() => document.scrollingElement!.scrollWidth);
        assert.ok(scroll <= width, `/admin/audit (${lang}) is ${scroll}px wide in a ${width}px window`);
      }
    }
    await auditor.context.close();
  });
});
