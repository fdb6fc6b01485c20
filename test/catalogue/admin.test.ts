/**
 * The issue's “done when” through the back office over HTTP: upload a .docx, set metadata, submit, approve as another
 * user (保密审查), publish, find it on the portal, by a 2-character search and in the Atom feed; withdraw and see it
 * gone from portal, search, feed and sitemap. Plus: editors cannot approve their own drafts; 409 on stale edits.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AlignmentType, Document, Packer, Paragraph } from 'docx';
import { makeAgency } from '../support/factories.ts';
import { createTestApp } from '../support/harness.ts';
import { loginAs, type StaffSession } from '../support/auth.ts';

/** A multipart/form-data body for app.inject. */
function multipart(fields: Record<string, string>, files: Record<string, { name: string; bytes: Buffer; type: string }> = {}) {
  const boundary = '----gongkaiTest' + Math.random().toString(16).slice(2);
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  for (const [k, f] of Object.entries(files)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"; filename="${encodeURIComponent(f.name)}"\r\nContent-Type: ${f.type}\r\n\r\n`), f.bytes, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

function field(html: string, name: string): string {
  const m = new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(html) ?? new RegExp(`value="([^"]*)"[^>]*name="${name}"`).exec(html);
  return m ? m[1].replace(/&amp;/g, '&').replace(/&quot;/g, '"') : '';
}

describe('back office: from Word to the portal and back', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let editor: StaffSession;
  let reviewer: StaffSession;
  let itemId = '';
  let publicId = '';
  before(async () => {
    t = await createTestApp({ now: '2020-06-23T02:00:00Z' });
    const a = await makeAgency(t.ctx, { code: 'kjt', orgCode: '000014349' });
    editor = await loginAs(t, { grants: [{ agencyId: a.id, role: 'editor' }] });
    reviewer = await loginAs(t, { grants: [{ agencyId: a.id, role: 'reviewer' }] });
  });
  after(() => t.cleanup());

  it('imports a .docx into the new-item form with title and 发文字号 prefilled', async () => {
    const doc = new Document({ sections: [{ children: [
      new Paragraph({ text: '甘科政[2020]13号', alignment: AlignmentType.CENTER }),
      new Paragraph({ text: '关于公布行政规范性文件清理结果的公告', alignment: AlignmentType.CENTER }),
      new Paragraph({ text: '现将省科技厅行政规范性文件清理结果公告如下。' }),
      new Paragraph({ text: '2020年6月22日' }),
    ] }] });
    const docx = Buffer.from(await Packer.toBuffer(doc));
    const m = multipart({ _csrf: editor.csrf, categoryCode: 'qtwj', disclosure: 'proactive' }, { docx: { name: '公告.docx', bytes: docx, type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' } });
    const r = await t.app.inject({ method: 'POST', url: '/admin/catalogue/new', headers: { ...editor.headers, ...m.headers }, payload: m.payload });
    assert.equal(r.statusCode, 200, r.body.slice(0, 500));
    assert.equal(field(r.body, 'title'), '关于公布行政规范性文件清理结果的公告');
    assert.equal(field(r.body, 'documentNumber'), '甘科政〔2020〕13号');
    assert.equal(field(r.body, 'formedOn'), '2020-06-22');
    assert.match(r.body, /现将省科技厅行政规范性文件清理结果公告如下/);
    // Save the prefilled form.
    const save = multipart({
      _csrf: editor.csrf, categoryCode: 'qtwj', disclosure: 'proactive', title: field(r.body, 'title'), documentNumber: field(r.body, 'documentNumber'),
      formedOn: '2020-06-22', bodyHtml: '<p>现将省科技厅行政规范性文件清理结果公告如下。</p>',
    });
    const s = await t.app.inject({ method: 'POST', url: '/admin/catalogue/new', headers: { ...editor.headers, ...save.headers }, payload: save.payload });
    assert.equal(s.statusCode, 303);
    itemId = String(s.headers.location).split('/').pop()!;
  });

  it('re-renders the form with field messages on bad input (422), never a 500', async () => {
    const bad = multipart({ _csrf: editor.csrf, categoryCode: 'qtwj', title: '', documentNumber: '甘科政2020-13', formedOn: '2020-13-45' });
    const r = await t.app.inject({ method: 'POST', url: '/admin/catalogue/new', headers: { ...editor.headers, ...bad.headers }, payload: bad.payload });
    assert.equal(r.statusCode, 422);
    assert.match(r.body, /aria-invalid="true"/);
    assert.match(r.body, /class="field-error"/);
  });

  it('answers 409 with the other side when an edit is stale', async () => {
    const page = await t.app.inject({ url: `/admin/catalogue/${itemId}/edit`, headers: editor.headers });
    const version = field(page.body, 'version');
    const base = { _csrf: editor.csrf, categoryCode: 'qtwj', disclosure: 'proactive', documentNumber: '甘科政〔2020〕13号', formedOn: '2020-06-22', bodyHtml: '<p>正文</p>', version };
    const first = multipart({ ...base, title: '关于公布行政规范性文件清理结果的公告' });
    assert.equal((await t.app.inject({ method: 'POST', url: `/admin/catalogue/${itemId}/edit`, headers: { ...editor.headers, ...first.headers }, payload: first.payload })).statusCode, 303);
    const stale = multipart({ ...base, title: '过时的标题' });
    const r = await t.app.inject({ method: 'POST', url: `/admin/catalogue/${itemId}/edit`, headers: { ...editor.headers, ...stale.headers }, payload: stale.payload });
    assert.equal(r.statusCode, 409);
    assert.match(r.body, /请对照合并后再保存|merge/);
  });

  it('submits, and the editor cannot approve; the reviewer approves with the 保密审查 and publishes', async () => {
    const post = (s: StaffSession, action: string, extra: Record<string, string> = {}) =>
      t.app.inject({ method: 'POST', url: `/admin/catalogue/${itemId}/actions/${action}`, headers: s.headers, payload: { _csrf: s.csrf, ...extra } });
    assert.equal((await post(editor, 'submit')).statusCode, 303);
    assert.equal((await post(editor, 'approve', { confidentialityChecked: 'on' })).statusCode, 403);
    const noCheck = await post(reviewer, 'approve');
    assert.equal(noCheck.statusCode, 422);
    assert.match(noCheck.body, /保密审查/);
    assert.equal((await post(reviewer, 'approve', { confidentialityChecked: 'on', comment: '同意发布' })).statusCode, 303);
    assert.equal((await post(reviewer, 'publish')).statusCode, 303);
    const view = await t.app.inject({ url: `/admin/catalogue/${itemId}`, headers: reviewer.headers });
    assert.match(view.body, /000014349\/2020-00001/);
    publicId = /\/documents\/([a-z0-9]+)/.exec(view.body)![1];
  });

  it('is on the portal, found by a 2-character search and in the Atom feed', async () => {
    assert.equal((await t.app.inject({ url: `/documents/${publicId}` })).statusCode, 200);
    const api = await t.app.inject({ url: `/api/v1/documents?q=${encodeURIComponent('清理')}` });
    assert.equal((api.json() as { meta: { total: number } }).meta.total, 1);
    const search = await t.app.inject({ url: `/search?q=${encodeURIComponent('清理')}` });
    if (search.statusCode === 200) assert.match(search.body, /行政规范性文件/);
    assert.match((await t.app.inject({ url: '/feeds/kjt.atom' })).body, /关于公布行政规范性文件清理结果的公告/);
  });

  it('withdraws and disappears from portal, search, feed and sitemap', async () => {
    const r = await t.app.inject({ method: 'POST', url: `/admin/catalogue/${itemId}/actions/withdraw`, headers: reviewer.headers, payload: { _csrf: reviewer.csrf, reason: '发布有误，已撤回' } });
    assert.equal(r.statusCode, 303);
    assert.equal((await t.app.inject({ url: `/documents/${publicId}` })).statusCode, 410);
    assert.equal((await t.app.inject({ url: `/api/v1/documents?q=${encodeURIComponent('清理')}` })).json().meta.total, 0);
    assert.doesNotMatch((await t.app.inject({ url: '/feeds/kjt.atom' })).body, /清理结果/);
    assert.doesNotMatch((await t.app.inject({ url: '/sitemap.xml' })).body, new RegExp(publicId));
    const search = await t.app.inject({ url: `/search?q=${encodeURIComponent('清理')}` });
    assert.doesNotMatch(search.body, /清理结果的公告/);
  });

  it('renders the oversight, clean-up and import pages', async () => {
    for (const url of ['/admin/catalogue', '/admin/catalogue/oversight', '/admin/catalogue/cleanups', '/admin/catalogue/import', '/admin/catalogue/new']) {
      const r = await t.app.inject({ url, headers: editor.headers });
      assert.equal(r.statusCode, 200, url);
    }
    assert.equal((await t.app.inject({ url: '/admin/catalogue' })).statusCode, 303, 'anonymous users go to the login page');
  });
});
