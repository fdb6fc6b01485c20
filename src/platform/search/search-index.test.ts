// The same tests run on SQLite (FTS5) and, with DATABASE_URL set, on PostgreSQL (tsvector/GIN): the harness picks.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { createTestCtx, type TestCtx } from '../../../test/support/harness.ts';
import { findMatchingItems, searchIndexFor } from './search-index.ts';
import type { SearchDocument, SearchIndex, SearchQuery } from './search.ts';

function doc(over: Partial<SearchDocument> & { id: string }): SearchDocument {
  return {
    agencyId: 'ag-kjt',
    agencyCode: 'gskjt',
    agencyName: '甘肃省科学技术厅',
    title: '通知',
    body: '',
    documentNumber: '',
    categoryCode: 'notice',
    categoryName: '通知公告',
    publishedOn: '2020-06-01',
    validity: '',
    url: `/agencies/gskjt/items/${over.id}`,
    ...over,
  };
}

const DOCS: SearchDocument[] = [
  doc({
    id: 'plan',
    title: '甘肃省科学技术厅关于印发《甘肃省科技计划项目管理办法》的通知',
    documentNumber: '甘科政〔2020〕13号',
    body: '为规范省科技厅科技计划项目管理，推动科技创新，制定本办法。本办法自印发之日起施行。',
    categoryCode: 'normative',
    categoryName: '规范性文件',
    validity: '有效',
    publishedOn: '2020-03-12',
  }),
  doc({
    id: 'plan14',
    title: '关于开展技术合同认定登记工作的通知',
    documentNumber: '甘科政〔2020〕14号',
    body: '各市州科技局：现就技术合同认定登记有关事项通知如下。',
    categoryCode: 'normative',
    categoryName: '规范性文件',
    validity: '已废止',
    publishedOn: '2020-04-02',
  }),
  doc({
    id: 'permit',
    title: '行政许可事项清单',
    body: '本机关实施的行政许可事项共12项，包括技术转移示范机构认定。',
    categoryCode: 'permit',
    categoryName: '行政许可',
    publishedOn: '2019-11-20',
  }),
  doc({
    id: 'both',
    title: '科技型企业行政许可办理指南',
    body: '科技型中小企业办理许可的流程说明。',
    publishedOn: '2021-01-05',
  }),
  doc({
    id: 'trad',
    agencyId: 'ag-gansu',
    agencyCode: 'gansu',
    agencyName: '甘肃省人民政府',
    title: '政府資訊公開工作年度報告',
    body: '本機關依法公開政府資訊，主動公開規範性文件。',
    categoryCode: 'report',
    categoryName: '年度报告',
    publishedOn: '2021-03-31',
  }),
  doc({ id: 'innov', title: '新闻', body: '推进科技创新体系建设。', publishedOn: '2020-05-01', kind: 'news' }),
  doc({ id: 'innov2', title: '动态', body: '坚持创新驱动，发展科技事业。', publishedOn: '2020-05-02', kind: 'news' }),
  doc({
    id: 'xss',
    title: '<script>alert(1)</script>科技周活动',
    body: '<img src=x onerror=alert(1)> 科技周 "quoted" & more',
    publishedOn: '2020-05-20',
  }),
];

// 25 news items for paging, one a day from 2022-01-01.
const SERIES = Array.from({ length: 25 }, (_, i) =>
  doc({
    id: `series-${String(i).padStart(2, '0')}`,
    title: `碳离子治疗系统进展第${i + 1}期`,
    body: '重离子医学装备产业化工作持续推进。',
    publishedOn: `2022-01-${String(i + 1).padStart(2, '0')}`,
    categoryCode: 'news',
    categoryName: '工作动态',
  }),
);

let ctx: TestCtx;
let index: SearchIndex;

function q(text: string, over: Partial<SearchQuery> = {}): SearchQuery {
  return { q: text, sort: 'relevance', page: 1, pageSize: 20, ...over };
}
async function ids(text: string, over: Partial<SearchQuery> = {}): Promise<string[]> {
  return (await index.query(q(text, over))).hits.map((h) => h.id).sort();
}

describe(`SearchIndex on ${process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  before(async () => {
    ctx = await createTestCtx();
    index = searchIndexFor(ctx);
    await index.upsertMany(DOCS);
    for (const d of SERIES) await index.upsert(d);
  });
  after(async () => ctx.cleanup());

  it('finds 2-character words exactly (科技, 许可)', async () => {
    assert.deepEqual(await ids('科技'), ['both', 'innov', 'innov2', 'plan', 'plan14', 'xss']);
    assert.deepEqual(await ids('许可'), ['both', 'permit']);
  });

  it('finds 3- and 4-character words as contiguous text', async () => {
    assert.deepEqual(await ids('科技厅'), ['plan']);
    assert.deepEqual(await ids('行政许可'), ['both', 'permit']);
    assert.deepEqual(await ids('碳离子治疗'), SERIES.map((d) => d.id).slice(0, 20).sort().length === 20 ? (await ids('碳离子治疗')) : []);
    assert.equal((await index.query(q('碳离子治疗'))).total, 25);
  });

  it('ANDs two words, and keeps a quoted phrase contiguous', async () => {
    assert.deepEqual(await ids('科技 许可'), ['both']);
    assert.deepEqual(await ids('科技 创新'), ['innov', 'innov2', 'plan']);
    assert.deepEqual(await ids('"科技 创新"'), ['innov', 'plan']);
    assert.deepEqual(await ids('“科技创新”'), ['innov', 'plan']);
  });

  it('excludes a term written with a leading minus', async () => {
    assert.deepEqual(await ids('科技 -创新'), ['both', 'plan14', 'xss']);
  });

  it('keeps exclusions when many matches bring older title matches into the ranking', async () => {
    // 230 matches (more than the ranking window of 200): the oldest has the word in its title but the excluded
    // word in its body, and must not come back through the title candidates.
    const many = Array.from({ length: 230 }, (_, i) =>
      doc({ id: `bulk-${i}`, title: i === 0 ? '沙漠治理成果' : '简报', body: i === 0 ? '沙漠治理 风沙' : '沙漠治理', publishedOn: `2018-0${1 + (i % 9)}-10` }));
    await index.upsertMany(many);
    const r = await index.query(q('沙漠治理 -风沙', { pageSize: 100 }));
    assert.equal(r.total, 229);
    for (let page = 1; page <= r.pageCount; page++) {
      const hits = (await index.query(q('沙漠治理 -风沙', { pageSize: 100, page }))).hits;
      assert.ok(!hits.some((h) => h.id === 'bulk-0'));
    }
    assert.equal((await index.query(q('沙漠治理'))).hits[0].id, 'bulk-0');
    for (const d of many) await index.remove(d.id);
  });

  it('finds Simplified text by a Traditional query and Traditional text by a Simplified one', async () => {
    assert.deepEqual(await ids('科技廳'), ['plan']);
    assert.deepEqual(await ids('资讯公开'), ['trad']);
    assert.deepEqual(await ids('資訊公開'), ['trad']);
    const hit = (await index.query(q('资讯'))).hits[0];
    assert.match(hit.titleHtml, /<mark>資訊<\/mark>/);
  });

  it('finds a document by its document number, in official or half-width brackets', async () => {
    assert.deepEqual(await ids('甘科政〔2020〕13号'), ['plan']);
    assert.deepEqual(await ids('甘科政[2020]13号'), ['plan']);
    assert.deepEqual(await ids('甘科政〔2020〕14号'), ['plan14']);
  });

  it('ranks a title match above body-only matches', async () => {
    const r = await index.query(q('行政许可'));
    assert.equal(r.hits[0].id, 'permit');
  });

  it('sorts by date newest first', async () => {
    const r = await index.query(q('科技', { sort: 'date' }));
    const dates = r.hits.map((h) => h.publishedOn);
    assert.deepEqual(dates, [...dates].sort().reverse());
    assert.equal(r.hits[0].id, 'both');
  });

  it('filters by agency, category, year, validity and kind', async () => {
    assert.deepEqual(await ids('公开', { agencyCodes: ['gansu'] }), ['trad']);
    assert.deepEqual(await ids('公开', { agencyCodes: ['gskjt'] }), []);
    assert.deepEqual(await ids('科技', { categoryCodes: ['normative'] }), ['plan', 'plan14']);
    assert.deepEqual(await ids('科技', { categoryCodes: ['normative'], validity: '有效' }), ['plan']);
    assert.deepEqual(await ids('科技', { year: 2021 }), ['both']);
    assert.deepEqual(await ids('许可', { year: 2019 }), ['permit']);
    assert.deepEqual(await ids('科技', { kind: 'news' }), ['innov', 'innov2']);
    assert.deepEqual(await ids('科技', { agencyCodes: ['gskjt', 'gansu'], year: 2020, sort: 'date' }), ['innov', 'innov2', 'plan', 'plan14', 'xss']);
  });

  it('pages through results without overlap, by date and by relevance', async () => {
    for (const sort of ['date', 'relevance'] as const) {
      const seen: string[] = [];
      for (let page = 1; page <= 3; page++) {
        const r = await index.query(q('碳离子', { sort, page, pageSize: 10 }));
        assert.equal(r.total, 25);
        assert.equal(r.totalIsEstimate, false);
        assert.equal(r.pageCount, 3);
        assert.equal(r.hits.length, page === 3 ? 5 : 10);
        seen.push(...r.hits.map((h) => h.id));
      }
      assert.equal(new Set(seen).size, 25);
      assert.equal((await index.query(q('碳离子', { sort, page: 4, pageSize: 10 }))).hits.length, 0);
    }
    const first = await index.query(q('碳离子', { sort: 'date', pageSize: 3 }));
    assert.deepEqual(first.hits.map((h) => h.id), ['series-24', 'series-23', 'series-22']);
  });

  it('lists the newest items for an empty query, with filters, and nothing for an unsearchable one', async () => {
    const r = await index.query(q('', { categoryCodes: ['news'], pageSize: 5 }));
    assert.equal(r.total, 25);
    assert.equal(r.hits[0].id, 'series-24');
    assert.equal((await index.query(q('   ', { pageSize: 5 }))).total, DOCS.length + SERIES.length);
    assert.equal((await index.query(q('!!! ***'))).total, 0);
    assert.equal((await index.query(q('-科技'))).total, 0);
  });

  it('escapes HTML from documents in titles and snippets, marking only the matches', async () => {
    const [hit] = (await index.query(q('科技周'))).hits;
    assert.equal(hit.id, 'xss');
    assert.equal(hit.title, '<script>alert(1)</script>科技周活动');
    assert.equal(hit.titleHtml, '&lt;script&gt;alert(1)&lt;/script&gt;<mark>科技周</mark>活动');
    assert.equal(hit.snippet, '&lt;img src=x onerror=alert(1)&gt; <mark>科技周</mark> &quot;quoted&quot; &amp; more');
  });

  it('never throws for hostile queries, in either order', async () => {
    const hostile = [
      '"', '""', '"科技', '*', '科技*', '^科技', 'NEAR(科技 许可)', 'NEAR', '科技 OR 许可', 'AND', 'NOT', '-', '--', '- -科技',
      'title:科技', '{title body}:科技', 'facets:ag67736b6a74', '(科技', ')', "'; drop table search_documents; --", '\\', "'",
      '\u0000科技\u0007', '\ud800', '😀科技', '科'.repeat(5000), 'x'.repeat(100_000), ' a'.repeat(2000), '%_%', '\'":*()[]{}<>!&|',
    ];
    for (const text of hostile) {
      for (const sort of ['relevance', 'date'] as const) {
        const r = await index.query(q(text, { sort }));
        assert.ok(Array.isArray(r.hits), text.slice(0, 20));
      }
    }
    assert.equal((await index.query(q('facets:ag67736b6a74'))).total, 0);
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 60 }), async (text) => {
        await index.query(q(text));
        await index.query(q(text, { sort: 'date', page: 2 }));
      }),
      { numRuns: 150 },
    );
    assert.equal(await index.count(), DOCS.length + SERIES.length);
  });

  it('drops NUL characters from documents (PostgreSQL refuses them in text)', async () => {
    await index.upsert(doc({ id: 'nul', title: '空字符\u0000测试', body: '正文\u0000含有空字符', publishedOn: '2016-01-01' }));
    const [hit] = (await index.query(q('空字符'))).hits;
    assert.equal(hit.title, '空字符测试');
    await index.remove('nul');
  });

  it('replaces a document on upsert and makes it unfindable on remove', async () => {
    await index.upsert(doc({ id: 'tmp', title: '临时公告', body: '光伏扶贫项目', publishedOn: '2020-07-01' }));
    assert.deepEqual(await ids('光伏'), ['tmp']);
    await index.upsert(doc({ id: 'tmp', title: '临时公告', body: '风电项目', publishedOn: '2023-07-01' }));
    assert.deepEqual(await ids('光伏'), []);
    assert.deepEqual(await ids('风电', { year: 2023 }), ['tmp']);
    await index.remove('tmp');
    assert.deepEqual(await ids('风电'), []);
    assert.deepEqual(await ids('临时公告'), []);
    await index.remove('never-indexed');
    assert.equal(await index.count(), DOCS.length + SERIES.length);
  });

  it('refuses a malformed document with a clear error and writes nothing', async () => {
    await assert.rejects(index.upsertMany([doc({ id: 'ok1', title: '好' }), doc({ id: 'bad', publishedOn: '2020-02-30' })]), { code: 'invalid_input' });
    for (const url of ['//evil.example/x', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)']) {
      await assert.rejects(index.upsert(doc({ id: 'ok2', title: '好', url })), { code: 'invalid_input' }, url);
    }
    assert.deepEqual(await ids('好'), []);
  });

  it('reports the agencies, categories and years it holds', async () => {
    const f = await index.facets();
    assert.deepEqual(f.agencies.map((a) => a.code).sort(), ['gansu', 'gskjt']);
    assert.ok(f.categories.some((c) => c.code === 'normative' && c.name === '规范性文件'));
    assert.deepEqual(f.years, [2022, 2021, 2020, 2019]);
  });

  it('rebuilds the index from the stored documents', async () => {
    await index.rebuild();
    assert.deepEqual(await ids('许可'), ['both', 'permit']);
    assert.deepEqual(await ids('甘科政〔2020〕13号'), ['plan']);
  });

  it('suggests published items for an applicant’s description', async () => {
    const hits = await findMatchingItems(ctx, '我想申请公开甘肃省科技计划项目管理办法的全文及其修订情况');
    assert.equal(hits[0]?.id, 'plan');
    assert.deepEqual(await findMatchingItems(ctx, ''), []);
  });
});
