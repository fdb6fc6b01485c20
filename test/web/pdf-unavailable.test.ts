/**
 * A PDF download on a server without Chromium (src/reports/render-pdf.ts): 503 `pdf_unavailable` with a Chinese and
 * English message that names no server path — an error page for browsers, the JSON error shape of design.md §5.4 for
 * clients asking for JSON — while the other formats of the same report still download. The same 503 when Chromium is
 * installed but fails to start (here a script that exits 1), instead of a 500.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { approveItem, publishItem } from '../../src/catalogue/workflow-service.ts';
import { selectReport } from '../../src/reports/report-store.ts';
import { staff } from '../support/catalogue-factories.ts';
import { loginAs } from '../support/auth.ts';
import { makeAgency } from '../support/factories.ts';
import { createTestApp } from '../support/harness.ts';
import { insertCases } from '../support/report-factories.ts';

/** A published 2021 report of a department under a government (the PDF route's subject). */
async function publishReport(t: Awaited<ReturnType<typeof createTestApp>>): Promise<void> {
  const gov = await makeAgency(t.ctx, { code: 'pdfgov', kind: 'government', name: '某某市人民政府' });
  const dept = await makeAgency(t.ctx, { code: 'pdfkj', parentId: gov.id, name: '某某市科学技术局' });
  await insertCases(t.ctx, dept.id, [{ receivedOn: '2021-02-01', outcome: 'granted', concludedOn: '2021-02-20' }]);
  const editor = await loginAs(t, { grants: [{ agencyId: dept.id, role: 'editor' }] });
  const supervisor = await loginAs(t, { grants: [{ agencyId: gov.id, role: 'supervisor' }] });
  const post = async (url: string, s: typeof editor) => {
    const r = await t.app.inject({ method: 'POST', url, headers: s.headers, payload: { _csrf: s.csrf } });
    assert.equal(r.statusCode, 303, `${url}: ${r.body.slice(0, 300)}`);
  };
  await post('/admin/reports/pdfkj/2021/submit', editor);
  await post('/admin/reports/pdfkj/2021/approve', supervisor);
  await post('/admin/reports/pdfkj/2021/publish', editor);
  const rec = (await selectReport(t.ctx.db, dept.id, 2021))!;
  const reviewer = staff(dept.id, 'reviewer');
  await approveItem(t.ctx, reviewer, rec.publishedItemId!, { confidentialityChecked: true });
  await publishItem(t.ctx, reviewer, rec.publishedItemId!);
}

/** An app with a published report whose PDF is printed by `chromium` (CHROMIUM_PATH, restored by `close`). */
async function appWithChromium(chromium: string): Promise<{ t: Awaited<ReturnType<typeof createTestApp>>; close(): Promise<void> }> {
  const saved = process.env.CHROMIUM_PATH;
  process.env.CHROMIUM_PATH = chromium;
  const t = await createTestApp({ now: '2022-01-10T02:00:00Z' });
  await publishReport(t);
  return {
    t,
    async close() {
      if (saved === undefined) delete process.env.CHROMIUM_PATH;
      else process.env.CHROMIUM_PATH = saved;
      await t.cleanup();
    },
  };
}

describe('PDF download without Chromium', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let close = async () => {};

  before(async () => {
    ({ t, close } = await appWithChromium('/nonexistent/chromium'));
  });
  after(() => close());

  test('a browser gets a 503 error page in its language, not a 400 or 500', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/agencies/pdfkj/reports/2021/pdf', headers: { accept: 'text/html' } });
    assert.equal(page.statusCode, 503);
    assert.match(String(page.headers['content-type']), /text\/html/);
    assert.equal(page.headers['cache-control'], 'no-store', 'the failure is not cached');
    assert.equal(page.headers['content-disposition'], undefined, 'no half download');
    assert.match(page.body, /<h1>暂时无法提供<\/h1>/);
    assert.match(page.body, /暂时无法生成PDF：服务器未找到Chromium/);
    assert.match(page.body, /PDF is unavailable/);
    assert.doesNotMatch(page.body, /nonexistent/, 'no server path in the answer');
    const en = await t.app.inject({ method: 'GET', url: '/agencies/pdfkj/reports/2021/pdf?lang=en', headers: { accept: 'text/html' } });
    assert.equal(en.statusCode, 503);
    assert.match(en.body, /<h1>Service unavailable<\/h1>/);
  });

  test('a client asking for JSON gets the JSON error shape', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/agencies/pdfkj/reports/2021/pdf', headers: { accept: 'application/json' } });
    assert.equal(r.statusCode, 503);
    const body = r.json() as { error: { code: string; message: string; details: unknown } };
    assert.equal(body.error.code, 'pdf_unavailable');
    assert.match(body.error.message, /未找到Chromium.*PDF is unavailable/s);
    assert.equal(body.error.details, null);
  });

  test('the other formats still download', async () => {
    const docx = await t.app.inject({ method: 'GET', url: '/agencies/pdfkj/reports/2021/docx' });
    assert.equal(docx.statusCode, 200);
    assert.match(String(docx.headers['content-type']), /wordprocessingml/);
  });
});

describe('PDF download when Chromium is installed but fails to start', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let close = async () => {};
  let dir = '';

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gongkai-chromium-'));
    const script = join(dir, 'chromium');
    writeFileSync(script, '#!/bin/sh\necho "chromium: cannot open display" >&2\nexit 1\n');
    chmodSync(script, 0o755);
    ({ t, close } = await appWithChromium(script));
  });
  after(async () => {
    await close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('answers 503 pdf_unavailable saying Chromium failed, not a 500, and names no server path', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/agencies/pdfkj/reports/2021/pdf', headers: { accept: 'application/json' } });
    assert.equal(r.statusCode, 503);
    const body = r.json() as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'pdf_unavailable');
    assert.match(body.error.message, /Chromium未能启动或运行出错.*failed to start/s);
    assert.doesNotMatch(r.body, /gongkai-chromium|cannot open display/, 'neither the path nor Chromium’s output reaches the visitor');
    const page = await t.app.inject({ method: 'GET', url: '/agencies/pdfkj/reports/2021/pdf', headers: { accept: 'text/html' } });
    assert.equal(page.statusCode, 503);
    assert.equal(page.headers['cache-control'], 'no-store');
    assert.equal(page.headers['content-disposition'], undefined);
    assert.match(page.body, /<h1>暂时无法提供<\/h1>/);
    assert.equal((await t.app.inject({ method: 'GET', url: '/agencies/pdfkj/reports/2021/xlsx' })).statusCode, 200, 'the other formats still download');
  });
});
