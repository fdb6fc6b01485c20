/**
 * Correcting and withdrawing register records in the back office (docs/decisions/0008): edit forms prefilled with a
 * version, 422 re-rendering with field messages, 409 on a stale version keeping the editor's entries, withdrawal
 * pages, and the portal pages and report figures following through the page cache.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Agency } from '../../src/agencies/agency.ts';
import { recordEnforcementDecision, recordLicensingDecision } from '../../src/registers/registers-service.ts';
import { loginAs, type StaffSession } from '../support/auth.ts';
import { makeAgency } from '../support/factories.ts';
import { createTestApp } from '../support/harness.ts';
import { staffAt } from '../support/registers-factories.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const LAB = { licenceType: '实验动物使用许可证', action: 'issue', holderKind: 'organisation', holderName: '兰州大学', licenceNumber: 'SYXK（甘）2020-0009', decidedOn: '2020-05-06', published: 'on' };
const invalid = (field: string) => new RegExp(`id="f-${field}"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="f-${field}"`);

describe('register corrections on the web', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let a: Agency;
  let editor: StaffSession;
  let lab: string;
  let penalty: string;
  const post = (url: string, o: Record<string, string>, s = editor) =>
    t.app.inject({ method: 'POST', url, headers: { ...s.headers, ...FORM }, payload: new URLSearchParams({ _csrf: s.csrf, ...o }).toString() });

  before(async () => {
    t = await createTestApp({ now: '2021-01-20T02:00:00Z' });
    a = await makeAgency(t.ctx, { code: 'kjt' });
    lab = (await recordLicensingDecision(t.ctx, staffAt(a.id, 'editor'), a.id, LAB)).id;
    penalty = (await recordEnforcementDecision(t.ctx, staffAt(a.id, 'editor'), a.id, {
      kind: 'penalty', documentNumber: '甘科罚〔2020〕5号', partyKind: 'natural_person', partyName: '赵钱孙', measure: '警告', decidedOn: '2020-08-01', published: 'on',
    })).id;
    editor = await loginAs(t, { grants: [{ agencyId: a.id, role: 'editor' }] });
  });
  after(() => t.cleanup());

  it('edits a published licensing decision; the cached portal page and the report figures follow', async () => {
    assert.equal((await t.app.inject('/agencies/kjt/licences?year=2020')).statusCode, 200);
    assert.equal((await t.app.inject('/agencies/kjt/licences?year=2020')).headers['x-page-cache'], 'hit');
    const list = await t.app.inject({ url: '/admin/registers/kjt/licensing', headers: editor.headers });
    assert.match(list.body, new RegExp(`href="/admin/registers/kjt/licensing\\?edit=${lab}"`));
    assert.match(list.body, new RegExp(`href="/admin/registers/kjt/licensing/${lab}/withdraw"`));
    const form = await t.app.inject({ url: `/admin/registers/kjt/licensing?edit=${lab}`, headers: editor.headers });
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /name="version" value="1"/);
    assert.match(form.body, /value="SYXK（甘）2020-0009"/);
    const bad = await post('/admin/registers/kjt/licensing', { ...LAB, id: lab, version: '1', licenceType: '', validUntil: '2019-01-01' });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, invalid('licenceType'));
    assert.match(bad.body, invalid('validUntil'));
    assert.match(bad.body, /class="field-error"/);
    assert.match(bad.body, /name="version" value="1"/);
    const ok = await post('/admin/registers/kjt/licensing', { ...LAB, id: lab, version: '1', holderName: '兰州大学第二医院' });
    assert.equal(ok.statusCode, 303);
    const portal = await t.app.inject('/agencies/kjt/licences?year=2020');
    assert.equal(portal.headers['x-page-cache'], 'miss');
    assert.match(portal.body, /兰州大学第二医院/);
    assert.match(portal.body, /2021-01-20更正/);
  });

  it('answers a stale version with 409, keeping the editor’s entries and offering the current version', async () => {
    const stale = await post('/admin/registers/kjt/licensing', { ...LAB, id: lab, version: '1', holderName: '另一位编辑的版本' });
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /已被他人修改/);
    assert.match(stale.body, /value="另一位编辑的版本"/);
    assert.match(stale.body, /name="version" value="2"/);
    assert.match(stale.body, new RegExp(`href="/admin/registers/kjt/licensing\\?edit=${lab}"`));
    // The fields that differ, side by side: the editor's entry and what is saved now.
    assert.match(stale.body, /<th scope="row">持证单位名称<\/th><td>另一位编辑的版本<\/td><td>兰州大学第二医院<\/td>/);
    assert.doesNotMatch(stale.body, /<th scope="row">许可证种类<\/th>/);
    const portal = await t.app.inject('/agencies/kjt/licences?year=2020');
    assert.doesNotMatch(portal.body, /另一位编辑的版本/);
  });

  it('never puts a natural person’s name into the edit form; an empty name keeps it', async () => {
    const form = await t.app.inject({ url: `/admin/registers/kjt/decisions?edit=${penalty}`, headers: editor.headers });
    assert.equal(form.statusCode, 200);
    assert.doesNotMatch(form.body, /赵钱孙/);
    assert.match(form.body, /留空则保留原姓名/);
    const r = await post('/admin/registers/kjt/decisions', {
      id: penalty, version: '1', kind: 'penalty', documentNumber: '甘科罚〔2020〕5号', partyKind: 'natural_person', partyName: '', measure: '警告并处罚款', amountYuan: '500', decidedOn: '2020-08-01', published: 'on',
    });
    assert.equal(r.statusCode, 303);
    const portal = await t.app.inject('/agencies/kjt/penalties');
    assert.match(portal.body, /赵\*\*/);
    assert.match(portal.body, /警告并处罚款/);
    assert.doesNotMatch(portal.body, /赵钱孙/);
  });

  it('withdraws a published decision: page with reasons, 422 on missing reason, notice on the portal, counts kept for a revoked one', async () => {
    const page = await t.app.inject({ url: `/admin/registers/kjt/decisions/${penalty}/withdraw`, headers: editor.headers });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<label for="f-reason">/);
    assert.match(page.body, /<label for="f-note">/);
    assert.match(page.body, /name="version" value="2"/);
    const bad = await post(`/admin/registers/kjt/decisions/${penalty}/withdraw`, { reason: '', note: '', version: '2' });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, invalid('reason'));
    assert.match(bad.body, invalid('note'));
    const ok = await post(`/admin/registers/kjt/decisions/${penalty}/withdraw`, { reason: 'revoked', note: '复议决定撤销，当事人赵钱孙', version: '2' });
    assert.equal(ok.statusCode, 303);
    assert.equal(ok.headers.location, '/admin/registers/kjt/decisions?saved=1');
    const portal = await t.app.inject('/agencies/kjt/penalties');
    assert.match(portal.body, /已撤下的公示信息/);
    assert.match(portal.body, /甘科罚〔2020〕5号/);
    assert.match(portal.body, /原决定已被依法撤销/);
    assert.doesNotMatch(portal.body, /赵|警告并处罚款|复议决定撤销/);
    const admin = await t.app.inject({ url: '/admin/registers/kjt/decisions', headers: editor.headers });
    assert.match(admin.body, /已撤回（2021-01-20）/);
    assert.doesNotMatch(admin.body, new RegExp(`decisions\\?edit=${penalty}`));
    assert.equal((await t.app.inject({ url: `/admin/registers/kjt/decisions?edit=${penalty}`, headers: editor.headers })).statusCode, 404);
    const again = await post(`/admin/registers/kjt/decisions/${penalty}/withdraw`, { reason: 'revoked', note: '再次撤回的尝试', version: '3' });
    assert.equal(again.statusCode, 409);
    const facts = await t.app.inject({ url: '/admin/registers/kjt/facts?year=2020', headers: editor.headers });
    assert.match(facts.body, /行政处罚<\/th><td>\d+<\/td><td>-?\d+<\/td><td>1<\/td>/, 'a revoked decision was made in 2020 and still counts');
  });

  it('withdraws a licensing decision entered in error: off the portal and out of table 二', async () => {
    const ok = await post(`/admin/registers/kjt/licensing/${lab}/withdraw`, { reason: 'entry_error', note: '与5月6日另一条登记相同', version: '2' });
    assert.equal(ok.statusCode, 303);
    const portal = await t.app.inject('/agencies/kjt/licences?year=2020');
    assert.match(portal.body, /该年度没有办理记录/);
    assert.match(portal.body, /SYXK（甘）2020-0009/);
    assert.match(portal.body, /登记有误/);
    assert.doesNotMatch(portal.body, /兰州大学/);
    const api = await t.app.inject('/api/v1/agencies/kjt/licensing-notices');
    assert.equal(api.json().meta.total, 0);
    const withdrawals = await t.app.inject('/api/v1/agencies/kjt/register-withdrawals');
    assert.equal(withdrawals.statusCode, 200);
    assert.deepEqual(withdrawals.json().data.map((w: { register: string; reason: { code: string }; reference: string }) => [w.register, w.reason.code, w.reference]),
      [['licensing', 'entry_error', 'SYXK（甘）2020-0009'], ['enforcement', 'revoked', '甘科罚〔2020〕5号']]); // same day: licensing first
    assert.doesNotMatch(withdrawals.body, /兰州大学|赵|复议决定撤销|另一条登记/);
    assert.equal((await t.app.inject('/api/v1/agencies/kjt/register-withdrawals?register=licensing')).json().meta.total, 1);
    assert.equal((await t.app.inject('/api/v1/agencies/kjt/register-withdrawals?register=nope')).statusCode, 422);
    const facts = await t.app.inject({ url: '/api/v1/agencies/kjt/register-facts/2020', headers: editor.headers });
    assert.equal(facts.statusCode, 200);
    assert.equal(facts.json().table2['2019'].licensing.decisions, 0);
    assert.equal(facts.json().table2['2021'].licensing.decisions, 0);
    const page = await t.app.inject({ url: '/admin/registers/kjt/facts?year=2020', headers: editor.headers });
    assert.match(page.body, /行政许可<\/th><td>\d+<\/td><td>-?\d+<\/td><td>0<\/td>/);
  });

  it('refuses roles without registers.edit and other agencies (403), and requests without the CSRF token', async () => {
    const reviewer = await loginAs(t, { grants: [{ agencyId: a.id, role: 'reviewer' }] });
    const d = (await recordLicensingDecision(t.ctx, staffAt(a.id, 'editor'), a.id, { ...LAB, licenceNumber: 'SYXK（甘）2020-0010' })).id;
    assert.equal((await t.app.inject({ url: `/admin/registers/kjt/licensing/${d}/withdraw`, headers: reviewer.headers })).statusCode, 403);
    assert.equal((await post(`/admin/registers/kjt/licensing/${d}/withdraw`, { reason: 'entry_error', note: '越权撤回', version: '1' }, reviewer)).statusCode, 403);
    assert.equal((await post('/admin/registers/kjt/licensing', { ...LAB, id: d, version: '1', holderName: '越权修改' }, reviewer)).statusCode, 403);
    const otherAgency = await makeAgency(t.ctx, { code: 'oth' });
    const outsider = await loginAs(t, { grants: [{ agencyId: otherAgency.id, role: 'editor' }] });
    assert.equal((await post(`/admin/registers/kjt/licensing/${d}/withdraw`, { reason: 'entry_error', note: '越权撤回', version: '1' }, outsider)).statusCode, 403);
    assert.equal((await post(`/admin/registers/oth/licensing/${d}/withdraw`, { reason: 'entry_error', note: '越权撤回', version: '1' }, outsider)).statusCode, 404);
    const noCsrf = await t.app.inject({ method: 'POST', url: `/admin/registers/kjt/licensing/${d}/withdraw`, headers: { ...editor.headers, ...FORM }, payload: 'reason=entry_error&note=%E9%87%8D%E5%A4%8D%E7%99%BB%E8%AE%B0&version=1' });
    assert.equal(noCsrf.statusCode, 403);
    const row = await t.ctx.db.selectFrom('licensing_decisions').select(['withdrawn_on', 'holder_name']).where('decision_id', '=', d).executeTakeFirstOrThrow();
    assert.deepEqual(row, { withdrawn_on: null, holder_name: '兰州大学' });
  });
});
