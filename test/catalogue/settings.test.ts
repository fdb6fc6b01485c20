/** Agency catalogue settings: index scheme validation, own categories (Art. 22), guide text on the 指南 page. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addCategory, removeCategory, updateCatalogueSettings } from '../../src/catalogue/settings-service.ts';
import { makeAgency } from '../support/factories.ts';
import { createTestApp } from '../support/harness.ts';
import { loginAs } from '../support/auth.ts';
import { publishedItem, staff } from '../support/catalogue-factories.ts';

describe('catalogue settings', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let agencyId: string;
  before(async () => {
    t = await createTestApp();
    agencyId = (await makeAgency(t.ctx, { code: 'set' })).id;
  });
  after(() => t.cleanup());

  it('validates and saves settings; the guide shows the extra text, sanitised', async () => {
    const admin = staff(agencyId, 'admin');
    await assert.rejects(updateCatalogueSettings(t.ctx, admin, agencyId, { indexPattern: '{serial}', reviewMonths: 12, dueSoonWorkdays: 5 }), { code: 'invalid_input' });
    await assert.rejects(updateCatalogueSettings(t.ctx, staff(agencyId, 'editor'), agencyId, { indexPattern: '{org}/{yyyy}-{serial:5}', reviewMonths: 12, dueSoonWorkdays: 5 }), { code: 'forbidden' });
    await updateCatalogueSettings(t.ctx, admin, agencyId, {
      indexPattern: '{org}/{yyyy}-{serial:5}', reviewMonths: 6, dueSoonWorkdays: 3, disclosureOffice: '测试厅政务公开办公室',
      guideHtml: '<p>查阅场所：省档案馆</p><script>alert(1)</script>',
    });
    const g = await t.app.inject({ url: '/agencies/set/guide' });
    assert.match(g.body, /查阅场所：省档案馆/);
    assert.match(g.body, /测试厅政务公开办公室/);
    assert.doesNotMatch(g.body, /alert\(1\)/);
  });

  it('adds agency categories that appear in the catalogue and can be removed when unused', async () => {
    const admin = staff(agencyId, 'admin');
    await addCategory(t.ctx, admin, agencyId, { code: 'sydw', parentCode: 'kjgl', label: '实验动物许可', labelEn: 'Laboratory animal licences' });
    await assert.rejects(addCategory(t.ctx, admin, agencyId, { code: 'sydw', label: '重复' }), { code: 'invalid_input' });
    await assert.rejects(addCategory(t.ctx, admin, agencyId, { code: 'x1', parentCode: 'zwdt', label: '类型不一致', kind: 'document' }), { code: 'invalid_input' });
    await publishedItem(t.ctx, staff(agencyId, 'editor'), staff(agencyId, 'reviewer'), agencyId, { categoryCode: 'sydw', title: '实验动物使用许可证发放公示', documentNumber: '' });
    const c = await t.app.inject({ url: '/agencies/set/catalogue?category=kjgl' });
    assert.match(c.body, /实验动物许可/);
    assert.match(c.body, /实验动物使用许可证发放公示/, 'a parent category shows its children’s items');
    await assert.rejects(removeCategory(t.ctx, admin, agencyId, 'sydw'), { code: 'category_in_use' });
    await assert.rejects(removeCategory(t.ctx, admin, agencyId, 'kjgl'), { code: 'builtin_category' });
  });

  it('serves the settings page to administrators only', async () => {
    const admin = await loginAs(t, { grants: [{ agencyId, role: 'admin' }] });
    const editor = await loginAs(t, { grants: [{ agencyId, role: 'editor' }] });
    assert.equal((await t.app.inject({ url: '/admin/catalogue/settings', headers: admin.headers })).statusCode, 200);
    assert.equal((await t.app.inject({ url: '/admin/catalogue/settings', headers: editor.headers })).statusCode, 403);
    const bad = await t.app.inject({ method: 'POST', url: '/admin/catalogue/settings', headers: admin.headers, payload: { _csrf: admin.csrf, indexPattern: 'x', reviewMonths: '0', dueSoonWorkdays: '5' } });
    assert.equal(bad.statusCode, 422);
  });

  it('offers “制定规章” to a people’s government only (《立法法》第九十三条) and then the 规章 category', async () => {
    const gov = await makeAgency(t.ctx, { code: 'setgov', kind: 'government', name: '某市人民政府' });
    const deptAdmin = await loginAs(t, { grants: [{ agencyId, role: 'admin' }] });
    const govAdmin = await loginAs(t, { grants: [{ agencyId: gov.id, role: 'admin' }] });
    const payload = (csrf: string) => ({ _csrf: csrf, indexPattern: '{org}/{yyyy}-{serial:5}', reviewMonths: '12', dueSoonWorkdays: '5', ruleMaking: 'on' });
    const deptPage = await t.app.inject({ url: '/admin/catalogue/settings?agency=set', headers: deptAdmin.headers });
    assert.doesNotMatch(deptPage.body, /name="ruleMaking"/);
    const refused = await t.app.inject({ method: 'POST', url: '/admin/catalogue/settings?agency=set', headers: deptAdmin.headers, payload: payload(deptAdmin.csrf) });
    assert.equal(refused.statusCode, 422);
    assert.match(refused.body, /立法法/);
    assert.match((await t.app.inject({ url: '/admin/catalogue/settings?agency=setgov', headers: govAdmin.headers })).body, /name="ruleMaking"/);
    const saved = await t.app.inject({ method: 'POST', url: '/admin/catalogue/settings?agency=setgov', headers: govAdmin.headers, payload: payload(govAdmin.csrf) });
    assert.equal(saved.statusCode, 303);
    const page = await t.app.inject({ url: '/admin/catalogue/settings?agency=setgov', headers: govAdmin.headers });
    assert.match(page.body, /name="ruleMaking" value="on" checked/);
    const list = await t.app.inject({ url: '/admin/catalogue?agency=setgov', headers: govAdmin.headers });
    assert.match(list.body, /<option value="gz">　规章<\/option>/);
  });
});
