import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { createTestApp } from '../support/harness.ts';
import { loginAs } from '../support/auth.ts';
import { makeAgency } from '../support/factories.ts';
import { powerItem, staffAt } from '../support/registers-factories.ts';
import type { Agency } from '../../src/agencies/agency.ts';
import { applyPowerImport } from '../../src/registers/power-service.ts';
import { recordLicensingDecision, saveEnforcementSubject } from '../../src/registers/registers-service.ts';

/** A multipart/form-data body with text fields first, then one file. */
function multipart(fields: Record<string, string>, file: { name: string; filename: string; data: Buffer; type: string }) {
  const boundary = '----gongkaitest' + Math.random().toString(16).slice(2);
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.data, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('registers on the web', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let a: Agency;
  let other: Agency;
  before(async () => {
    t = await createTestApp({ now: '2020-09-28T02:00:00Z' });
    a = await makeAgency(t.ctx, { code: 'kjt' });
    other = await makeAgency(t.ctx, { code: 'other' });
    await applyPowerImport(t.ctx, staffAt(a.id, 'editor'), a.id, [
      powerItem({ code: 'XK-1', name: '实验动物使用许可<script>alert(1)</script>' }),
      powerItem({ code: 'CF-1', kind: 'penalty', name: '对违反实验动物管理规定的处罚', legalBasis: [{ law: '《实验动物管理条例》', article: '第二十九条' }] }),
    ]);
    await saveEnforcementSubject(t.ctx, staffAt(a.id, 'editor'), a.id, undefined, { unitName: '测试厅', subjectKind: 'statutory', contactPhone: '0931-1234567' });
    await recordLicensingDecision(t.ctx, staffAt(a.id, 'editor'), a.id, { licenceType: '实验动物使用许可证', action: 'issue', holderKind: 'organisation', holderName: '兰州大学', licenceNumber: 'SYXK（甘）2020-0001', decidedOn: '2020-05-06', published: 'on' });
  });
  after(() => t.cleanup());

  it('lists the power list with filters, search and inert hostile strings', async () => {
    const r = await t.app.inject('/agencies/kjt/powers');
    assert.equal(r.statusCode, 200);
    assert.match(r.body, /XK-1/);
    assert.doesNotMatch(r.body, /<script>alert/);
    assert.match(r.body, /&lt;script>alert/);
    const penalty = await t.app.inject('/agencies/kjt/powers?kind=penalty');
    assert.match(penalty.body, /CF-1/);
    assert.doesNotMatch(penalty.body, /XK-1/);
    const q = await t.app.inject(`/agencies/kjt/powers?q=${encodeURIComponent('第二十九条')}`);
    assert.match(q.body, /CF-1/);
    assert.doesNotMatch(q.body, />XK-1</);
    const junk = await t.app.inject('/agencies/kjt/powers?kind=%3Cx%3E&page=-5&q=' + 'x'.repeat(500));
    assert.equal(junk.statusCode, 200);
  });

  it('shows an item with an accessible SVG flow diagram and its steps as a table', async () => {
    const r = await t.app.inject('/agencies/kjt/powers/XK-1');
    assert.equal(r.statusCode, 200);
    assert.match(r.body, /<svg[^>]+role="img"[^>]+aria-labelledby="flow-t flow-d"/);
    assert.match(r.body, /<title id="flow-t">实验动物使用许可&lt;script&gt;/);
    assert.match(r.body, /<desc id="flow-d">1\. 受理/);
    assert.match(r.body, /<th scope="row">审查<\/th>/);
    assert.equal((await t.app.inject('/agencies/kjt/powers/NOPE')).statusCode, 404);
  });

  it('serves the other register pages', async () => {
    for (const [path, text] of [['enforcement', /0931-1234567/], ['licences', /SYXK（甘）2020-0001/], ['penalties', /暂无公开/], ['fees', /没有行政事业性收费/]] as const) {
      const r = await t.app.inject(`/agencies/kjt/${path}`);
      assert.equal(r.statusCode, 200, path);
      assert.match(r.body, text, path);
    }
  });

  it('answers the API in the list envelope and documents it in OpenAPI', async () => {
    const r = await t.app.inject('/api/v1/agencies/kjt/powers?kind=licensing');
    assert.equal(r.statusCode, 200);
    const body = r.json();
    assert.equal(body.meta.total, 1);
    assert.deepEqual(Object.keys(body.data[0]).sort(), ['accountability', 'code', 'effectiveOn', 'implementingBody', 'kind', 'legalBasis', 'name', 'scope', 'steps', 'supervision', 'url', 'version']);
    assert.deepEqual(body.data[0].kind, { code: 'licensing', label: '行政许可' });
    const one = await t.app.inject('/api/v1/agencies/kjt/powers/CF-1');
    assert.equal(one.json().history.length, 1);
    const bad = await t.app.inject('/api/v1/agencies/kjt/powers?kind=bogus&on=2020-02-31x');
    assert.equal(bad.statusCode, 422);
    assert.ok(bad.json().error.details.fields.kind);
    const notices = await t.app.inject('/api/v1/agencies/kjt/licensing-notices');
    assert.equal(notices.json().data[0].holder, '兰州大学');
    const doc = (await t.app.inject('/api/v1/openapi.json')).json();
    for (const p of ['/api/v1/agencies/{code}/powers', '/api/v1/agencies/{code}/enforcement-subjects', '/api/v1/agencies/{code}/mailbox', '/api/v1/agencies/{code}/register-facts/{year}', '/api/v1/mailbox/{trackingCode}']) {
      assert.ok(doc.paths[p], p);
    }
    assert.equal((await t.app.inject('/api/v1/agencies/kjt/register-facts/2020')).statusCode, 401);
  });

  it('lets an editor save an item, export and re-import the list; another agency is forbidden', async () => {
    const s = await loginAs(t, { grants: [{ agencyId: a.id, role: 'editor' }] });
    const page = await t.app.inject({ url: '/admin/registers/kjt', headers: s.headers });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /权责清单/);
    const bad = await t.app.inject({ method: 'POST', url: '/admin/registers/kjt/powers', headers: s.headers,
      payload: { _csrf: s.csrf, code: 'NEW-1', kind: 'licensing', name: '', implementingBody: '测试厅', legalBasis: '｜第一条', steps: '', effectiveOn: '2020-02-30' } });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /aria-invalid="true"/);
    assert.match(bad.body, /请填写事项名称/);
    assert.match(bad.body, /第1行：请填写法律法规名称/);
    const ok = await t.app.inject({ method: 'POST', url: '/admin/registers/kjt/powers', headers: s.headers,
      payload: { _csrf: s.csrf, code: 'NEW-1', kind: 'confirmation', name: '新增确认事项', implementingBody: '测试厅', legalBasis: '《某条例》｜第三条', steps: '受理｜当场受理｜即时\n办结｜出具确认函｜5个工作日', effectiveOn: '2020-09-01' } });
    assert.equal(ok.statusCode, 303);
    const item = (await t.app.inject('/api/v1/agencies/kjt/powers/NEW-1')).json();
    assert.deepEqual(item.steps[1], { name: '办结', description: '出具确认函', timeLimit: '5个工作日' });
    const noCsrf = await t.app.inject({ method: 'POST', url: '/admin/registers/kjt/powers', headers: s.headers, payload: { code: 'X' } });
    assert.equal(noCsrf.statusCode, 403);

    const xlsx = await t.app.inject({ url: '/admin/registers/kjt/powers.xlsx', headers: s.headers });
    assert.equal(xlsx.statusCode, 200);
    assert.equal(xlsx.headers['content-type'], XLSX);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    assert.equal(wb.getWorksheet('权责事项')!.rowCount, 4);

    const imp = multipart({ _csrf: s.csrf }, { name: 'file', filename: 'list.xlsx', data: xlsx.rawPayload, type: XLSX });
    const r = await t.app.inject({ method: 'POST', url: '/admin/registers/kjt/powers/import', headers: { ...s.headers, ...imp.headers }, payload: imp.payload });
    assert.equal(r.statusCode, 200);
    assert.match(r.body, /未变 3 项/);
    const broken = multipart({ _csrf: s.csrf }, { name: 'file', filename: 'list.csv', data: Buffer.from('a,b\n1,2'), type: 'text/csv' });
    const rb = await t.app.inject({ method: 'POST', url: '/admin/registers/kjt/powers/import', headers: { ...s.headers, ...broken.headers }, payload: broken.payload });
    assert.equal(rb.statusCode, 422);
    assert.match(rb.body, /不是有效的 .xlsx 工作簿/);

    assert.equal((await t.app.inject({ url: '/admin/registers/other', headers: s.headers })).statusCode, 403);
    assert.equal((await t.app.inject({ method: 'POST', url: '/admin/registers/other/powers', headers: s.headers, payload: { _csrf: s.csrf, code: 'Z' } })).statusCode, 403);
    const facts = await t.app.inject({ url: '/api/v1/agencies/kjt/register-facts/2020', headers: s.headers });
    assert.equal(facts.statusCode, 200);
    assert.equal(facts.json().table2['2021'].licensing.decisions, 1);
    assert.equal(facts.json().table4.length, 15);
    assert.equal((await t.app.inject({ url: '/api/v1/agencies/other/register-facts/2020', headers: s.headers })).statusCode, 403);
    void other;
  });

  it('records subjects and decisions through the staff forms with 422 on bad input', async () => {
    const s = await loginAs(t, { grants: [{ agencyId: a.id, role: 'editor' }] });
    for (const path of ['subjects', 'licensing', 'decisions', 'fees', 'procurement', 'cases', 'facts']) {
      const r = await t.app.inject({ url: `/admin/registers/kjt/${path}`, headers: s.headers });
      assert.equal(r.statusCode, 200, path);
    }
    const bad = await t.app.inject({ method: 'POST', url: '/admin/registers/kjt/licensing', headers: s.headers,
      payload: { _csrf: s.csrf, licenceType: '外国人来华工作许可证', action: 'renew', holderKind: 'aggregate', caseCount: '-3', decidedOn: 'yesterday' } });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /件数至少为1/);
    const ok = await t.app.inject({ method: 'POST', url: '/admin/registers/kjt/licensing', headers: s.headers,
      payload: { _csrf: s.csrf, licenceType: '外国人来华工作许可证', action: 'renew', holderKind: 'aggregate', caseCount: '234', decidedOn: '2020-06-30' } });
    assert.equal(ok.statusCode, 303);
    const filed = await t.app.inject({ method: 'POST', url: '/admin/registers/kjt/cases', headers: s.headers,
      payload: { _csrf: s.csrf, kind: 'reconsideration', result: 'pending', filedOn: '2020-03-01', caseNumber: '甘政复〔2020〕1号' } });
    assert.equal(filed.statusCode, 303);
    const cases = await t.app.inject({ url: '/admin/registers/kjt/cases', headers: s.headers });
    const caseId = /cases\?edit=([0-9A-Z]+)/.exec(cases.body)?.[1];
    assert.ok(caseId);
    const form = await t.app.inject({ url: `/admin/registers/kjt/cases?edit=${caseId}`, headers: s.headers });
    assert.match(form.body, /value="甘政复〔2020〕1号"/);
    const concluded = await t.app.inject({ method: 'POST', url: '/admin/registers/kjt/cases', headers: s.headers,
      payload: { _csrf: s.csrf, id: caseId, kind: 'reconsideration', result: 'upheld', filedOn: '2020-03-01', concludedOn: '2020-05-01', caseNumber: '甘政复〔2020〕1号' } });
    assert.equal(concluded.statusCode, 303);
    const facts = (await t.app.inject({ url: '/api/v1/agencies/kjt/register-facts/2020', headers: s.headers })).json();
    assert.deepEqual(facts.table4.slice(0, 5), [1, 0, 0, 0, 1]);
    assert.equal((await t.app.inject({ url: '/admin/registers/kjt/cases?edit=NOPE', headers: s.headers })).statusCode, 404);
    const stats = (await t.app.inject('/api/v1/agencies/kjt/licensing-statistics?year=2020')).json();
    assert.ok(stats.data.some((r: { cases: number }) => r.cases === 234));
  });
});
