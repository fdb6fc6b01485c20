import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createTestApp } from '../support/harness.ts';
import { makeAgency } from '../support/factories.ts';
import { loginAs } from '../support/auth.ts';

describe('website health back office', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let agencyId = '';
  before(async () => {
    t = await createTestApp({ now: '2026-11-27T02:00:00Z' });
    agencyId = (await makeAgency(t.ctx, { code: 'wh' })).id;
    await makeAgency(t.ctx, { code: 'other' });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    t.ctx.config.publicUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  after(() => t.cleanup());

  it('runs a check from the dashboard, shows findings and the trend chart, and assigns a finding', async () => {
    const s = await loginAs(t, { grants: [{ agencyId, role: 'editor' }] });
    const dash = await t.app.inject({ url: '/admin/monitoring/wh', headers: s.headers });
    assert.equal(dash.statusCode, 200);
    assert.match(dash.body, /尚未检查过/);
    const run = await t.app.inject({ method: 'POST', url: '/admin/monitoring/wh/run', headers: s.headers, payload: { _csrf: s.csrf } });
    assert.equal(run.statusCode, 303);
    const after1 = await t.app.inject({ url: '/admin/monitoring/wh?ran=1', headers: s.headers });
    assert.match(after1.body, /检查已完成/);
    assert.match(after1.body, /首页不更新/);
    const svg = await t.app.inject({ url: '/admin/monitoring/wh/trend.svg', headers: s.headers });
    assert.equal(svg.statusCode, 200);
    assert.match(String(svg.headers['content-type']), /image\/svg\+xml/);
    assert.match(svg.body, /<svg/);

    const finding = await t.ctx.db.selectFrom('site_findings').select('finding_id').where('agency_id', '=', agencyId).executeTakeFirstOrThrow();
    const bad = await t.app.inject({ method: 'POST', url: `/admin/monitoring/findings/${finding.finding_id}`, headers: s.headers, payload: { _csrf: s.csrf, ownerUserId: '', dueOn: 'next week', note: '' } });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /整改期限格式/);
    const ok = await t.app.inject({ method: 'POST', url: `/admin/monitoring/findings/${finding.finding_id}`, headers: s.headers, payload: { _csrf: s.csrf, ownerUserId: s.principal.userId, dueOn: '2026-12-04', note: '请办公室处理' } });
    assert.equal(ok.statusCode, 303);
    const row = await t.ctx.db.selectFrom('site_findings').selectAll().where('finding_id', '=', finding.finding_id).executeTakeFirstOrThrow();
    assert.equal(row.owner_user_id, s.principal.userId);
    assert.equal(row.due_on, '2026-12-04');
  });

  it('refuses another agency’s dashboard and a post without the CSRF token', async () => {
    const s = await loginAs(t, { grants: [{ agencyId, role: 'editor' }] });
    assert.equal((await t.app.inject({ url: '/admin/monitoring/other', headers: s.headers })).statusCode, 403);
    assert.equal((await t.app.inject({ method: 'POST', url: '/admin/monitoring/wh/run', headers: s.headers, payload: {} })).statusCode, 403);
    assert.equal((await t.app.inject({ url: '/admin/monitoring/wh' })).statusCode, 303, 'anonymous users go to the login page');
  });
});

describe('website annual report figures (国办函〔2018〕12号)', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let agencyId = '';
  before(async () => {
    t = await createTestApp({ now: '2026-11-27T02:00:00Z' });
    agencyId = (await makeAgency(t.ctx, { code: 'wf' })).id;
  });
  after(() => t.cleanup());

  it('shows the figures the platform counts and exports them as XLSX', async () => {
    const s = await loginAs(t, { grants: [{ agencyId, role: 'editor' }] });
    const page = await t.app.inject({ url: '/admin/monitoring/wf/annual-figures?year=2026', headers: s.headers });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /收到留言数量/);
    assert.match(page.body, /由网站统计系统填报/);
    const x = await t.app.inject({ url: '/admin/monitoring/wf/annual-figures?year=2026&format=xlsx', headers: s.headers });
    assert.equal(x.statusCode, 200);
    assert.equal(x.rawPayload.subarray(0, 2).toString(), 'PK');
  });
});

describe('pre-publication gate on the reviewer page (issue: website health)', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let agencyId = '';
  before(async () => {
    t = await createTestApp({ now: '2026-11-27T02:00:00Z' });
    agencyId = (await makeAgency(t.ctx, { code: 'pg' })).id;
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    t.ctx.config.publicUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  after(() => t.cleanup());

  it('warns the reviewer about a dead link and an unmasked phone number in a draft', async () => {
    const { createItem } = await import('../../src/catalogue/item-service.ts');
    const { itemFields, staff } = await import('../support/catalogue-factories.ts');
    const item = await createItem(t.ctx, staff(agencyId, 'editor'), agencyId, itemFields({ bodyHtml: '<p>联系电话13812345678，详见<a href="/agencies/pg/nothing-here">说明</a>。</p>' }));
    const s = await loginAs(t, { grants: [{ agencyId, role: 'reviewer' }] });
    const r = await t.app.inject({ url: `/admin/catalogue/${item.id}/precheck`, headers: s.headers });
    assert.equal(r.statusCode, 200);
    assert.match(r.body, /链接无法访问（HTTP 404）/);
    assert.match(r.body, /138\*\*\*\*5678/);
    assert.doesNotMatch(r.body, /13812345678/);
  });
});
