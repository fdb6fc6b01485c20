/**
 * Staff sign-in for browser tests: the demo accounts' passwords from `<dataDir>/demo-credentials.txt`, first sign-in
 * with TOTP enrolment (codes computed from the key the enrolment page shows in `<code class="secret">`), and the
 * demo server started from a prepared data directory when GONGKAI_E2E_TEMPLATE_DIR names one (faster local runs).
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Secret, TOTP } from 'otpauth';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { assertAccessible, newContext } from './browser.ts';
import { startServer, type RunningServer } from './server.ts';

/** Generous per-step timeout: the shared test machine is heavily loaded. */
export const STEP_TIMEOUT = 60_000;

/**
 * Starts the demo server. With GONGKAI_E2E_TEMPLATE_DIR (a data directory where the demo was loaded before, no
 * server running on it) a copy of it is used, so the minutes of demo loading are skipped; the copy is removed on stop.
 */
export async function startDemoServer(): Promise<RunningServer> {
  const template = process.env.GONGKAI_E2E_TEMPLATE_DIR;
  if (!template) return startServer({ timeoutMs: 600_000 });
  const dataDir = mkdtempSync(join(tmpdir(), 'gongkai-e2e-copy-'));
  cpSync(template, dataDir, { recursive: true });
  const server = await startServer({ dataDir, timeoutMs: 600_000 } as Parameters<typeof startServer>[0]);
  return { ...server, stop: async () => { await server.stop(); rmSync(dataDir, { recursive: true, force: true }); } };
}

/** The demo password of `username` from the credentials file written at first start. */
export function demoPassword(server: RunningServer, username: string): string {
  const file = join(server.dataDir, 'demo-credentials.txt');
  assert.ok(existsSync(file), `demo credentials at ${file}`);
  const line = readFileSync(file, 'utf8').split('\n').find((l) => l.trim().split(/\s+/)[0] === username);
  assert.ok(line, `${username} in demo-credentials.txt`);
  return line.trim().split(/\s+/)[1];
}

/** A TOTP code for a time step not used before (the server refuses a replayed step, RFC 6238 §5.2). */
export async function freshCode(totp: TOTP, used: Set<number>): Promise<string> {
  for (;;) {
    const step = Math.floor(Date.now() / 1000 / totp.period);
    if (!used.has(step) && (Date.now() / 1000) % totp.period < totp.period - 3) {
      used.add(step);
      return totp.generate();
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** A signed-in staff member: their browser context and a page on the back office. */
export interface StaffSession {
  context: BrowserContext;
  page: Page;
  totp: TOTP;
  /** TOTP time steps already used (pass to freshCode for the next sign-in). */
  usedSteps: Set<number>;
}

/**
 * Signs a demo account in for the first time in a fresh context: password, TOTP enrolment with a code from the
 * displayed key, recovery codes acknowledged. `a11y` runs axe-core on the sign-in and enrolment pages.
 */
export async function signInDemoStaff(browser: Browser, server: RunningServer, username: string, a11y = false): Promise<StaffSession> {
  const context = await newContext(browser, server.url);
  context.setDefaultTimeout(STEP_TIMEOUT);
  context.setDefaultNavigationTimeout(STEP_TIMEOUT);
  const page = await context.newPage();
  await page.goto('/admin/login');
  if (a11y) await assertAccessible(page, 'sign-in');
  await page.locator('[name="username"]').fill(username);
  await page.locator('[name="password"]').fill(demoPassword(server, username));
  await page.getByRole('button', { name: '下一步' }).click();
  await page.waitForURL('**/admin/enrol**');
  if (a11y) await assertAccessible(page, 'TOTP enrolment');
  const secret = (await page.locator('code.secret').innerText()).replace(/\s+/g, '');
  const totp = new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });
  const usedSteps = new Set<number>();
  await page.locator('[name="code"]').fill(await freshCode(totp, usedSteps));
  await page.getByRole('button', { name: '完成设置' }).click();
  await page.getByRole('link', { name: '我已保存恢复码，继续' }).click();
  await page.waitForURL((u) => u.pathname.startsWith('/admin') && !/\/admin\/(login|enrol)/.test(u.pathname));
  return { context, page, totp, usedSteps };
}

/** Clicks a submit button and waits for the page it leads to (forms post and redirect 303). */
export async function submitAndWait(page: Page, button: ReturnType<Page['getByRole']>): Promise<void> {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), button.click()]);
}

/** Asserts the page shows no error summary or field error (a 422 re-render). */
export async function assertNoFormErrors(page: Page, label: string): Promise<void> {
  const errors = await page.locator('.notice.error, .field-error').allInnerTexts();
  assert.deepEqual(errors, [], `${label}: the form answered with errors`);
}
