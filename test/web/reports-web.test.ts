/**
 * The annual reports over HTTP (issue 6; design.md §5.4): the API answers 404 for an unpublished report to the public
 * and the draft to staff with a session; the JSON Schema endpoint; the back office (overview, report page with
 * findings, narrative form with 422 in place, submit, approve by the supervisor, publish via the catalogue); the portal
 * list, report page, downloads in Simplified and Traditional, served from the page cache and dropped on publication.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Agency } from '../../src/agencies/agency.ts';
import { approveItem, publishItem } from '../../src/catalogue/workflow-service.ts';
import { annualReportSchema } from '../../src/reports/report-format.ts';
import { selectReport } from '../../src/reports/report-store.ts';
import { staff } from '../support/catalogue-factories.ts';
import { loginAs, type StaffSession } from '../support/auth.ts';
import { makeAgency } from '../support/factories.ts';
import { createTestApp } from '../support/harness.ts';
import { insertCases } from '../support/report-factories.ts';

describe('annual reports over HTTP', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let gov: Agency;
  let dept: Agency;
  let editor: StaffSession;
  let supervisor: StaffSession;

  before(async () => {
    t = await createTestApp({ now: '2022-01-10T02:00:00Z' });
    gov = await makeAgency(t.ctx, { code: 'gov1', kind: 'government', name: '某某市人民政府' });
    dept = await makeAgency(t.ctx, { code: 'kjj1', parentId: gov.id, name: '某某市科学技术局' });
    await insertCases(t.ctx, dept.id, [
      { receivedOn: '2021-02-01', outcome: 'granted', concludedOn: '2021-02-20' },
      { receivedOn: '2021-03-01', outcome: 'granted', concludedOn: '2021-03-10' },
    ]);
    editor = await loginAs(t, { grants: [{ agencyId: dept.id, role: 'editor' }] });
    supervisor = await loginAs(t, { grants: [{ agencyId: gov.id, role: 'supervisor' }] });
  });
  after(() => t.cleanup());

  const get = (url: string, s?: StaffSession) => t.app.inject({ method: 'GET', url, headers: s ? s.headers : {} });
  const post = (url: string, s: StaffSession, payload: Record<string, string>) =>
    t.app.inject({ method: 'POST', url, headers: s.headers, payload: { ...payload, _csrf: s.csrf } });

  test('API: the schema; 404 for the public before publication; the draft for staff with a session', async () => {
    const schema = await get('/api/v1/schemas/annual-report.json');
    assert.equal(schema.statusCode, 200);
    assert.ok(JSON.stringify(schema.json()).includes('"template"'));
    const pub = await get('/api/v1/agencies/kjj1/reports/2021');
    assert.equal(pub.statusCode, 404);
    assert.equal(pub.json().error.code, 'not_found');
    const draft = await get('/api/v1/agencies/kjj1/reports/2021', editor);
    assert.equal(draft.statusCode, 200);
    const report = annualReportSchema.parse(draft.json());
    assert.equal(report.template, '2021');
    assert.deepEqual(report.table3.rows.granted, [2, 0, 0, 0, 0, 0, 2]);
    assert.equal((await get('/api/v1/agencies/nope/reports/2021')).statusCode, 404);
    assert.equal((await get('/api/v1/agencies/kjj1/reports/1999')).statusCode, 422);
  });

  test('back office: overview for the supervisor, report page with findings and the narrative form (422 in place)', async () => {
    const dashboard = await get('/admin', editor);
    assert.equal(dashboard.statusCode, 200);
    assert.match(dashboard.body, /政府信息公开工作年度报告/);
    assert.match(dashboard.body, /2021年度报告距公布期限（2022-01-31）/);
    const overview = await get('/admin/reports?year=2021', supervisor);
    assert.equal(overview.statusCode, 200);
    assert.match(overview.body, /某某市科学技术局/);
    assert.match(overview.body, /距公布期限（2022-01-31）还有21天/);
    const page = await get('/admin/reports/kjj1/2021', editor);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /违反填报规则/);
    assert.match(page.body, /一、总体情况/);
    const bad = await post('/admin/reports/kjj1/2021/narrative', editor, { 1: 'x'.repeat(20_001) });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /aria-invalid="true"/);
    const ok = await post('/admin/reports/kjj1/2021/narrative', editor, { 5: '本年度未发现问题。' });
    assert.equal(ok.statusCode, 303);
    assert.equal((await get('/admin/reports/kjj1/2021', supervisor)).statusCode, 200);
    const forbidden = await post('/admin/reports/kjj1/2021/approve', editor, {});
    assert.equal(forbidden.statusCode, 403);
    const noCsrf = await t.app.inject({ method: 'POST', url: '/admin/reports/kjj1/2021/narrative', headers: editor.headers, payload: { 1: 'x' } });
    assert.equal(noCsrf.statusCode, 403);
  });

  test('submit, approve by the supervisor, publish through the catalogue; the portal then shows it', async () => {
    const sub = await post('/admin/reports/kjj1/2021/submit', editor, {});
    assert.equal(sub.statusCode, 303, sub.body.slice(0, 500));
    assert.equal((await post('/admin/reports/kjj1/2021/approve', supervisor, {})).statusCode, 303);
    // The portal list before publication, cached.
    assert.equal((await get('/agencies/kjj1/reports')).statusCode, 200);
    assert.equal((await get('/agencies/kjj1/reports')).headers['x-page-cache'], 'hit');
    assert.equal((await post('/admin/reports/kjj1/2021/publish', editor, {})).statusCode, 303);
    const rec = (await selectReport(t.ctx.db, dept.id, 2021))!;
    const reviewer = staff(dept.id, 'reviewer');
    await approveItem(t.ctx, reviewer, rec.publishedItemId!, { confidentialityChecked: true });
    await publishItem(t.ctx, reviewer, rec.publishedItemId!);
    const list = await get('/agencies/kjj1/reports');
    assert.notEqual(list.headers['x-page-cache'], 'hit', 'publication drops the cached list');
    assert.match(list.body, /某某市科学技术局2021年政府信息公开工作年度报告/);
    const view = await get('/agencies/kjj1/reports/2021');
    assert.equal(view.statusCode, 200);
    assert.match(view.body, /三、收到和处理政府信息公开申请情况/);
    const tw = await get('/agencies/kjj1/reports/2021?lang=zh-TW');
    assert.match(tw.body, /政府資訊公開/);
    const api = await get('/api/v1/agencies/kjj1/reports/2021');
    assert.equal(api.statusCode, 200);
    assert.equal(annualReportSchema.parse(api.json()).agencyCode, 'kjj1');
    const years = await get('/api/v1/agencies/kjj1/reports');
    assert.deepEqual(years.json().data.map((r: { year: number }) => r.year), [2021]);
    for (const [format, type] of [['docx', /wordprocessingml/], ['xlsx', /spreadsheetml/], ['json', /json/], ['md', /markdown/]] as const) {
      const d = await get(`/agencies/kjj1/reports/2021/${format}`);
      assert.equal(d.statusCode, 200, format);
      assert.match(String(d.headers['content-type']), type);
      assert.match(String(d.headers['content-disposition']), new RegExp(`kjj1-2021-annual-report\\.${format}`));
    }
    const mdTw = await get('/agencies/kjj1/reports/2021/md?lang=zh-TW');
    assert.match(mdTw.body, /年度報告/);
    assert.equal((await get('/agencies/kjj1/reports/2021/exe')).statusCode, 404);
    assert.equal((await get('/agencies/kjj1/reports/2020')).statusCode, 404);
  });

  test('the records behind a cell and the comparison page', async () => {
    const caseHandler = await loginAs(t, { grants: [{ agencyId: dept.id, role: 'case_handler' }] });
    const cell = await get('/admin/reports/kjj1/2021/cells/table3.granted.natural_person', caseHandler);
    assert.equal(cell.statusCode, 200);
    assert.equal((cell.body.match(/href="\/admin\/requests\//g) ?? []).length, 2);
    assert.equal((await get('/admin/reports/kjj1/2021/cells/table3.granted.natural_person', editor)).statusCode, 403, 'cases need requests.read');
    // The report page links the case lists only for those who may open them.
    assert.match((await get('/admin/reports/kjj1/2021', caseHandler)).body, /href="\/admin\/reports\/kjj1\/2021\/cells\/table3\./);
    const editorView = await get('/admin/reports/kjj1/2021', editor);
    assert.equal(editorView.statusCode, 200);
    assert.doesNotMatch(editorView.body, /\/cells\/table3\./, 'no links answering 403 for an editor');
    // Table 二 第（一）项: 规章 and 规范性文件 each link to their own catalogue category of the agency.
    for (const [where, href] of [['table2.regulations.made', '/admin/catalogue?agency=kjj1&amp;category=gz'], ['table2.normative_documents.made', '/admin/catalogue?agency=kjj1&amp;category=gfxwj']]) {
      const page = await get(`/admin/reports/kjj1/2021/cells/${where}`, editor);
      assert.equal(page.statusCode, 200, where);
      assert.ok(page.body.includes(`href="${href}"`), where);
    }
    const cmp = await get('/admin/reports/kjj1/compare?a=2020&b=2021', editor);
    assert.equal(cmp.statusCode, 200);
    // The chart is an image (echarts' SVG has style attributes, which the CSP refuses inline): no style attribute on the page.
    const chart = /<img src="data:image\/svg\+xml;base64,([^"]+)" alt="[^"]+"/.exec(cmp.body);
    assert.ok(chart, 'the trend chart as an <img> with a text alternative');
    assert.match(Buffer.from(chart[1], 'base64').toString(), /^<svg/);
    assert.doesNotMatch(cmp.body.replace(chart[0], ''), /\sstyle=/);
    assert.match(cmp.body, /年度报告对比/);
  });

  test('upload check: a report read back from its Markdown; not a report → 422 with the message', async () => {
    const md = (await get('/agencies/kjj1/reports/2021/md')).body;
    const boundary = '----gongkai';
    const body = (name: string, content: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${editor.csrf}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/plain\r\n\r\n${content}\r\n--${boundary}--\r\n`;
    const send = (name: string, content: string) => t.app.inject({
      method: 'POST', url: '/admin/reports/check', headers: { ...editor.headers, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body(name, content),
    });
    const ok = await send('r.md', md);
    assert.equal(ok.statusCode, 200);
    assert.match(ok.body, /0项违反/);
    const bad = await send('x.txt', '这不是年度报告。');
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /field-error/);
  });
});
