/**
 * PDF rendering of an annual report: the printable HTML rendering (A4) printed by Debian's Chromium through
 * playwright-core, with the flags verified in stack-notes §6 (as e2e/report-pdf.e2e.ts does).
 */
import { access, constants, readdir, readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { ServiceUnavailable } from '../errors.ts';
import { newToken } from '../platform/ids.ts';

/** The Chromium executable (CHROMIUM_PATH overrides the Debian default). */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** How long Chromium may take to start, and to load and print the page, before the export is given up (ms). */
export const PDF_TIMEOUT_MS = 30_000;

const MISSING = '暂时无法生成PDF：服务器未找到Chromium（用于打印PDF）。请下载Word或Excel版本，或在线阅读。 / ' +
  'PDF is unavailable: Chromium, which prints PDFs, was not found on the server. Download the Word or Excel version, or read it online.';
const FAILED = '暂时无法生成PDF：服务器上用于打印PDF的Chromium未能启动或运行出错。请稍后再试，或下载Word或Excel版本，或在线阅读。 / ' +
  'PDF is unavailable: Chromium, which prints PDFs, failed to start or stopped on the server. Try again later, or download the Word or Excel version, or read it online.';

/**
 * Thrown when the PDF cannot be printed — no Chromium installed (`missing`), or Chromium failed to start, timed out or
 * crashed (`failed`): 503 `pdf_unavailable` over HTTP (JSON under /api, an error page elsewhere), exit 2 from the CLI.
 * The message is for the public too, so it names no server path; `reason` is for the server log (the stage and the
 * first line of the underlying error: no report content, no personal data).
 */
export class PdfUnavailable extends ServiceUnavailable {
  readonly reason: string;
  constructor(kind: 'missing' | 'failed' = 'missing', reason = 'chromium not found') {
    super(kind === 'missing' ? MISSING : FAILED, undefined, 'pdf_unavailable');
    this.reason = reason;
  }
}

/**
 * Kills what a failed launch left running. Playwright gives up on a Chromium that does not answer in time without
 * stopping it, so each launch carries a unique marker switch (Chromium ignores unknown switches) and the process
 * group of the process started with it is killed. Linux /proc only; elsewhere nothing is found.
 */
async function killLeftover(marker: string): Promise<void> {
  const pids = await readdir('/proc').catch(() => [] as string[]);
  for (const pid of pids.filter((d) => /^\d+$/.test(d))) {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (!cmdline.split('\0').includes(marker)) continue;
    for (const target of [-Number(pid), Number(pid)]) { // its group (Playwright starts it detached), else the process
      try {
        process.kill(target, 'SIGKILL');
        break;
      } catch { /* already gone */ }
    }
  }
}

/** The stage and the first line of an error, short enough for a log line. */
function reasonOf(stage: string, err: unknown): string {
  const first = (err instanceof Error ? `${err.name}: ${err.message}` : String(err)).split('\n')[0];
  return `${stage}: ${first.slice(0, 200)}`;
}

/**
 * Prints a standalone HTML document to an A4 PDF. Any failure of Chromium — missing, not starting, hanging past
 * `timeoutMs`, crashing while printing — is a `PdfUnavailable` (503), never a bare error (500).
 */
export async function htmlToPdf(html: string, opts: { timeoutMs?: number } = {}): Promise<Buffer> {
  const path = chromiumPath();
  const timeout = opts.timeoutMs ?? PDF_TIMEOUT_MS;
  try {
    await access(path, constants.X_OK);
  } catch {
    throw new PdfUnavailable('missing');
  }
  let browser: Browser;
  const marker = `--gongkai-pdf=${newToken(8)}`;
  try {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: path, args: [...CHROMIUM_ARGS, marker], timeout });
  } catch (err) {
    await killLeftover(marker);
    throw new PdfUnavailable('failed', reasonOf('launch', err));
  }
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(timeout);
    await page.setContent(html, { waitUntil: 'load', timeout });
    return await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
  } catch (err) {
    throw new PdfUnavailable('failed', reasonOf('print', err));
  } finally {
    await browser.close().catch(() => undefined); // a crashed browser may already be gone
  }
}
