// Browser test of the staff flow (issue 2 "Browser tests"): a demo administrator signs in with the password from
// <dataDir>/demo-credentials.txt (or, without demo staff, the first administrator is created through first-run
// set-up), enrols TOTP with codes computed from the key shown on the enrolment page, signs out and in again with
// password + TOTP, edits the agency's office hours, and a visitor sees them on the public (cached) page at once;
// axe-core on every staff page.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Secret, TOTP } from 'otpauth';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { loadConfig } from '../src/config.ts';
import { prepareFirstRunSetup, SETUP_TOKEN_FILE } from '../src/accounts/setup-service.ts';
import { createContext } from '../src/platform/bootstrap.ts';
import { assertAccessible, launchBrowser, newContext } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';

const DEMO_CREDENTIALS_FILE = 'demo-credentials.txt';

/** Who signs in, and which agency they administer. */
interface Staff {
  username: string;
  password: string;
  agency: string;
  viaSetup: boolean;
}

/** The demo administrator of gskjt from the credentials file, or a first administrator created by set-up. */
function demoAdmin(server: RunningServer): Staff | undefined {
  const file = join(server.dataDir, DEMO_CREDENTIALS_FILE);
  if (!existsSync(file)) return undefined;
  const line = readFileSync(file, 'utf8').split('\n').find((l) => /^\s*kjt\.admin\s/.test(l));
  if (!line) return undefined;
  const [username, password] = line.trim().split(/\s+/);
  return { username, password, agency: 'gskjt', viaSetup: false };
}

/** The first-run set-up token: from the file `gongkai start` writes, or issued on the server's database. */
async function setupToken(server: RunningServer): Promise<string> {
  const file = join(server.dataDir, SETUP_TOKEN_FILE);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const ctx = await createContext(loadConfig({ ...process.env, GONGKAI_DATA_DIR: server.dataDir, DATABASE_URL: process.env.GONGKAI_E2E_DATABASE_URL ?? '' }), { migrate: false });
  try {
    const token = await prepareFirstRunSetup(ctx);
    assert.ok(token, 'set-up is due on a fresh demo database');
    return token;
  } finally {
    await ctx.database.close();
  }
}

/** A TOTP code for a step not used before (the server refuses a replayed step, RFC 6238 §5.2). */
async function freshCode(totp: TOTP, used: Set<number>): Promise<string> {
  for (;;) {
    const step = Math.floor(Date.now() / 1000 / totp.period);
    if (!used.has(step) && (Date.now() / 1000) % totp.period < totp.period - 2) {
      used.add(step);
      return totp.generate();
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe('staff flow in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let staff: BrowserContext;
  let visitor: BrowserContext;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    staff = await newContext(browser, server.url);
    visitor = await newContext(browser, server.url);
  });
  after(async () => {
    await staff?.close();
    await visitor?.close();
    await browser?.close();
    await server?.stop();
  });

  test('sign in, enrol TOTP, sign in again with TOTP, edit office hours, see them on the public page', async () => {
    const who: Staff = demoAdmin(server) ?? { username: 'e2e-admin', password: 'correct horse battery staple 公开', agency: 'gansu', viaSetup: true };
    // A visitor has the public page cached before the edit.
    const pub: Page = await visitor.newPage();
    await pub.goto(`/agencies/${who.agency}/info`);
    const oldText = await pub.locator('main').innerText();
    const again = await pub.goto(`/agencies/${who.agency}/info`);
    assert.equal(again?.headers()['x-page-cache'], 'hit');

    const page = await staff.newPage();
    if (who.viaSetup) {
      const token = await setupToken(server);
      await page.goto('/admin/setup');
      await assertAccessible(page, 'first-run set-up');
      await page.locator('[name="token"]').fill(token);
      await page.locator('[name="username"]').fill(who.username);
      await page.locator('[name="displayName"]').fill('端到端测试管理员');
      await page.locator('[name="password"]').fill(who.password);
      await page.locator('[name="confirm"]').fill(who.password);
      await page.getByRole('button', { name: '创建管理员' }).click();
    } else {
      await page.goto('/admin');
      await page.waitForURL('**/admin/login**');
      await assertAccessible(page, 'sign-in');
      await page.locator('[name="username"]').fill(who.username);
      await page.locator('[name="password"]').fill(who.password);
      await page.getByRole('button', { name: '下一步' }).click();
    }

    // TOTP enrolment: the key is on the page (grouped in fours) as for someone who cannot scan the QR code.
    await page.waitForURL('**/admin/enrol**');
    await assertAccessible(page, 'TOTP enrolment');
    const secret = (await page.locator('code.secret').innerText()).replace(/\s+/g, '');
    const totp = new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });
    const used = new Set<number>();
    await page.locator('[name="code"]').fill(await freshCode(totp, used));
    await page.getByRole('button', { name: '完成设置' }).click();
    await page.getByRole('link', { name: '我已保存恢复码，继续' }).click();

    // Sign out, then sign in with password and TOTP.
    await page.getByRole('button', { name: '退出' }).click();
    await page.goto('/admin/login');
    await assertAccessible(page, 'sign-in');
    await page.locator('[name="username"]').fill(who.username);
    await page.locator('[name="password"]').fill(who.password);
    await page.getByRole('button', { name: '下一步' }).click();
    await assertAccessible(page, 'TOTP step');
    await page.locator('[name="code"]').fill(await freshCode(totp, used));
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/admin' || u.pathname.startsWith('/admin/') && !u.pathname.startsWith('/admin/login'));

    // Edit the office hours of the administrator's agency.
    await page.goto(`/admin/agencies/${who.agency}/edit`);
    await assertAccessible(page, 'agency information form');
    const hours = `工作日 8:30-12:00，14:30-18:00（端到端测试 ${Date.now() % 100000}）`;
    await page.locator('[name="officeHours"]').fill(hours);
    await page.getByRole('button', { name: '保存' }).click();
    await page.waitForLoadState();
    assert.doesNotMatch(await page.locator('main').innerText(), /错误|请检查/);

    // The visitor sees the change at once: the edit dropped the cached page.
    const fresh = await pub.goto(`/agencies/${who.agency}/info`);
    assert.equal(fresh?.headers()['x-page-cache'], 'miss');
    const text = await pub.locator('main').innerText();
    assert.ok(text.includes(hours), `public page shows the new office hours:\n${text}`);
    assert.notEqual(text, oldText);
    await assertAccessible(pub, 'agency info after the edit');
  });
});
