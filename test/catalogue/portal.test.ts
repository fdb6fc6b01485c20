/** Public surfaces: pages, feeds, sitemap, attachments and the API show published items, and withdrawal hides them everywhere. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CatalogueItem } from '../../src/catalogue/catalogue.ts';
import { withdrawItem } from '../../src/catalogue/workflow-service.ts';
import { makeAgency } from '../support/factories.ts';
import { createTestApp } from '../support/harness.ts';
import { publishedItem, staff } from '../support/catalogue-factories.ts';

describe('portal, feeds, API', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let item: CatalogueItem;
  let news: CatalogueItem;
  let reviewer: ReturnType<typeof staff>;
  before(async () => {
    t = await createTestApp({ now: '2020-09-28T02:00:00Z' });
    const a = await makeAgency(t.ctx, { code: 'kjt', orgCode: '000014349' });
    const editor = staff(a.id, 'editor');
    reviewer = staff(a.id, 'reviewer');
    item = await publishedItem(t.ctx, editor, reviewer, a.id, {
      categoryCode: 'gfxwj', title: '甘肃省科技企业孵化器管理办法', documentNumber: '甘科高【2020】2号', subjectWords: '孵化器 科技',
      bodyHtml: '<p>第一条 为促进科技企业孵化器发展。</p><script>alert(1)</script><a href="javascript:alert(1)" onclick="x()">链接</a><svg onload="x()"><circle/></svg>',
    });
    news = await publishedItem(t.ctx, editor, reviewer, a.id, { categoryCode: 'zwdt', title: '省科技厅召开科技工作会议', documentNumber: '', formedOn: '' });
  });
  after(() => t.cleanup());

  it('renders the item page with the metadata table and sanitised body', async () => {
    const r = await t.app.inject({ url: `/documents/${item.publicId}` });
    assert.equal(r.statusCode, 200);
    assert.match(r.body, /甘肃省科技企业孵化器管理办法/);
    assert.match(r.body, /000014349\/2020-00001/);
    assert.match(r.body, /甘科高〔2020〕2号/, 'document number stored in the official 〔〕 form');
    assert.doesNotMatch(r.body, /<script>alert|javascript:alert|onclick=|<svg|onload=/);
    assert.match(r.body, /<th scope="row">索引号<\/th>/);
  });

  it('lists it in the catalogue with counts, the disclosure page and the news column', async () => {
    const c = await t.app.inject({ url: '/agencies/kjt/catalogue?category=fgwj&year=2020' });
    assert.equal(c.statusCode, 200);
    assert.match(c.body, /甘肃省科技企业孵化器管理办法/);
    assert.match(c.body, /规范性文件<\/a> <span class="count">\(1\)/);
    assert.equal((await t.app.inject({ url: '/agencies/kjt/catalogue?category=nosuch' })).statusCode, 404);
    const d = await t.app.inject({ url: '/agencies/kjt/disclosure' });
    assert.match(d.body, /（七）财政预算、决算信息/);
    const n = await t.app.inject({ url: '/agencies/kjt/columns/zwdt' });
    assert.match(n.body, /省科技厅召开科技工作会议/);
    const home = await t.app.inject({ url: '/agencies/kjt' });
    assert.match(home.body, /省科技厅召开科技工作会议/, 'the agency home shows the latest of each column');
    const g = await t.app.inject({ url: '/agencies/kjt/guide' });
    assert.match(g.body, /第十二条/);
    assert.match(g.body, /20个工作日/);
  });

  it('serves Atom, JSON Feed 1.1 (per category) and the sitemap', async () => {
    const atom = await t.app.inject({ url: '/feeds/kjt.atom' });
    assert.equal(atom.statusCode, 200);
    assert.match(atom.headers['content-type'] as string, /application\/atom\+xml/);
    assert.match(atom.body, /<title>甘肃省科技企业孵化器管理办法<\/title>/);
    const json = await t.app.inject({ url: '/feeds/kjt.json?category=zwdt' });
    const feed = json.json() as { version: string; items: { title: string }[] };
    assert.equal(feed.version, 'https://jsonfeed.org/version/1.1');
    assert.deepEqual(feed.items.map((i) => i.title), [news.title]);
    const sm = await t.app.inject({ url: '/sitemap.xml' });
    assert.match(sm.body, new RegExp(`/documents/${item.publicId}`));
  });

  it('answers the API shapes of design.md §5.4', async () => {
    const list = await t.app.inject({ url: '/api/v1/documents?agency=kjt&category=gfxwj&year=2020' });
    assert.equal(list.statusCode, 200);
    const body = list.json() as { data: Record<string, unknown>[]; meta: { total: number; page: number; pageSize: number } };
    assert.deepEqual(body.meta, { total: 1, page: 1, pageSize: 20 });
    assert.deepEqual(Object.keys(body.data[0]).sort(), ['agency', 'category', 'documentNumber', 'formedOn', 'id', 'indexNumber', 'issuer', 'publishedOn', 'title', 'url', 'validity'].sort());
    assert.deepEqual(body.data[0].category, { code: 'gfxwj', label: '规范性文件' });
    assert.equal(body.data[0].id, item.publicId);
    assert.notEqual(body.data[0].id, item.id, 'public ids are not primary keys');
    const one = await t.app.inject({ url: `/api/v1/documents/${item.publicId}` });
    assert.equal((one.json() as { documentNumber: string }).documentNumber, '甘科高〔2020〕2号');
    const q = await t.app.inject({ url: `/api/v1/documents?q=${encodeURIComponent('孵化')}` });
    assert.equal((q.json() as { meta: { total: number } }).meta.total, 1, 'a 2-character query finds it through the search index');
    assert.equal((await t.app.inject({ url: '/api/v1/documents?year=abc' })).statusCode, 422);
    assert.equal((await t.app.inject({ url: '/api/v1/documents/nosuchid123' })).statusCode, 404);
  });

  it('withdrawal hides the item from pages, feeds, sitemap, API and search', async () => {
    await withdrawItem(t.ctx, reviewer, item.id, '文件已被新文件替代，现撤回');
    const page = await t.app.inject({ url: `/documents/${item.publicId}` });
    assert.equal(page.statusCode, 410);
    assert.match(page.body, /文件已被新文件替代，现撤回/);
    assert.doesNotMatch(page.body, /第一条/);
    for (const url of ['/feeds/kjt.atom', '/feeds/kjt.json', '/sitemap.xml', '/agencies/kjt/catalogue', '/api/v1/documents?agency=kjt']) {
      const r = await t.app.inject({ url });
      assert.doesNotMatch(r.body, /孵化器管理办法/, url);
    }
    assert.equal((await t.app.inject({ url: `/api/v1/documents/${item.publicId}` })).statusCode, 404);
    const q = await t.app.inject({ url: `/api/v1/documents?q=${encodeURIComponent('孵化')}` });
    assert.equal((q.json() as { meta: { total: number } }).meta.total, 0);
  });
});
