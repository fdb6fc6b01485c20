/**
 * Chromium failures while printing a report PDF are `PdfUnavailable` (503 pdf_unavailable), never bare errors (500):
 * a browser that hangs at start past the timeout, and a page that never finishes loading. The reason kept for the log
 * names the stage and never the report's text.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { htmlToPdf, PdfUnavailable } from './render-pdf.ts';

describe('htmlToPdf when Chromium misbehaves', () => {
  const saved = process.env.CHROMIUM_PATH;
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'gongkai-chromium-'));
  });
  after(() => {
    if (saved === undefined) delete process.env.CHROMIUM_PATH;
    else process.env.CHROMIUM_PATH = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  const unavailable = (stage: string) => (err: unknown) => {
    assert.ok(err instanceof PdfUnavailable, String(err));
    assert.equal(err.code, 'pdf_unavailable');
    assert.match(err.message, /未能启动或运行出错/);
    assert.match(err.reason, new RegExp(`^${stage}: `));
    assert.doesNotMatch(err.message, /gongkai-chromium/, 'no server path in the public message');
    assert.doesNotMatch(err.reason, /年度报告正文/, 'no report text in the log reason');
    return true;
  };

  it('gives up on a Chromium that starts but never answers, after the timeout', async () => {
    const script = join(dir, 'hangs');
    writeFileSync(script, '#!/bin/sh\nsleep 30\n');
    chmodSync(script, 0o755);
    process.env.CHROMIUM_PATH = script;
    const t0 = Date.now();
    await assert.rejects(htmlToPdf('<p>年度报告正文</p>', { timeoutMs: 1500 }), unavailable('launch'));
    assert.ok(Date.now() - t0 < 15_000, `gave up after ${Date.now() - t0} ms`);
    const left = execFileSync('ps', ['-eo', 'pid,args']).toString().split('\n').filter((l) => l.includes(script) || /\bsleep 30$/.test(l.trim()));
    assert.deepEqual(left, [], 'the hung process was stopped');
  });

  it('gives up on a page that never finishes loading (real Chromium)', { skip: !existsSync('/usr/bin/chromium') && 'no /usr/bin/chromium' }, async () => {
    // A server that accepts connections and never answers keeps the page's `load` event from firing.
    const sockets: import('node:net').Socket[] = [];
    const server: Server = createServer((s) => { sockets.push(s); });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as import('node:net').AddressInfo;
    process.env.CHROMIUM_PATH = '/usr/bin/chromium';
    try {
      await assert.rejects(htmlToPdf(`<p>年度报告正文</p><img src="http://127.0.0.1:${port}/never.png" alt="">`, { timeoutMs: 4000 }), unavailable('print'));
    } finally {
      for (const s of sockets) s.destroy();
      server.close();
    }
  });
});
