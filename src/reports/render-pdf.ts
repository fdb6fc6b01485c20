/**
 * PDF rendering of an annual report: the printable HTML rendering (A4) printed by Debian's Chromium through
 * playwright-core, with the flags verified in stack-notes §6 (as e2e/report-pdf.e2e.ts does).
 */
import { access, constants } from 'node:fs/promises';
import { ServiceUnavailable } from '../errors.ts';

/** The Chromium executable (CHROMIUM_PATH overrides the Debian default). */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Thrown when no Chromium is installed to print PDFs: 503 `pdf_unavailable` over HTTP (JSON under /api, an error page
 * elsewhere), exit 2 from the CLI. The message is for the public too, so it names no server path.
 */
export class PdfUnavailable extends ServiceUnavailable {
  constructor() {
    super(
      '暂时无法生成PDF：服务器未找到Chromium（用于打印PDF）。请下载Word或Excel版本，或在线阅读。 / ' +
        'PDF is unavailable: Chromium, which prints PDFs, was not found on the server. Download the Word or Excel version, or read it online.',
      undefined,
      'pdf_unavailable',
    );
  }
}

/** Prints a standalone HTML document to an A4 PDF. */
export async function htmlToPdf(html: string): Promise<Buffer> {
  const path = chromiumPath();
  try {
    await access(path, constants.X_OK);
  } catch {
    throw new PdfUnavailable();
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
