/**
 * Screenshots for the README: taken during the browser tests only when GONGKAI_E2E_SCREENSHOTS names a folder
 * (e.g. docs/screenshots), so ordinary runs write nothing.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

/** Saves a viewport screenshot of the page as `<name>.png` when screenshots are requested. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.GONGKAI_E2E_SCREENSHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: false, animations: 'disabled' });
}
