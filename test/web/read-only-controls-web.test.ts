/**
 * Back-office pages show forms, buttons and links only to staff who may use them (the services check again): the
 * catalogue's "draft an interpretation" link, new-item form and bulk import (drafting and review), consultations
 * (征集意见: drafting) and website-health finding assignment (monitoring.manage). Read-only roles (auditor, reviewer,
 * case handler, a supervisor over the agency) see the same information without controls that would answer 403.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Role } from '../../src/accounts/principal.ts';
import type { Agency } from '../../src/agencies/agency.ts';
import { saveSolicitation, submitToSolicitation } from '../../src/mailbox/solicitation-service.ts';
import { newId } from '../../src/platform/ids.ts';
import { publishedItem, staff } from '../support/catalogue-factories.ts';
import { loginAs, type StaffSession } from '../support/auth.ts';
import { makeAgency } from '../support/factories.ts';
import { createTestApp } from '../support/harness.ts';

describe('read-only roles get no controls they cannot use', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let gov: Agency;
  let a: Agency;
  let solicitation: string;
  let finding: string;
  const get = (url: string, s: StaffSession) => t.app.inject({ url, headers: s.headers });

  before(async () => {
    t = await createTestApp({ now: '2020-09-01T02:00:00Z' });
    gov = await makeAgency(t.ctx, { code: 'rcgov', kind: 'government', name: '某某省人民政府' });
    a = await makeAgency(t.ctx, { code: 'rckj', parentId: gov.id });
    // A published normative document without an interpretation (谁起草谁解读).
    await publishedItem(t.ctx, staff(a.id, 'editor'), staff(a.id, 'reviewer'), a.id, {
      categoryCode: 'gfxwj', title: '某某省科技计划项目管理办法', documentNumber: '某科发〔2020〕9号', formedOn: '2020-09-01',
    });
    solicitation = await saveSolicitation(t.ctx, staff(a.id, 'editor'), a.id, undefined, {
      title: '关于征集科技政策意见的公告', body: '欢迎社会各界对科技政策提出意见建议。', opensOn: '2020-09-01', closesOn: '2020-10-10', published: 'on',
    });
    t.ctx.clock.set('2020-10-05T02:00:00Z');
    await submitToSolicitation(t.ctx, a.id, solicitation, { kind: 'suggestion', content: '建议简化项目申报材料。' });
    t.ctx.clock.set('2020-10-12T02:00:00Z');
    finding = newId();
    const at = t.ctx.clock.now().toISOString();
    await t.ctx.db.insertInto('site_findings').values({
      finding_id: finding, agency_id: a.id, key: `k-${finding}`, kind: 'dead_link_internal', indicator: 'usability', severity: 'deduct',
      page: '/agencies/rckj', place: '正文', detail: '链接无法访问（HTTP 404）', target: '/agencies/rckj/nothing', status: 'open',
      first_seen_at: at, last_seen_at: at, resolved_at: null, owner_user_id: null, due_on: null, note: '',
    }).execute();
  });
  after(() => t.cleanup());

  const readers: { who: string; role: Role; at: () => Agency }[] = [
    { who: 'an auditor', role: 'auditor', at: () => a },
    { who: 'a reviewer', role: 'reviewer', at: () => a },
    { who: 'a case handler', role: 'case_handler', at: () => a },
    { who: 'a supervisor of the parent government', role: 'supervisor', at: () => gov },
  ];
  for (const row of readers) {
    it(`shows ${row.who} the pages without controls that would answer 403`, async () => {
      const s = await loginAs(t, { grants: [{ agencyId: row.at().id, role: row.role }] });
      const catalogue = await get('/admin/catalogue?agency=rckj', s);
      assert.equal(catalogue.statusCode, 200);
      assert.doesNotMatch(catalogue.body, /href="\/admin\/catalogue\/import/);
      assert.doesNotMatch(catalogue.body, /href="\/admin\/catalogue\/new/);
      const oversight = await get('/admin/catalogue/oversight?agency=rckj', s);
      assert.match(oversight.body, /某某省科技计划项目管理办法/);
      assert.match(oversight.body, /尚无解读/);
      assert.doesNotMatch(oversight.body, /href="\/admin\/catalogue\/new/);
      assert.equal((await get('/admin/catalogue/new?agency=rckj', s)).statusCode, 403);
      const imp = await get('/admin/catalogue/import?agency=rckj', s);
      assert.equal(imp.statusCode, 200);
      assert.doesNotMatch(imp.body, /method="post" action="\/admin\/catalogue\/import/);
      assert.match(imp.body, /同时具有起草和审核发布的权限/);

      const list = await get('/admin/mailbox/rckj/solicitations', s);
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /关于征集科技政策意见的公告/);
      assert.doesNotMatch(list.body, /<form[^>]*method="post"[^>]*action="\/admin\/mailbox/);
      const detail = await get(`/admin/mailbox/rckj/solicitations/${solicitation}`, s);
      assert.equal(detail.statusCode, 200);
      assert.match(detail.body, /建议简化项目申报材料/);
      assert.doesNotMatch(detail.body, /method="post"[^>]*action="\/admin\/mailbox/);

      const dash = await get('/admin/monitoring/rckj', s);
      assert.equal(dash.statusCode, 200);
      assert.match(dash.body, /链接无法访问（HTTP 404）/);
      assert.doesNotMatch(dash.body, /href="\/admin\/monitoring\/findings\//);
      const page = await get(`/admin/monitoring/findings/${finding}`, s);
      assert.equal(page.statusCode, 200);
      assert.doesNotMatch(page.body, /method="post"[^>]*action="\/admin\/monitoring\/findings/);
    });
  }

  it('shows the controls to those who may use them', async () => {
    const editor = await loginAs(t, { grants: [{ agencyId: a.id, role: 'editor' }] });
    assert.match((await get('/admin/catalogue/oversight?agency=rckj', editor)).body, /href="\/admin\/catalogue\/new\?agency=rckj&amp;category=zcjd/);
    assert.equal((await get('/admin/catalogue/new?agency=rckj', editor)).statusCode, 200);
    assert.match((await get('/admin/mailbox/rckj/solicitations', editor)).body, /action="\/admin\/mailbox\/rckj\/solicitations"/);
    const detail = (await get(`/admin/mailbox/rckj/solicitations/${solicitation}`, editor)).body;
    assert.match(detail, /\/submissions\/[0-9A-Z]+"/);
    assert.match(detail, /\/summary"/);
    assert.match((await get('/admin/monitoring/rckj', editor)).body, new RegExp(`href="/admin/monitoring/findings/${finding}"`));
    assert.match((await get(`/admin/monitoring/findings/${finding}`, editor)).body, /action="\/admin\/monitoring\/findings/);
    // Bulk import publishes, so it takes drafting and review together.
    assert.doesNotMatch((await get('/admin/catalogue?agency=rckj', editor)).body, /href="\/admin\/catalogue\/import/);
    const both = await loginAs(t, { grants: [{ agencyId: a.id, role: 'editor' }, { agencyId: a.id, role: 'reviewer' }] });
    assert.match((await get('/admin/catalogue?agency=rckj', both)).body, /href="\/admin\/catalogue\/import\?agency=rckj"/);
    assert.match((await get('/admin/catalogue/import?agency=rckj', both)).body, /action="\/admin\/catalogue\/import\?agency=rckj"/);
  });
});
