// The public search page over the whole app (app.inject), on SQLite or PostgreSQL as the harness picks.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { searchIndexFor } from '../../src/platform/search/search-index.ts';
import type { SearchDocument } from '../../src/platform/search/search.ts';
import { createTestApp, type TestCtx } from '../support/harness.ts';

function doc(i: number, over: Partial<SearchDocument> = {}): SearchDocument {
  return {
    id: `doc-${i}`,
    agencyId: 'ag-kjt',
    agencyCode: 'gskjt',
    agencyName: '甘肃省科学技术厅',
    title: `关于技术合同认定登记工作的通知（第${i}号）`,
    body: '各市州科技局：现就技术合同认定登记有关事项通知如下。',
    documentNumber: '',
    categoryCode: 'notice',
    categoryName: '通知公告',
    publishedOn: `2020-03-${String(1 + (i % 28)).padStart(2, '0')}`,
    validity: '',
    url: `/documents/d${i}`,
    ...over,
  };
}

let app: FastifyInstance;
let ctx: TestCtx;
let cleanup: () => Promise<void>;

async function get(url: string) {
  const res = await app.inject({ method: 'GET', url });
  return { status: res.statusCode, body: res.body, headers: res.headers };
}

describe('GET /search', () => {
  before(async () => {
    ({ app, ctx, cleanup } = await createTestApp());
    const docs = Array.from({ length: 25 }, (_, i) => doc(i));
    docs.push(
      doc(100, {
        title: '甘肃省科学技术厅关于印发《甘肃省科技计划项目管理办法》的通知',
        documentNumber: '甘科政〔2020〕13号',
        body: '为规范科技计划项目管理，制定本办法。',
        categoryCode: 'normative',
        categoryName: '规范性文件',
        validity: '有效',
        publishedOn: '2020-06-01',
      }),
      doc(101, { title: '<script>alert("x")</script>许可公告', body: '<img src=x onerror=alert(1)>许可事项', publishedOn: '2021-01-01', agencyCode: 'gansu', agencyName: '甘肃省人民政府' }),
    );
    await searchIndexFor(ctx).upsertMany(docs);
  });
  after(async () => cleanup());

  it('shows highlighted results with their metadata', async () => {
    const r = await get(`/search?q=${encodeURIComponent('科技计划')}`);
    assert.equal(r.status, 200);
    assert.match(r.body, /<h1>站内搜索<\/h1>/);
    assert.match(r.body, /找到 1 条结果/);
    assert.match(r.body, /<a href="\/documents\/d100">甘肃省科学技术厅关于印发《甘肃省<mark>科技计划<\/mark>项目管理办法》的通知<\/a>/);
    assert.match(r.body, /甘科政〔2020〕13号/);
    assert.match(r.body, /规范性文件/);
    assert.match(r.body, /<time datetime="2020-06-01">/i);
    assert.match(r.body, /name="robots" content="noindex, follow"/);
  });

  it('finds a document by its number', async () => {
    const r = await get(`/search?q=${encodeURIComponent('甘科政[2020]13号')}`);
    assert.match(r.body, /\/documents\/d100/);
    assert.match(r.body, /找到 1 条结果/);
  });

  it('escapes markup coming from documents', async () => {
    const r = await get(`/search?q=${encodeURIComponent('许可')}`);
    assert.match(r.body, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;<mark>许可<\/mark>公告/);
    assert.doesNotMatch(r.body, /<script>alert/);
    assert.doesNotMatch(r.body, /<img src=x/);
  });

  it('filters by agency, category and year, keeping the filters in the form', async () => {
    const r = await get('/search?q=%E9%80%9A%E7%9F%A5&category=normative');
    assert.match(r.body, /找到 1 条结果/);
    assert.match(r.body, /<option value="normative" selected[^>]*>规范性文件<\/option>/);
    const y = await get('/search?q=%E8%AE%B8%E5%8F%AF&year=2020');
    assert.match(y.body, /没有找到符合条件的信息/);
    assert.match(y.body, /取消筛选条件后重新搜索/);
    const a = await get('/search?q=%E8%AE%B8%E5%8F%AF&agency=gansu');
    assert.match(a.body, /找到 1 条结果/);
  });

  it('pages through results with links that keep the query', async () => {
    const r = await get(`/search?q=${encodeURIComponent('技术合同')}&sort=date`);
    assert.match(r.body, /找到 25 条结果/);
    assert.equal((r.body.match(/class="search-hit"/g) ?? []).length, 20);
    assert.match(r.body, /href="\/search\?q=%E6%8A%80%E6%9C%AF%E5%90%88%E5%90%8C&amp;sort=date&amp;page=2" rel="next"/);
    const p2 = await get(`/search?q=${encodeURIComponent('技术合同')}&sort=date&page=2`);
    assert.equal((p2.body.match(/class="search-hit"/g) ?? []).length, 5);
    assert.match(p2.body, /<span aria-current="page">2<\/span>/);
  });

  it('helps when nothing matches', async () => {
    const r = await get(`/search?q=${encodeURIComponent('不存在的词语组合')}`);
    assert.equal(r.status, 200);
    assert.match(r.body, /没有找到符合条件的信息/);
    assert.match(r.body, /申请政府信息公开/);
  });

  it('lists the newest items when the query is empty', async () => {
    const r = await get('/search');
    assert.equal(r.status, 200);
    assert.match(r.body, /共 27 条公开信息/);
  });

  it('renders in Traditional Chinese and English', async () => {
    const tw = await get(`/search?q=${encodeURIComponent('科技計劃')}&lang=zh-TW`);
    assert.match(tw.body, /站內搜尋|站內搜索/);
    assert.match(tw.body, /<mark>科技計劃<\/mark>/);
    const en = await get(`/search?q=${encodeURIComponent('科技计划')}&lang=en`);
    assert.match(en.body, /1 results|1 result/);
    assert.match(en.body, />Search</);
  });

  it('never fails on hostile parameters', async () => {
    const urls = [
      '/search?q=%22',
      '/search?q=NEAR(%E7%A7%91%E6%8A%80%20*)%20AND%20-',
      `/search?q=${'%E7%A7%91'.repeat(3000)}`,
      '/search?q=a&q=b',
      '/search?q=%01%02%1b%7f',
      '/search?page=abc&year=zz&sort=evil&agency=%27%3B',
      '/search?page=99999&q=%E7%A7%91%E6%8A%80',
      '/search?category[]=x&agency[x]=y',
    ];
    for (const url of urls) {
      const r = await get(url);
      assert.equal(r.status, 200, url);
    }
    // NUL is refused for the whole app (src/app.ts) with a clear 400, never a 500.
    assert.equal((await get('/search?q=%00%E7%A7%91')).status, 400);
  });
});
