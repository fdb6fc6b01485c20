// Browser test of issue 5's "Done when": a new user applies on /agencies/gskjt/apply with JavaScript off, gets a
// tracking code and due date and follows the case; kjt.handler requests 补正, the applicant corrects on the tracking
// page, the handler consults a third party, extends, decides 部分公开, kjt.reviewer approves (会签) and the handler
// sends the reply; the reply letter's DOCX opens (Chinese text in word/document.xml, and LibreOffice converts it to a
// PDF with the text intact where soffice is installed); the tracking page shows each step; table 三 counts the case
// in the 部分公开 row. axe-core on the key pages.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { strFromU8, unzipSync } from 'fflate';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { assertAccessible, launchBrowser } from './support/browser.ts';
import { screenshot } from './support/screenshots.ts';
import type { RunningServer } from './support/server.ts';
import { assertNoFormErrors, signInDemoStaff, startDemoServer, STEP_TIMEOUT, submitAndWait, type StaffSession } from './support/staff-session.ts';

const PHONE = '13909319876';
const TITLE = '2026年省级科技计划项目立项评审专家名单';

function hasSoffice(): boolean {
  try {
    execFileSync('soffice', ['--version'], { stdio: 'ignore', timeout: 120_000 });
    return true;
  } catch {
    return false;
  }
}

/** Takes a workflow step from the case page: fills the step's form, submits, expects no field errors. */
async function step(page: Page, action: string, fill: (form: ReturnType<Page['locator']>) => Promise<void> = async () => undefined): Promise<void> {
  const form = page.locator(`#action-${action}`);
  await fill(form);
  await submitAndWait(page, form.locator('button[type="submit"]'));
  await assertNoFormErrors(page, action);
  assert.match(page.url(), new RegExp(`done=${action}`), `${action} went through`);
}

/** Runs axe-core on the URL the applicant's page shows (same visitor view, with scripts allowed for axe). */
async function checkA11y(checker: BrowserContext, url: string, label: string, shot?: string): Promise<void> {
  const page = await checker.newPage();
  try {
    await page.goto(url);
    await assertAccessible(page, label);
    if (shot) await screenshot(page, shot);
  } finally {
    await page.close();
  }
}

/** The public steps listed on the tracking page. */
async function trackingSteps(page: Page, code: string): Promise<string> {
  await page.goto(`/requests/${code}`);
  return page.locator('ol.timeline').innerText();
}

describe('issue 5: an application from the form to the reply letter and table 三', { timeout: 1_200_000 }, () => {
  let server: RunningServer;
  let browser: Browser;
  let applicant: BrowserContext;
  let checker: BrowserContext;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gongkai-e2e-letter-'));
    server = await startDemoServer();
    browser = await launchBrowser();
    // A phone without JavaScript: the form must work as plain HTML.
    applicant = await browser.newContext({ baseURL: server.url, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
    applicant.setDefaultTimeout(STEP_TIMEOUT);
    applicant.setDefaultNavigationTimeout(STEP_TIMEOUT);
    // axe-core runs as a script, which the applicant's context does not allow: the same pages are checked here.
    checker = await browser.newContext({ baseURL: server.url, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 390, height: 844 } });
    checker.setDefaultTimeout(STEP_TIMEOUT);
    checker.setDefaultNavigationTimeout(STEP_TIMEOUT);
  });
  after(async () => {
    await applicant?.close();
    await checker?.close();
    await browser?.close();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('apply → track → 补正 → correction → consult → extend → 部分公开 → reply letter → statistics', async () => {
    // The applicant applies.
    const pub = await applicant.newPage();
    await pub.goto('/agencies/gskjt/apply');
    await checkA11y(checker, '/agencies/gskjt/apply', 'application form (phone)', 'apply-phone');
    await pub.locator('[name="applicant.name"]').fill('陈晓雯');
    await pub.locator('[name="applicant.idType"]').selectOption('resident_id');
    await pub.locator('[name="applicant.idNumber"]').fill('620102199901011239');
    await pub.locator('[name="applicant.phone"]').fill(PHONE);
    await pub.locator('[name="applicant.address"]').fill('甘肃省兰州市城关区示范路1号');
    await pub.locator('[name="title"]').fill(TITLE);
    await pub.locator('[name="description"]').fill('申请获取2026年省级科技计划项目立项评审的专家名单及评审意见。');
    await submitAndWait(pub, pub.getByRole('button', { name: '提交申请' }));
    await assertNoFormErrors(pub, 'application');
    assert.match(await pub.getByRole('heading', { level: 1 }).innerText(), /申请已提交/);
    const code = (await pub.locator('.tracking-code').innerText()).trim();
    assert.match(code, /^[A-Za-z0-9_-]{8,32}$/);
    const status = await pub.getByRole('status').innerText();
    const due = /答复期限：\s*(\d{4}-\d{2}-\d{2})/.exec(status)?.[1];
    assert.ok(due, `the due date is shown:\n${status}`);

    await pub.getByRole('link', { name: '查看办理进度' }).click();
    await pub.waitForURL(`**/requests/${code}`);
    assert.match(await pub.locator('main').innerText(), /已收到/);
    assert.ok((await pub.locator('main').innerText()).includes(due));
    assert.doesNotMatch(await pub.locator('main').innerText(), new RegExp(PHONE), 'no personal data on the tracking page');
    await checkA11y(checker, new URL(pub.url()).pathname, 'tracking page');

    // The handler asks for a correction.
    const handler: StaffSession = await signInDemoStaff(browser, server, 'kjt.handler');
    const page = handler.page;
    await screenshot(page, 'admin-dashboard');
    await assertAccessible(page, 'admin dashboard (handler)');
    await page.goto(`/admin/requests?q=${encodeURIComponent(code)}`);
    await page.getByRole('link', { name: code }).click();
    await page.waitForURL(/\/admin\/requests\/[^/?]+$/);
    const caseUrl = new URL(page.url()).pathname;
    await assertAccessible(page, 'case page');
    await step(page, 'request_correction', async (f) => {
      await f.locator('[name="notes"]').fill('请写明所需评审意见对应的项目名称或项目编号。');
    });

    // The applicant corrects on the tracking page.
    await pub.goto(`/requests/${code}`);
    assert.match(await pub.locator('main').innerText(), /待补正/);
    await pub.locator('form[action$="/correction"] [name="text"]').fill('项目编号：甘科计〔2026〕1号至10号，所需为评审专家名单及评审意见。');
    await pub.locator('form[action$="/correction"] [name="contact"]').fill(PHONE);
    await submitAndWait(pub, pub.getByRole('button', { name: '提交补正' }));
    await assertNoFormErrors(pub, 'correction');
    assert.match(await pub.getByRole('status').innerText(), /补正内容已提交/);
    await checkA11y(checker, `/requests/${code}`, 'tracking page after the correction');

    // Consultation of a third party, extension, decision 部分公开.
    await page.goto(caseUrl);
    await step(page, 'start_consultation', async (f) => {
      await f.locator('[name="party"]').selectOption('third_party');
      await f.locator('[name="partyName"]').fill('兰州某科技有限公司（评审专家所在单位）');
    });
    await step(page, 'end_consultation', async (f) => {
      await f.locator('[name="opinion"]').selectOption('object');
      await f.locator('[name="note"]').fill('不同意公开专家个人联系方式。');
    });
    await step(page, 'extend', async (f) => {
      await f.locator('[name="workdays"]').fill('15');
      await f.locator('[name="approver"]').fill('王静');
      await f.locator('[name="reason"]').fill('需要汇总十个项目的评审材料，无法在法定期限内答复。');
    });
    assert.match(await page.locator('main dl.meta').first().innerText(), /公开状态\s*已延期答复/, 'the case page shows the public status as the applicant sees it');
    assert.match(await pub.goto(`/requests/${code}`).then(() => pub.locator('main').innerText()), /已延期/);
    await page.goto(caseUrl);
    await step(page, 'decide', async (f) => {
      await f.locator('[name="outcome"]').selectOption('partly_granted');
      await f.locator('[name="bases"][value="art37"]').check();
      await f.locator('[name="facts"]').fill('经审查，评审专家名单及评审意见可以公开；专家个人联系方式属于个人隐私，不予公开。');
      await f.locator('[name="withheld.0.what"]').fill('评审专家的个人联系方式');
    });
    await screenshot(page, 'case-page');
    await assertAccessible(page, 'case page with the draft reply');

    // Another user approves (会签), then the handler sends the reply.
    const reviewer = await signInDemoStaff(browser, server, 'kjt.reviewer');
    try {
      await reviewer.page.goto(caseUrl);
      await step(reviewer.page, 'approve');
    } finally {
      await reviewer.context.close();
    }
    await page.goto(caseUrl);
    await step(page, 'send_reply');
    assert.match(await page.locator('h1').innerText(), /已答复/);

    // The reply letter's DOCX opens with its Chinese text.
    const row = page.locator('#letters-h ~ * tr', { hasText: '政府信息公开申请答复书' }).first();
    const href = await row.getByRole('link', { name: 'DOCX' }).getAttribute('href');
    assert.ok(href, 'the reply letter has a DOCX download');
    const res = await handler.context.request.get(href, { timeout: STEP_TIMEOUT });
    assert.equal(res.status(), 200);
    assert.match(res.headers()['content-type'], /wordprocessingml/);
    const bytes = await res.body();
    const xml = strFromU8(unzipSync(new Uint8Array(bytes))['word/document.xml']);
    const text = xml.replace(/<[^>]+>/g, '');
    for (const s of ['答复书', '作区分处理', '第三十七条', '不予公开', '评审专家的个人联系方式']) assert.ok(text.includes(s), `word/document.xml has “${s}”`);
    if (hasSoffice()) {
      const docx = join(dir, 'reply.docx');
      writeFileSync(docx, bytes);
      execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'pdf', '--outdir', dir, docx], { stdio: 'ignore', timeout: 300_000 });
      assert.ok(existsSync(join(dir, 'reply.pdf')), 'LibreOffice converted the letter to PDF');
      const { PDFParse } = await import('pdf-parse');
      const parser = new PDFParse({ data: new Uint8Array(readFileSync(join(dir, 'reply.pdf'))) });
      try {
        const pdf = (await parser.getText()).text.replace(/\s+/g, '');
        assert.ok(pdf.includes('作区分处理') && pdf.includes('评审专家的个人联系方式'), 'the PDF keeps the Chinese text');
      } finally {
        await parser.destroy();
      }
    } else {
      console.log('# soffice not installed: the LibreOffice conversion was skipped');
    }

    // The tracking page shows each public step and the reply.
    const steps = await trackingSteps(pub, code);
    for (const s of ['提交申请', '告知补正', '收到补正', '征求意见', '征求意见结束', '延期答复', '发送答复']) {
      assert.ok(steps.includes(s), `the tracking page lists “${s}”:\n${steps}`);
    }
    const main = await pub.locator('main').innerText();
    assert.match(main, /已答复/);
    assert.match(main, /部分公开/);
    await checkA11y(checker, new URL(pub.url()).pathname, 'tracking page after the reply');

    // Table 三 counts the case under 部分公开, natural person.
    const year = /^\d{4}/.exec(due)![0];
    await page.goto(`/admin/requests/statistics?agency=gskjt&year=${year}`);
    await assertAccessible(page, 'statistics');
    const partly = page.locator('table.table3 tbody tr', { has: page.locator('th', { hasText: /部分公开/ }) }).first();
    const cell = partly.locator('td').first();
    assert.ok(Number(await cell.innerText()) >= 1, 'the 部分公开 row counts at least one natural-person case');
    await cell.getByRole('link').click();
    await page.waitForURL(/statistics\/cases/);
    assert.ok(await page.getByRole('link', { name: code }).isVisible(), 'the case is behind the 部分公开 cell');
    await handler.context.close();
  });
});
