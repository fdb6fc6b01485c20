/**
 * PDF rendering of an annual report: the printable HTML rendering (A4) printed by Debian's Chromium through
 * playwright-core, with the flags verified in stack-notes §6 (as e2e/report-pdf.e2e.ts does).
 */
import { access, constants } from 'node:fs/promises';
import { DomainError } from '../errors.ts';

/** The Chromium executable (CHROMIUM_PATH overrides the Debian default). */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Thrown when no Chromium is installed to print PDFs (mapped like other domain errors: exit 2 / 503-less 409). */
export class PdfUnavailable extends DomainError {
  constructor(path: string) {
    super('pdf_unavailable', `无法生成PDF：未找到Chromium（${path}）。请安装 chromium（Debian: apt-get install chromium）或设置 CHROMIUM_PATH`);
  }
}

/** Prints a standalone HTML document to an A4 PDF. */
export async function htmlToPdf(html: string): Promise<Buffer> {
  const path = chromiumPath();
  try {
    await access(path, constants.X_OK);
  } catch {
    throw new PdfUnavailable(path);
  }
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: path, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
  } finally {
    await browser.close();
  }
}
