/**
 * English pages (`?lang=en`) show ordinary UI text in English: coded values in forms and lists (item states,
 * categories, disclosure attributes, interpretation forms, ID types, information forms, deliveries; register record
 * kinds and actions, power-list kinds, letter states), the search
 * page's category names, and the report comparison's headings. The statutory labels of the annual report's tables
 * stay Chinese by design (the official template's wording), and so does content.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Agency } from '../../src/agencies/agency.ts';
import { savePowerItem } from '../../src/registers/power-service.ts';
import { recordLicensingDecision } from '../../src/registers/registers-service.ts';
import { publishedItem, staff } from '../support/catalogue-factories.ts';
import { powerItem, staffAt } from '../support/registers-factories.ts';
import { loginAs, type StaffSession } from '../support/auth.ts';
import { makeAgency } from '../support/factories.ts';
import { createTestApp } from '../support/harness.ts';

/** The text of every <option> of a page. */
const options = (html: string) => [...html.matchAll(/<option[^>]*>([^<]*)<\/option>/g)].map((m) => m[1]);

describe('English UI text', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let a: Agency;
  let editor: StaffSession;
  before(async () => {
    t = await createTestApp({ now: '2022-03-01T02:00:00Z' });
    a = await makeAgency(t.ctx, { code: 'enkj' });
    await publishedItem(t.ctx, staff(a.id, 'editor'), staff(a.id, 'reviewer'), a.id, { title: '关于开展科技统计工作的通知', categoryCode: 'qtwj', formedOn: '2022-02-20' });
    editor = await loginAs(t, { grants: [{ agencyId: a.id, role: 'editor' }, { agencyId: a.id, role: 'case_handler' }] });
  });
  after(() => t.cleanup());
  const get = (url: string) => t.app.inject({ url, headers: editor.headers });

  it('the catalogue back office: states, categories, disclosure attributes and interpretation forms', async () => {
    const list = options((await get('/admin/catalogue?agency=enkj&lang=en')).body);
    assert.ok(list.includes('Submitted') && list.includes('Published'), list.join('|'));
    assert.ok(list.some((o) => o.includes('Regulations and documents')));
    assert.ok(!list.some((o) => /待审核|已发布|法规文件/.test(o)), list.join('|'));
    const form = options((await get('/admin/catalogue/new?agency=enkj&lang=en')).body);
    for (const o of ['Proactive disclosure', 'On request', 'Not disclosed', 'Questions and answers', 'Video']) assert.ok(form.includes(o), o);
    for (const zh of ['主动公开', '依申请公开', '不予公开', '问答解读', '视频解读']) assert.ok(!form.includes(zh), zh);
    // The grounds (第十四条… of the Regulation) are cited as the statute words them.
    assert.ok(form.includes('第十五条：涉及商业秘密'));
    assert.ok(options((await get('/admin/catalogue/new?agency=enkj')).body).includes('主动公开'), 'Chinese pages keep Chinese');
  });

  it('the request registration form: ID types, information forms and deliveries', async () => {
    const form = options((await get('/admin/requests/new?agency=enkj&lang=en')).body);
    for (const o of ['Resident identity card', 'Other valid document', 'By post']) assert.ok(form.includes(o), `${o} in ${form.join('|')}`);
    assert.ok(!form.some((o) => /居民身份证|其他有效证件|邮寄|纸质/.test(o)), form.join('|'));
  });

  it('the search page names built-in categories in English', async () => {
    const r = await t.app.inject(`/search?q=${encodeURIComponent('科技统计')}&lang=en`);
    assert.equal(r.statusCode, 200);
    assert.match(r.body, /<option value="qtwj"[^>]*>Other documents<\/option>/);
    assert.match(r.body, /<span>Other documents<\/span>/);
    assert.doesNotMatch(r.body, />其他文件</);
  });

  it('the registers and mailbox back office: kinds, actions and states of records', async () => {
    await recordLicensingDecision(t.ctx, staffAt(a.id, 'editor'), a.id, { licenceType: '实验动物使用许可证', action: 'renew', holderKind: 'aggregate', caseCount: '3', decidedOn: '2021-06-30' });
    await savePowerItem(t.ctx, staffAt(a.id, 'editor'), a.id, powerItem({ code: 'EN-XK-001' }));
    const licensing = await get('/admin/registers/enkj/licensing?lang=en');
    assert.match(licensing.body, /<td>Renewed<\/td><td>Aggregate of cases<\/td>/);
    assert.match(licensing.body, /<td>实验动物使用许可证<\/td>/, 'content stays as entered');
    const form = options(licensing.body);
    assert.ok(form.includes('Organisation') && !form.includes('法人或其他组织'), form.join('|'));
    const powers = await get('/admin/registers/enkj?lang=en');
    assert.match(powers.body, /<td>Licensing<\/td>/);
    assert.ok(options((await get('/admin/registers/enkj/subjects?lang=en')).body).includes('Statutory administrative body'));
    assert.ok(options((await get('/admin/registers/enkj/decisions?lang=en')).body).includes('Administrative penalty'));
    const mailbox = options((await get('/admin/mailbox/enkj?lang=en')).body);
    assert.ok(!mailbox.some((o) => /已收到|办理中|已答复/.test(o)), mailbox.join('|'));
  });

  it('the report comparison: English headings, statutory row labels in Chinese', async () => {
    const r = await get('/admin/reports/enkj/compare?a=2020&b=2021&lang=en');
    assert.equal(r.statusCode, 200);
    assert.match(r.body, /<th scope="col">Table<\/th><th scope="col">Item<\/th><th scope="col">2020<\/th><th scope="col">2021<\/th><th scope="col">Change<\/th>/);
    assert.doesNotMatch(r.body, />变化</);
    assert.match(r.body, /本年新收政府信息公开申请数量/, 'the template’s labels stay as published');
    const zh = await get('/admin/reports/enkj/compare?a=2020&b=2021');
    assert.match(zh.body, /<th scope="col">2020年<\/th>/);
  });
});
