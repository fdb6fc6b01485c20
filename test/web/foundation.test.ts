import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp } from '../support/harness.ts';
import { makeAgency } from '../support/factories.ts';

describe('foundation web surfaces', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  before(async () => {
    t = await createTestApp();
    const parent = await makeAgency(t.ctx, { code: 'gansu', name: '甘肃省人民政府', kind: 'government' });
    await makeAgency(t.ctx, { code: 'gskjt', name: '甘肃省科学技术厅', parentId: parent.id, nameEn: 'Gansu Department of Science and Technology' });
  });
  after(() => t.cleanup());

  it('answers /healthz', async () => {
    const r = await t.app.inject('/healthz');
    assert.equal(r.statusCode, 200);
    assert.deepEqual(r.json(), { status: 'ok' });
  });

  it('lists agencies in the API envelope', async () => {
    const r = await t.app.inject('/api/v1/agencies');
    assert.equal(r.statusCode, 200);
    const body = r.json();
    assert.equal(body.meta.total, 2);
    const kjt = body.data.find((a: { code: string }) => a.code === 'gskjt');
    assert.equal(kjt.parent, 'gansu');
    assert.equal(kjt.url, '/agencies/gskjt');
  });

  it('answers unknown agencies and routes with 404 in both shapes', async () => {
    const api = await t.app.inject('/api/v1/agencies/nope');
    assert.equal(api.statusCode, 404);
    assert.equal(api.json().error.code, 'not_found');
    const page = await t.app.inject('/no/such/page');
    assert.equal(page.statusCode, 404);
    assert.match(page.body, /页面不存在/);
  });

  it('rejects bad paging with 422 and field details', async () => {
    const r = await t.app.inject('/api/v1/agencies?pageSize=1000');
    assert.equal(r.statusCode, 422);
    assert.ok(r.json().error.details.fields.pageSize);
  });

  it('rejects malformed JSON with 400 and oversize bodies with 413', async () => {
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/agencies', headers: { 'content-type': 'application/json' }, payload: '{"a":' });
    assert.ok([400, 404].includes(bad.statusCode));
    const big = await t.app.inject({ method: 'POST', url: '/admin/anything', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'a=' + 'x'.repeat(2_000_000) });
    assert.equal(big.statusCode, 413);
  });

  it('serves the agency page with security headers, CSP and the disclosure column', async () => {
    const r = await t.app.inject('/agencies/gskjt');
    assert.equal(r.statusCode, 200);
    assert.match(r.body, /政府信息公开指南/);
    assert.match(r.body, /依申请公开/);
    assert.match(String(r.headers['content-security-policy']), /script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
    assert.equal(r.headers['x-frame-options'], 'SAMEORIGIN');
  });

  it('switches to Traditional Chinese and English and remembers the choice', async () => {
    const tw = await t.app.inject('/agencies/gskjt/info?lang=zh-TW');
    assert.match(tw.body, /機構資訊|機構信息/);
    assert.match(tw.body, /甘肅省科學技術廳/);
    assert.match(String(tw.headers['set-cookie']), /lang=zh-TW/);
    const again = await t.app.inject({ url: '/agencies/gskjt/info', cookies: { lang: 'zh-TW' } });
    assert.match(again.body, /甘肅省科學技術廳/);
    const en = await t.app.inject('/agencies/gskjt/info?lang=en');
    assert.match(en.body, /Gansu Department of Science and Technology/);
    assert.match(en.body, /<html lang="en"/);
  });

  it('answers NUL characters in any input with 400, before a database sees them', async () => {
    const q = await t.app.inject('/api/v1/agencies?page=1%00');
    assert.equal(q.statusCode, 400);
    assert.equal(q.json().error.code, 'bad_request');
    const p = await t.app.inject('/agencies/gs%00kjt/info');
    assert.equal(p.statusCode, 400);
  });

  it('refuses cross-site form posts', async () => {
    const r = await t.app.inject({ method: 'POST', url: '/agencies/gskjt', headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' }, payload: 'a=1' });
    assert.equal(r.statusCode, 403);
  });

  it('publishes an OpenAPI document that lists the agency endpoints', async () => {
    const r = await t.app.inject('/api/v1/openapi.json');
    assert.equal(r.statusCode, 200);
    const doc = r.json();
    assert.equal(doc.openapi, '3.1.0');
    assert.ok(doc.paths['/api/v1/agencies'].get);
    assert.ok(doc.paths['/api/v1/agencies/{code}'].get);
  });
});
