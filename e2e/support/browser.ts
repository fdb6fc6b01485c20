/**
 * Debian's Chromium driven by playwright-core (stack-notes §6), and the accessibility check every page gets:
 * axe-core with the WCAG 2.1 A/AA rules must report no serious or critical violation.
 */
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** The Chromium flags verified in stack-notes §6 (headless, no sandbox as root, no background network). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches Chromium (a fresh temporary profile each time; playwright creates and removes it). */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
}

/** A new context (axe needs pages from `browser.newContext()`), Chinese locale, Shanghai time; `timeoutMs` bounds every step and navigation. */
export async function newContext(browser: Browser, baseURL: string, timeoutMs = 10_000): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  context.setDefaultTimeout(timeoutMs);
  return context;
}

/** Runs axe-core on the page and fails with a readable list when it finds serious or critical violations. */
export async function assertAccessible(page: Page, label = page.url()): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad
    .map((v) => `- [${v.impact}] ${v.id}: ${v.help}\n${v.nodes.slice(0, 5).map((n) => `    ${n.target.join(' ')}  ${n.failureSummary?.split('\n').join(' ')}`).join('\n')}`)
    .join('\n');
  assert.equal(bad.length, 0, `axe-core found serious/critical violations on ${label}:\n${report}`);
}
