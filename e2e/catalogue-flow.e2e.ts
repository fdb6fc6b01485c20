// Browser test of issue 4's "Done when": kjt.editor uploads a Word file on the new-item page (title, 发文字号 and
// body are imported), sets the metadata and submits; kjt.reviewer approves with the 保密审查 and publishes; a visitor
// sees it on the portal at once, finds it by a 2-character search and in the Atom feed; after withdrawal it is gone
// from the portal, search, feed and sitemap. axe-core on the key pages.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AlignmentType, Document, Packer, Paragraph, TextRun } from 'docx';
import type { APIRequestContext, Browser, BrowserContext } from 'playwright-core';
import { assertAccessible, launchBrowser, newContext } from './support/browser.ts';
import { screenshot } from './support/screenshots.ts';
import type { RunningServer } from './support/server.ts';
import { assertNoFormErrors, signInDemoStaff, startDemoServer, STEP_TIMEOUT, submitAndWait } from './support/staff-session.ts';

/** A distinctive two-character word that occurs nowhere in the demo data. */
const WORD = '犀鸟';
const DOC_NO = '甘科政〔2026〕99号';
const TITLE = '甘肃省科学技术厅关于开展犀鸟栖息地科研监测工作的通知';

/** Today in Shanghai as 2026年11月27日 (the 成文日期 line the import recognises). */
function todayLine(): string {
  const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()).split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** An official-looking .docx: issuer line, 发文字号, centred title, body with the distinctive word, date. */
async function makeDocx(path: string): Promise<void> {
  const p = (text: string, center = false) => new Paragraph({ alignment: center ? AlignmentType.CENTER : undefined, children: [new TextRun(text)] });
  const doc = new Document({
    sections: [{
      children: [
        p('甘肃省科学技术厅文件', true),
        p(DOC_NO, true),
        p(TITLE, true),
        p('各市州科技局，各有关单位：'),
        p(`为保护珍稀鸟类，现就${WORD}栖息地科研监测工作通知如下。一、各单位要组织开展${WORD}种群调查。二、监测数据按季度报送。`),
        p('甘肃省科学技术厅'),
        p(todayLine()),
      ],
    }],
  });
  writeFileSync(path, await Packer.toBuffer(doc));
}

async function text(request: APIRequestContext, url: string): Promise<{ status: number; body: string }> {
  const res = await request.get(url, { timeout: STEP_TIMEOUT });
  return { status: res.status(), body: await res.text() };
}

describe('issue 4: a Word document from upload to portal, search and feed, and withdrawn again', { timeout: 900_000 }, () => {
  let server: RunningServer;
  let browser: Browser;
  let visitor: BrowserContext;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gongkai-e2e-docx-'));
    server = await startDemoServer();
    browser = await launchBrowser();
    visitor = await newContext(browser, server.url, STEP_TIMEOUT);
  });
  after(async () => {
    await visitor?.close();
    await browser?.close();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('upload .docx → submit → approve with 保密审查 → publish → portal, search, feed → withdraw → gone everywhere', async () => {
    const docx = join(dir, '犀鸟监测通知.docx');
    await makeDocx(docx);
    const pub = visitor.request;
    // The visitor's pages are cached before publication; publishing must drop them.
    assert.doesNotMatch((await text(pub, '/agencies/gskjt/catalogue')).body, new RegExp(WORD));
    assert.doesNotMatch((await text(pub, '/feeds/gskjt.atom')).body, new RegExp(WORD));

    // The editor drafts from the Word file.
    const editor = await signInDemoStaff(browser, server, 'kjt.editor');
    let itemUrl: string;
    try {
      const page = editor.page;
      await page.goto('/admin/catalogue/new?agency=gskjt');
      await assertAccessible(page, 'new item form');
      await page.locator('[name="docx"]').setInputFiles(docx);
      await submitAndWait(page, page.getByRole('button', { name: '导入 Word 文件' }));
      await assertNoFormErrors(page, 'Word import');
      assert.equal(await page.locator('[name="title"]').inputValue(), TITLE);
      assert.equal(await page.locator('[name="documentNumber"]').inputValue(), DOC_NO);
      assert.match(await page.locator('[name="bodyHtml"]').inputValue(), new RegExp(`${WORD}种群调查`));
      await assertAccessible(page, 'new item form after the import');
      // Metadata the file cannot carry.
      await page.locator('[name="categoryCode"]').selectOption('qtwj');
      await page.locator('[name="subjectWords"]').fill(`科研 监测 ${WORD}`);
      await page.locator('[name="summary"]').fill(`部署${WORD}栖息地科研监测工作。`);
      await submitAndWait(page, page.getByRole('button', { name: '保存草稿' }));
      await assertNoFormErrors(page, 'save draft');
      assert.match(new URL(page.url()).pathname, /^\/admin\/catalogue\/[^/]+$/);
      itemUrl = new URL(page.url()).pathname;
      await assertAccessible(page, 'item page (draft)');
      await submitAndWait(page, page.getByRole('button', { name: '提交审核' }));
      await assertNoFormErrors(page, 'submit');
      assert.match(await page.locator('h1').innerText(), /待审核|已提交|提交/);
    } finally {
      await editor.context.close();
    }

    // Another user reviews, approves with the confidentiality review, and publishes.
    const reviewer = await signInDemoStaff(browser, server, 'kjt.reviewer');
    try {
      const page = reviewer.page;
      await page.goto(itemUrl);
      await assertAccessible(page, 'item page (submitted)');
      await page.locator('[name="confidentialityChecked"]').check();
      const ack = page.locator('[name="personalDataAcknowledged"]');
      if (await ack.count()) await ack.check();
      await submitAndWait(page, page.getByRole('button', { name: '审核通过' }));
      await assertNoFormErrors(page, 'approve');
      await submitAndWait(page, page.getByRole('button', { name: '立即发布' }));
      await assertNoFormErrors(page, 'publish');
      const publishedAt = Date.now();

      // On the portal at once: the cached catalogue list was dropped by the publication.
      const list = await text(pub, '/agencies/gskjt/catalogue');
      const elapsed = Date.now() - publishedAt;
      assert.ok(list.body.includes(TITLE), 'the catalogue list shows the new item on the first request after publishing');
      console.log(`# item visible on the portal ${elapsed} ms after the publish response`);
      const publicHref = await page.getByRole('link', { name: '查看公开页面' }).getAttribute('href');
      assert.ok(publicHref);

      const item = await visitor.newPage();
      const res = await item.goto(publicHref);
      assert.equal(res?.status(), 200);
      assert.match(await item.getByRole('heading', { level: 1 }).innerText(), new RegExp(WORD));
      const main = await item.locator('main').innerText();
      assert.ok(main.includes(DOC_NO), 'the item page shows the 发文字号');
      assert.ok(main.includes(`${WORD}种群调查`), 'the item page shows the body');
      await assertAccessible(item, 'item page (public)');
      await screenshot(item, 'item-page');

      // Found by a two-character search.
      await item.goto('/search');
      await item.locator('#search-q').fill(WORD);
      await Promise.all([item.waitForURL(/\/search\?/), item.locator('#search-q').press('Enter')]);
      const hits = await item.locator('.search-hits').innerText();
      assert.ok(hits.includes(TITLE), `search for ${WORD} lists the item:\n${hits}`);
      await assertAccessible(item, 'search results');

      // In the agency's Atom feed.
      const feed = await text(pub, '/feeds/gskjt.atom');
      assert.equal(feed.status, 200);
      assert.ok(feed.body.includes(TITLE), 'the Atom feed has the item');
      assert.ok(feed.body.includes(publicHref), 'the feed entry links to the item page');
      const sitemap = await text(pub, '/sitemap.xml');
      assert.ok(sitemap.body.includes(publicHref), 'the sitemap lists the item');

      // Withdrawn: gone from portal, search, feed and sitemap.
      await page.goto(itemUrl);
      await page.locator('[name="reason"]').fill('内容需要调整，暂予撤回。');
      await submitAndWait(page, page.getByRole('button', { name: '撤回', exact: true }));
      await assertNoFormErrors(page, 'withdraw');

      const gone = await item.goto(publicHref);
      assert.equal(gone?.status(), 410, 'the item page answers 410 Gone with the public explanation');
      assert.match(await item.locator('main').innerText(), /已撤回/);
      await assertAccessible(item, 'withdrawn item page');
      assert.ok(!(await text(pub, '/agencies/gskjt/catalogue')).body.includes(TITLE), 'gone from the catalogue list');
      const search = await text(pub, `/search?q=${encodeURIComponent(WORD)}`);
      assert.ok(!search.body.includes(TITLE), 'gone from search');
      assert.ok(!(await text(pub, '/feeds/gskjt.atom')).body.includes(TITLE), 'gone from the feed');
      assert.ok(!(await text(pub, '/sitemap.xml')).body.includes(publicHref), 'gone from the sitemap');
    } finally {
      await reviewer.context.close();
    }
  });
});
