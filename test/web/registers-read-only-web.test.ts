/**
 * The registers' back office for read-only roles, and reinstatement of withdrawn records (docs/decisions/0008,
 * addendum). Roles without `registers.edit` (auditor, reviewer, case handler, a supervisor over the agency) see the
 * lists and the export but no add/edit/withdraw/reinstate controls they would get 403 for; editors see them all. A
 * withdrawn record is reinstated through its page (CSRF-protected) and is back on the cached portal page at once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Role } from '../../src/accounts/principal.ts';
import type { Agency } from '../../src/agencies/agency.ts';
import { withdrawRegisterRecord } from '../../src/registers/corrections-service.ts';
import { savePowerItem } from '../../src/registers/power-service.ts';
import {
  addFeeItem, recordEnforcementDecision, recordLicensingDecision, saveDisclosureCase, saveEnforcementSubject,
} from '../../src/registers/registers-service.ts';
import { selectFeeItems } from '../../src/registers/registers-store.ts';
import { loginAs, type StaffSession } from '../support/auth.ts';
import { makeAgency } from '../support/factories.ts';
import { createTestApp } from '../support/harness.ts';
import { powerItem, staffAt } from '../support/registers-factories.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const SECTIONS = ['', '/subjects', '/licensing', '/decisions', '/fees', '/procurement', '/cases'];
const LAB = { licenceType: '实验动物使用许可证', action: 'issue', holderKind: 'organisation', holderName: '兰州大学', licenceNumber: 'SYXK（甘）2020-0021', decidedOn: '2020-05-06', published: 'on' };

describe('registers back office: controls only for those who may use them; reinstatement', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let gov: Agency;
  let a: Agency;
  let editor: StaffSession;
  let lab: string;
  let penalty: string;
  const get = (url: string, s: StaffSession) => t.app.inject({ url, headers: s.headers });
  const post = (url: string, o: Record<string, string>, s: StaffSession) =>
    t.app.inject({ method: 'POST', url, headers: { ...s.headers, ...FORM }, payload: new URLSearchParams({ _csrf: s.csrf, ...o }).toString() });

  before(async () => {
    t = await createTestApp({ now: '2021-01-20T02:00:00Z' });
    gov = await makeAgency(t.ctx, { code: 'rogov', kind: 'government', name: '某某省人民政府' });
    a = await makeAgency(t.ctx, { code: 'rokj', parentId: gov.id });
    const ed = staffAt(a.id, 'editor');
    await savePowerItem(t.ctx, ed, a.id, powerItem({ code: 'RO-XK-001' }));
    await saveEnforcementSubject(t.ctx, ed, a.id, undefined, { unitName: '某某省科学技术厅', subjectKind: 'statutory', sortOrder: '0' });
    lab = (await recordLicensingDecision(t.ctx, ed, a.id, LAB)).id;
    penalty = (await recordEnforcementDecision(t.ctx, ed, a.id, { kind: 'penalty', documentNumber: '科罚〔2020〕1号', partyKind: 'organisation', partyName: '某公司', measure: '警告', decidedOn: '2020-08-01', published: 'on' })).id;
    await withdrawRegisterRecord(t.ctx, ed, 'enforcement', a.id, penalty, { reason: 'entry_error', note: '误撤：与另一条混淆', version: '1' });
    await addFeeItem(t.ctx, ed, a.id, { name: '甲收费', legalBasis: '依据', standard: '每件10元', inForceFrom: '2015-01-01' });
    await saveDisclosureCase(t.ctx, ed, a.id, undefined, { kind: 'reconsideration', caseNumber: '复〔2020〕1号', filedOn: '2020-09-01', result: 'pending' });
    editor = await loginAs(t, { grants: [{ agencyId: a.id, role: 'editor' }] });
  });
  after(() => t.cleanup());

  const readOnly: { who: string; role: Role; at: () => Agency }[] = [
    { who: 'an auditor', role: 'auditor', at: () => a },
    { who: 'a reviewer', role: 'reviewer', at: () => a },
    { who: 'a case handler', role: 'case_handler', at: () => a },
    { who: 'a supervisor of the parent government', role: 'supervisor', at: () => gov },
  ];
  for (const row of readOnly) {
    it(`shows ${row.who} the registers without add, edit, withdraw or reinstate controls`, async () => {
      const s = await loginAs(t, { grants: [{ agencyId: row.at().id, role: row.role }] });
      for (const section of SECTIONS) {
        const r = await get(`/admin/registers/rokj${section}`, s);
        assert.equal(r.statusCode, 200, section);
        assert.doesNotMatch(r.body, /<form[^>]*method="post"[^>]*action="\/admin\/registers/, `${section}: no form that would answer 403`);
        assert.doesNotMatch(r.body, /action="\/admin\/registers/, section);
        assert.doesNotMatch(r.body, /href="[^"]*(\?edit=|\/withdraw"|\/reinstate"|\/powers\/new"|\/admin\/registers\/rokj\/powers\/RO)/, `${section}: no link to a page answering 403`);
      }
      const powers = await get('/admin/registers/rokj', s);
      assert.match(powers.body, /href="\/admin\/registers\/rokj\/powers\.xlsx"/, 'the export stays');
      assert.match(powers.body, /href="\/agencies\/rokj\/powers\/RO-XK-001"/, 'items link to their public page');
      const decisions = await get('/admin/registers/rokj/decisions', s);
      assert.match(decisions.body, /已撤回（2021-01-20）/, 'the state is still shown');
      assert.match((await get('/admin/registers/rokj/subjects', s)).body, /只有查阅权限/);
      // The pages behind the hidden controls stay closed.
      assert.equal((await get(`/admin/registers/rokj/licensing?edit=${lab}`, s)).statusCode, 403);
      assert.equal((await get(`/admin/registers/rokj/decisions/${penalty}/reinstate`, s)).statusCode, 403);
      assert.equal((await post(`/admin/registers/rokj/decisions/${penalty}/reinstate`, { version: '2' }, s)).statusCode, 403);
    });
  }

  it('shows an editor every control', async () => {
    const subjects = await get('/admin/registers/rokj/subjects', editor);
    assert.match(subjects.body, /<form method="post" action="\/admin\/registers\/rokj\/subjects"/);
    assert.match(subjects.body, /\/subjects\/[0-9A-Z]+\/delete"/);
    const powers = await get('/admin/registers/rokj', editor);
    assert.match(powers.body, /href="\/admin\/registers\/rokj\/powers\/new"/);
    assert.match(powers.body, /action="\/admin\/registers\/rokj\/powers\/import"/);
    assert.match(powers.body, /href="\/admin\/registers\/rokj\/powers\/RO-XK-001"/);
    const licensing = await get('/admin/registers/rokj/licensing', editor);
    assert.match(licensing.body, new RegExp(`href="/admin/registers/rokj/licensing\\?edit=${lab}"`));
    assert.match(licensing.body, new RegExp(`href="/admin/registers/rokj/licensing/${lab}/withdraw"`));
    const fees = await get('/admin/registers/rokj/fees', editor);
    assert.match(fees.body, /\/collections"/);
    assert.match((await get('/admin/registers/rokj/cases', editor)).body, /cases\?edit=/);
    assert.equal((await get(`/admin/registers/rokj/licensing?edit=${lab}`, editor)).statusCode, 200);
  });

  it('reinstates a withdrawn decision through its page: CSRF, 409 on a stale version, back on the cached portal page', async () => {
    const portal = async () => t.app.inject('/agencies/rokj/penalties');
    assert.doesNotMatch((await portal()).body, /<td>警告<\/td>/);
    assert.equal((await portal()).headers['x-page-cache'], 'hit');
    const list = await get('/admin/registers/rokj/decisions', editor);
    assert.match(list.body, new RegExp(`href="/admin/registers/rokj/decisions/${penalty}/reinstate"`));
    const page = await get(`/admin/registers/rokj/decisions/${penalty}/reinstate`, editor);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1>恢复：/);
    assert.match(page.body, /误撤：与另一条混淆/, 'the staff note is shown to staff');
    assert.match(page.body, new RegExp(`<form method="post" action="/admin/registers/rokj/decisions/${penalty}/reinstate"`));
    assert.match(page.body, /name="_csrf"/);
    assert.match(page.body, /name="version" value="2"/);
    const en = await get(`/admin/registers/rokj/decisions/${penalty}/reinstate?lang=en`, editor);
    assert.match(en.body, /<h1>Reinstate: /);
    assert.match(en.body, /Reinstate this record/);

    const noCsrf = await t.app.inject({ method: 'POST', url: `/admin/registers/rokj/decisions/${penalty}/reinstate`, headers: { ...editor.headers, ...FORM }, payload: 'version=2' });
    assert.equal(noCsrf.statusCode, 403);
    const stale = await post(`/admin/registers/rokj/decisions/${penalty}/reinstate`, { version: '1' }, editor);
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /已被他人修改或撤回/);
    assert.match(stale.body, /name="version" value="2"/);

    const ok = await post(`/admin/registers/rokj/decisions/${penalty}/reinstate`, { version: '2' }, editor);
    assert.equal(ok.statusCode, 303);
    assert.equal(ok.headers.location, '/admin/registers/rokj/decisions?saved=1');
    const after = await portal();
    assert.equal(after.headers['x-page-cache'], 'miss', 'content.changed dropped the cached page');
    assert.match(after.body, /科罚〔2020〕1号/);
    assert.doesNotMatch(after.body, /已撤下的公示信息/);
    const again = await post(`/admin/registers/rokj/decisions/${penalty}/reinstate`, { version: '3' }, editor);
    assert.equal(again.statusCode, 409, 'not withdrawn any more');
    const admin = await get('/admin/registers/rokj/decisions', editor);
    assert.match(admin.body, new RegExp(`href="/admin/registers/rokj/decisions/${penalty}/withdraw"`));
    const entries = await t.ctx.db.selectFrom('audit_log').select(['action', 'summary']).where('object_id', '=', penalty).orderBy('seq').execute();
    assert.deepEqual(entries.map((e) => e.action), ['enforcement_decision.record', 'enforcement_decision.withdraw', 'enforcement_decision.reinstate']);
  });

  it('reinstates a fee item withdrawn in error (the list and the portal show it again)', async () => {
    const [fee] = await selectFeeItems(t.ctx.db, a.id);
    await withdrawRegisterRecord(t.ctx, staffAt(a.id, 'editor'), 'fee', a.id, fee.id, { reason: 'entry_error', note: '以为重复', version: '1' });
    assert.doesNotMatch((await t.app.inject('/agencies/rokj/fees')).body, /甲收费/);
    const ok = await post(`/admin/registers/rokj/fees/${fee.id}/reinstate`, { version: '2' }, editor);
    assert.equal(ok.statusCode, 303);
    assert.match((await t.app.inject('/agencies/rokj/fees')).body, /甲收费/);
  });
});
